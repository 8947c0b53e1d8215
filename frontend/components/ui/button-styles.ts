/** Button looks shared by client and server components (a "use client" module cannot lend functions to the server). */
const variants = {
  primary:
    "w-full bg-zinc-900 px-4 py-2.5 text-white hover:bg-zinc-800 focus-visible:outline-zinc-900 disabled:bg-zinc-700",
  secondary:
    "border border-zinc-300 bg-white px-3 py-1.5 text-zinc-900 hover:bg-zinc-50 focus-visible:outline-zinc-900 disabled:text-zinc-500",
  /** Full width like primary, for the second choice next to it. */
  outline:
    "w-full border border-zinc-300 bg-white px-4 py-2.5 text-zinc-900 hover:bg-zinc-50 focus-visible:outline-zinc-900 disabled:text-zinc-500",
  danger:
    "w-full bg-red-700 px-4 py-2.5 text-white hover:bg-red-800 focus-visible:outline-red-700 disabled:bg-red-600",
} as const;

export type ButtonVariant = keyof typeof variants;

export function buttonClassName(variant: ButtonVariant): string {
  return `inline-flex items-center justify-center gap-2 rounded-lg text-sm font-semibold shadow-xs transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed ${variants[variant]}`;
}
