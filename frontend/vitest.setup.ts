import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { createFormatter, createTranslator } from "next-intl";
import { afterEach, vi } from "vitest";
import messages from "./messages/en.json";

// Outside a Next request there is no i18n/request.ts to ask: unit tests see the app in English, its source language.
const translator = (namespace?: string) =>
  createTranslator({ locale: "en", messages, namespace: namespace as never, timeZone: "UTC" });
const formatter = () => createFormatter({ locale: "en", timeZone: "UTC" });

// `server-only` guards bundles; unit tests run on Node, where server modules are what they test.
vi.mock("server-only", () => ({}));

vi.mock("next-intl/server", () => ({
  getTranslations: async (options?: string | { namespace?: string }) =>
    translator(typeof options === "string" ? options : options?.namespace),
  getFormatter: async () => formatter(),
  getLocale: async () => "en",
  getMessages: async () => messages,
}));

vi.mock("next-intl", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-intl")>()),
  useTranslations: (namespace?: string) => translator(namespace),
  useFormatter: () => formatter(),
  useLocale: () => "en",
}));

// Client components translate through i18n/client.tsx, which reads compiled catalogues from the layout's provider;
// i18n/client.test.tsx tests it. Here they get the same English translator as the rest.
vi.mock("@/i18n/client", () => ({
  useTranslations: (namespace: string) => translator(namespace),
}));

afterEach(() => {
  cleanup();
});
