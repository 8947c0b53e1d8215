"use client";

import Link from "next/link";
import { useTransition } from "react";
import { PendingButton } from "@/components/ui/pending-button";
import { useTranslations } from "@/i18n/client";

type ErrorNoticeProps = {
  title: string;
  message: string;
  /** Renders the page again from the server; shown as pending until that render has arrived. */
  onRetry: () => void;
};

/** The body of every error state: what happened, a retry that really fetches again, and a way home. */
export function ErrorNotice({ title, message, onRetry }: ErrorNoticeProps) {
  const [pending, startTransition] = useTransition();
  const t = useTranslations("errorPage");
  const tc = useTranslations("common");
  return (
    <section aria-labelledby="error-heading" className="mx-auto max-w-md py-12 text-center">
      <h1 id="error-heading" className="text-2xl font-semibold tracking-tight text-zinc-900">
        {title}
      </h1>
      <p className="mt-2 text-zinc-600">{message}</p>
      <div className="mt-8 flex flex-wrap items-center justify-center gap-3">
        <div className="w-40">
          <PendingButton
            pending={pending}
            pendingLabel={t("tryingAgain")}
            onClick={() => startTransition(onRetry)}
          >
            {t("tryAgain")}
          </PendingButton>
        </div>
        <Link
          href="/"
          className="px-3 py-2 text-sm font-semibold text-zinc-900 underline-offset-4 hover:underline"
        >
          {tc("goHome")}
        </Link>
      </div>
    </section>
  );
}
