"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

type SubmitButtonProps = {
  children: ReactNode;
  pendingLabel: string;
  variant?: "primary" | "secondary" | "danger";
};

const variants = {
  primary:
    "w-full bg-zinc-900 px-4 py-2.5 text-white hover:bg-zinc-800 focus-visible:outline-zinc-900 disabled:bg-zinc-700",
  secondary:
    "border border-zinc-300 bg-white px-3 py-1.5 text-zinc-900 hover:bg-zinc-50 focus-visible:outline-zinc-900 disabled:text-zinc-500",
  danger:
    "w-full bg-red-700 px-4 py-2.5 text-white hover:bg-red-800 focus-visible:outline-red-700 disabled:bg-red-600",
} as const;

/** Disabled while its form's action runs, so a double click cannot submit twice. */
export function SubmitButton({ children, pendingLabel, variant = "primary" }: SubmitButtonProps) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className={`inline-flex items-center justify-center gap-2 rounded-lg text-sm font-semibold shadow-xs transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed ${variants[variant]}`}
    >
      {pending ? (
        <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" className="size-4 animate-spin">
          <circle
            cx="12"
            cy="12"
            r="9"
            stroke="currentColor"
            strokeOpacity="0.25"
            strokeWidth="3"
          />
          <path
            d="M21 12a9 9 0 0 0-9-9"
            stroke="currentColor"
            strokeWidth="3"
            strokeLinecap="round"
          />
        </svg>
      ) : null}
      {pending ? pendingLabel : children}
    </button>
  );
}
