import { type IcuPart, parseIcu, printIcu } from "./icu";

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

function transform(parts: IcuPart[]): IcuPart[] {
  return parts.map((part) => {
    switch (part.kind) {
      case "text":
        return { ...part, value: accent(part.value) };
      case "plural":
        return { ...part, options: part.options.map(([key, body]) => [key, transform(body)]) };
      case "tag":
        return { ...part, children: transform(part.children) };
      default:
        return part;
    }
  });
}

export function pseudoMessage(message: string): string {
  return `${PSEUDO_OPEN}${printIcu(transform(parseIcu(message)))}${PSEUDO_CLOSE}`;
}

export type MessageTree = { [key: string]: string | MessageTree };

export function pseudoMessages(tree: MessageTree): MessageTree {
  return Object.fromEntries(
    Object.entries(tree).map(([key, value]) => [
      key,
      typeof value === "string" ? pseudoMessage(value) : pseudoMessages(value),
    ]),
  );
}
