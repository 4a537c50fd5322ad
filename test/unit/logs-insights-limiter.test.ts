// The process-wide Logs Insights gate: running-query slots and the sliding-window call rate.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FairShares } from '../../src/quota/fair-shares.ts';
import { CallRateLimiter, ConcurrencyLimiter } from '../../src/quota/logs-insights-limiter.ts';

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

const owner = (identity: string, request = `${identity}-request`) => ({ identity, request });

describe('ConcurrencyLimiter: fair shares between callers', () => {
  /** Queues `count` asks of `who`, recording each grant as `<label>` in `order`; returns their releases by label. */
  function queue(limiter: ConcurrencyLimiter, order: string[], releases: Map<string, () => void>, who: { identity: string; request: string }, labels: string[], signal?: AbortSignal) {
    return labels.map((label) =>
      limiter.acquire(signal, who).then((release) => {
        order.push(label);
        releases.set(label, release);
      }),
    );
  }

  it('gives a freed slot to the waiting caller that holds the fewest, taking turns on ties', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    const heavy = owner('heavy');
    await Promise.all(queue(limiter, order, releases, heavy, ['h1', 'h2']));
    void queue(limiter, order, releases, heavy, ['h3', 'h4', 'h5']);
    void queue(limiter, order, releases, owner('light'), ['l1', 'l2']);
    void queue(limiter, order, releases, owner('third'), ['t1']);
    await vi.advanceTimersByTimeAsync(0);
    expect([order, limiter.waiting, limiter.heldBy(heavy)]).toEqual([['h1', 'h2'], 6, 2]);
    const step = async (label: string): Promise<void> => {
      releases.get(label)!();
      await vi.advanceTimersByTimeAsync(0);
    };
    // heavy holds 1, light and third 0: light waited first.
    await step('h1');
    // heavy 0 (served before), light 1, third 0 (never served): third's turn.
    await step('h2');
    // heavy 0, light 0 (served after heavy), third 1: heavy's turn.
    await step('l1');
    await step('t1');
    await step('h3');
    await step('l2');
    await step('h4');
    expect(order).toEqual(['h1', 'h2', 'l1', 't1', 'h3', 'l2', 'h4', 'h5']);
    expect(limiter.active).toBe(1);
    await step('h5');
    expect([limiter.active, limiter.waiting, limiter.highWater, limiter.heldBy(heavy)]).toEqual([0, 0, 2, 0]);
  });

  it('shares between the requests of one identity (auth off: everyone is "anonymous"), FIFO inside a request', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    await Promise.all(queue(limiter, order, releases, owner('anonymous', 'big'), ['b1']));
    void queue(limiter, order, releases, owner('anonymous', 'big'), ['b2', 'b3', 'b4']);
    void queue(limiter, order, releases, owner('anonymous', 'small'), ['s1']);
    await vi.advanceTimersByTimeAsync(0);
    for (const label of ['b1', 's1', 'b2', 'b3', 'b4']) {
      releases.get(label)!();
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(order).toEqual(['b1', 's1', 'b2', 'b3', 'b4']);
    expect(limiter.active).toBe(0);
  });

  it('is first come, first served with fair: false (the comparison the bench makes)', async () => {
    const limiter = new ConcurrencyLimiter(1, { fair: false });
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    await Promise.all(queue(limiter, order, releases, owner('heavy'), ['h1']));
    void queue(limiter, order, releases, owner('heavy'), ['h2', 'h3']);
    void queue(limiter, order, releases, owner('light'), ['l1']);
    await vi.advanceTimersByTimeAsync(0);
    for (const label of ['h1', 'h2', 'h3', 'l1']) {
      releases.get(label)!();
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(order).toEqual(['h1', 'h2', 'h3', 'l1']);
  });

  it('lets an aborted waiter leave without taking or leaking a slot, and serves the caller behind it', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    await Promise.all(queue(limiter, order, releases, owner('heavy'), ['h1']));
    const controller = new AbortController();
    const aborted = queue(limiter, order, releases, owner('light'), ['l1'], controller.signal)[0]!;
    void queue(limiter, order, releases, owner('heavy'), ['h2']);
    controller.abort(new Error('client gone'));
    await expect(aborted).rejects.toThrow('client gone');
    expect([limiter.waiting, limiter.heldBy(owner('light'))]).toEqual([1, 0]);
    releases.get('h1')!();
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['h1', 'h2']);
    releases.get('h2')!();
    releases.get('h2')!(); // a second release of the same slot changes nothing
    expect([limiter.active, limiter.waiting, limiter.heldBy(owner('heavy'))]).toEqual([0, 0, 0]);
    // The freed slot is free for anyone at once.
    (await limiter.acquire(undefined, owner('light')))();
    expect(limiter.active).toBe(0);
  });

  it.each([{}, { maxHeldPerRequest: 2 }, { fair: false }])('never holds more than max slots under random arrivals, releases and aborts of many callers (%o)', async (options) => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const limiter = new ConcurrencyLimiter(3, options);
    const held: Array<() => void> = [];
    let granted = 0;
    let rejected = 0;
    const pending: Array<Promise<void>> = [];
    for (let i = 0; i < 400; i++) {
      const roll = random();
      if (roll < 0.55) {
        const controller = new AbortController();
        pending.push(
          limiter.acquire(controller.signal, owner(`caller-${Math.floor(random() * 4)}`, `request-${Math.floor(random() * 3)}`)).then(
            (release) => {
              granted++;
              held.push(release);
            },
            () => {
              rejected++;
            },
          ),
        );
        if (random() < 0.2) controller.abort();
      } else if (held.length > 0) held.splice(Math.floor(random() * held.length), 1)[0]!();
      await vi.advanceTimersByTimeAsync(0);
      expect(limiter.active).toBeLessThanOrEqual(3);
      expect(limiter.active).toBe(held.length);
    }
    while (held.length > 0 || limiter.waiting > 0) {
      held.shift()?.();
      await vi.advanceTimersByTimeAsync(0);
    }
    await Promise.all(pending);
    expect(granted + rejected).toBe(pending.length);
    expect([limiter.active, limiter.waiting, limiter.highWater]).toEqual([0, 0, 3]);
  });
});

describe('CallRateLimiter: fair shares between callers', () => {
  it('gives a free place in the window to the caller with the fewest calls in it', async () => {
    const limiter = new CallRateLimiter(2, { marginMs: 0 });
    const granted: string[] = [];
    const take = (who: string, label: string) => limiter.take(undefined, owner(who)).then((answered) => (granted.push(`${label}@${Date.now()}`), answered()));
    for (let i = 1; i <= 6; i++) void take('heavy', `h${i}`);
    void take('light', 'l1');
    void take('light', 'l2');
    await vi.advanceTimersByTimeAsync(5_000);
    // Each window holds 2 calls: once heavy has calls in it, light's waiting call goes first.
    expect(granted).toEqual(['h1@0', 'h2@0', 'l1@1000', 'h3@1000', 'l2@2000', 'h4@2000', 'h5@3000', 'h6@3000']);
  });

  it('keeps a place in each window from any one request (maxHeldPerRequest): a newcomer calls at once', async () => {
    const limiter = new CallRateLimiter(3, { marginMs: 0, maxHeldPerRequest: 2 });
    const granted: string[] = [];
    const take = (who: string, label: string) => limiter.take(undefined, owner(who)).then((answered) => (granted.push(`${label}@${Date.now()}`), answered()));
    for (let i = 1; i <= 5; i++) void take('heavy', `h${i}`);
    await vi.advanceTimersByTimeAsync(500);
    void take('light', 'l1');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(granted).toEqual(['h1@0', 'h2@0', 'l1@500', 'h3@1000', 'h4@1000', 'h5@2000']);
  });

  it('is first come, first served with fair: false', async () => {
    const limiter = new CallRateLimiter(2, { marginMs: 0, fair: false });
    const granted: string[] = [];
    const take = (who: string, label: string) => limiter.take(undefined, owner(who)).then((answered) => (granted.push(`${label}@${Date.now()}`), answered()));
    for (let i = 1; i <= 4; i++) void take('heavy', `h${i}`);
    void take('light', 'l1');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(granted).toEqual(['h1@0', 'h2@0', 'h3@1000', 'h4@1000', 'l1@2000']);
  });

  it('drops an aborted caller without leaving it counted', async () => {
    const limiter = new CallRateLimiter(1, { marginMs: 0 });
    (await limiter.take(undefined, owner('heavy')))();
    const controller = new AbortController();
    const aborted = limiter.take(controller.signal, owner('light'));
    const next = limiter.take(undefined, owner('heavy')).then((answered) => (answered(), Date.now()));
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow('gone');
    expect([limiter.waiting, limiter.heldBy(owner('light'))]).toEqual([1, 0]);
    expect(await vi.advanceTimersByTimeAsync(2_000).then(() => next)).toBe(1000);
    await vi.advanceTimersByTimeAsync(1_000);
    // Both calls left the window: a new one goes at once, and nobody counts as holding any.
    await limiter.take(undefined, owner('light'));
    expect([limiter.heldBy(owner('heavy')), limiter.heldBy(owner('light'))]).toEqual([0, 1]);
  });
});

describe('ConcurrencyLimiter: slots one request may hold (maxHeldPerRequest)', () => {
  it('keeps the rest free for other requests, so a newcomer starts at once; a request at its cap waits even with a slot free', async () => {
    const limiter = new ConcurrencyLimiter(3, { maxHeldPerRequest: 2 });
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    const ask = (label: string, who: { identity: string; request: string }) =>
      limiter.acquire(undefined, who).then((release) => {
        order.push(label);
        releases.set(label, release);
      });
    const heavy = owner('heavy', 'dashboard');
    for (const label of ['h1', 'h2', 'h3', 'h4']) void ask(label, heavy);
    await vi.advanceTimersByTimeAsync(0);
    expect([order, limiter.active, limiter.waiting]).toEqual([['h1', 'h2'], 2, 2]);
    // Another request of the same identity (auth off: everyone is "anonymous") is another request.
    void ask('s1', owner('heavy', 'second-tab'));
    await vi.advanceTimersByTimeAsync(0);
    expect([order, limiter.active]).toEqual([['h1', 'h2', 's1'], 3]);
    void ask('l1', owner('light'));
    releases.get('s1')!();
    await vi.advanceTimersByTimeAsync(0);
    // The freed slot: heavy's request is at its cap, light's is not.
    expect(order).toEqual(['h1', 'h2', 's1', 'l1']);
    releases.get('l1')!();
    await vi.advanceTimersByTimeAsync(0);
    expect([order, limiter.active, limiter.waiting]).toEqual([['h1', 'h2', 's1', 'l1'], 2, 2]);
    releases.get('h1')!();
    await vi.advanceTimersByTimeAsync(0);
    expect(order.at(-1)).toBe('h3');
    for (const label of ['h2', 'h3']) releases.get(label)!();
    await vi.advanceTimersByTimeAsync(0);
    releases.get('h4')!();
    expect([order.length, limiter.active, limiter.waiting, limiter.highWater, limiter.heldBy(heavy)]).toEqual([6, 0, 0, 3, 0]);
  });

  it('has no cap when first come, first served (fair: false)', async () => {
    const limiter = new ConcurrencyLimiter(3, { fair: false, maxHeldPerRequest: 1 });
    const releases = await Promise.all([1, 2, 3].map(() => limiter.acquire(undefined, owner('heavy'))));
    expect(limiter.active).toBe(3);
    for (const release of releases) release();
    expect(limiter.active).toBe(0);
  });
});

describe('FairShares', () => {
  it('peeks at the ask served next, serves a named ask out of turn only while it is queued and under its cap, and drains', () => {
    const shares = new FairShares<string>({ maxHeldPerRequest: 1 });
    const heavy = owner('heavy');
    shares.hold(heavy);
    const h2 = shares.enqueue(heavy, 'h2');
    const l1 = shares.enqueue(owner('light'), 'l1');
    expect(shares.peek()?.value).toBe('l1');
    // heavy's request holds its cap: not servable, even out of turn.
    expect(shares.serve(h2)).toBe(false);
    expect(shares.serve(l1)).toBe(true);
    expect(shares.serve(l1)).toBe(false);
    expect([shares.waiting, shares.servable, shares.heldBy(owner('light'))]).toEqual([1, false, 1]);
    shares.release(heavy);
    expect([shares.servable, shares.peek()?.value]).toEqual([true, 'h2']);
    expect(shares.drain().map((ticket) => ticket.value)).toEqual(['h2']);
    expect([shares.waiting, shares.peek()]).toEqual([0, undefined]);
    expect(() => shares.release(heavy)).toThrow(/does not hold/);
  });
});
