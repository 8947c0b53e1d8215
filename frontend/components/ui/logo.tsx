import Link from "next/link";
import { APP_NAME } from "@/lib/site";

export function Logo() {
  return (
    <Link
      href="/"
      translate="no"
      className="inline-flex items-center gap-2 text-base font-semibold tracking-tight text-zinc-900"
    >
      <span
        aria-hidden="true"
        className="grid size-7 place-items-center rounded-lg bg-zinc-900 text-sm font-bold text-white"
      >
        {APP_NAME.charAt(0)}
      </span>
      {APP_NAME}
    </Link>
  );
}
