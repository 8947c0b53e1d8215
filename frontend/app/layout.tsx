import { GeistSans } from "geist/font/sans";
import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { IntlMessagesProvider } from "@/i18n/client";
import { CLIENT_NAMESPACES, localeDirection } from "@/i18n/config";
import { APP_NAME } from "@/lib/site";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return {
    title: { default: APP_NAME, template: `%s · ${APP_NAME}` },
    description: t("tagline"),
  };
}

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
  const locale = await getLocale();
  const messages = await getMessages();
  // Client components get the namespaces they read, in this language only; the rest stays on the server.
  const clientMessages = Object.fromEntries(
    CLIENT_NAMESPACES.filter((ns) => ns in messages).map((ns) => [ns, messages[ns]]),
  );
  return (
    <html lang={locale} dir={localeDirection(locale)} className={GeistSans.variable}>
      <body className="min-h-dvh font-sans">
        <IntlMessagesProvider locale={locale} messages={clientMessages} timeZone="UTC">
          {children}
        </IntlMessagesProvider>
      </body>
    </html>
  );
}
