// Shares one CloudWatch answer between concurrent requests (and for a TTL after): the cache is the
// loaders' SharedCache, passed in so that this module stays below the loaders. The shared call does
// not take any one request's abort signal (others wait on it); each caller stops waiting on its own.
import type { AwsUsage } from './aws-usage.ts';

/** What SharedCache offers (src/loaders/shared-cache.ts). */
export interface AnswerCache {
  get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<{ value: T; shared: boolean }>;
}

export interface SharedCallOptions {
  usage?: AwsUsage;
  abortSignal?: AbortSignal;
}

/** `load`'s answer under `key`: made once for concurrent callers, kept `ttlMs`; counts a cache hit when shared. */
export async function sharedAnswer<T>(
  cache: AnswerCache,
  key: string,
  ttlMs: number,
  load: (usage: AwsUsage | undefined) => Promise<T>,
  options: SharedCallOptions,
): Promise<T> {
  const lookup = cache.get(key, ttlMs, () => load(options.usage));
  const { value, shared } = await untilAborted(lookup, options.abortSignal);
  if (shared && options.usage) options.usage.cacheHits++;
  return value;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
