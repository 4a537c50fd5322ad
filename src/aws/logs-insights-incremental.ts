// Incremental refresh of a relative window ("last 1h" asked again 30 s later): the earlier answer is
// reused and Logs Insights is asked only for [previous end - settle margin, now]. CloudWatch Logs
// accepts events hours late; the settle margin is rescanned every time so that lines which arrive
// within it are still seen, and lines that arrive later than it are missed until the window is
// asked cold (documented in docs/cost.md). All times are whole seconds, as StartQuery takes them.
//
// Events: the newest `limit` lines of the new window are the delta's lines, then the earlier
// answer's lines older than the delta and inside the new window. When the earlier answer was cut
// (truncated) and the lines it did not return could fall inside the new window and be needed, the
// merge cannot be exact: the plan says so and the caller runs the whole window instead.
// Volume: bins before the delta come from the earlier answer, except a first bin cut by the
// window's start, which is asked again (a "head" query) because its count depends on the start.
import type { LogEvent, LogQueryStatistics } from './log-event.ts';

/** A window as the runner takes it: epoch ms, both ends inside whole seconds. */
export interface QueryWindow {
  startMs: number;
  endMs: number;
}

const second = (ms: number): number => Math.floor(ms / 1000);

/** The part of `next` to ask for, after an answer for `previous`; undefined: ask for all of `next`. */
export function refreshWindow(previous: QueryWindow, next: QueryWindow, settleMs: number, alignMs = 1000): QueryWindow | undefined {
  // Only a window that slid forward (or stayed) shares anything with the earlier one.
  if (second(next.startMs) < second(previous.startMs) || second(next.endMs) < second(previous.endMs)) return undefined;
  const deltaStart = Math.floor((second(previous.endMs) * 1000 - settleMs) / alignMs) * alignMs;
  if (deltaStart <= second(next.startMs) * 1000) return undefined;
  return { startMs: deltaStart, endMs: next.endMs };
}

/**
 * What is kept of an events answer for the next refresh. Callers keep (and ask deltas for) one line
 * more than the user's limit: with limit + 1 lines a merge still knows whether the answer is cut.
 */
export interface EventsSnapshot {
  window: QueryWindow;
  /** Lines asked and kept. */
  limit: number;
  /** Newest first, at most `limit`. */
  events: LogEvent[];
  truncated: boolean;
  /** Lines that matched in the window when known exactly. */
  recordsMatched: number | undefined;
}

export interface EventsDelta {
  /** Newest first, at most `limit`. */
  events: LogEvent[];
  truncated: boolean;
  /** Exact count of the delta window's lines when known. */
  recordsMatched: number | undefined;
  statistics: LogQueryStatistics;
}

export interface MergedEvents {
  /** The newest `limit` lines of the new window, exact. */
  events: LogEvent[];
  /** More lines than these exist; undefined when that is unknown (ask limit + 1 to always know). */
  truncated: boolean | undefined;
  /** Exact when known, else a lower bound (`exact: false`). */
  recordsMatched: number;
  exact: boolean;
}

/**
 * The answer for `next` from the earlier snapshot and the delta over [delta.startMs, next.endMs];
 * undefined when the earlier answer does not hold the lines needed (then ask the whole window).
 */
export function mergeEventsRefresh(previous: EventsSnapshot, next: QueryWindow, deltaWindow: QueryWindow, delta: EventsDelta): MergedEvents | undefined {
  const limit = previous.limit;
  const from = second(next.startMs) * 1000;
  const until = second(deltaWindow.startMs) * 1000;
  const kept = previous.events.filter((event) => event.timestamp.getTime() >= from && event.timestamp.getTime() < until);
  // Lines of the earlier window it did not return are all at or before its oldest returned line.
  const oldest = previous.events.length > 0 ? (previous.events[previous.events.length - 1] as LogEvent).timestamp.getTime() : Number.POSITIVE_INFINITY;
  const hidden = previous.truncated && oldest >= from;
  const total = delta.recordsMatched !== undefined && !hidden ? delta.recordsMatched + kept.length : undefined;
  const bound = { recordsMatched: total ?? delta.events.length + kept.length, exact: total !== undefined };
  if (delta.events.length >= limit) {
    // The delta alone fills the answer; whether anything lies beyond is known unless unseen lines may.
    const more = delta.truncated || kept.length > 0;
    return { events: delta.events.slice(0, limit), truncated: more ? true : hidden ? undefined : false, ...bound };
  }
  const need = limit - delta.events.length;
  if (kept.length > need) return { events: [...delta.events, ...kept.slice(0, need)], truncated: true, ...bound };
  if (kept.length === need) return { events: [...delta.events, ...kept], truncated: hidden ? undefined : false, ...bound };
  // Fewer kept lines than needed: an unseen line of the earlier window could be one of them.
  if (hidden) return undefined;
  return { events: [...delta.events, ...kept], truncated: false, ...bound };
}

/** What is kept of a volume answer for the next refresh. */
export interface VolumeSnapshot {
  window: QueryWindow;
  bucketMs: number;
  /** Lines per bin start (epoch ms). */
  counts: ReadonlyMap<number, number>;
}

/** The queries a volume refresh needs: the delta from a bin boundary, and the cut first bin. */
export function volumeRefreshPlan(previous: VolumeSnapshot, next: QueryWindow, settleMs: number): { delta: QueryWindow; head: QueryWindow | undefined } | undefined {
  const delta = refreshWindow(previous.window, next, settleMs, previous.bucketMs);
  if (!delta) return undefined;
  const start = second(next.startMs) * 1000;
  const firstBinEnd = Math.ceil(start / previous.bucketMs) * previous.bucketMs;
  // A window starting on a bin boundary has no cut first bin.
  if (firstBinEnd === start) return { delta, head: undefined };
  if (firstBinEnd >= delta.startMs) return undefined;
  return { delta, head: { startMs: start, endMs: firstBinEnd - 1000 } };
}

/** Counts for `next`: head bin from the head query, middle bins from the snapshot, the rest from the delta. */
export function mergeVolumeRefresh(
  previous: VolumeSnapshot,
  next: QueryWindow,
  plan: { delta: QueryWindow; head: QueryWindow | undefined },
  answers: { delta: ReadonlyMap<number, number>; head: ReadonlyMap<number, number> | undefined },
): Map<number, number> {
  const counts = new Map<number, number>();
  const firstKept = plan.head ? plan.head.endMs + 1000 : second(next.startMs) * 1000;
  for (const [bin, count] of previous.counts) if (bin >= firstKept && bin < plan.delta.startMs) counts.set(bin, count);
  for (const [bin, count] of answers.head ?? []) counts.set(bin, (counts.get(bin) ?? 0) + count);
  for (const [bin, count] of answers.delta) counts.set(bin, (counts.get(bin) ?? 0) + count);
  return counts;
}
