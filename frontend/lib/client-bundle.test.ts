/**
 * What must stay out of the JavaScript every page loads (README › Performance › first-load JavaScript): client
 * modules reach these only through `import()` when they are used, or not at all.
 */
import { describe, expect, it } from "vitest";
import { sourceModules } from "@/lib/testing/source-files";

const clientModules = sourceModules().filter(({ text }) => /^["']use client["']/.test(text));

/** Modules a client module imports statically (`import ... from`), type-only imports left out. */
function staticImports(text: string): string[] {
  return [...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+"([^"]+)";/gms)].map(
    (m) => m[1] as string,
  );
}

const ON_DEMAND = {
  // The passkey ceremony (@simplewebauthn/browser, about 4 kB of gzip): lib/passkey-prompt.ts, when a passkey is used.
  "@simplewebauthn/browser": 'import("@/lib/passkey-prompt") when a passkey is used',
  "@/lib/passkey-prompt": 'import("@/lib/passkey-prompt") when a passkey is used',
  "@/lib/webauthn-errors": "lib/passkey-prompt.ts, which maps the prompt's errors",
  // next-intl's client runtime and ICU parser; client components translate with i18n/client.tsx.
  "next-intl": "@/i18n/client",
} as const;

describe("client modules", () => {
  it("are found", () => {
    expect(clientModules.map(({ path }) => path)).toContain("components/auth/login-form.tsx");
  });

  it("leave the passkey library and next-intl's client runtime out of the first load", () => {
    const found = clientModules.flatMap(({ path, text }) =>
      staticImports(text)
        .filter((source) => source in ON_DEMAND)
        .map(
          (source) =>
            `${path} imports ${source}: use ${ON_DEMAND[source as keyof typeof ON_DEMAND]}`,
        ),
    );
    expect(found).toEqual([]);
  });
});
