// A bounded in-memory cache whose entries all live the same time, kept in two generations:
// new entries go into the current one, which becomes the previous one after a lifetime (or
// when it is full), and the previous one is then let go whole. It holds what arrived in the
// last two lifetimes, not everything seen since the process started (190,000 phones'
// sessions would otherwise fill it between two clears), at O(1) a call.
export class ExpiringCache<V> {
  readonly #ttlMs: number;
  readonly #mostPerGeneration: number;
  #current = new Map<string, { until: number; value: V }>();
  #previous = new Map<string, { until: number; value: V }>();
  #startedAt = -Infinity;

  /** `most`: the most entries held (two generations of half as many). */
  constructor(ttlMs: number, most: number) {
    this.#ttlMs = ttlMs;
    this.#mostPerGeneration = Math.max(1, Math.floor(most / 2));
  }

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.#current.get(key) ?? this.#previous.get(key);
    return entry && entry.until > now ? entry.value : undefined;
  }

  set(key: string, value: V, now = Date.now()) {
    if (now - this.#startedAt >= this.#ttlMs || this.#current.size >= this.#mostPerGeneration) {
      this.#previous = this.#current;
      this.#current = new Map();
      this.#startedAt = now;
    }
    this.#previous.delete(key);
    this.#current.set(key, { until: now + this.#ttlMs, value });
  }

  delete(key: string) {
    this.#current.delete(key);
    this.#previous.delete(key);
  }

  get size() {
    return this.#current.size + this.#previous.size;
  }
}
