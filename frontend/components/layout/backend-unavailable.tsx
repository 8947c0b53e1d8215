"use client";

import { useRouter } from "next/navigation";
import { ErrorNotice } from "@/components/layout/error-notice";
import { useTranslations } from "@/i18n/client";
import { APP_NAME } from "@/lib/site";

/** The notice for a signed-in page the backend could not serve. */
export function useBackendUnavailable() {
  const t = useTranslations("errorPage");
  return { title: t("unavailableTitle", { app: APP_NAME }), message: t("unavailableBody") };
}

/** For a layout that could not reach the backend: no error boundary to reset, so a retry renders the route again. */
export function BackendUnavailable() {
  const router = useRouter();
  const notice = useBackendUnavailable();
  return <ErrorNotice {...notice} onRetry={() => router.refresh()} />;
}
