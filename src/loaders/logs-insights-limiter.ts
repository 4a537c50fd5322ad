// The process-wide gate of Logs Insights work. AWS counts per account, not per request: about 100
// concurrent queries (shared with the account's other users) and 10 StartQuery/GetQueryResults
// calls per second. One gate per process keeps every request's queries and polls inside
// `logs.max_running_queries` and `logs.calls_per_second` together, however many are running.
import type { InsightsCallGate, StopQueryPolicy } from '../aws/logs-insights-runner.ts';
import type { GatewayRuntime } from './gateway-runtime.ts';
import { createRedisLogsInsightsGate, type RedisLogsInsightsGate } from './redis-logs-insights-gate.ts';
import { Slot } from './slot.ts';

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** A counting semaphore with a FIFO queue; waiters leave the queue when their signal aborts. */
export class ConcurrencyLimiter {
  readonly max: number;
  #active = 0;
  #highWater = 0;
  readonly #queue: Array<{ grant: () => void }> = [];

  constructor(max: number) {
    this.max = max;
  }

  get active(): number {
    return this.#active;
  }

  /** Highest number of slots held at once (for tests and the gateway's own metrics). */
  get highWater(): number {
    return this.#highWater;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw abortError(signal);
    if (this.#active < this.max) return this.#take();
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(abortError(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
    });
    // The releasing holder handed its slot over: #active already counts it.
    return this.#releaser();
  }

  #take(): () => void {
    this.#active++;
    this.#highWater = Math.max(this.#highWater, this.#active);
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next) next.grant();
      else this.#active--;
    };
  }
}

/**
 * At most `calls` calls in any `windowMs` span, as AWS counts them (on arrival). A call occupies
 * the window from its permit until `windowMs` after its answer came back: the arrival of a later
 * call can then never be within `windowMs` of an earlier one's, however long requests take on the
 * way (a sliding-window log rather than a token bucket, which would let bursts through).
 */
export class CallRateLimiter {
  readonly calls: number;
  readonly windowMs: number;
  /** Calls in the window: `end` undefined while in flight. */
  readonly #calls: Array<{ end: number | undefined }> = [];
  #tail: Promise<void> = Promise.resolve();
  #onFinish: Array<() => void> = [];

  constructor(callsPerSecond: number, options: { marginMs?: number } = {}) {
    // 8/s: 8 calls per 1000 ms; 2.5/s: 2 calls per 800 ms; 0.5/s: 1 call per 2000 ms.
    this.calls = Math.max(1, Math.floor(callsPerSecond));
    this.windowMs = (1000 * this.calls) / callsPerSecond + (options.marginMs ?? 10);
  }

  /** Resolves, in arrival order, when one more call fits; call the returned function when it answered. */
  take(signal?: AbortSignal): Promise<() => void> {
    const turn = this.#tail.then(() => this.#waitForRoom(signal));
    // The queue moves on whether this caller got its permit or gave up.
    this.#tail = turn.then(
      () => {},
      () => {},
    );
    return turn;
  }

  async #waitForRoom(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const now = Date.now();
      for (let i = this.#calls.length - 1; i >= 0; i--) {
        const end = this.#calls[i]?.end;
        if (end !== undefined && now - end >= this.windowMs) this.#calls.splice(i, 1);
      }
      if (this.#calls.length < this.calls) {
        const call: { end: number | undefined } = { end: undefined };
        this.#calls.push(call);
        return () => {
          if (call.end !== undefined) return;
          call.end = Date.now();
          for (const wake of this.#onFinish.splice(0)) wake();
        };
      }
      // Wait for the first finished call to leave the window, or for an in-flight one to finish.
      const ends = this.#calls.map((call) => call.end).filter((end): end is number => end !== undefined);
      const wait = ends.length > 0 ? Math.min(...ends) + this.windowMs - now : undefined;
      await new Promise<void>((resolve, reject) => {
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const timer = wait !== undefined ? setTimeout(done, Math.max(1, wait)) : undefined;
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(abortError(signal as AbortSignal));
        };
        this.#onFinish.push(done);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
  }
}

export interface LogsInsightsGate extends InsightsCallGate {
  queries: ConcurrencyLimiter;
  calls: CallRateLimiter;
  stopQuery: StopQueryPolicy;
}

export function createLogsInsightsGate(options: { maxRunningQueries: number; callsPerSecond: number; stopAbandonedQueries: boolean }): LogsInsightsGate {
  const queries = new ConcurrencyLimiter(options.maxRunningQueries);
  const calls = new CallRateLimiter(options.callsPerSecond);
  return {
    queries,
    calls,
    stopQuery: { enabled: options.stopAbandonedQueries, denied: false },
    acquireQuerySlot: (signal) => queries.acquire(signal),
    takeCall: (signal) => calls.take(signal),
  };
}

const PROCESS_GATE = new Slot<GatewayRuntime, LogsInsightsGate>('Logs Insights gate of this process', (runtime) => {
  const logs = runtime.config.logs;
  return createLogsInsightsGate({
    maxRunningQueries: logs.max_running_queries,
    callsPerSecond: logs.calls_per_second,
    stopAbandonedQueries: logs.stop_abandoned_queries,
  });
});

const REDIS_GATE = new Slot<GatewayRuntime, RedisLogsInsightsGate>(
  'Logs Insights gate shared through Redis',
  (runtime) => {
    const logs = runtime.config.logs;
    const gate = createRedisLogsInsightsGate(runtime.config.server.redis_url as string, {
      maxRunningQueries: logs.max_running_queries,
      callsPerSecond: logs.calls_per_second,
      stopAbandonedQueries: logs.stop_abandoned_queries,
      // A query gives up at its timeout; the lease outlives that a little, then frees the slot.
      queryLeaseMs: logs.query_timeout + 30_000,
    });
    runtime.onClose(() => gate.close());
    return gate;
  },
);

/** The gate of this process (one for every profile and request). */
export function logsInsightsGate(runtime: GatewayRuntime): LogsInsightsGate {
  return PROCESS_GATE.of(runtime);
}

/**
 * The gate every Logs Insights query of this process goes through: shared by all replicas through
 * Redis when `server.redis_url` (REDIS_URL) is set, else this process's own.
 */
export function activeLogsInsightsGate(runtime: GatewayRuntime): InsightsCallGate & { stopQuery: StopQueryPolicy } {
  return runtime.config.server.redis_url ? REDIS_GATE.of(runtime) : PROCESS_GATE.of(runtime);
}
