import "server-only";
import { isAppLocale, PSEUDO_LOCALE } from "./config";
import { type MessageTree, pseudoMessages } from "./pseudo";

/**
 * The catalogue of one language, read on the server for the request; other languages are never loaded. The build
 * compiles messages/*.json (next.config.ts), so these are icu-minify's compiled messages, not ICU strings.
 */
export async function loadMessages(locale: string): Promise<MessageTree> {
  if (locale === PSEUDO_LOCALE)
    return pseudoMessages((await import("../messages/en.json")).default);
  const code = isAppLocale(locale) ? locale : "en";
  return (await import(`../messages/${code}.json`)).default;
}
