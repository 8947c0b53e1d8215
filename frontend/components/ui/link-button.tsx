import type { ButtonHTMLAttributes } from "react";

/** A button that looks like a text link: for switching between alternatives inside a form's flow. */
export function LinkButton({ className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      className={`text-sm font-medium text-zinc-700 underline-offset-4 hover:text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-900 disabled:cursor-not-allowed disabled:text-zinc-400 ${className}`}
      {...props}
    />
  );
}
