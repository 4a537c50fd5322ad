// Poll scheduling: the first poll waits for most of the learned run time, later ones back off,
// and many queries polling at once each wait for their share of the call rate.
import { describe, expect, it } from 'vitest';
import { PollSchedule } from '../../src/aws/logs-insights-poll-schedule.ts';

describe('PollSchedule', () => {
  it('polls at 100 ms until it has seen a query finish, then waits 95% of the learned run time first; later polls wait 15% of the time run so far', () => {
    const schedule = new PollSchedule({ callsPerSecond: 8 });
    const first = schedule.start();
    expect(first.delay(0, 0)).toBe(100);
    expect([100, 600, 1_000, 4_000, 60_000].map((elapsed) => first.delay(1, elapsed))).toEqual([100, 100, 150, 600, 1_000]);
    first.finished(1_000);
    expect(schedule.expectedMs).toBe(1_000);
    const second = schedule.start();
    expect(second.delay(0, 0)).toBe(950);
    expect(second.delay(1, 900)).toBe(135);
    second.finished(2_000);
    // Moving average: 1000 + 0.3 * (2000 - 1000).
    expect(schedule.expectedMs).toBe(1_300);
    expect(schedule.start().delay(0, 0)).toBeCloseTo(1_235);
  });

  it('never waits more than 5 s for the first poll, and forgets failed or abandoned queries', () => {
    const schedule = new PollSchedule({ callsPerSecond: 8 });
    const slow = schedule.start();
    slow.finished(60_000);
    const next = schedule.start();
    expect(next.delay(0, 0)).toBe(5_000);
    next.finished(undefined);
    next.finished(30);
    expect(schedule.expectedMs).toBe(60_000);
    expect(schedule.polling).toBe(0);
  });

  it('spaces polls by the share of the call rate when more queries poll than it serves', () => {
    const schedule = new PollSchedule({ callsPerSecond: 8 });
    const timers = Array.from({ length: 24 }, () => schedule.start());
    // 24 queries on 8 calls/s: one poll each every 3 s.
    expect(timers[0]!.delay(1, 200)).toBe(3_000);
    for (const timer of timers.slice(0, 20)) timer.finished(undefined);
    // 4 left: fewer than the rate serves, back to the plain backoff.
    expect(timers[23]!.delay(1, 200)).toBe(100);
    for (const timer of timers) timer.finished(undefined);
    expect(schedule.polling).toBe(0);
  });
});
