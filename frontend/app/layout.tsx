import { GeistSans } from "geist/font/sans";
import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { APP_NAME, APP_TAGLINE } from "@/lib/site";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: APP_NAME, template: `%s · ${APP_NAME}` },
  description: APP_TAGLINE,
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  // The page background in each scheme (zinc-50 and zinc-950; see globals.css), for the browser's own chrome.
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: Next puts the CSP nonce from proxy.ts on its scripts only at render time,
  // so a page prerendered at build time would have its scripts blocked.
  await connection();
  return (
    <html lang="en" className={GeistSans.variable}>
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
