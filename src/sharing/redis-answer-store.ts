// Complete answers shared by every replica through Redis (REDIS_URL): a store in front of the
// process's own (bounded by bytes) that also writes the answers of the kinds it is given to Redis,
// with their TTL, and reads them from there when this process has none. N replicas refreshing the
// same dashboard then find each other's answers and incremental-refresh state; a replica that dies
// loses only its in-flight work (Redis keeps what was complete).
//
// Values go through JSON with Dates and Maps kept (the answers hold both); a value that does not
// serialise (a cycle) or is larger than `maxEntryBytes` stays in this process only. Redis failures
// never fail a request: the process's own store answers, and the error is counted.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { approximateBytes, type AnswerStore, type StoredAnswerOptions } from './answer-store.ts';

export interface RedisAnswerStoreOptions {
  /** This process's store (answers are kept there too, and read there first). */
  local: AnswerStore;
  /**
   * Kind names (the part of a key before "\u0000") whose answers are shared through Redis; "latest":
   * values replaced over time (read from Redis first, so a replica never serves its own older one).
   */
  sharedKinds: ReadonlyMap<string, 'answer' | 'latest'>;
  /** Largest serialised answer written to Redis. */
  maxEntryBytes?: number;
  keyPrefix?: string;
}

const DEFAULT_MAX_ENTRY_BYTES = 8 * 2 ** 20;

/** JSON with Dates and Maps kept: `{"$date": ms}` and `{"$map": [[k, v], ...]}`. */
export function encodeAnswer(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, item: unknown) {
    const original = this[key];
    if (original instanceof Date) return { $date: original.getTime() };
    if (original instanceof Map) return { $map: [...original.entries()] };
    return item;
  });
}

export function decodeAnswer(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const record = item as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1 && typeof record['$date'] === 'number') return new Date(record['$date']);
      if (keys.length === 1 && Array.isArray(record['$map'])) return new Map(record['$map'] as Array<[unknown, unknown]>);
    }
    return item;
  });
}

export class RedisAnswerStore implements AnswerStore {
  readonly #redis: Redis;
  readonly #local: AnswerStore;
  readonly #shared: ReadonlyMap<string, 'answer' | 'latest'>;
  readonly #maxEntryBytes: number;
  readonly #prefix: string;
  /** Redis calls that failed (the local store answered instead). */
  errors = 0;
  /** Answers found in Redis that this process did not have. */
  remoteHits = 0;

  constructor(url: string, options: RedisAnswerStoreOptions) {
    this.#redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true });
    // Errors are answered by the local store; ioredis reconnects by itself.
    this.#redis.on('error', () => {});
    this.#local = options.local;
    this.#shared = options.sharedKinds;
    this.#maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
    this.#prefix = options.keyPrefix ?? 'tinkr:answers:';
  }

  #mode(key: string): 'answer' | 'latest' | undefined {
    return this.#shared.get(key.slice(0, key.indexOf('\u0000')));
  }

  #sharedKey(key: string): string | undefined {
    if (!this.#mode(key)) return undefined;
    // Keys hold whole query strings: hashed to a fixed length.
    return `${this.#prefix}${createHash('sha256').update(key).digest('base64url')}`;
  }

  async get(key: string): Promise<unknown> {
    const latest = this.#mode(key) === 'latest';
    const local = latest ? undefined : await this.#local.get(key);
    if (local !== undefined) return local;
    const remote = this.#sharedKey(key);
    if (!remote) return this.#local.get(key);
    try {
      const [[, text], [, ttl]] = (await this.#redis.multi().get(remote).pttl(remote).exec()) as [[unknown, string | null], [unknown, number]];
      if (text === null || ttl <= 0) return latest ? this.#local.get(key) : undefined;
      const value = decodeAnswer(text);
      this.remoteHits++;
      // Kept here too for the rest of its life, so the next ask is local.
      await this.#local.set(key, value, { ttlMs: ttl, bytes: text.length * 2 });
      return value;
    } catch {
      this.errors++;
      return latest ? this.#local.get(key) : undefined;
    }
  }

  async set(key: string, value: unknown, options: StoredAnswerOptions): Promise<void> {
    await this.#local.set(key, value, options);
    const remote = this.#sharedKey(key);
    if (!remote || options.ttlMs <= 0) return;
    let text: string;
    try {
      text = encodeAnswer(value);
    } catch {
      return;
    }
    if (text.length > this.#maxEntryBytes) return;
    try {
      await this.#redis.set(remote, text, 'PX', Math.ceil(options.ttlMs));
    } catch {
      this.errors++;
    }
  }

  async delete(key: string): Promise<void> {
    await this.#local.delete(key);
    const remote = this.#sharedKey(key);
    if (!remote) return;
    try {
      await this.#redis.del(remote);
    } catch {
      this.errors++;
    }
  }

  /**
   * Runs `load` for `key` once across replicas: the first to take the key's lease runs it (and its
   * answer reaches Redis through `set`); the others wait for that answer, polling Redis, and run
   * `load` themselves only if the lease ends without one (the holder failed or died).
   */
  async once<T>(key: string, options: { leaseMs: number; ttlMs: number; keep: (value: T) => boolean; signal?: AbortSignal }, load: () => Promise<T>): Promise<T> {
    const { leaseMs, signal } = options;
    const remote = this.#sharedKey(key);
    if (!remote) return load();
    const lock = `${remote}:running`;
    let mine: boolean;
    try {
      mine = (await this.#redis.set(lock, '1', 'PX', Math.ceil(leaseMs), 'NX')) === 'OK';
    } catch {
      this.errors++;
      return load();
    }
    if (mine) {
      try {
        const value = await load();
        // In Redis before the lease ends, so no waiter finds neither.
        if (options.keep(value)) await this.set(key, value, { ttlMs: options.ttlMs, bytes: approximateBytes(value) });
        return value;
      } finally {
        void this.#redis.del(lock).catch(() => undefined);
      }
    }
    for (let wait = 50; ; wait = Math.min(250, wait * 1.5)) {
      if (signal?.aborted) throw signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
      await new Promise((resolve) => setTimeout(resolve, wait));
      const found = await this.get(key);
      if (found !== undefined) {
        this.peerAnswers++;
        return found as T;
      }
      const running = await this.#redis.exists(lock).catch(() => 0);
      if (!running) return this.get(key).then((late) => (late !== undefined ? (late as T) : load()));
    }
  }

  /** Answers another replica computed while this one waited (once()). */
  peerAnswers = 0;

  get bytes(): number {
    return this.#local.bytes;
  }

  get maxBytes(): number {
    return this.#local.maxBytes;
  }

  async close(): Promise<void> {
    await this.#local.close();
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
