// The emulator's counters stay bounded however long it runs (a demo emulator may run for weeks),
// while its call counts stay exact and its rate window reads the newest requests.
import { describe, expect, it } from 'vitest';
import { OperationCounters } from '../../src/emulator/emulator-knobs.ts';

describe('OperationCounters', () => {
  it('counts every request but keeps the arrival times and query strings of the newest 10,000 at most', () => {
    const counters = new OperationCounters();
    for (let i = 0; i < 25_000; i++) {
      counters.record('GetMetricData', 1, i * 10);
      counters.recordStartedQuery(`q${i}`);
    }
    expect(counters.calls('GetMetricData')).toBe(25_000);
    const times = counters.get('GetMetricData').requestTimes;
    expect(times.length).toBeLessThanOrEqual(10_000);
    expect(times.at(-1)).toBe(249_990);
    expect(counters.startedQueries).toHaveLength(10_000);
    expect(counters.startedQueries.at(-1)).toBe('q24999');
    // 100 requests a second, newest first: the window still sees them.
    expect(counters.maxRequestsInWindow(['GetMetricData'], 1000)).toBe(100);
  });
});
