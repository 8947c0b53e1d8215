"use client";

import { ErrorNotice } from "@/components/layout/error-notice";
import { SiteHeader } from "@/components/layout/site-header";
import { useTranslations } from "@/i18n/client";

// Next's `retry` re-fetches the segment from the server and resets this boundary inside a transition.
export default function ErrorPage({ retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <div className="flex min-h-dvh flex-col">
      <SiteHeader />
      <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-10 sm:px-6">
        <ErrorNotice title={t("title")} message={t("body")} onRetry={retry} />
      </main>
    </div>
  );
}
