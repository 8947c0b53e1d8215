import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

/**
 * The header of the pages outside the signed-in area: the logo, and the account links the page passes with the name
 * of their navigation. Shared by server pages and the client error boundary, so it translates nothing itself.
 */
export function SiteHeader({ children, label }: { children?: ReactNode; label?: string }) {
  return (
    <header className="mx-auto flex w-full max-w-5xl items-center justify-between gap-4 px-4 py-5 sm:px-6">
      <Logo />
      {children ? (
        <nav aria-label={label} className="flex items-center gap-1 text-sm font-medium">
          {children}
        </nav>
      ) : null}
    </header>
  );
}

export function HeaderLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="px-3 py-2 text-zinc-700 hover:text-zinc-900">
      {children}
    </Link>
  );
}
