// Election night reads the same few rows for every entry: keep them a few seconds. One
// cache per process; a failed load is not kept.
const cache = new Map<string, { until: number; value: Promise<unknown> }>();

export function cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.value as Promise<T>;
  if (cache.size > 100_000) cache.clear();
  const value = load();
  cache.set(key, { until: Date.now() + ttlMs, value });
  value.catch(() => cache.delete(key));
  return value;
}

/** Forgets one key (a value that must not be served stale, e.g. "no election yet"). */
export function forget(key: string) {
  cache.delete(key);
}

/** Forgets every key that starts with `prefix` (values a write in this process made stale). */
export function forgetStartingWith(prefix: string) {
  for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
}
