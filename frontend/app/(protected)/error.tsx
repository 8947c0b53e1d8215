"use client";

import { useBackendUnavailable } from "@/components/layout/backend-unavailable";
import { ErrorNotice } from "@/components/layout/error-notice";

/**
 * Inside the signed-in layout, so the logo, navigation and Log out stay. Pages throw here when the backend failed
 * them after the layout's own check passed (a timeout on the sessions list, a 5xx).
 */
export default function ProtectedError({ retry }: { error: unknown; retry: () => void }) {
  const notice = useBackendUnavailable();
  return <ErrorNotice {...notice} onRetry={retry} />;
}
