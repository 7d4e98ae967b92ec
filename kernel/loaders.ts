import DataLoader from 'dataloader';

/**
 * DataLoader factories: one SQL statement per batch of keys, results in key order.
 * Every relation a field resolver follows goes through one of these, so a page of N rows costs
 * the same number of statements as a page of one.
 */
export function loaderById<T extends { id: string }>(fetch: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await fetch(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
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
