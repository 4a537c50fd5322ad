// When to poll a running Logs Insights query. GetQueryResults shares the account's 10 calls/s with
// StartQuery, so a poll that only sees "Running" costs a slot another query could have used. The
// schedule learns how long queries take to complete (a moving average of what polls observed) and
// waits for most of that before the first poll (what it learns is when the poll that saw the
// query complete was sent, an upper bound of its run time). After it, each poll waits 15% of the time the query
// has run so far (100 ms to 1 s): a query is seen complete at most ~15% after it is, with few polls
// for long queries. When more queries are polling than the call rate serves once a second, each
// one waits for its share of the rate instead of queueing for calls that would see nothing new.
import { FIRST_POLL_MS, MAX_POLL_MS } from './logs-insights-runner.ts';

/** The first poll waits this share of the expected run time (earlier: the query is rarely done). */
const FIRST_POLL_SHARE = 0.95;
/** The first poll never waits longer than this, however slow earlier queries were. */
const MAX_FIRST_POLL_MS = 5_000;
/** Weight of the newest observation in the moving average. */
const SMOOTHING = 0.3;
/** Later polls wait this share of the time the query has run so far. */
const LATER_POLL_SHARE = 0.15;
/** A query's share of the rate never spaces its polls further apart than this. */
const MAX_SHARE_WAIT_MS = 4_000;

export interface PollTimer {
  /** Milliseconds to wait before poll number `poll` (0: the first), `elapsedMs` after StartQuery answered. */
  delay(poll: number, elapsedMs: number): number;
  /** The query ended; `elapsedMs`: when the poll that saw it Complete was sent, after StartQuery answered (undefined: failed or abandoned). */
  finished(elapsedMs: number | undefined): void;
}

export class PollSchedule {
  readonly #callsPerSecond: number;
  #expectedMs: number | undefined;
  #polling = 0;

  constructor(options: { callsPerSecond: number }) {
    this.#callsPerSecond = options.callsPerSecond;
  }

  /** The learned run time (ms from StartQuery to the poll that saw it complete), once known. */
  get expectedMs(): number | undefined {
    return this.#expectedMs;
  }

  /** Queries polling through this schedule now. */
  get polling(): number {
    return this.#polling;
  }

  /** A timer for one query; `finished` ends it (more calls are ignored). */
  start(): PollTimer {
    this.#polling++;
    let done = false;
    return {
      delay: (poll, elapsedMs) => {
        // Fewer polling queries than calls a second: every poll finds a call, no spacing needed.
        const share = this.#polling > this.#callsPerSecond ? Math.min(MAX_SHARE_WAIT_MS, (1000 * this.#polling) / this.#callsPerSecond) : 0;
        let delay: number;
        if (poll === 0) {
          delay = this.#expectedMs === undefined ? FIRST_POLL_MS : Math.min(MAX_FIRST_POLL_MS, Math.max(FIRST_POLL_MS, this.#expectedMs * FIRST_POLL_SHARE));
        } else delay = Math.min(MAX_POLL_MS, Math.max(FIRST_POLL_MS, elapsedMs * LATER_POLL_SHARE));
        return Math.max(delay, share);
      },
      finished: (elapsedMs) => {
        if (done) return;
        done = true;
        this.#polling--;
        if (elapsedMs === undefined) return;
        this.#expectedMs = this.#expectedMs === undefined ? elapsedMs : this.#expectedMs + SMOOTHING * (elapsedMs - this.#expectedMs);
      },
    };
  }
}
