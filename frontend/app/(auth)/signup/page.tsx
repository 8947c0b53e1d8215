import type { Metadata } from "next";
import Link from "next/link";
import { SignupForm } from "@/components/auth/signup-form";
import { SocialSignIn } from "@/components/auth/social-sign-in";
import { AuthCard } from "@/components/ui/auth-card";
import { getSocialProviders } from "@/lib/api/social";

export const metadata: Metadata = { title: "Create account" };

export default async function SignupPage() {
  const providers = await getSocialProviders();
  return (
    <AuthCard
      title="Create your account"
      description="It takes less than a minute."
      footer={
        <>
          Already have an account?{" "}
          <Link
            href="/login"
            className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
          >
            Log in
          </Link>
        </>
      }
    >
      <div className="space-y-6">
        <SignupForm />
        <SocialSignIn providers={providers} next={null} />
      </div>
    </AuthCard>
  );
}
