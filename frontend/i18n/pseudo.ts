import type { CompiledMessage } from "icu-minify/format";

const ACCENTED: Record<string, string> = Object.fromEntries(
  [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((ch, index) => [
    ch,
    [..."ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ"][index] as string,
  ]),
);

/** The marks a pseudo-localised string starts and ends with; the smoke test looks for them. */
export const PSEUDO_OPEN = "⟦";
export const PSEUDO_CLOSE = "⟧";
export const PSEUDO_CHARS = new Set(Object.values(ACCENTED));

function accent(text: string): string {
  // Vowels doubled: about 40% longer, like German or Finnish text, so a layout that only fits English shows it.
  return [...text]
    .map((ch) => (/[aeiouAEIOU]/.test(ch) ? (ACCENTED[ch] ?? ch).repeat(2) : (ACCENTED[ch] ?? ch)))
    .join("");
}

// A message as the build hands it over (next.config.ts precompiles the catalogues with icu-minify): text, or a list
// of nodes. A node is text, 0 (a plural's `#`), [argument], [argument, kind, ...] with kind 1-3 for select, plural
// and selectordinal (then an object of option bodies) or 4-6 for number, date and time, or [tag, ...children].
type Node = string | 0 | Node[] | { [option: string]: Body };
type Body = string | 0 | Node[];
const OPTIONS_KINDS = new Set<unknown>([1, 2, 3]);

function node(part: Node): Node {
  if (typeof part === "string") return accent(part);
  if (!Array.isArray(part)) return part;
  const [name, kind, ...rest] = part;
  if (kind === undefined) return part; // {argument}
  if (OPTIONS_KINDS.has(kind)) {
    const options = rest[0] as { [option: string]: Body };
    return [
      name as string,
      kind,
      Object.fromEntries(Object.entries(options).map(([k, b]) => [k, body(b)])),
    ];
  }
  if (typeof kind === "number" && kind !== 0) return part; // {n, number} {d, date} {t, time}
  return [name as string, ...part.slice(1).map(node)]; // <tag>children</tag>
}

function body(value: Body): Body {
  return Array.isArray(value) ? value.map(node) : (node(value) as Body);
}

/** A compiled message (icu-minify's form) in the pseudo-locale: its literal text only is changed, and bracketed. */
export function pseudoMessage(message: CompiledMessage): CompiledMessage {
  if (typeof message === "string") return `${PSEUDO_OPEN}${accent(message)}${PSEUDO_CLOSE}`;
  return [PSEUDO_OPEN, ...(message as Node[]).map(node), PSEUDO_CLOSE] as CompiledMessage;
}

export type MessageTree = { [key: string]: CompiledMessage | MessageTree };

function isMessage(value: CompiledMessage | MessageTree): value is CompiledMessage {
  return typeof value === "string" || Array.isArray(value);
}

/** en.json as the build compiled it, made into the pseudo-locale. */
export function pseudoMessages(tree: MessageTree): MessageTree {
  return Object.fromEntries(
    Object.entries(tree).map(([key, value]) => [
      key,
      isMessage(value) ? pseudoMessage(value) : pseudoMessages(value),
    ]),
  );
}
