import type { Metadata } from "next";
import Link from "next/link";
import { EmailLinkForm } from "@/components/auth/email-link-form";
import { AuthCard } from "@/components/ui/auth-card";
import { FormAlert } from "@/components/ui/form-alert";
import { addressInEmailLink } from "@/lib/email-link";
import { SETTINGS_PATH } from "@/lib/routes";
import { singleParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Confirm your new email" };

type ConfirmEmailChangePageProps = { searchParams: Promise<{ key?: string | string[] }> };

export default async function ConfirmEmailChangePage({
  searchParams,
}: ConfirmEmailChangePageProps) {
  const key = singleParam((await searchParams).key);
  const address = key ? addressInEmailLink(key, "new") : null;

  return (
    <AuthCard
      title="Confirm your new email"
      description={
        address ? (
          <>
            Your account will use{" "}
            <strong className="font-medium [overflow-wrap:anywhere] text-zinc-900">
              {address}
            </strong>{" "}
            from now on, also to log in.
          </>
        ) : (
          "Your account will use this address from now on, also to log in."
        )
      }
      footer={
        key ? null : (
          <Link
            href={SETTINGS_PATH}
            className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
          >
            Go to your settings
          </Link>
        )
      }
    >
      {key ? (
        <EmailLinkForm kind="confirm-change" linkKey={key} />
      ) : (
        <FormAlert
          messages={[
            "This confirmation link is incomplete. Copy the whole link from the email, or request the change again in your settings.",
          ]}
        />
      )}
    </AuthCard>
  );
}
