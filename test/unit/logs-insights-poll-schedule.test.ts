// Poll scheduling: the first poll leaves when queries were found complete before (learned from the
// polls' brackets), a due query is re-polled soon, a long one backs off, and many queries polling at
// once each wait for their share of the call rate.
import { describe, expect, it } from 'vitest';
import { PollSchedule } from '../../src/aws/logs-insights-poll-schedule.ts';

describe('PollSchedule', () => {
  it('polls at 100 ms backing off until it has seen a query finish, then first polls when queries were found complete', () => {
    const schedule = new PollSchedule({ callsPerSecond: 8 });
    const first = schedule.start();
    expect(first.delay(0, 60)).toBe(100);
    expect([100, 600, 1_000, 4_000, 60_000].map((elapsed) => first.delay(1, elapsed))).toEqual([100, 100, 150, 600, 1_000]);
    // Seen running at 900 ms, complete at 1,100 ms: 40% into the bracket.
    first.finished({ runningAt: 900, completeAt: 1_100 });
    expect(schedule.expectedMs).toBe(980);
    // The first poll leaves 980 ms after StartQuery answered.
    expect(schedule.start().delay(0, 70)).toBe(910);
  });

  it('probes earlier after each query its first poll found complete (1% for 4 in a row, then 1% more each, at most 5%), and moves into the bracket after a near miss', () => {
    const schedule = new PollSchedule({ callsPerSecond: 8 });
    schedule.start().finished({ runningAt: undefined, completeAt: 1_000 });
    expect(schedule.expectedMs).toBe(1_000);
    schedule.start().finished({ runningAt: undefined, completeAt: 1_000 });
    expect(schedule.expectedMs).toBe(990);
    // A first poll late for other reasons (waiting for the call rate) does not move it up.
    schedule.start().finished({ runningAt: undefined, completeAt: 1_700 });
    expect(schedule.expectedMs).toBeCloseTo(980.1);
    // Early: seen running at 960, complete at 1,060: the estimate goes 40% into the bracket at
    // once, and probing starts again at 1%.
    schedule.start().finished({ runningAt: 960, completeAt: 1_060 });
    expect(schedule.expectedMs).toBeCloseTo(1_000);
    schedule.start().finished({ runningAt: undefined, completeAt: 1_000 });
    expect(schedule.expectedMs).toBeCloseTo(990);
    for (let i = 0; i < 10; i++) schedule.start().finished({ runningAt: undefined, completeAt: 2_000 });
    // 1% x 3 more, then 2%, 3%, 4% and 5% x 4: an estimate far too high comes down within some queries.
    expect(schedule.expectedMs).toBeCloseTo(990 * 0.99 ** 3 * 0.98 * 0.97 * 0.96 * 0.95 ** 4, 5);
  });

  it('re-polls a due query soon (3% of the expected time, doubling), one running long every 15% of its run', () => {
    const schedule = new PollSchedule({ callsPerSecond: 8 });
    schedule.start().finished({ runningAt: undefined, completeAt: 1_000 });
    const timer = schedule.start();
    expect(timer.delay(1, 1_010)).toBe(30);
    expect(timer.delay(2, 1_080)).toBe(60);
    expect(timer.delay(3, 1_200)).toBe(120);
    expect(timer.delay(4, 1_240)).toBe(186);
    expect(timer.delay(5, 3_000)).toBe(450);
    // Short queries: at least 25 ms.
    const fast = new PollSchedule({ callsPerSecond: 8 });
    fast.start().finished({ runningAt: undefined, completeAt: 300 });
    expect(fast.start().delay(1, 310)).toBe(25);
  });

  it('is moved only 30% of the way by a query much slower than usual, never waits more than 5 s for the first poll, and forgets failed or abandoned queries', () => {
    const schedule = new PollSchedule({ callsPerSecond: 8 });
    schedule.start().finished({ runningAt: undefined, completeAt: 1_000 });
    schedule.start().finished({ runningAt: 4_000, completeAt: 4_400 });
    expect(schedule.expectedMs).toBeCloseTo(1_000 + 0.3 * (4_160 - 1_000));
    const slow = new PollSchedule({ callsPerSecond: 8 });
    slow.start().finished({ runningAt: undefined, completeAt: 60_000 });
    const next = slow.start();
    expect(next.delay(0, 0)).toBe(5_000);
    next.finished(undefined);
    next.finished({ runningAt: undefined, completeAt: 30 });
    expect(slow.expectedMs).toBe(60_000);
    expect(slow.polling).toBe(0);
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

  it("spaces a request's polls by its own count: a request polling one query beside a heavy one polls as it would alone", () => {
    const schedule = new PollSchedule({ callsPerSecond: 8 });
    const heavy = Array.from({ length: 16 }, () => schedule.start({ identity: 'heavy-dashboard', request: '1' }));
    const light = schedule.start({ identity: 'light-engineer', request: '2' });
    // 17 polling on 8 calls/s: the heavy request's 16 share the rate (2 s apart); the light one waits one call's share (125 ms), not 17.
    expect([heavy[0]!.delay(1, 200), light.delay(1, 200)]).toEqual([2_000, 125]);
    // Without a caller, queries count as one request (as before callers were known).
    const anonymous = Array.from({ length: 8 }, () => schedule.start());
    expect(anonymous[0]!.delay(1, 200)).toBe(1_000);
    for (const timer of [...heavy, light, ...anonymous]) timer.finished(undefined);
    expect(schedule.polling).toBe(0);
  });

  it('learns nothing from a poll that was spaced for the rate share', () => {
    const schedule = new PollSchedule({ callsPerSecond: 1 });
    const first = schedule.start();
    first.delay(0, 0);
    first.finished({ runningAt: undefined, completeAt: 800 });
    expect(schedule.expectedMs).toBe(800);
    const spaced = [schedule.start(), schedule.start()];
    // Two polling on 1 call/s: each poll waits 2 s, far more than the query needs.
    expect(spaced[0]!.delay(1, 500)).toBe(2_000);
    spaced[0]!.finished({ runningAt: 400, completeAt: 2_500 });
    expect(schedule.expectedMs).toBe(800);
    // Alone again: an unspaced poll teaches (complete when first asked: the estimate probes down 1%).
    expect(spaced[1]!.delay(0, 0)).toBe(800);
    spaced[1]!.finished({ runningAt: undefined, completeAt: 700 });
    expect(schedule.expectedMs).toBe(693);
  });
});
