import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      {/* A landmark like the rest of the page: content outside every landmark is missed by landmark navigation. */}
      <header className="mb-8">
        <Logo />
      </header>
      <main className="w-full max-w-sm">{children}</main>
    </div>
  );
}
