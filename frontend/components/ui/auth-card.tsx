import type { ReactNode } from "react";

type AuthCardProps = {
  title: string;
  description: ReactNode;
  children: ReactNode;
  /** Left out where the card's own content already offers the way on (a single link, not two). */
  footer?: ReactNode;
};

export function AuthCard({ title, description, children, footer }: AuthCardProps) {
  return (
    <>
      <div className="rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
        <p className="mt-1 mb-6 text-sm text-zinc-600">{description}</p>
        {children}
      </div>
      {footer ? <p className="mt-6 text-center text-sm text-zinc-600">{footer}</p> : null}
    </>
  );
}
