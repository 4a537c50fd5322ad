// The one way AWS answers are shared, for every family (logs, metrics, traces, catalogs):
//
//   request level   one DataLoader per kind and request: a key asked for twice in a request runs once
//                   (families with real batching, metrics and BatchGetTraces, keep their own batching
//                   DataLoader and call the cross-request level per AWS call);
//   cross-request   AnswerSharing, one per process: identical in-flight calls are coalesced, a call is
//                   aborted only when every waiter has gone, complete answers are kept in an
//                   AnswerStore for a TTL, bounded by bytes. In-flight work is never evicted: when
//                   `cache.max_in_flight` calls are running, a new one fails with SharingCapacityError
//                   (OVERLOADED) instead of pushing out work others wait for.
//
// Keys are the exact AWS input (windows already aligned), never the GraphQL query.
import DataLoader from 'dataloader';
import type { AwsUsage } from '../aws/aws-usage.ts';
import { approximateBytes, MemoryAnswerStore, type AnswerStore } from './answer-store.ts';
import { RedisAnswerStore } from './redis-answer-store.ts';
import type { GatewayRuntime, ProfileRuntime } from '../runtime/gateway-runtime.ts';
import type { RequestContext } from '../runtime/request-context.ts';
import { Slot } from '../runtime/slot.ts';

const kindNames = new Set<string>();
/**
 * Kinds whose complete answers replicas share through Redis (REDIS_URL): plain data (Dates and Maps
 * allowed). "latest": the value under a key is replaced over time (state), so Redis is read first.
 */
const replicaSharedKinds = new Map<string, 'answer' | 'latest'>();

/** One kind of shared answer (a Logs Insights result, a ListMetrics listing, ...): its name and type. */
export class AnswerKind<T> {
  readonly name: string;
  readonly #keep: (value: T) => boolean;
  /** This kind's request-level loader (one per request). */
  readonly requestLoaders: Slot<RequestContext, RequestAnswers<T>>;

  /**
   * `keep`: whether a complete answer may be served to later requests (partial ones are not);
   * `replicas`: with REDIS_URL, its answers are shared with every replica ("latest": a key's value
   * is replaced over time, so the replicas' newest is read first).
   */
  constructor(name: string, options: { keep?: (value: T) => boolean; replicas?: boolean | 'latest' } = {}) {
    if (kindNames.has(name)) throw new Error(`answer kind "${name}" is declared twice`);
    kindNames.add(name);
    if (options.replicas) replicaSharedKinds.set(name, options.replicas === 'latest' ? 'latest' : 'answer');
    this.name = name;
    this.#keep = options.keep ?? (() => true);
    this.requestLoaders = new Slot(`${name} answers of a request`, (context) => requestLoader(context, this));
  }

  keeps(value: T): boolean {
    return this.#keep(value);
  }
}

/**
 * What the one making the AWS call gets (AwsCallOptions of the aws modules): the usage to charge and
 * a signal aborted when every waiter has gone.
 */
export interface SharedCall {
  usage?: AwsUsage;
  abortSignal: AbortSignal;
}

/** Who waits for an answer: its usage (a shared answer counts as a cache hit) and its own abort signal. */
export interface AnswerWaiter {
  usage?: AwsUsage | undefined;
  signal?: AbortSignal | undefined;
}

export interface SharedLoad<T> {
  /** The exact AWS input, canonical (sorted lists, aligned windows). */
  key: string;
  /** How long the complete answer is kept; 0: only in-flight calls are shared. */
  ttlMs: number;
  load: (call: SharedCall) => Promise<T>;
}

export interface SharedAnswer<T> {
  value: T;
  /** True when served from the store or another caller's in-flight call. */
  shared: boolean;
}

/** Too many different AWS calls in flight at once in this process: the caller should retry shortly. */
export class SharingCapacityError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`the gateway is running ${limit} different AWS calls for other requests already (cache.max_in_flight); try again shortly`);
    this.name = 'SharingCapacityError';
    this.limit = limit;
  }
}

interface Flight {
  promise: Promise<SharedAnswer<unknown>>;
  controller: AbortController;
  waiters: number;
}

export interface AnswerSharingOptions {
  store: AnswerStore;
  /** Distinct calls in flight at most (each holds its answer's memory until it completes). */
  maxInFlight: number;
}

export class AnswerSharing {
  readonly store: AnswerStore;
  readonly maxInFlight: number;
  readonly #flights = new Map<string, Flight>();
  /**
   * Answers handed to their waiters and about to be stored: measuring (approximateBytes) and storing
   * a large answer (JSON for Redis) happen after the waiters have it, off their response's path;
   * until then they are served from here.
   */
  readonly #storing = new Map<string, unknown>();

  constructor(options: AnswerSharingOptions) {
    this.store = options.store;
    this.maxInFlight = options.maxInFlight;
  }

  /** Calls in flight now. */
  get inFlight(): number {
    return this.#flights.size;
  }

  /** `request.load`'s answer: from the store, from a call in flight, or from a new call. */
  share<T>(kind: AnswerKind<T>, request: SharedLoad<T>, waiter: AnswerWaiter = {}): Promise<SharedAnswer<T>> {
    const { signal } = waiter;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const storeKey = `${kind.name}\u0000${request.key}`;
    let flight = this.#flights.get(storeKey);
    let joined = true;
    if (!flight) {
      if (this.#flights.size >= this.maxInFlight) return Promise.reject(new SharingCapacityError(this.maxInFlight));
      flight = this.#start(kind, storeKey, request, waiter.usage);
      joined = false;
    }
    const mine = flight;
    mine.waiters++;
    const leave = (): void => {
      if (--mine.waiters > 0) return;
      if (this.#flights.get(storeKey) === mine) this.#flights.delete(storeKey);
      mine.controller.abort(signal?.reason);
    };
    return new Promise<SharedAnswer<T>>((resolve, reject) => {
      const onAbort = (): void => {
        leave();
        reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      mine.promise.then(
        (answer) => {
          signal?.removeEventListener('abort', onAbort);
          const shared = joined || answer.shared;
          if (shared && waiter.usage) waiter.usage.cacheHits++;
          resolve({ value: answer.value as T, shared });
        },
        (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** A complete answer kept under `key`, without calling anything. */
  async cached<T>(kind: AnswerKind<T>, key: string): Promise<T | undefined> {
    const storeKey = `${kind.name}\u0000${key}`;
    return (this.#storing.get(storeKey) ?? (await this.store.get(storeKey))) as T | undefined;
  }

  /** Keeps a complete answer obtained some other way (e.g. one trace out of a batch). */
  async remember<T>(kind: AnswerKind<T>, key: string, value: T, ttlMs: number): Promise<void> {
    if (ttlMs > 0 && kind.keeps(value)) await this.#keepSoon(`${kind.name}\u0000${key}`, value, ttlMs);
  }

  /** Stores `value` once the current work (the waiters' responses) is done; resolves at once. */
  #keepSoon(storeKey: string, value: unknown, ttlMs: number): Promise<void> {
    this.#storing.set(storeKey, value);
    const stored = new Promise<void>((resolve) =>
      setImmediate(() => {
        const done = (): void => {
          if (this.#storing.get(storeKey) === value) this.#storing.delete(storeKey);
          this.#pendingStores.delete(stored);
          resolve();
        };
        // A store that fails counts its own errors (Redis); the answer was served either way.
        this.store.set(storeKey, value, { ttlMs, bytes: approximateBytes(value) }).then(done, done);
      }),
    );
    this.#pendingStores.add(stored);
    return Promise.resolve();
  }

  readonly #pendingStores = new Set<Promise<void>>();

  /**
   * Resolves when every answer handed out so far is in the store (Redis included): before the
   * store closes, and where another replica must find what this one just answered.
   */
  async settled(): Promise<void> {
    while (this.#pendingStores.size > 0) await Promise.all([...this.#pendingStores]);
  }

  #start<T>(kind: AnswerKind<T>, storeKey: string, request: SharedLoad<T>, usage: AwsUsage | undefined): Flight {
    const controller = new AbortController();
    const run = async (): Promise<SharedAnswer<unknown>> => {
      try {
        if (request.ttlMs > 0) {
          const stored = this.#storing.get(storeKey) ?? (await this.store.get(storeKey));
          if (stored !== undefined) return { value: stored, shared: true };
        }
        const value = await request.load(usage ? { usage, abortSignal: controller.signal } : { abortSignal: controller.signal });
        if (request.ttlMs > 0 && kind.keeps(value)) await this.#keepSoon(storeKey, value, request.ttlMs);
        return { value, shared: false };
      } finally {
        if (this.#flights.get(storeKey) === flight) this.#flights.delete(storeKey);
      }
    };
    const flight: Flight = { promise: Promise.resolve().then(run), controller, waiters: 0 };
    // Waiters that left do not observe the failure of the call they abandoned.
    flight.promise.catch(() => {});
    this.#flights.set(storeKey, flight);
    return flight;
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** The process's sharing layer: in memory, bounded by `cache.max_bytes`; with REDIS_URL, some kinds shared by replicas too. */
export const ANSWER_SHARING = new Slot<GatewayRuntime, AnswerSharing>('shared AWS answers', (runtime) => {
  const local = new MemoryAnswerStore({ maxBytes: runtime.config.cache.max_bytes });
  const url = runtime.config.server.redis_url;
  const sharing = new AnswerSharing({
    store: url ? new RedisAnswerStore(url, { local, sharedKinds: replicaSharedKinds }) : local,
    maxInFlight: runtime.config.cache.max_in_flight,
  });
  // Answers being stored reach the store (and Redis) before it closes.
  runtime.onClose(async () => {
    await sharing.settled();
    await sharing.store.close();
  });
  return sharing;
});

/** Keys of one profile never meet another's (two profiles may be two accounts in one region). */
export function profileScopedKey(profile: ProfileRuntime, key: string): string {
  return `${profile.name}\u0000${profile.region}\u0000${key}`;
}

/**
 * The answer for `request.key` of `profile`: once per request (the kind's request-level DataLoader),
 * shared across requests through the process's AnswerSharing, charged to this request's usage and
 * abandoned when its signal aborts.
 */
export function loadSharedAnswer<T>(context: RequestContext, profile: ProfileRuntime, kind: AnswerKind<T>, request: SharedLoad<T>): Promise<T> {
  const answers = kind.requestLoaders.of(context);
  const key = profileScopedKey(profile, request.key);
  // Asked again in this request: served without a call, so it counts as a shared answer.
  if (answers.asked.has(key)) context.usage.cacheHits++;
  else answers.asked.add(key);
  return answers.loader.load({ ...request, key });
}

interface RequestAnswers<T> {
  loader: DataLoader<SharedLoad<T>, T, string>;
  asked: Set<string>;
}

function requestLoader<T>(context: RequestContext, kind: AnswerKind<T>): RequestAnswers<T> {
  const sharing = ANSWER_SHARING.of(context.runtime);
  const loader = new DataLoader<SharedLoad<T>, T, string>(
    async ([request]) => {
      const answer = await sharing.share(kind, request as SharedLoad<T>, { usage: context.usage, signal: context.signal });
      return [answer.value];
    },
    { batch: false, cacheKeyFn: (request) => request.key },
  );
  return { loader, asked: new Set() };
}
