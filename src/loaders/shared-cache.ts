// Cross-request cache of AWS answers: identical in-flight calls from concurrent requests share one
// call, and answers are kept for a TTL, so N viewers of one dashboard cost what one costs.
// Callers key entries by the exact AWS input (with windows aligned), never by the GraphQL query.
import { LRUCache } from 'lru-cache';

export interface SharedCacheOptions {
  /** Entries kept at most. */
  max?: number;
}

interface FetchContext {
  load: () => Promise<unknown>;
  ttl: number;
}

export interface CachedLookup<T> {
  value: T;
  /** False when this caller made the AWS call; true when it was served from the cache or shared. */
  shared: boolean;
}

export class SharedCache {
  readonly #cache: LRUCache<string, object, FetchContext>;

  constructor(options: SharedCacheOptions = {}) {
    this.#cache = new LRUCache<string, object, FetchContext>({
      max: options.max ?? 5_000,
      ttlAutopurge: false,
      allowStaleOnFetchRejection: false,
      fetchMethod: async (_key, _stale, { context, options: fetchOptions }) => {
        const value = await context.load();
        fetchOptions.ttl = context.ttl;
        return { value };
      },
    });
  }

  /**
   * The cached answer for `key`, or the answer of `load` (run once however many callers ask at the
   * same time). Failures are not cached. `ttlMs` <= 0 only coalesces in-flight calls.
   */
  async get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<CachedLookup<T>> {
    let ran = false;
    const entry = (await this.#cache.fetch(key, {
      context: {
        load: () => {
          ran = true;
          return load();
        },
        ttl: Math.max(1, ttlMs),
      },
    })) as { value: T } | undefined;
    if (!entry) throw new Error(`shared cache lost entry ${key}`);
    return { value: entry.value, shared: !ran };
  }

  delete(key: string): void {
    this.#cache.delete(key);
  }

  clear(): void {
    this.#cache.clear();
  }
}
