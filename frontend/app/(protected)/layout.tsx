import type { ReactNode } from "react";
import { LogoutButton } from "@/components/auth/logout-button";
import { ProtectedNav } from "@/components/layout/protected-nav";
import { Logo } from "@/components/ui/logo";
import { requireUser } from "@/lib/session";

export default async function ProtectedLayout({ children }: { children: ReactNode }) {
  await requireUser();

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex w-full max-w-5xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
            <Logo />
            <ProtectedNav />
          </div>
          <LogoutButton />
        </div>
      </header>
      <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-10 sm:px-6">{children}</main>
    </div>
  );
}
