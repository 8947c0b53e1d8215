"use client";

import type { ReactNode } from "react";
import { type ButtonVariant, buttonClassName } from "@/components/ui/button-styles";
import { Spinner } from "@/components/ui/submit-button";

type PendingButtonProps = {
  children: ReactNode;
  pending: boolean;
  pendingLabel: string;
  onClick?: () => void;
  variant?: ButtonVariant;
  disabled?: boolean;
  /** "submit": the button of a form whose submission the caller handles itself (onSubmit). */
  type?: "button" | "submit";
};

/** SubmitButton's twin for actions that are not a form submission (a passkey prompt, a removal). */
export function PendingButton({
  children,
  pending,
  pendingLabel,
  onClick,
  variant = "primary",
  disabled = false,
  type = "button",
}: PendingButtonProps) {
  return (
    <button
      type={type}
      onClick={onClick}
      disabled={pending || disabled}
      aria-disabled={pending || disabled}
      className={buttonClassName(variant)}
    >
      {pending ? <Spinner /> : null}
      {pending ? pendingLabel : children}
    </button>
  );
}
