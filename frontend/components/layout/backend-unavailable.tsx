"use client";

import { useRouter } from "next/navigation";
import { ErrorNotice } from "@/components/layout/error-notice";
import { APP_NAME } from "@/lib/site";

export const BACKEND_UNAVAILABLE = {
  title: `${APP_NAME} is not answering`,
  message: "We could not load your account just now. Nothing was changed; try again in a moment.",
} as const;

/** For a layout that could not reach the backend: no error boundary to reset, so a retry renders the route again. */
export function BackendUnavailable() {
  const router = useRouter();
  return <ErrorNotice {...BACKEND_UNAVAILABLE} onRetry={() => router.refresh()} />;
}
