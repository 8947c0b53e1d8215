import type { ReactNode } from "react";
import { SiteFooter } from "@/components/layout/site-footer";
import { Logo } from "@/components/ui/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    // Anchored at the top, not centred: a card that grows (an error appears) grows downwards, and what the user is
    // looking at stays where it was instead of jumping up by half the growth.
    <div className="flex min-h-dvh flex-col items-center px-4 pt-12 pb-12 sm:pt-[12vh]">
      {/* A landmark like the rest of the page: content outside every landmark is missed by landmark navigation. */}
      <header className="mb-8">
        <Logo />
      </header>
      <main className="w-full max-w-sm">{children}</main>
      <SiteFooter compact />
    </div>
  );
}
