// The process-wide gate of Logs Insights work. AWS counts per account, not per request: about 100
// concurrent queries (shared with the account's other users) and 10 StartQuery/GetQueryResults
// calls per second. One gate per process keeps every request's queries and polls inside
// `logs.max_running_queries` and `logs.calls_per_second` together, however many are running, and
// shares both fairly between callers (`logs.fair_share`): one caller's long queue of queries does
// not hold another caller's single query behind it.
import type { InsightsCallGate, InsightsCaller, StopQueryPolicy } from '../aws/logs-insights-runner.ts';
import type { LogsConfig } from '../config/config-schema.ts';
import type { SharedCall } from '../sharing/answer-sharing.ts';
import type { GatewayRuntime } from '../runtime/gateway-runtime.ts';
import { createRedisLogsInsightsGate, type RedisLogsInsightsGate } from './redis-logs-insights-gate.ts';
import { FairShares, type FairShareOwner, type FairSharesOptions } from './fair-shares.ts';
import type { RequestContext } from '../runtime/request-context.ts';
import { Slot } from '../runtime/slot.ts';

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/**
 * A counting semaphore whose waiters are served in fair order between callers (fair-shares.ts):
 * a freed slot goes to the waiting caller that holds the fewest. Waiters leave the queue when their
 * signal aborts.
 */
export class ConcurrencyLimiter {
  readonly max: number;
  #active = 0;
  #highWater = 0;
  readonly #shares: FairShares<() => void>;

  /**
   * `fair: false`: first come, first served whoever asks (kept for comparison);
   * `maxHeldPerRequest`: slots one request may hold while the rest stay free for others.
   */
  constructor(max: number, options: FairSharesOptions = {}) {
    this.max = max;
    this.#shares = new FairShares(options);
  }

  get active(): number {
    return this.#active;
  }

  /** Highest number of slots held at once (for tests and the gateway's own metrics). */
  get highWater(): number {
    return this.#highWater;
  }

  get waiting(): number {
    return this.#shares.waiting;
  }

  /** Callers with a query waiting for a slot now. */
  get waitingCallers(): number {
    return this.#shares.waitingIdentities;
  }

  /** Slots the owner's identity holds now. */
  heldBy(owner: FairShareOwner): number {
    return this.#shares.heldBy(owner);
  }

  async acquire(signal?: AbortSignal, owner?: FairShareOwner): Promise<() => void> {
    if (signal?.aborted) throw abortError(signal);
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#shares.withdraw(ticket)) reject(abortError(signal as AbortSignal));
      };
      const ticket = this.#shares.enqueue(owner, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#dispatch();
    });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      this.#shares.release(owner);
      // Handed over at once: the next waiter gets the slot before anyone new can ask.
      this.#dispatch();
    };
  }

  /** Grants free slots to waiters, in fair order. */
  #dispatch(): void {
    while (this.#active < this.max) {
      const next = this.#shares.next();
      if (!next) return;
      this.#active++;
      this.#highWater = Math.max(this.#highWater, this.#active);
      next.value();
    }
  }
}

/** One call in the rate window: `end` undefined while in flight. */
interface WindowCall {
  end: number | undefined;
  owner: FairShareOwner;
}

/**
 * At most `calls` calls in any `windowMs` span, as AWS counts them (on arrival). A call occupies
 * the window from its permit until `windowMs` after its answer came back: the arrival of a later
 * call can then never be within `windowMs` of an earlier one's, however long requests take on the
 * way (a sliding-window log rather than a token bucket, which would let bursts through). A call
 * counts for its caller while it is in the window, and a free place goes to the waiting caller with
 * the fewest calls in the window (fair-shares.ts).
 */
export class CallRateLimiter {
  readonly calls: number;
  readonly windowMs: number;
  readonly #window: WindowCall[] = [];
  readonly #shares: FairShares<(call: WindowCall) => void>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;

  /** `fair: false`: first come, first served whoever asks (kept for comparison). */
  constructor(callsPerSecond: number, options: { marginMs?: number } & FairSharesOptions = {}) {
    // 8/s: 8 calls per 1000 ms; 2.5/s: 2 calls per 800 ms; 0.5/s: 1 call per 2000 ms.
    this.calls = Math.max(1, Math.floor(callsPerSecond));
    this.windowMs = (1000 * this.calls) / callsPerSecond + (options.marginMs ?? 10);
    this.#shares = new FairShares(options);
  }

  get waiting(): number {
    return this.#shares.waiting;
  }

  /** Calls of the owner's identity in the window now. */
  heldBy(owner: FairShareOwner): number {
    return this.#shares.heldBy(owner);
  }

  /** Resolves, in fair order, when one more call fits; call the returned function when it answered. */
  take(signal?: AbortSignal, owner?: FairShareOwner): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#shares.withdraw(ticket)) reject(abortError(signal as AbortSignal));
      };
      const ticket = this.#shares.enqueue(owner, (call) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(() => {
          if (call.end !== undefined) return;
          call.end = Date.now();
          this.#pump();
        });
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pump();
    });
  }

  /** Drops calls that left the window, grants what fits, and wakes up when the next place frees. */
  #pump(): void {
    const now = Date.now();
    for (let i = this.#window.length - 1; i >= 0; i--) {
      const call = this.#window[i] as WindowCall;
      if (call.end !== undefined && now - call.end >= this.windowMs) {
        this.#window.splice(i, 1);
        this.#shares.release(call.owner);
      }
    }
    while (this.#window.length < this.calls) {
      const next = this.#shares.next();
      if (!next) break;
      const call: WindowCall = { end: undefined, owner: next.owner };
      this.#window.push(call);
      next.value(call);
    }
    if (this.#shares.waiting === 0) return;
    // Full: the first answered call to leave the window frees a place (an answer pumps too).
    let firstEnd = Infinity;
    for (const call of this.#window) if (call.end !== undefined && call.end < firstEnd) firstEnd = call.end;
    if (firstEnd === Infinity) return;
    const at = firstEnd + this.windowMs;
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.#pump();
    }, Math.max(1, at - now));
  }
}

export interface LogsInsightsGate extends InsightsCallGate {
  queries: ConcurrencyLimiter;
  calls: CallRateLimiter;
  stopQuery: StopQueryPolicy;
}

export interface LogsInsightsGateOptions {
  maxRunningQueries: number;
  callsPerSecond: number;
  stopAbandonedQueries: boolean;
  /** Serve slots and calls fairly between callers (default); false: first come, first served. */
  fairShare?: boolean;
  /** Slots one request may hold at once (with fairShare); default: all of them. */
  maxRunningQueriesPerRequest?: number;
  /** Calls of a window one request may hold (with fairShare); default: all of them. */
  maxCallsPerRequest?: number;
}

export function createLogsInsightsGate(options: LogsInsightsGateOptions): LogsInsightsGate {
  const fair = options.fairShare ?? true;
  const queries = new ConcurrencyLimiter(options.maxRunningQueries, { fair, ...(options.maxRunningQueriesPerRequest ? { maxHeldPerRequest: options.maxRunningQueriesPerRequest } : {}) });
  const calls = new CallRateLimiter(options.callsPerSecond, { fair, ...(options.maxCallsPerRequest ? { maxHeldPerRequest: options.maxCallsPerRequest } : {}) });
  return {
    queries,
    calls,
    stopQuery: { enabled: options.stopAbandonedQueries, denied: false },
    acquireQuerySlot: (signal, caller) => queries.acquire(signal, caller),
    takeCall: (signal, caller) => calls.take(signal, caller),
  };
}

/** What one request may hold: the slots and calls per window, less `logs.fair_share_reserve` (at least 1 each). */
export function requestShares(logs: Pick<LogsConfig, 'max_running_queries' | 'calls_per_second' | 'fair_share_reserve'>): { queries: number; calls: number } {
  return {
    queries: Math.max(1, logs.max_running_queries - logs.fair_share_reserve),
    calls: Math.max(1, Math.floor(logs.calls_per_second) - logs.fair_share_reserve),
  };
}

/** The limits and fairness of a gate, in this process or through Redis, from `[logs]`. */
function gateOptions(logs: LogsConfig): LogsInsightsGateOptions {
  const shares = requestShares(logs);
  return {
    maxRunningQueries: logs.max_running_queries,
    callsPerSecond: logs.calls_per_second,
    stopAbandonedQueries: logs.stop_abandoned_queries,
    fairShare: logs.fair_share,
    maxRunningQueriesPerRequest: shares.queries,
    maxCallsPerRequest: shares.calls,
  };
}

const PROCESS_GATE = new Slot<GatewayRuntime, LogsInsightsGate>('Logs Insights gate of this process', (runtime) => createLogsInsightsGate(gateOptions(runtime.config.logs)));

const REDIS_GATE = new Slot<GatewayRuntime, RedisLogsInsightsGate>(
  'Logs Insights gate shared through Redis',
  (runtime) => {
    const logs = runtime.config.logs;
    const gate = createRedisLogsInsightsGate(runtime.config.server.redis_url as string, {
      ...gateOptions(logs),
      // A query gives up at its timeout; the lease outlives that a little, then frees the slot.
      queryLeaseMs: logs.query_timeout + 30_000,
    });
    runtime.onClose(() => gate.close());
    return gate;
  },
);

let requestCount = 0;
const REQUEST_INSIGHTS_CALLER = new Slot<RequestContext, InsightsCaller>('Logs Insights caller of a request', (context) => ({
  identity: context.caller.name,
  request: String(++requestCount),
}));

/**
 * Whom a request's Logs Insights queries count for in the gate: its caller's identity (token name,
 * `jwt:<subject>`, or "anonymous" when auth is off), then the request itself, so that concurrent
 * requests of one identity share fairly too.
 */
export function insightsCallerOf(context: RequestContext): InsightsCaller {
  return REQUEST_INSIGHTS_CALLER.of(context);
}

/**
 * How every Logs Insights query of a request runs: the gate (counting the query for the request's
 * caller), its timeout, and shutdown's StopQuery. A query that the answer-sharing layer then shares
 * with other requests keeps counting for the caller that started it: the others wait for it without
 * holding anything themselves.
 */
export function insightsRunOptions(context: RequestContext, call: SharedCall) {
  const { runtime } = context;
  const gate = activeLogsInsightsGate(runtime);
  return {
    ...(call.usage ? { usage: call.usage } : {}),
    // Shutdown abandons shared queries too (they may outlive any one request).
    signal: AbortSignal.any([call.abortSignal, runtime.abandonSignal]),
    timeoutMs: runtime.config.logs.query_timeout,
    gate,
    caller: insightsCallerOf(context),
    stopQuery: gate.stopQuery,
    onStopQuery: (stopping: Promise<void>) => runtime.trackCleanup(stopping),
  };
}

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
