// The Logs Insights gate shared by every gateway replica through Redis (REDIS_URL): N replicas
// behind a load balancer keep the account's running queries and StartQuery/GetQueryResults calls
// under the same limits as one process. Each limit is a sorted set of leases scored by expiry, kept
// by Lua scripts on Redis's own clock (replicas' clocks may disagree); a replica that dies mid-query
// only holds its leases until they expire.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { InsightsCallGate, StopQueryPolicy } from '../aws/logs-insights-runner.ts';

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

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
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

  const take = async (key: string, limit: number, leaseMs: number, signal?: AbortSignal): Promise<string> => {
    const member = randomUUID();
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const wait = Number(await redis.eval(TAKE_LEASE, 1, key, limit, leaseMs, member));
      if (wait < 0) return member;
      await sleep(Math.min(Math.max(wait, 10), MAX_POLL_MS), signal);
    }
  };

  return {
    stopQuery: { enabled: options.stopAbandonedQueries, denied: false },
    async acquireQuerySlot(signal) {
      const member = await take(queriesKey, options.maxRunningQueries, options.queryLeaseMs, signal);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        void redis.zrem(queriesKey, member).catch(() => undefined);
      };
    },
    async takeCall(signal) {
      const member = await take(callsKey, calls, IN_FLIGHT_LEASE_MS, signal);
      let answered = false;
      return () => {
        if (answered) return;
        answered = true;
        void redis.eval(RENEW_LEASE, 1, callsKey, windowMs, member).catch(() => undefined);
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
