// The Logs Insights gate shared by every gateway replica through Redis (REDIS_URL): N replicas
// behind a load balancer keep the account's running queries and StartQuery/GetQueryResults calls
// under the same limits as one process. Each limit is a sorted set of leases scored by expiry, kept
// by Lua scripts on Redis's own clock (replicas' clocks may disagree); a replica that dies mid-query
// only holds its leases until they expire.
//
// In front of each limit, this replica's own waiters wait in a fair queue (fair-shares.ts): one loop
// per limit asks Redis for a lease and hands it to the waiting caller that holds the fewest here.
// Fairness is per replica: replicas take turns at Redis (one asker each), but a caller's share is
// not counted across replicas.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { InsightsCallGate, InsightsCaller, StopQueryPolicy } from '../aws/logs-insights-runner.ts';
import { FairShares } from './fair-shares.ts';

/** Takes a lease if fewer than ARGV[1] are live; else answers how long until the first expires. */
const TAKE_LEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 60000)
  return -1
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(0, tonumber(first[2]) - now)
`;

/** Moves an existing lease's expiry to now + ARGV[1] (a call that answered keeps its window). */
const RENEW_LEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
`;

/** Live leases of a key, on Redis's clock. */
const LIVE_LEASES = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])
`;

export interface RedisGateOptions {
  maxRunningQueries: number;
  callsPerSecond: number;
  stopAbandonedQueries: boolean;
  /** Serve this replica's waiters fairly between callers (default); false: first come, first served. */
  fairShare?: boolean;
  /** Slots one request may hold at once (with fairShare; counted on this replica); default: all. */
  maxRunningQueriesPerRequest?: number;
  /** Calls of a window one request may hold (with fairShare; counted on this replica); default: all. */
  maxCallsPerRequest?: number;
  /** How long a running query may hold its slot if its replica never releases it. */
  queryLeaseMs: number;
  keyPrefix?: string;
}

export interface RedisLogsInsightsGate extends InsightsCallGate {
  stopQuery: StopQueryPolicy;
  /** Live leases now (for tests and metrics). */
  runningQueries(): Promise<number>;
  close(): Promise<void>;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** A call holds its place while in flight at most this long (then it counts as answered). */
const IN_FLIGHT_LEASE_MS = 30_000;
/** Longest pause between two tries: a released lease is noticed within it. */
const MAX_POLL_MS = 200;

export function createRedisLogsInsightsGate(url: string, options: RedisGateOptions): RedisLogsInsightsGate {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  const prefix = options.keyPrefix ?? 'tinkr:logs-insights';
  const queriesKey = `${prefix}:running-queries`;
  const callsKey = `${prefix}:calls`;
  const calls = Math.max(1, Math.floor(options.callsPerSecond));
  // The same window as the in-process limiter: `calls` per (1000 * calls / rate) ms, plus a margin.
  const windowMs = Math.ceil((1000 * calls) / options.callsPerSecond) + 10;

  /** Asks Redis for a lease until one is free; `pause` waits between tries. */
  const take = async (key: string, limit: number, leaseMs: number, signal: AbortSignal, pause: (ms: number) => Promise<void>): Promise<string> => {
    const member = randomUUID();
    for (;;) {
      if (signal.aborted) throw abortError(signal);
      const wait = Number(await redis.eval(TAKE_LEASE, 1, key, limit, leaseMs, member));
      if (wait < 0) return member;
      await pause(Math.min(Math.max(wait, 10), MAX_POLL_MS));
    }
  };

  /**
   * This replica's fair queue in front of one Redis-kept limit: a single loop takes leases while
   * anyone waits and gives each to the fairest waiter; it stops asking when nobody waits any more.
   */
  const fairFront = (key: string, limit: number, leaseMs: number, giveBack: (member: string) => void, maxHeldPerRequest?: number) => {
    const shares = new FairShares<{ grant: (member: string) => void; fail: (error: unknown) => void }>({
      fair: options.fairShare ?? true,
      ...(maxHeldPerRequest ? { maxHeldPerRequest } : {}),
    });
    let asking: AbortController | undefined;
    /** Ends the loop's pause early: this replica just gave a lease back, so there is room to ask for. */
    let wake: (() => void) | undefined;
    const pause = (ms: number, signal: AbortSignal): Promise<void> =>
      new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
        wake = done;
      });
    const loop = async (stop: AbortController): Promise<void> => {
      try {
        while (shares.servable) {
          const member = await take(key, limit, leaseMs, stop.signal, (ms) => pause(ms, stop.signal));
          const next = shares.next();
          if (next) next.value.grant(member);
          else giveBack(member);
        }
      } catch (error) {
        // Redis failed (not a stop: nobody waits then): everyone waiting learns it, as a lone asker would.
        if (!stop.signal.aborted) for (const ticket of shares.drain()) ticket.value.fail(error);
      } finally {
        asking = undefined;
        // Someone may have queued while this loop was stopping.
        pump();
      }
    };
    const pump = (): void => {
      if (asking || !shares.servable) return;
      const stop = new AbortController();
      asking = stop;
      void loop(stop);
    };
    return {
      shares,
      /** One of this replica's leases was given back: a request held at its cap may be served again, and Redis has room. */
      released(caller: InsightsCaller | undefined): void {
        shares.release(caller);
        pump();
        wake?.();
      },
      /** Waits in fair order for a lease; resolves to its member. */
      wait(signal: AbortSignal | undefined, caller: InsightsCaller | undefined): Promise<string> {
        if (signal?.aborted) return Promise.reject(abortError(signal));
        return new Promise((resolve, reject) => {
          const onAbort = (): void => {
            if (!shares.withdraw(ticket)) return;
            reject(abortError(signal as AbortSignal));
            if (!shares.servable) asking?.abort();
          };
          const settle = (): void => signal?.removeEventListener('abort', onAbort);
          const ticket = shares.enqueue(caller, {
            grant: (member) => (settle(), resolve(member)),
            fail: (error) => (settle(), reject(error)),
          });
          signal?.addEventListener('abort', onAbort, { once: true });
          pump();
        });
      },
    };
  };

  const releaseQuery = (member: string): void => void redis.zrem(queriesKey, member).catch(() => undefined);
  const answerCall = (member: string): void => void redis.eval(RENEW_LEASE, 1, callsKey, windowMs, member).catch(() => undefined);
  const queryFront = fairFront(queriesKey, options.maxRunningQueries, options.queryLeaseMs, releaseQuery, options.maxRunningQueriesPerRequest);
  const callFront = fairFront(callsKey, calls, IN_FLIGHT_LEASE_MS, answerCall, options.maxCallsPerRequest);

  return {
    stopQuery: { enabled: options.stopAbandonedQueries, denied: false },
    async acquireQuerySlot(signal, caller) {
      const member = await queryFront.wait(signal, caller);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        void redis
          .zrem(queriesKey, member)
          .catch(() => undefined)
          .finally(() => queryFront.released(caller));
      };
    },
    async takeCall(signal, caller) {
      const member = await callFront.wait(signal, caller);
      let answered = false;
      return () => {
        if (answered) return;
        answered = true;
        answerCall(member);
        // The call counts for its caller here as long as it counts in the shared window.
        setTimeout(() => callFront.released(caller), windowMs).unref();
      };
    },
    async runningQueries() {
      return Number(await redis.eval(LIVE_LEASES, 1, queriesKey));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
