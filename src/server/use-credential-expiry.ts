// Live operations do not outlive their credentials: a subscription (SSE or graphql-ws) whose JWT
// expires ends with a last payload whose error has extensions.code UNAUTHENTICATED, and its source
// (a tail's poller, say) is stopped. Tokens without an expiry (bearer hashes, JWTs without `exp`
// where allowed) are not touched.
import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

export interface CredentialExpiryOptions {
  /** When the credentials of the operation with this context expire (epoch ms); undefined: never. */
  expiresAtOf: (context: object) => number | undefined;
  /** The clock; default Date.now. */
  now?: () => number;
}

/** setTimeout's longest delay (about 24.8 days); a longer one fires at once, so it is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `onExpiry` at `expiresAt` (at once when it has passed); returns the cancel. */
function atInstant(expiresAt: number, now: () => number, onExpiry: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const wait = expiresAt - now();
    if (wait <= 0) return onExpiry();
    timer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
    // A live operation keeps the process up by itself; this timer must not hold a shutdown.
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}

export function expiredPayload(expiresAt: number): ExecutionResult {
  return {
    data: null,
    errors: [
      new GraphQLError(`the bearer token expired at ${new Date(expiresAt).toISOString()}: subscribe again with a fresh token`, {
        extensions: { code: 'UNAUTHENTICATED' },
      }),
    ],
  };
}

/**
 * `source` until `expiresAt`, then one `expiredPayload` and the end. Written as an iterator object,
 * not an async generator: the consumer's return() must reach the source at once even while a next()
 * waits for an event that may never come.
 */
export function untilExpiry<T>(source: AsyncIterable<T>, expiresAt: number, now: () => number = Date.now): AsyncIterableIterator<T | ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  let expired = false;
  let onExpired: (() => void) | undefined;
  const expiry = new Promise<'expired'>((resolve) => {
    onExpired = () => resolve('expired');
  });
  const cancel = atInstant(expiresAt, now, () => {
    expired = true;
    onExpired?.();
  });
  const finish = (): void => {
    finished = true;
    cancel();
  };
  const stopSource = (): void => {
    void Promise.resolve(iterator.return?.()).catch(() => {});
  };
  return {
    async next() {
      if (finished) return { done: true, value: undefined };
      if (!expired) {
        const pending = iterator.next();
        const outcome = await Promise.race([pending, expiry]);
        if (outcome !== 'expired') {
          if (outcome.done) finish();
          return outcome;
        }
        pending.catch(() => {}); // its answer no longer has a reader
      }
      finish();
      stopSource();
      return { done: false, value: expiredPayload(expiresAt) };
    },
    async return(value?: unknown) {
      finish();
      if (iterator.return) return iterator.return(value as never);
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      finish();
      if (iterator.throw) return iterator.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

export function useCredentialExpiry(options: CredentialExpiryOptions): Plugin {
  const now = options.now ?? Date.now;
  return {
    onSubscribe({ args }) {
      const expiresAt = options.expiresAtOf(args.contextValue as object);
      if (expiresAt === undefined) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(untilExpiry(result, expiresAt, now) as typeof result);
        },
      };
    },
  };
}
