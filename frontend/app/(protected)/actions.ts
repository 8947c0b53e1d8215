"use server";

import { redirect } from "next/navigation";
import { apiLogout } from "@/lib/api/client";
import { LOGIN_PATH } from "@/lib/routes";
import { clearSession, getClientContext, getRefreshToken } from "@/lib/session";

export async function logout(): Promise<void> {
  const refresh = await getRefreshToken();
  try {
    if (refresh) await apiLogout(refresh, await getClientContext());
  } finally {
    // The browser must end up signed out even when the backend could not revoke the token.
    await clearSession();
  }
  redirect(LOGIN_PATH);
}
