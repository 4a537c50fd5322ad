// When to poll a running Logs Insights query. GetQueryResults shares the account's 10 calls/s with
// StartQuery, so a poll that only sees "Running" costs a slot another query could have used, and
// the wait after it is added to the answer's latency.
//
// The schedule learns when, counted from StartQuery's answer, a poll first finds queries complete,
// and sends the first poll then. Each query tells it a bracket: the last poll that saw it running
// (a lower bound) and the poll that saw it complete (an upper bound).
// - Seen complete by the first poll: it may have been complete earlier, so the estimate moves down a
//   little: the schedule keeps probing for the earliest useful moment instead of drifting late.
//   1% a query for the first 4 in a row, then 1% more for each (at most 5%), so an estimate left
//   high by one slow query comes down within some queries while one near the right moment moves in
//   small steps.
// - Seen running first: the estimate was early. A near miss (the bracket ends within 1.5x the
//   estimate) moves it at once 40% into the bracket: a too-early first poll costs a re-poll and its
//   round trip, a late one only its lateness, so the estimate sits a little after the boundary and
//   probes down to it in a few steps. A query much slower than usual moves it only 30% of the way,
//   so one slow query does not make the next ones wait.
// A query still running when the first poll comes is about to complete: the next polls follow soon
// (3% of the expected time, at least 25 ms, doubling). A query that runs well past the expected
// time backs off: each poll waits 15% of the time it has run so far (100 ms to 1 s), so a long query
// is seen complete at most ~15% late, with few polls. When more queries are polling than the call rate
// serves once a second, the queries of a request that polls many at once space their polls to that
// request's share of the rate, instead of queueing for calls that would see nothing new; a request
// with a few queries beside it polls as it would alone (the gate serves the callers' calls fairly
// when they meet). A poll spaced for the rate (or held back by the gate, see the runner) teaches
// nothing: when it saw the query complete says how busy the gateway was, not how long queries run.
import { FIRST_POLL_MS, MAX_POLL_MS, type InsightsCaller } from './logs-insights-runner.ts';

/** The first poll never waits longer than this, however slow earlier queries were. */
const MAX_FIRST_POLL_MS = 5_000;
/** How far the estimate moves down after each query in a row seen complete by its first poll, and at most. */
const PROBE_DOWN = 0.01;
const MAX_PROBE_DOWN = 0.05;
/** Queries in a row seen complete by the first poll before the steps grow. */
const STEADY_PROBES = 4;
/** Where in a (running, complete) bracket the estimate moves to after a first poll that was early. */
const BRACKET_SHARE = 0.4;
/** A bracket that ends beyond this multiple of the estimate is a slow query, not a near miss. */
const NEAR_MISS = 1.5;
/** How far a slow query moves the estimate towards its bracket. */
const SLOW_QUERY_WEIGHT = 0.3;
/** A query counts as due (re-polled soon) until this multiple of the expected time. */
const DUE_UNTIL = 1.25;
/** Re-poll of a due query: this share of the expected time, at least MIN_DUE_POLL_MS. */
const DUE_POLL_SHARE = 0.03;
const MIN_DUE_POLL_MS = 25;
/** Later polls of a query past due wait this share of the time it has run so far. */
const LATER_POLL_SHARE = 0.15;
/** A query's share of the rate never spaces its polls further apart than this. */
const MAX_SHARE_WAIT_MS = 4_000;

/** What the polls of one query saw, in ms after StartQuery answered (when each poll left). */
export interface PollBracket {
  /** The last poll that saw the query running; undefined: the first poll saw it complete. */
  runningAt: number | undefined;
  completeAt: number;
}

export interface PollTimer {
  /** Milliseconds to wait before poll number `poll` (0: the first), `elapsedMs` after StartQuery answered. */
  delay(poll: number, elapsedMs: number): number;
  /** The query ended: what its polls saw when it completed (undefined: failed or abandoned). */
  finished(seen: PollBracket | undefined): void;
}

export class PollSchedule {
  readonly #callsPerSecond: number;
  #expectedMs: number | undefined;
  #polling = 0;
  /** Polling queries per request (identity and request). */
  readonly #pollingOf = new Map<string, number>();
  /** Queries in a row found complete by their first poll. */
  #onTime = 0;

  constructor(options: { callsPerSecond: number }) {
    this.#callsPerSecond = options.callsPerSecond;
  }

  /** When, after StartQuery answered, a poll is expected to find a query complete (once learned). */
  get expectedMs(): number | undefined {
    return this.#expectedMs;
  }

  /** Queries polling through this schedule now. */
  get polling(): number {
    return this.#polling;
  }

  /** A timer for one query of `caller` (none: all such queries count as one request); `finished` ends it (more calls are ignored). */
  start(caller?: InsightsCaller): PollTimer {
    const key = caller ? `${caller.identity}\u0000${caller.request}` : '';
    this.#polling++;
    this.#pollingOf.set(key, (this.#pollingOf.get(key) ?? 0) + 1);
    let done = false;
    /** The last poll waited for the rate share, not for the query. */
    let spaced = false;
    return {
      delay: (poll, elapsedMs) => {
        // Fewer polling queries than calls a second: every poll finds a call, no spacing needed.
        // More: this request's queries share the rate among themselves.
        const own = this.#pollingOf.get(key) ?? 1;
        const share = this.#polling > this.#callsPerSecond ? Math.min(MAX_SHARE_WAIT_MS, (1000 * own) / this.#callsPerSecond) : 0;
        const expected = this.#expectedMs;
        let delay: number;
        if (expected === undefined) delay = poll === 0 ? FIRST_POLL_MS : Math.min(MAX_POLL_MS, Math.max(FIRST_POLL_MS, elapsedMs * LATER_POLL_SHARE));
        else if (poll === 0) delay = Math.max(0, Math.min(MAX_FIRST_POLL_MS, expected) - elapsedMs);
        else {
          const later = Math.min(MAX_POLL_MS, Math.max(FIRST_POLL_MS, elapsedMs * LATER_POLL_SHARE));
          delay = elapsedMs < expected * DUE_UNTIL ? Math.min(later, Math.max(MIN_DUE_POLL_MS, expected * DUE_POLL_SHARE) * 2 ** (poll - 1)) : later;
        }
        spaced = share > delay;
        return Math.max(delay, share);
      },
      finished: (seen) => {
        if (done) return;
        done = true;
        this.#polling--;
        const left = (this.#pollingOf.get(key) ?? 1) - 1;
        if (left > 0) this.#pollingOf.set(key, left);
        else this.#pollingOf.delete(key);
        if (seen === undefined || spaced) return;
        const expected = this.#expectedMs;
        if (expected === undefined) {
          this.#expectedMs = seen.runningAt === undefined ? seen.completeAt : seen.runningAt + BRACKET_SHARE * (seen.completeAt - seen.runningAt);
        } else if (seen.runningAt === undefined) {
          // Complete when first asked: at most then, maybe earlier.
          this.#onTime++;
          this.#expectedMs = Math.min(expected, seen.completeAt) * (1 - Math.min(MAX_PROBE_DOWN, PROBE_DOWN * Math.max(1, this.#onTime - STEADY_PROBES + 1)));
        } else {
          this.#onTime = 0;
          const inBracket = seen.runningAt + BRACKET_SHARE * (seen.completeAt - seen.runningAt);
          // A query that completed before the expected time says nothing new about later ones.
          if (inBracket <= expected) return;
          this.#expectedMs = seen.completeAt <= expected * NEAR_MISS ? inBracket : expected + SLOW_QUERY_WEIGHT * (inBracket - expected);
        }
      },
    };
  }
}
