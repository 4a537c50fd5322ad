// The Logs Insights gate shared by every gateway replica through Redis (REDIS_URL): N replicas
// behind a load balancer keep the account's running queries and StartQuery/GetQueryResults calls
// under the same limits as one process. Each limit is a sorted set of leases scored by expiry, kept
// by Lua scripts on Redis's own clock (replicas' clocks may disagree); a replica that dies mid-query
// only holds its leases until they expire.
//
// In front of each limit, this replica's own waiters wait in a fair queue (fair-shares.ts): one loop
// per limit asks Redis for a lease for the caller it would serve next. Across replicas, each lease
// names its caller's identity (hashed) and a replica whose caller found no room registers it as
// waiting: a free place goes to a waiting identity that holds fewer leases than the asker (the
// asker yields and tries again shortly), so a light caller on one replica is not left behind a heavy
// caller's queue on another. A registration lapses a second after its replica last asked.
import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { InsightsCallGate, InsightsCaller, StopQueryPolicy } from '../aws/logs-insights-runner.ts';
import { FairShares } from './fair-shares.ts';

/**
 * KEYS[1]: the leases (member "<owner>|<uuid>"), KEYS[2]: the waiting callers (member
 * "<owner>|<replica>"), KEYS[3]: when each owner was last given a lease. Takes a lease for ARGV[3]
 * if fewer than ARGV[1] are live and no other waiting owner holds fewer than ARGV[4]'s owner, or as
 * many but was served longer ago (-1); yields to such an owner (-2); or, full, answers how long
 * until the first lease expires. An asker that did not get a lease stays registered as waiting for
 * ARGV[5] ms.
 */
const TAKE_LEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local function owner(member) return string.match(member, '^([^|]*)|') end
local function wait()
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[4])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[5]) + 60000)
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  wait()
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(0, tonumber(first[2]) - now)
end
local held = {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local o = owner(member)
  if o then held[o] = (held[o] or 0) + 1 end
end
local mine = owner(ARGV[4])
local function served(o) return tonumber(redis.call('HGET', KEYS[3], o) or '0') end
for _, waiter in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local o = owner(waiter)
  if o and o ~= mine then
    local theirs, ours = held[o] or 0, held[mine] or 0
    if theirs < ours or (theirs == ours and served(o) < served(mine)) then
      wait()
      return -2
    end
  end
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 60000)
redis.call('ZREM', KEYS[2], ARGV[4])
-- Bounded: forgotten (all turns even again) when too many owners were seen.
if redis.call('HLEN', KEYS[3]) > 1000 then redis.call('DEL', KEYS[3]) end
redis.call('HSET', KEYS[3], mine, now)
redis.call('PEXPIRE', KEYS[3], 3600000)
return -1
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
/** A replica's caller stays registered as waiting this long after its last try. */
const WAITING_MS = 1_000;
/** After yielding a free place to another replica's caller that holds fewer: try again this soon. */
const YIELD_RETRY_MS = 25;

export function createRedisLogsInsightsGate(url: string, options: RedisGateOptions): RedisLogsInsightsGate {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  const prefix = options.keyPrefix ?? 'tinkr:logs-insights';
  const queriesKey = `${prefix}:running-queries`;
  const callsKey = `${prefix}:calls`;
  const calls = Math.max(1, Math.floor(options.callsPerSecond));
  // The same window as the in-process limiter: `calls` per (1000 * calls / rate) ms, plus a margin.
  const windowMs = Math.ceil((1000 * calls) / options.callsPerSecond) + 10;

  // This replica, as its waiting callers are registered in Redis.
  const replica = randomUUID();
  const fair = options.fairShare ?? true;
  /** A caller's identity as leases and waiters name it: hashed (no separator in it, no name in Redis); one owner for all when not fair. */
  const ownerOf = (identity: string): string => (fair ? createHash('sha256').update(identity).digest('hex').slice(0, 16) : '');

  /**
   * This replica's fair queue in front of one Redis-kept limit: a single loop asks for a lease for
   * the caller it would serve next while anyone waits, and stops asking when nobody waits any more.
   */
  const fairFront = (key: string, limit: number, leaseMs: number, giveBack: (member: string) => void, maxHeldPerRequest?: number) => {
    const waitingKey = `${key}:waiting`;
    const servedKey = `${key}:served`;
    const shares = new FairShares<{ grant: (member: string) => void; fail: (error: unknown) => void }>({
      fair,
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
      /** This replica's registration as waiting, when it has one. */
      let registered: string | undefined;
      try {
        for (let head = shares.peek(); head; head = shares.peek()) {
          if (stop.signal.aborted) throw abortError(stop.signal);
          const owner = ownerOf(head.owner.identity);
          const waiter = `${owner}|${replica}`;
          if (registered !== undefined && registered !== waiter) void redis.zrem(waitingKey, registered).catch(() => undefined);
          registered = waiter;
          const member = `${owner}|${randomUUID()}`;
          const wait = Number(await redis.eval(TAKE_LEASE, 3, key, waitingKey, servedKey, limit, leaseMs, member, waiter, WAITING_MS));
          if (wait === -1) {
            registered = undefined;
            // The caller it was asked for, unless it gave up meanwhile.
            const served = shares.serve(head) ? head : shares.next();
            if (served) served.value.grant(member);
            else giveBack(member);
            continue;
          }
          await pause(wait === -2 ? YIELD_RETRY_MS : Math.min(Math.max(wait, 10), MAX_POLL_MS), stop.signal);
        }
      } catch (error) {
        // Redis failed (not a stop: nobody waits then): everyone waiting learns it, as a lone asker would.
        if (!stop.signal.aborted) for (const ticket of shares.drain()) ticket.value.fail(error);
      } finally {
        if (registered !== undefined) void redis.zrem(waitingKey, registered).catch(() => undefined);
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
