// Statistics, periods and windows of GetMetricData questions. Windows are aligned to the period so
// that dashboards asking "last 1h" a few seconds apart ask CloudWatch the identical question (and
// share one answer); periods obey CloudWatch's data-age rules so that a series never comes back
// silently empty because its period was too fine for its age.
import { InputError } from './input-error.ts';
import { alignWindow } from './time-window.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** About this many points per series when the period is chosen automatically (a day of minutes). */
export const TARGET_POINTS_PER_SERIES = 1_440;
/** One GetMetricData page; more points per series than this is never what a dashboard wants. */
export const MAX_POINTS_PER_SERIES = 100_800;
/** High-resolution periods (seconds); CloudWatch keeps such data for 3 hours only. */
export const HIGH_RESOLUTION_PERIODS: readonly number[] = [1, 5, 10, 20, 30];
/** Periods an automatic choice picks from, smallest first (all multiples of 60). */
const AUTOMATIC_PERIODS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export const STATISTICS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'] as const;
const PERCENTILE = /^p(\d{1,2}(\.\d{1,2})?|100)$/;

/** Average, Sum, Minimum, Maximum, SampleCount or a percentile pNN / pNN.N (p0 to p100). */
export function validateStat(stat: string, argument = 'stat'): string {
  if ((STATISTICS as readonly string[]).includes(stat) || PERCENTILE.test(stat)) return stat;
  throw new InputError(
    argument,
    `${JSON.stringify(stat)} is not a CloudWatch statistic: use ${STATISTICS.join(', ')} or a percentile such as p90, p99 or p99.9`,
  );
}

/** The smallest period granularity CloudWatch still answers for data starting at `startMs`. */
export function periodGranularity(startMs: number, nowMs: number): number {
  const age = nowMs - startMs;
  if (age > 63 * DAY) return 3600;
  if (age > 15 * DAY) return 300;
  return 60;
}

/** Throws InputError unless CloudWatch answers `period` for [startMs, endMs) with data. */
export function validatePeriod(period: number, startMs: number, endMs: number, nowMs: number, argument = 'period'): number {
  if (!Number.isInteger(period) || period < 1) throw new InputError(argument, `must be a positive number of seconds; got ${period}`);
  if (period < 60) {
    if (!HIGH_RESOLUTION_PERIODS.includes(period)) {
      throw new InputError(argument, `must be 1, 5, 10, 20, 30 (high-resolution metrics) or a multiple of 60; got ${period}`);
    }
    if (nowMs - startMs > 3 * HOUR) {
      throw new InputError(argument, `${period} s is a high-resolution period and CloudWatch keeps such data for 3 hours only; the window starts ${formatAge(nowMs - startMs)} ago: use a multiple of 60`);
    }
  } else if (period % 60 !== 0) {
    throw new InputError(argument, `must be 1, 5, 10, 20, 30 or a multiple of 60; got ${period}`);
  }
  const granularity = periodGranularity(startMs, nowMs);
  if (period % granularity !== 0 && period >= 60) {
    throw new InputError(
      argument,
      `the window starts ${formatAge(nowMs - startMs)} ago and CloudWatch answers data older than ${granularity === 3600 ? '63 days only in multiples of 3600 s' : '15 days only in multiples of 300 s'}; got ${period}`,
    );
  }
  const points = Math.ceil((endMs - startMs) / (period * SECOND));
  if (points > MAX_POINTS_PER_SERIES) {
    const least = Math.ceil((endMs - startMs) / SECOND / MAX_POINTS_PER_SERIES / 60) * 60;
    throw new InputError(argument, `${period} s over this window is ${points} points per series, more than ${MAX_POINTS_PER_SERIES}: use a period of at least ${least} s`);
  }
  return period;
}

/**
 * The period for a window when none is given: the smallest of 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6,
 * 12 h or whole days that keeps a series within ~1,440 points and obeys the data-age rules for the
 * aligned start.
 */
export function automaticPeriod(startMs: number, endMs: number, nowMs: number): number {
  const wanted = (endMs - startMs) / SECOND / TARGET_POINTS_PER_SERIES;
  const candidates = AUTOMATIC_PERIODS.concat(Array.from({ length: 1 + Math.ceil(wanted / 86400) }, (_, i) => 86400 * (i + 2)));
  for (const period of candidates) {
    if (period < wanted) continue;
    const aligned = alignWindow({ start: startMs, end: endMs }, period * SECOND, 'period');
    if (period % periodGranularity(aligned.start, nowMs) === 0) return period;
  }
  return candidates.at(-1)!;
}

export interface MetricWindowPlan {
  period: number;
  start: number;
  end: number;
}

/** Period (given and validated, or automatic) and the window aligned to it. */
export function planMetricWindow(window: { start: number; end: number }, period: number | null | undefined, nowMs: number): MetricWindowPlan {
  if (window.end <= window.start) throw new InputError('range', 'the window is empty');
  const chosen = period === null || period === undefined ? automaticPeriod(window.start, window.end, nowMs) : period;
  const aligned = alignWindow(window, chosen * SECOND, 'period');
  if (period !== null && period !== undefined) validatePeriod(chosen, aligned.start, aligned.end, nowMs);
  return { period: chosen, ...aligned };
}

function formatAge(ms: number): string {
  if (ms >= DAY) return `${Math.floor(ms / DAY)} days`;
  if (ms >= HOUR) return `${Math.floor(ms / HOUR)} hours`;
  return `${Math.floor(ms / MINUTE)} minutes`;
}
