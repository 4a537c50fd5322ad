// Where complete AWS answers are kept between requests. The sharing layer (answer-sharing.ts) keeps
// in-flight work itself and hands only complete answers to a store, so a store may evict anything it
// holds. The in-process store below is bounded by bytes; a store shared by replicas (Redis) plugs in
// behind the same interface.
import { LRUCache } from 'lru-cache';

export interface StoredAnswerOptions {
  /** How long the answer may be served. */
  ttlMs: number;
  /** Its approximate size (approximateBytes). */
  bytes: number;
}

export interface AnswerStore {
  /** The fresh answer under `key`, or undefined. */
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, options: StoredAnswerOptions): Promise<void>;
  delete(key: string): Promise<void>;
  /** Bytes of answers this process holds (for /metrics). */
  readonly bytes: number;
  /** The most bytes this process may hold. */
  readonly maxBytes: number;
  close(): Promise<void>;
}

/** Complete answers in this process: least recently used ones go first when `maxBytes` is reached. */
export class MemoryAnswerStore implements AnswerStore {
  readonly maxBytes: number;
  readonly #cache: LRUCache<string, { value: unknown }>;

  constructor(options: { maxBytes: number }) {
    this.maxBytes = options.maxBytes;
    this.#cache = new LRUCache<string, { value: unknown }>({
      maxSize: options.maxBytes,
      // An answer larger than a quarter of the budget would push out everything else: not kept.
      maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 4)),
      ttlAutopurge: false,
    });
  }

  get(key: string): Promise<unknown> {
    return Promise.resolve(this.#cache.get(key)?.value);
  }

  set(key: string, value: unknown, options: StoredAnswerOptions): Promise<void> {
    if (options.ttlMs > 0) this.#cache.set(key, { value }, { ttl: options.ttlMs, size: Math.max(1, options.bytes) });
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.#cache.delete(key);
    return Promise.resolve();
  }

  get bytes(): number {
    this.#cache.purgeStale();
    return this.#cache.calculatedSize;
  }

  close(): Promise<void> {
    this.#cache.clear();
    return Promise.resolve();
  }
}

/**
 * An estimate of the memory `value` holds: strings at 2 bytes a character, 8 bytes per number and
 * reference, a small header per object; objects reached twice (a span in both a flat list and a
 * tree) count once.
 */
export function approximateBytes(value: unknown): number {
  const seen = new WeakSet<object>();
  const stack: unknown[] = [value];
  let bytes = 0;
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      bytes += 16 + 2 * item.length;
    } else if (typeof item !== 'object' || item === null) {
      bytes += 8;
    } else if (seen.has(item)) {
      bytes += 8;
    } else {
      seen.add(item);
      bytes += 32;
      if (item instanceof Map) {
        for (const [key, entry] of item) stack.push(key, entry);
      } else if (item instanceof Set || Array.isArray(item)) {
        for (const entry of item as Iterable<unknown>) stack.push(entry);
      } else if (ArrayBuffer.isView(item)) {
        bytes += item.byteLength;
      } else if (!(item instanceof Date)) {
        // Property names live in the object's shape, shared by objects of one kind: 8 bytes a slot.
        for (const entry of Object.values(item)) {
          bytes += 8;
          stack.push(entry);
        }
      }
    }
  }
  return bytes;
}
