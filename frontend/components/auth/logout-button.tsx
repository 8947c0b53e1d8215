"use client";

import { logout } from "@/app/(protected)/actions";
import { SubmitButton } from "@/components/ui/submit-button";

export function LogoutButton() {
  return (
    <form action={logout}>
      <SubmitButton pendingLabel="Logging out…" variant="secondary">
        Log out
      </SubmitButton>
    </form>
  );
}
