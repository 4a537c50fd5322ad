// TimeRange: a relative window ("last 15m") or an absolute one (from/to), validated once here so
// every AWS module receives a sound [start, end] in epoch ms.
import { formatDuration, parseDuration, DURATION_SYNTAX } from '../config/duration.ts';
import { builder } from './builder.ts';
import { badUserInput } from './graphql-errors.ts';

export interface TimeRangeInputShape {
  last?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export const TimeRangeInput = builder.inputType('TimeRange', {
  description:
    'A time window: either `last` (relative to now, e.g. "15m", "1h", "7d") or `from`/`to` (absolute; `to` defaults to now). Without either: the last hour.',
  fields: (t) => ({
    last: t.string({ description: `How far back from now: ${DURATION_SYNTAX}.` }),
    from: t.field({ type: 'DateTime', description: 'Start of the window (inclusive).' }),
    to: t.field({ type: 'DateTime', description: 'End of the window; defaults to now.' }),
  }),
});

export interface ResolvedTimeRange {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms. */
  end: number;
  /** True for `last:` windows: loaders may align them so concurrent dashboards share answers. */
  relative: boolean;
}

export const DEFAULT_WINDOW_MS = 3_600_000;

export function resolveTimeRange(
  range: TimeRangeInputShape | null | undefined,
  options: { now: number; maxWindowMs: number; argument?: string },
): ResolvedTimeRange {
  const argument = options.argument ?? 'range';
  const { now, maxWindowMs } = options;
  const last = range?.last ?? undefined;
  const from = range?.from ?? undefined;
  const to = range?.to ?? undefined;
  let resolved: ResolvedTimeRange;
  if (last !== undefined) {
    if (from || to) throw badUserInput(`${argument}: give either "last" or "from"/"to", not both`, argument);
    const ms = parseDuration(last);
    if (ms === undefined) {
      // "0m" has the right form but names no window: say what is allowed, not just the syntax.
      const allowed = `a duration from 1ms to ${formatDuration(maxWindowMs)} (limits.max_window), written as ${DURATION_SYNTAX}`;
      const zero = /^\s*0+(?:\.0+)?(ms|s|m|h|d|w)\s*$/.test(last);
      throw badUserInput(`${argument}.last: ${zero ? `${JSON.stringify(last)} is an empty window` : `${JSON.stringify(last)} is not a duration`}; expected ${allowed}`, argument);
    }
    resolved = { start: now - ms, end: now, relative: true };
  } else if (from || to) {
    if (!from) throw badUserInput(`${argument}: "to" needs a "from"`, argument);
    const end = to ? to.getTime() : now;
    if (from.getTime() > now) throw badUserInput(`${argument}: "from" (${from.toISOString()}) is in the future`, argument);
    if (from.getTime() >= end) throw badUserInput(`${argument}: "from" (${from.toISOString()}) must be before "to" (${new Date(end).toISOString()})`, argument);
    resolved = { start: from.getTime(), end: Math.min(end, now), relative: false };
  } else {
    resolved = { start: now - DEFAULT_WINDOW_MS, end: now, relative: true };
  }
  if (resolved.end - resolved.start > maxWindowMs) {
    throw badUserInput(
      `${argument}: the window is ${formatDuration(resolved.end - resolved.start)}, longer than the allowed ${formatDuration(maxWindowMs)} (limits.max_window)`,
      argument,
    );
  }
  return resolved;
}
