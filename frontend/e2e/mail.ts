import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "@playwright/test";
import { simpleParser } from "mailparser";

/**
 * Reads the mail the e2e backend "sent": Django's file backend writes one .log file per connection, each holding
 * RFC 822 messages separated by a line of 79 dashes. Bodies may be quoted-printable or base64: mailparser decodes.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const MAIL_DIR = process.env.E2E_MAIL_DIR ?? path.join(repoRoot, ".e2e", "mail");
const SEPARATOR = new RegExp(`^${"-".repeat(79)}$`, "m");

export type Email = { to: string[]; subject: string; text: string; link: string | null };

async function readAll(baseURL: string): Promise<Email[]> {
  let names: string[];
  try {
    names = (await readdir(MAIL_DIR)).filter((name) => name.endsWith(".log"));
  } catch {
    return [];
  }
  const files = await Promise.all(
    names.map(async (name) => {
      const file = path.join(MAIL_DIR, name);
      return { file, mtime: (await stat(file)).mtimeMs };
    }),
  );
  files.sort((a, b) => a.mtime - b.mtime || a.file.localeCompare(b.file));

  const emails: Email[] = [];
  for (const { file } of files) {
    const chunks = (await readFile(file, "utf8")).split(SEPARATOR);
    for (const raw of chunks) {
      if (!raw.trim()) continue;
      const parsed = await simpleParser(raw.replace(/^\n/, ""));
      const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap(
        (address) => address.value.map((entry) => (entry.address ?? "").toLowerCase()),
      );
      const text = parsed.text ?? "";
      emails.push({ to, subject: parsed.subject ?? "", text, link: firstLink(text, baseURL) });
    }
  }
  return emails;
}

function firstLink(text: string, baseURL: string): string | null {
  for (const match of text.matchAll(/https?:\/\/[^\s<>"')]+/g)) {
    if (match[0].startsWith(baseURL)) return match[0];
  }
  return null;
}

/** The newest message to `to` whose subject contains `subjectContains`, once it has been written. */
export async function waitForEmail(
  to: string,
  subjectContains: string,
  {
    baseURL = `http://localhost:${process.env.E2E_FRONTEND_PORT ?? 3100}`,
    after = 0,
  }: { baseURL?: string; after?: number } = {},
): Promise<Email & { link: string }> {
  let found: Email | undefined;
  await expect
    .poll(
      async () => {
        const matching = (await readAll(baseURL)).filter(
          (email) => email.to.includes(to.toLowerCase()) && email.subject.includes(subjectContains),
        );
        found = matching.length > after ? matching.at(-1) : undefined;
        return Boolean(found?.link);
      },
      {
        message: `an email to ${to} about "${subjectContains}" with a link`,
        timeout: 20_000,
        intervals: [100, 250, 500],
      },
    )
    .toBe(true);
  return found as Email & { link: string };
}

/** How many messages `to` has received about `subjectContains` so far, to wait for the next one. */
export async function countEmails(to: string, subjectContains: string): Promise<number> {
  const emails = await readAll("");
  return emails.filter(
    (email) => email.to.includes(to.toLowerCase()) && email.subject.includes(subjectContains),
  ).length;
}
