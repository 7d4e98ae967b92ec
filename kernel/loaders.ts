import DataLoader from 'dataloader';

/**
 * DataLoader factories: one SQL statement per batch of keys, results in key order.
 * Every relation a field resolver follows goes through one of these, so a page of N rows costs
 * the same number of statements as a page of one.
 */
export function loaderById<T extends { id: string }>(fetch: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T | null> {
  return loaderByUniqueKey(fetch, (row) => row.id);
}

/** At most one row per key (a unique column other than the id); null where there is none. */
export function loaderByUniqueKey<T>(fetch: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T | null> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

export function loaderGroupedBy<T>(fetch: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const grouped = new Map<string, T[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = grouped.get(key);
      if (list) list.push(row);
      else grouped.set(key, [row]);
    }
    return keys.map((key) => grouped.get(key) ?? []);
  });
}
