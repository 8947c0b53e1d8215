import type { Metadata } from "next";
import Link from "next/link";
import { LoginForm } from "@/components/auth/login-form";
import { AuthCard } from "@/components/ui/auth-card";
import { sanitizeNextPath } from "@/lib/next-path";

export const metadata: Metadata = { title: "Log in" };

type LoginPageProps = {
  searchParams: Promise<{ next?: string | string[]; verify?: string | string[] }>;
};

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { next, verify } = await searchParams;
  const requested = typeof next === "string" ? sanitizeNextPath(next, "") : "";

  return (
    <AuthCard
      title="Log in"
      description="Welcome back. Enter your details to continue."
      footer={
        <>
          New here?{" "}
          <Link
            href="/signup"
            className="font-semibold text-zinc-900 underline-offset-4 hover:underline"
          >
            Create an account
          </Link>
        </>
      }
    >
      {verify === "sent" ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        >
          Account created. We sent you a link to confirm your email address: follow it, then log in.
        </p>
      ) : null}
      <LoginForm next={requested || null} />
      <p className="mt-4 text-center text-sm">
        <Link
          href="/forgot-password"
          className="font-medium text-zinc-700 underline-offset-4 hover:text-zinc-900 hover:underline"
        >
          Forgot password?
        </Link>
      </p>
    </AuthCard>
  );
}
