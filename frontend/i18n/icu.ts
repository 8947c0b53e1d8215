/**
 * A small reader of the ICU message syntax next-intl uses, enough to list a message's arguments, plurals and tags
 * for the catalogue check. Apostrophe quoting is not used here.
 */
export type IcuPart =
  | { kind: "text"; value: string }
  | { kind: "pound" }
  | { kind: "argument"; name: string; type: string | null; style: string | null }
  | { kind: "plural"; name: string; type: string; offset: string; options: [string, IcuPart[]][] }
  | { kind: "tag"; name: string; children: IcuPart[] };

export function parseIcu(message: string): IcuPart[] {
  let i = 0;

  function parseParts(inPlural: boolean, closeTag: string | null): IcuPart[] {
    const parts: IcuPart[] = [];
    let text = "";
    const flush = () => {
      if (text) parts.push({ kind: "text", value: text });
      text = "";
    };
    while (i < message.length) {
      const ch = message[i] as string;
      if (ch === "}") break;
      if (ch === "{") {
        flush();
        parts.push(parseArgument());
        continue;
      }
      if (ch === "#" && inPlural) {
        flush();
        parts.push({ kind: "pound" });
        i++;
        continue;
      }
      if (ch === "<") {
        const close = /^<\/([A-Za-z][\w-]*)>/.exec(message.slice(i));
        if (close) {
          if (close[1] !== closeTag) throw new Error(`Unexpected </${close[1]}> in "${message}"`);
          break;
        }
        const open = /^<([A-Za-z][\w-]*)>/.exec(message.slice(i));
        if (open) {
          flush();
          i += open[0].length;
          const name = open[1] as string;
          const children = parseParts(inPlural, name);
          const end = `</${name}>`;
          if (!message.startsWith(end, i)) throw new Error(`Unclosed <${name}> in "${message}"`);
          i += end.length;
          parts.push({ kind: "tag", name, children });
          continue;
        }
      }
      text += ch;
      i++;
    }
    flush();
    return parts;
  }

  function readUntil(stops: string): string {
    const start = i;
    while (i < message.length && !stops.includes(message[i] as string)) i++;
    return message.slice(start, i).trim();
  }

  function parseArgument(): IcuPart {
    i++; // {
    const name = readUntil(",}");
    if (message[i] === "}") {
      i++;
      return { kind: "argument", name, type: null, style: null };
    }
    i++; // ,
    const type = readUntil(",}");
    if (type === "plural" || type === "select" || type === "selectordinal") {
      i++; // ,
      const options: [string, IcuPart[]][] = [];
      let offset = "";
      for (;;) {
        while (/\s/.test(message[i] ?? "")) i++;
        if (message[i] === "}") {
          i++;
          break;
        }
        const key = readUntil("{");
        if (!key && i >= message.length) throw new Error(`Unclosed argument in "${message}"`);
        const offsetMatch = /^offset:(\d+)\s*(.*)$/.exec(key);
        const optionKey = offsetMatch ? (offsetMatch[2] as string) : key;
        if (offsetMatch) offset = offsetMatch[1] as string;
        i++; // {
        const body = parseParts(type !== "select", null);
        if (message[i] !== "}") throw new Error(`Unclosed option in "${message}"`);
        i++;
        options.push([optionKey, body]);
      }
      return { kind: "plural", name, type, offset, options };
    }
    let style: string | null = null;
    if (message[i] === ",") {
      i++;
      style = readUntil("}");
    }
    if (message[i] !== "}") throw new Error(`Unclosed argument in "${message}"`);
    i++;
    return { kind: "argument", name, type, style };
  }

  const parts = parseParts(false, null);
  if (i < message.length) throw new Error(`Unexpected "}" in "${message}"`);
  return parts;
}

/** The arguments (name and type) and tags a message uses, for comparing languages: `{count, plural}`, `<strong>`. */
export function icuSignature(message: string): string[] {
  const found = new Set<string>();
  const walk = (parts: IcuPart[]) => {
    for (const part of parts) {
      if (part.kind === "argument") found.add(`{${part.name}${part.type ? `, ${part.type}` : ""}}`);
      if (part.kind === "plural") {
        found.add(`{${part.name}, ${part.type}}`);
        for (const [, body] of part.options) walk(body);
      }
      if (part.kind === "tag") {
        found.add(`<${part.name}>`);
        walk(part.children);
      }
    }
  };
  walk(parseIcu(message));
  return [...found].sort();
}
