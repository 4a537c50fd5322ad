import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/aws/input-error.ts';
import { automaticPeriod, planMetricWindow, validatePeriod, validateStat } from '../../src/aws/metric-period.ts';
import { alignWindow } from '../../src/aws/time-window.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 37);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function reason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected a InputError');
}

describe('statistics', () => {
  it('accepts the five statistics and percentiles pNN / pNN.N', () => {
    for (const stat of ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount', 'p0', 'p50', 'p99', 'p99.9', 'p99.99', 'p100']) expect(validateStat(stat)).toBe(stat);
  });
  it('rejects anything else with the reason', () => {
    for (const stat of ['average', 'Mean', 'p', 'p101', 'p99.999', 'P99', 'tm99', 'p-1', '']) {
      expect(reason(() => validateStat(stat))).toContain(`stat: ${JSON.stringify(stat)} is not a CloudWatch statistic`);
    }
  });
});

describe('automatic period', () => {
  it('keeps a series within ~1,440 points with a multiple of 60', () => {
    const cases: Array<[number, number]> = [
      [15 * MIN, 60],
      [HOUR, 60],
      [DAY, 60],
      [DAY + MIN, 120],
      [3 * DAY, 300],
      [7 * DAY, 600],
      [14 * DAY, 900],
      [30 * DAY, 1800],
      [60 * DAY, 3600],
      [365 * DAY, 43200],
    ];
    for (const [window, period] of cases) {
      const chosen = automaticPeriod(NOW - window, NOW, NOW);
      expect([window, chosen]).toEqual([window, period]);
      expect(chosen % 60).toBe(0);
      expect(Math.ceil(window / (chosen * 1000))).toBeLessThanOrEqual(1_440);
    }
  });
  it('obeys the data-age rules: older than 15 days -> multiple of 300, older than 63 days -> 3600', () => {
    expect(automaticPeriod(NOW - 20 * DAY, NOW - 20 * DAY + HOUR, NOW)).toBe(300);
    expect(automaticPeriod(NOW - 14 * DAY, NOW - 14 * DAY + HOUR, NOW)).toBe(60);
    expect(automaticPeriod(NOW - 70 * DAY, NOW - 70 * DAY + HOUR, NOW)).toBe(3600);
    expect(automaticPeriod(NOW - 70 * DAY, NOW - 70 * DAY + 3 * DAY, NOW)).toBe(3600);
  });
});

describe('explicit period', () => {
  it('accepts multiples of 60 and high-resolution periods for recent windows', () => {
    expect(validatePeriod(60, NOW - HOUR, NOW, NOW)).toBe(60);
    expect(validatePeriod(86400, NOW - 7 * DAY, NOW, NOW)).toBe(86400);
    expect(validatePeriod(10, NOW - HOUR, NOW, NOW)).toBe(10);
  });
  it('rejects the others with the reason', () => {
    expect(reason(() => validatePeriod(0, NOW - HOUR, NOW, NOW))).toBe('period: must be a positive number of seconds; got 0');
    expect(reason(() => validatePeriod(90, NOW - HOUR, NOW, NOW))).toBe('period: must be 1, 5, 10, 20, 30 or a multiple of 60; got 90');
    expect(reason(() => validatePeriod(7, NOW - HOUR, NOW, NOW))).toBe('period: must be 1, 5, 10, 20, 30 (high-resolution metrics) or a multiple of 60; got 7');
    expect(reason(() => validatePeriod(10, NOW - 4 * HOUR, NOW, NOW))).toContain('keeps such data for 3 hours only; the window starts 4 hours ago');
    expect(reason(() => validatePeriod(60, NOW - 16 * DAY, NOW - 15.5 * DAY, NOW))).toBe(
      'period: the window starts 16 days ago and CloudWatch answers data older than 15 days only in multiples of 300 s; got 60',
    );
    expect(reason(() => validatePeriod(600, NOW - 64 * DAY, NOW - 63.5 * DAY, NOW))).toContain('older than 63 days only in multiples of 3600 s; got 600');
    expect(reason(() => validatePeriod(1, NOW - 3 * HOUR + MIN, NOW + 26 * HOUR, NOW))).toContain('more than 100800: use a period of at least 60 s');
  });
});

describe('window alignment', () => {
  it('floors the start and ceils the end to the period', () => {
    expect(alignWindow({ start: Date.UTC(2026, 10, 25, 11, 0, 37), end: NOW }, 60_000, 'period')).toEqual({ start: Date.UTC(2026, 10, 25, 11, 0), end: Date.UTC(2026, 10, 25, 12, 1) });
    expect(alignWindow({ start: Date.UTC(2026, 10, 25, 11, 7), end: Date.UTC(2026, 10, 25, 12, 0) }, 300_000, 'period')).toEqual({ start: Date.UTC(2026, 10, 25, 11, 5), end: Date.UTC(2026, 10, 25, 12, 0) });
    // Relative windows of logs and trace lists move forward, length kept; absolute ones stay.
    expect(alignWindow({ start: 5_000, end: 65_000, relative: true }, 10_000, 'share')).toEqual({ start: 10_000, end: 70_000 });
    expect(alignWindow({ start: 5_000, end: 65_000, relative: false }, 10_000, 'share')).toEqual({ start: 5_000, end: 65_000 });
  });
  it('gives dashboards asking seconds apart the identical window', () => {
    const a = planMetricWindow({ start: NOW - HOUR, end: NOW }, null, NOW);
    const b = planMetricWindow({ start: NOW + 15_000 - HOUR, end: NOW + 15_000 }, null, NOW + 15_000);
    expect(a).toEqual(b);
    expect(a).toEqual({ period: 60, start: Date.UTC(2026, 10, 25, 11, 0), end: Date.UTC(2026, 10, 25, 12, 1) });
  });
  it('validates an explicit period against the aligned window', () => {
    expect(planMetricWindow({ start: NOW - DAY, end: NOW }, 3600, NOW)).toEqual({ period: 3600, start: Date.UTC(2026, 10, 24, 12), end: Date.UTC(2026, 10, 25, 13) });
    expect(() => planMetricWindow({ start: NOW - DAY, end: NOW }, 45, NOW)).toThrow(InputError);
  });
});
