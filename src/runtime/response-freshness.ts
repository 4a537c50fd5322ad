// How long a request's answer stays what a new request would get: relative windows ("last 1h") are
// aligned (logs and traces to 10 s, metrics to their period), so the answer holds until the first
// aligned window moves on. HTTP caching turns this into Cache-Control's max-age.

/** How long an answer without relative windows (configuration, absolute windows that may still receive late events) is fresh. */
export const SETTLED_ANSWER_FRESH_MS = 60_000;

export class ResponseFreshness {
  #changesAt = Number.POSITIVE_INFINITY;

  /** The answer changes once `epochMs` passes. */
  changesAt(epochMs: number): void {
    this.#changesAt = Math.min(this.#changesAt, epochMs);
  }

  /** Whole seconds the answer stays fresh from `now`, at most SETTLED_ANSWER_FRESH_MS. */
  maxAgeSeconds(now: number): number {
    const until = Math.min(this.#changesAt, now + SETTLED_ANSWER_FRESH_MS);
    return Math.max(0, Math.floor((until - now) / 1000));
  }
}
