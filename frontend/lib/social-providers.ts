import { isSocialProviderId } from "@/lib/routes";

/** The social sign-in providers Django has configured, as the pages offer them. */

export type ProviderChoice = { id: string; label: string };

const MAX_LABEL_LENGTH = 80;

/** Only entries fit for a path segment and a button: an odd entry is dropped, not shown. */
export function usableProviders(data: unknown): ProviderChoice[] {
  if (!Array.isArray(data)) return [];
  const seen = new Set<string>();
  const providers: ProviderChoice[] = [];
  for (const entry of data) {
    const { id, label } = (entry ?? {}) as { id?: unknown; label?: unknown };
    if (!isSocialProviderId(id) || seen.has(id)) continue;
    if (typeof label !== "string" || !label.trim() || label.length > MAX_LABEL_LENGTH) continue;
    seen.add(id);
    providers.push({ id, label: label.trim() });
  }
  return providers;
}

export function providerLabel(providers: readonly ProviderChoice[], id: unknown): string | null {
  return providers.find((provider) => provider.id === id)?.label ?? null;
}

export type ProvidersCacheOptions = {
  /** How long a list is reused: configuration changes need a Django restart anyway. */
  ttlMs?: number;
  /** How long an unreachable Django means "no buttons" before it is asked again, so pages do not wait on it. */
  failureTtlMs?: number;
  now?: () => number;
};

/** The list, fetched once per window and shared by concurrent callers; a failure counts as an empty list. */
export function createProvidersCache(
  fetchList: () => Promise<ProviderChoice[] | null>,
  { ttlMs = 60_000, failureTtlMs = 10_000, now = Date.now }: ProvidersCacheOptions = {},
) {
  let entry: { promise: Promise<ProviderChoice[]>; expiresAt: number } | null = null;

  return function get(): Promise<ProviderChoice[]> {
    if (entry && entry.expiresAt > now()) return entry.promise;
    const current = {
      expiresAt: Number.POSITIVE_INFINITY,
      promise: fetchList()
        .catch(() => null)
        .then((list) => {
          current.expiresAt = now() + (list === null ? failureTtlMs : ttlMs);
          return list ?? [];
        }),
    };
    entry = current;
    return current.promise;
  };
}
