/**
 * The catalogue check (part of `npm test`, so of `make test`): every language has exactly English's keys, each
 * message keeps English's placeholders and tags and covers its language's plural forms, every key is used by the
 * code, and client components read only the namespaces the browser is sent.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import compile from "icu-minify/compile";
import format, { type FormatOptions, type FormatValues } from "icu-minify/format";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { CLIENT_NAMESPACES, LOCALES } from "./config";
import { type IcuPart, icuSignature, parseIcu } from "./icu";
import { PSEUDO_CLOSE, PSEUDO_OPEN, pseudoMessage } from "./pseudo";

type Tree = { [key: string]: string | Tree };
const root = join(import.meta.dirname, "..");

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") flat.set(path, value);
    else for (const [k, v] of flatten(value, path)) flat.set(k, v);
  }
  return flat;
}

const catalogues = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    flatten(JSON.parse(readFileSync(join(root, "messages", `${locale}.json`), "utf8"))),
  ]),
) as Record<(typeof LOCALES)[number], Map<string, string>>;
const english = catalogues.en;

function pluralOptions(parts: IcuPart[], found: { type: string; keys: string[] }[] = []) {
  for (const part of parts) {
    if (part.kind === "plural") {
      found.push({ type: part.type, keys: part.options.map(([key]) => key) });
      for (const [, body] of part.options) pluralOptions(body, found);
    }
    if (part.kind === "tag") pluralOptions(part.children, found);
  }
  return found;
}

describe.each(LOCALES)("messages/%s.json", (locale) => {
  const messages = catalogues[locale];

  it("has every key English has, and no other", () => {
    const missing = [...english.keys()].filter((key) => !messages.has(key));
    const extra = [...messages.keys()].filter((key) => !english.has(key));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it("keeps English's placeholders and tags in every message", () => {
    const differ = [...english].flatMap(([key, source]) => {
      const text = messages.get(key);
      if (text === undefined) return [];
      const [want, got] = [icuSignature(source), icuSignature(text)];
      return want.join() === got.join() ? [] : [{ key, want, got }];
    });
    expect(differ).toEqual([]);
  });

  it("gives every plural the forms this language has", () => {
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const short = [...messages].flatMap(([key, text]) =>
      pluralOptions(parseIcu(text))
        .filter(({ type }) => type === "plural")
        .flatMap(({ keys }) => {
          const lacking = categories.filter((category) => !keys.includes(category));
          return lacking.length > 0 ? [{ key, lacking }] : [];
        }),
    );
    expect(short).toEqual([]);
  });
});

// ---- Keys the code uses -------------------------------------------------------------------------------------------

const SOURCE_DIRS = ["app", "components", "lib", "i18n"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".gen.ts")
      ? [path]
      : [];
  });
}

const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(root, dir))).map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, "utf8"),
}));

/**
 * The namespaces a file reads: useTranslations("ns") / getTranslations("ns"), and `i18n-keys: ns` in a comment
 * where a translator comes in from a caller. Keys stay literal strings so this can find them.
 */
function namespacesOf(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:useTranslations|getTranslations)\(\s*"([\w.]+)"\s*\)/g))
    found.add(match[1] as string);
  for (const match of text.matchAll(/i18n-keys: ([\w.]+)/g)) found.add(match[1] as string);
  return [...found];
}

function literalsOf(text: string): Set<string> {
  return new Set([...text.matchAll(/"([\w.]+)"/g)].map((match) => match[1] as string));
}

const used = new Set<string>();
for (const { text } of files) {
  const literals = literalsOf(text);
  for (const literal of literals) if (english.has(literal)) used.add(literal);
  for (const namespace of namespacesOf(text)) {
    for (const literal of literals) {
      if (english.has(`${namespace}.${literal}`)) used.add(`${namespace}.${literal}`);
    }
  }
}

describe("the code", () => {
  it("uses every key of the catalogue", () => {
    expect([...english.keys()].filter((key) => !used.has(key))).toEqual([]);
  });

  it("reads in client components only the namespaces the browser is sent", () => {
    const outside = files
      .filter(({ text }) => /^["']use client["']/.test(text))
      .flatMap(({ path, text }) =>
        namespacesOf(text)
          .filter(
            (ns) => !(CLIENT_NAMESPACES as readonly string[]).includes(ns.split(".")[0] ?? ""),
          )
          .map((ns) => `${path}: ${ns}`),
      );
    expect(outside).toEqual([]);
  });

  it("sends client namespaces that exist", () => {
    const namespaces = new Set([...english.keys()].map((key) => key.split(".")[0]));
    expect(CLIENT_NAMESPACES.filter((ns) => !namespaces.has(ns))).toEqual([]);
  });
});

// ---- The compiled catalogues ---------------------------------------------------------------------------------------

// The build precompiles messages/*.json (next.config.ts) and the app formats them with icu-minify's small runtime
// instead of intl-messageformat: every message must read the same either way, in every language.
const formatOptions: FormatOptions = {
  formatters: {
    getDateTimeFormat: (...args) => new Intl.DateTimeFormat(...args),
    getNumberFormat: (...args) => new Intl.NumberFormat(...args),
    getPluralRules: (...args) => new Intl.PluralRules(...args),
  },
  timeZone: "UTC",
};

/** Values for every argument and tag of a message; a tag wraps its text in <name>...</name>. */
function sampleValues(message: string, count: number): Record<string, FormatValues[string]> {
  const values: Record<string, FormatValues[string]> = {};
  const walk = (parts: IcuPart[]) => {
    for (const part of parts) {
      if (part.kind === "argument")
        values[part.name] = part.type === "number" ? count * 1000 + 0.5 : `«${part.name}»`;
      if (part.kind === "plural") {
        values[part.name] = part.type === "select" ? (part.options[0]?.[0] ?? "other") : count;
        for (const [, body] of part.options) walk(body);
      }
      if (part.kind === "tag") {
        const name = part.name;
        values[name] = (chunks: unknown[]) => `<${name}>${chunks.join("")}</${name}>`;
        walk(part.children);
      }
    }
  };
  walk(parseIcu(message));
  return values;
}

describe.each(LOCALES)("messages/%s.json, compiled", (locale) => {
  it("reads as the ICU runtime reads it, for each plural form", () => {
    const differ = [...catalogues[locale]].flatMap(([key, message]) =>
      [0, 1, 2, 3, 5, 11, 100].flatMap((count) => {
        const values = sampleValues(message, count);
        const runtime = createTranslator({
          locale,
          messages: { m: message },
          timeZone: "UTC",
        }).markup("m", values as never);
        const compiled = format(compile(message), locale, values, formatOptions);
        return runtime === compiled ? [] : [{ key, count, runtime, compiled }];
      }),
    );
    expect(differ).toEqual([]);
  });
});

describe("the pseudo-locale", () => {
  const render = (message: string, values: FormatValues = {}) =>
    format(pseudoMessage(compile(message)), "en", values, formatOptions);

  it("brackets, accents and lengthens text but keeps placeholders, plurals and tags", () => {
    const message =
      "Signed out {count, plural, one {# device} other {# devices}} for <strong>{name}</strong>.";
    const values = sampleValues(message, 3);
    const pseudo = render(message, values);
    expect(typeof pseudo).toBe("string");
    expect(String(pseudo).startsWith(PSEUDO_OPEN) && String(pseudo).endsWith(PSEUDO_CLOSE)).toBe(
      true,
    );
    expect(pseudo).toContain("3 ");
    expect(pseudo).toContain("<strong>«name»</strong>");
    expect(pseudo).not.toContain("Signed");
    expect(pseudo).not.toContain("devices");
    const plain = "Manage your profile, password and email address.";
    expect(String(render(plain)).length).toBeGreaterThan(plain.length * 1.3);
  });

  it("can be made from every English message, and formats with its values", () => {
    for (const message of english.values()) {
      const pseudo = String(render(message, sampleValues(message, 2)));
      expect(pseudo.startsWith(PSEUDO_OPEN) && pseudo.endsWith(PSEUDO_CLOSE)).toBe(true);
    }
  });
});
