// Automatic persisted queries (Apollo's protocol) where trusted documents are not enforced: a
// request that carries a document's text with its SHA-256 in `extensions.persistedQuery` stores the
// text under that hash (after checking that the hash is the text's), and a later request that sends
// the hash alone (a GET, cacheable) runs it. Kept per process in an LRU bounded by bytes and
// entries, and, with REDIS_URL, shared by every replica for a day; Redis is never waited on long
// (a short command timeout; not asked at all while the connection is known to be down) and its
// errors never fail a request: this process's store answers alone.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';

/** How long a shared document stays in Redis after it was last registered. */
const SHARED_TTL_SECONDS = 86_400;
/** A Redis command that has not answered by then counts as failed: the local store answers. */
const REDIS_COMMAND_TIMEOUT_MS = 250;
/** ioredis states in which Redis is known to be unreachable. */
const DOWN = new Set(['reconnecting', 'close', 'end']);

export interface AutomaticPersistedQueriesOptions {
  maxBytes: number;
  maxEntries: number;
  redisUrl?: string;
}

export class AutomaticPersistedQueries {
  readonly #local: LRUCache<string, string>;
  readonly #redis: Redis | undefined;
  /** Redis commands that failed or timed out (the local store answered). */
  redisErrors = 0;

  constructor(options: AutomaticPersistedQueriesOptions) {
    this.#local = new LRUCache<string, string>({ max: options.maxEntries, maxSize: options.maxBytes, sizeCalculation: (text) => Math.max(1, Buffer.byteLength(text)) });
    if (options.redisUrl) {
      // Queued while the first connection opens (bounded by the command timeout); skipped at once
      // while ioredis knows Redis is gone (#shared).
      this.#redis = new Redis(options.redisUrl, { commandTimeout: REDIS_COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 0, keyPrefix: 'tinkr:apq:' });
      // Counted where a command fails; ioredis reconnects by itself.
      this.#redis.on('error', () => {});
    }
  }

  /** The Redis client while it may answer; undefined (counted) while ioredis knows Redis is down. */
  get #shared(): Redis | undefined {
    if (!this.#redis) return undefined;
    if (DOWN.has(this.#redis.status)) {
      this.redisErrors++;
      return undefined;
    }
    return this.#redis;
  }

  /** The text stored under `hash` (lowercase hex), here or in Redis, or undefined. */
  async get(hash: string): Promise<string | undefined> {
    const local = this.#local.get(hash);
    const redis = local === undefined ? this.#shared : undefined;
    if (!redis) return local;
    try {
      const shared = await redis.get(hash);
      // Redis holds only texts whose hash was checked; checked again, as Redis is another process.
      if (shared === null || sha256Hex(shared) !== hash) return undefined;
      this.#local.set(hash, shared);
      return shared;
    } catch {
      this.redisErrors++;
      return undefined;
    }
  }

  /** Stores `text` under its hash (the caller has checked it). */
  async set(hash: string, text: string): Promise<void> {
    this.#local.set(hash, text);
    const redis = this.#shared;
    if (!redis) return;
    try {
      await redis.set(hash, text, 'EX', SHARED_TTL_SECONDS);
    } catch {
      this.redisErrors++;
    }
  }

  get bytes(): number {
    return this.#local.calculatedSize;
  }

  get size(): number {
    return this.#local.size;
  }

  /** Drops the connection at once: nothing is pending that matters (a lost SET is a later miss), and QUIT would wait for a Redis that is gone. */
  close(): void {
    this.#redis?.disconnect();
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Apollo's persisted-query extension's hash, lower-cased, if the request has one. */
export function apolloPersistedHash(params: GraphQLParams): string | undefined {
  const persisted = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  if (persisted?.version !== 1 || typeof persisted.sha256Hash !== 'string') return undefined;
  return persisted.sha256Hash.toLowerCase();
}

export interface AutomaticPersistedQueriesPluginOptions {
  store: AutomaticPersistedQueries;
}

/**
 * Registers hash-plus-text requests. Runs before the trusted-documents plugin, which then runs the
 * text (as any text) and looks hash-only requests up in the trusted documents, then in `store`.
 */
export function useAutomaticPersistedQueries(options: AutomaticPersistedQueriesPluginOptions): Plugin {
  return {
    async onParams({ params }) {
      const hash = apolloPersistedHash(params);
      if (!hash || typeof params.query !== 'string' || params.query === '') return;
      const actual = sha256Hex(params.query);
      if (actual !== hash) {
        throw createGraphQLError(`provided sha256Hash ${hash} is not the SHA-256 of the query text (${actual}): send the hash of the exact text`, {
          extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH', http: { status: 400 } },
        });
      }
      await options.store.set(hash, params.query);
    },
  };
}
