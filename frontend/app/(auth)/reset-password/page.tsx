import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { AuthCard } from "@/components/ui/auth-card";
import { FormAlert } from "@/components/ui/form-alert";
import { FORGOT_PASSWORD_PATH, LOGIN_PATH } from "@/lib/routes";
import { singleParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Set a new password" };

type ResetPasswordPageProps = {
  searchParams: Promise<{ uid?: string | string[]; token?: string | string[] }>;
};

export default async function ResetPasswordPage({ searchParams }: ResetPasswordPageProps) {
  const params = await searchParams;
  const uid = singleParam(params.uid);
  const token = singleParam(params.token);

  return (
    <AuthCard
      title="Set a new password"
      description="Choose a new password for your account. Every device will be signed out."
      footer={
        uid && token ? null : (
          <Link
            href={LOGIN_PATH}
            className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
          >
            Back to log in
          </Link>
        )
      }
    >
      {uid && token ? (
        <ResetPasswordForm uid={uid} token={token} />
      ) : (
        <div className="space-y-5">
          <FormAlert
            messages={["This reset link is incomplete. Copy the whole link from the email."]}
          />
          <Link
            href={FORGOT_PASSWORD_PATH}
            className="text-sm font-semibold text-zinc-900 underline underline-offset-4"
          >
            Request a new reset link
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
