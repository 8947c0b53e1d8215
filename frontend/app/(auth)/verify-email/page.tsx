import type { Metadata } from "next";
import Link from "next/link";
import { EmailLinkForm } from "@/components/auth/email-link-form";
import { AuthCard } from "@/components/ui/auth-card";
import { FormAlert } from "@/components/ui/form-alert";
import { addressInEmailLink } from "@/lib/email-link";
import { DASHBOARD_PATH } from "@/lib/routes";
import { singleParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Verify your email" };

type VerifyEmailPageProps = { searchParams: Promise<{ key?: string | string[] }> };

export default async function VerifyEmailPage({ searchParams }: VerifyEmailPageProps) {
  const key = singleParam((await searchParams).key);
  const address = key ? addressInEmailLink(key, "email") : null;

  // With a key, the form offers the one way on after it ran (dashboard or log in); a footer link would repeat it.
  return (
    <AuthCard
      title="Verify your email"
      description={
        address ? (
          <>
            Confirm that{" "}
            <strong className="font-medium [overflow-wrap:anywhere] text-zinc-900">
              {address}
            </strong>{" "}
            is yours, so we can reach you about your account.
          </>
        ) : (
          "Confirm that this address is yours, so we can reach you about your account."
        )
      }
      footer={
        key ? null : (
          <Link
            href={DASHBOARD_PATH}
            className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
          >
            Go to your dashboard
          </Link>
        )
      }
    >
      {key ? (
        <EmailLinkForm kind="verify" linkKey={key} />
      ) : (
        <FormAlert
          messages={[
            "This verification link is incomplete. Copy the whole link from the email, or ask for a new one from your dashboard.",
          ]}
        />
      )}
    </AuthCard>
  );
}
