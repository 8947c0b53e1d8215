import type { ReactNode } from "react";

type SettingsSectionProps = {
  id: string;
  title: string;
  description: string;
  children: ReactNode;
  tone?: "default" | "danger";
};

export function SettingsSection({
  id,
  title,
  description,
  children,
  tone = "default",
}: SettingsSectionProps) {
  const headingId = `${id}-heading`;
  return (
    <section
      aria-labelledby={headingId}
      className={`rounded-2xl border bg-white shadow-sm ${tone === "danger" ? "border-red-200" : "border-zinc-200"}`}
    >
      <div className="border-b border-zinc-200 px-5 py-4">
        <h2
          id={headingId}
          className={`text-sm font-semibold ${tone === "danger" ? "text-red-800" : "text-zinc-900"}`}
        >
          {title}
        </h2>
        <p className="mt-1 text-sm text-zinc-600">{description}</p>
      </div>
      <div className="px-5 py-5">{children}</div>
    </section>
  );
}
