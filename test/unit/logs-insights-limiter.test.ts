// The process-wide Logs Insights gate: running-query slots and the sliding-window call rate.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallRateLimiter, ConcurrencyLimiter } from '../../src/loaders/logs-insights-limiter.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ConcurrencyLimiter', () => {
  it('holds at most max slots and hands them over in arrival order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const order: string[] = [];
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    const c = limiter.acquire().then((release) => (order.push('c'), release));
    const d = limiter.acquire().then((release) => (order.push('d'), release));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([]);
    expect(limiter.waiting).toBe(2);
    a();
    a(); // a second release of the same slot changes nothing
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(limiter.active).toBe(2);
    b();
    const releaseD = await d;
    releaseC();
    releaseD();
    expect(order).toEqual(['c', 'd']);
    expect(limiter.active).toBe(0);
    expect(limiter.highWater).toBe(2);
  });

  it('lets an aborted waiter leave the queue', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('client gone'));
    await expect(waiting).rejects.toThrow('client gone');
    expect(limiter.waiting).toBe(0);
    held();
    expect(limiter.active).toBe(0);
  });
});

describe('CallRateLimiter', () => {
  it('never grants more than the rate within any window', async () => {
    const limiter = new CallRateLimiter(8, { marginMs: 0 });
    const granted: number[] = [];
    for (let i = 0; i < 20; i++) void limiter.take().then((answered) => (granted.push(Date.now()), answered()));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(granted).toEqual([...Array(8).fill(0), ...Array(8).fill(1000), ...Array(4).fill(2000)]);
  });

  it('counts the window from when a call answered, so slow calls cannot bunch up at AWS', async () => {
    const limiter = new CallRateLimiter(2, { marginMs: 0 });
    const granted: number[] = [];
    const answers: Array<() => void> = [];
    for (let i = 0; i < 4; i++) void limiter.take().then((answered) => (granted.push(Date.now()), answers.push(answered)));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(granted).toEqual([0, 0]); // both still in flight
    answers[0]!(); // answered at 3000: its place frees at 4000
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toEqual([0, 0, 4000]);
    answers[1]!();
    answers[1]!(); // twice changes nothing
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted).toEqual([0, 0, 4000, 5000]);
  });

  it('spreads fractional rates over a longer window', async () => {
    const limiter = new CallRateLimiter(0.5, { marginMs: 0 });
    expect([limiter.calls, limiter.windowMs]).toEqual([1, 2000]);
    const granted: number[] = [];
    for (let i = 0; i < 3; i++) void limiter.take().then((answered) => (granted.push(Date.now()), answered()));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(granted).toEqual([0, 2000, 4000]);
  });

  it('keeps a margin for clock granularity by default', () => {
    const limiter = new CallRateLimiter(8);
    expect([limiter.calls, limiter.windowMs]).toEqual([8, 1010]);
  });

  it('drops an aborted caller and serves the next', async () => {
    const limiter = new CallRateLimiter(1, { marginMs: 0 });
    (await limiter.take())();
    const controller = new AbortController();
    const aborted = limiter.take(controller.signal);
    const next = limiter.take().then(() => Date.now());
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow('gone');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await next).toBe(1000);
  });
});
