import type { ReactNode } from "react";
import { LogoutButton } from "@/components/auth/logout-button";
import { BackendUnavailable } from "@/components/layout/backend-unavailable";
import { ProtectedNav } from "@/components/layout/protected-nav";
import { SiteFooter } from "@/components/layout/site-footer";
import { Logo } from "@/components/ui/logo";
import { checkUser, requireUser } from "@/lib/session";

export default async function ProtectedLayout({ children }: { children: ReactNode }) {
  const check = await checkUser();
  if (check.kind === "signed-out") await requireUser();

  // The navigation and Log out are shown even when the backend did not answer: the way out must not depend on it.
  // The page itself is not rendered then (fail closed), since nothing confirmed who is signed in.
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex w-full max-w-5xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <div className="flex min-w-0 flex-wrap items-center gap-x-6 gap-y-2">
            <Logo />
            <ProtectedNav />
          </div>
          <LogoutButton />
        </div>
      </header>
      <main className="mx-auto w-full max-w-5xl min-w-0 flex-1 px-4 py-10 sm:px-6">
        {check.kind === "unavailable" ? <BackendUnavailable /> : children}
      </main>
      <SiteFooter />
    </div>
  );
}
