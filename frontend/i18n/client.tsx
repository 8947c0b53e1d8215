"use client";

/**
 * Translations in client components. The build compiles the catalogues (next.config.ts), so formatting a message
 * needs only icu-minify's formatter (under 1 kB of gzip); next-intl's client provider and translator would add about
 * 3 kB to every page for features the browser does not use here (formatters, error hooks, message-format caches).
 * Server components keep next-intl (`getTranslations`). Same behaviour as next-intl's `useTranslations` for what
 * client components call, `t` and `t.rich` (elements keyed); a missing or broken message logs and shows its key,
 * as next-intl does.
 */
import format, { type CompiledMessage, type FormatOptions } from "icu-minify/format";
import type {
  MessageKeys,
  Messages,
  NamespaceKeys,
  NestedKeyOf,
  NestedValueOf,
  RichTranslationValues,
  TranslationValues,
} from "next-intl";
import {
  cloneElement,
  createContext,
  isValidElement,
  type ReactNode,
  useContext,
  useMemo,
} from "react";

type MessageTree = { [key: string]: CompiledMessage | MessageTree };
type IntlContext = { locale: string; messages: MessageTree; options: FormatOptions };

const Context = createContext<IntlContext | null>(null);

function memoize<Args extends unknown[], Result>(create: (...args: Args) => Result) {
  const cache = new Map<string, Result>();
  return (...args: Args): Result => {
    const key = JSON.stringify(args);
    let value = cache.get(key);
    if (value === undefined) {
      value = create(...args);
      cache.set(key, value);
    }
    return value;
  };
}

// One Intl object per locale and options for the whole page: constructing them is what costs.
const formatters: FormatOptions["formatters"] = {
  getDateTimeFormat: memoize((...args) => new Intl.DateTimeFormat(...args)),
  getNumberFormat: memoize((...args) => new Intl.NumberFormat(...args)),
  getPluralRules: memoize((...args) => new Intl.PluralRules(...args)),
};

/** The layout's: the language and the compiled messages of the namespaces client components read. */
export function IntlMessagesProvider({
  locale,
  messages,
  timeZone,
  children,
}: {
  locale: string;
  messages: MessageTree;
  timeZone: string;
  children: ReactNode;
}) {
  const value = useMemo(
    () => ({ locale, messages, options: { formatters, timeZone } }),
    [locale, messages, timeZone],
  );
  return <Context value={value}>{children}</Context>;
}

type Namespace = NamespaceKeys<Messages, NestedKeyOf<Messages>>;
type Key<NS extends Namespace> = MessageKeys<
  NestedValueOf<Messages, NS>,
  NestedKeyOf<NestedValueOf<Messages, NS>>
>;

export type ClientTranslator<NS extends Namespace> = {
  (key: Key<NS>, values?: TranslationValues): string;
  rich(key: Key<NS>, values?: RichTranslationValues): ReactNode;
};

function lookup(messages: MessageTree, path: string): CompiledMessage | undefined {
  let node: CompiledMessage | MessageTree | undefined = messages;
  for (const part of path.split(".")) {
    if (node === undefined || typeof node === "string" || Array.isArray(node)) return undefined;
    node = node[part];
  }
  return typeof node === "string" || Array.isArray(node) ? node : undefined;
}

// React needs a key on each element of a list: a tag used twice in one message yields two siblings.
function keyedTags(values: RichTranslationValues): RichTranslationValues {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => {
      if (typeof value !== "function") return [name, value];
      let index = 0;
      return [
        name,
        (chunks: ReactNode) => {
          const element = value(chunks);
          return isValidElement(element) ? cloneElement(element, { key: name + index++ }) : element;
        },
      ];
    }),
  );
}

export function useTranslations<NS extends Namespace>(namespace: NS): ClientTranslator<NS> {
  const context = useContext(Context);
  if (!context)
    throw new Error("useTranslations needs IntlMessagesProvider (app/layout.tsx) above it");
  return useMemo(() => {
    const { locale, messages, options } = context;
    const render = (key: string, values: object | undefined, strings: boolean): ReactNode => {
      const path = `${namespace}.${key}`;
      const message = lookup(messages, path);
      try {
        if (message === undefined) throw new Error(`No message for ${path} in ${locale}`);
        const result = format(message as CompiledMessage, locale, values as never, options);
        if (strings && typeof result !== "string")
          throw new Error(`${path} did not format to text`);
        return result as ReactNode;
      } catch (error) {
        console.error(error);
        return path;
      }
    };
    const t: ClientTranslator<NS> = Object.assign(
      (key: Key<NS>, values?: TranslationValues) => render(key, values, true) as string,
      {
        rich: (key: Key<NS>, values?: RichTranslationValues) =>
          render(key, values && keyedTags(values), false),
      },
    );
    return t;
  }, [context, namespace]);
}
