/**
 * What must stay out of the JavaScript every page loads (README › Performance › first-load JavaScript): client
 * modules reach these only through `import()` when they are used, or not at all.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const clientModules = ["app", "components", "lib", "i18n"]
  .flatMap((dir) => sources(join(root, dir)))
  .map((path) => ({ path: relative(root, path), text: readFileSync(path, "utf8") }))
  .filter(({ text }) => /^["']use client["']/.test(text));

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
