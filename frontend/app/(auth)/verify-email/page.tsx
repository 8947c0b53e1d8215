import type { Metadata } from "next";
import Link from "next/link";
import { EmailLinkForm } from "@/components/auth/email-link-form";
import { AuthCard } from "@/components/ui/auth-card";
import { FormAlert } from "@/components/ui/form-alert";
import { singleParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Verify your email" };

type VerifyEmailPageProps = { searchParams: Promise<{ key?: string | string[] }> };

export default async function VerifyEmailPage({ searchParams }: VerifyEmailPageProps) {
  const key = singleParam((await searchParams).key);

  return (
    <AuthCard
      title="Verify your email"
      description="Confirm that this address is yours, so we can reach you about your account."
      footer={
        <Link
          href="/dashboard"
          className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
        >
          Go to your dashboard
        </Link>
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
