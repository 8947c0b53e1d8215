"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "@/i18n/client";
import { DASHBOARD_PATH, SECURITY_PATH, SESSIONS_PATH, SETTINGS_PATH } from "@/lib/routes";

const links = [
  { href: DASHBOARD_PATH, label: "dashboard" },
  { href: SETTINGS_PATH, label: "settings" },
  { href: SESSIONS_PATH, label: "sessions" },
  { href: SECURITY_PATH, label: "security" },
] as const;

export function ProtectedNav() {
  const pathname = usePathname();
  const t = useTranslations("nav");
  return (
    <nav
      aria-label={t("main")}
      className="-mx-2 flex flex-wrap items-center gap-1 text-sm font-medium"
    >
      {links.map(({ href, label }) => {
        const current = pathname === href;
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={`rounded-md px-2 py-1.5 ${current ? "bg-zinc-100 text-zinc-900" : "text-zinc-600 hover:text-zinc-900"}`}
          >
            {t(label)}
          </Link>
        );
      })}
    </nav>
  );
}
