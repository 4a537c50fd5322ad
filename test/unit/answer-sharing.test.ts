// The one sharing layer: coalescing, abort when every waiter has gone, TTL, byte bound, in-flight
// work never evicted, capacity errors; and typed slots.
import { describe, expect, it } from 'vitest';
import { AwsUsage } from '../../src/aws/aws-usage.ts';
import { AnswerKind, AnswerSharing, SharingCapacityError, type SharedCall } from '../../src/sharing/answer-sharing.ts';
import { approximateBytes, MemoryAnswerStore } from '../../src/sharing/answer-store.ts';
import { Slot } from '../../src/runtime/slot.ts';
import { toGraphQLError } from '../../src/schema/graphql-errors.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let kinds = 0;
const kind = <T>(options: { keep?: (value: T) => boolean } = {}): AnswerKind<T> => new AnswerKind<T>(`test kind ${++kinds}`, options);
const sharing = (maxBytes = 1_048_576, maxInFlight = 100): AnswerSharing => new AnswerSharing({ store: new MemoryAnswerStore({ maxBytes }), maxInFlight });

/** A load that answers `value` after `ms`, counting its calls and keeping the signals it got. */
function slowLoad<T>(value: T, ms = 20) {
  const calls: SharedCall[] = [];
  return {
    calls,
    load: async (call: SharedCall): Promise<T> => {
      calls.push(call);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        call.abortSignal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(call.abortSignal.reason);
        });
      });
      return value;
    },
  };
}

describe('AnswerSharing', () => {
  it('coalesces identical in-flight calls and counts the shared ones as cache hits', async () => {
    const layer = sharing();
    const k = kind<string[]>();
    const { calls, load } = slowLoad(['a']);
    const usages = Array.from({ length: 4 }, () => new AwsUsage());
    const answers = await Promise.all(usages.map((usage) => layer.share(k, { key: 'x', ttlMs: 0, load }, { usage })));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.usage).toBe(usages[0]);
    expect(answers.map((answer) => answer.shared)).toEqual([false, true, true, true]);
    expect(usages.map((usage) => usage.cacheHits)).toEqual([0, 1, 1, 1]);
    expect(layer.inFlight).toBe(0);
    // ttl 0: only in-flight calls are shared.
    await layer.share(k, { key: 'x', ttlMs: 0, load });
    expect(calls).toHaveLength(2);
  });

  it('keeps complete answers for their TTL, not partial ones, not failures', async () => {
    const layer = sharing();
    const k = kind<{ complete: boolean }>({ keep: (value) => value.complete });
    let n = 0;
    const load = async (): Promise<{ complete: boolean }> => ({ complete: ++n > 1 });
    expect((await layer.share(k, { key: 'q', ttlMs: 40, load })).value).toEqual({ complete: false });
    expect((await layer.share(k, { key: 'q', ttlMs: 40, load })).shared).toBe(false);
    expect((await layer.share(k, { key: 'q', ttlMs: 40, load })).shared).toBe(true);
    expect(n).toBe(2);
    await sleep(60);
    expect((await layer.share(k, { key: 'q', ttlMs: 40, load })).shared).toBe(false);
    expect(n).toBe(3);

    let fail = true;
    const flaky = async (): Promise<{ complete: boolean }> => {
      if (fail) {
        fail = false;
        throw new Error('boom');
      }
      return { complete: true };
    };
    await expect(layer.share(k, { key: 'f', ttlMs: 10_000, load: flaky })).rejects.toThrow('boom');
    await expect(layer.share(k, { key: 'f', ttlMs: 10_000, load: flaky })).resolves.toMatchObject({ shared: false });
  });

  it('aborts a shared call only when every waiter has gone', async () => {
    const layer = sharing();
    const k = kind<string>();
    const { calls, load } = slowLoad('done', 50);
    const first = new AbortController();
    const second = new AbortController();
    const a = layer.share(k, { key: 'x', ttlMs: 0, load }, { signal: first.signal });
    const b = layer.share(k, { key: 'x', ttlMs: 0, load }, { signal: second.signal });
    await sleep(5);
    first.abort(new Error('first left'));
    await expect(a).rejects.toThrow('first left');
    expect(calls[0]!.abortSignal.aborted).toBe(false);
    await expect(b).resolves.toEqual({ value: 'done', shared: true });

    const third = new AbortController();
    const fourth = new AbortController();
    const c = layer.share(k, { key: 'y', ttlMs: 0, load }, { signal: third.signal });
    const d = layer.share(k, { key: 'y', ttlMs: 0, load }, { signal: fourth.signal });
    await sleep(5);
    third.abort(new Error('third left'));
    fourth.abort(new Error('fourth left'));
    await expect(c).rejects.toThrow('third left');
    await expect(d).rejects.toThrow('fourth left');
    expect(calls[1]!.abortSignal.aborted).toBe(true);
    expect(layer.inFlight).toBe(0);
    // A caller after everyone left starts afresh instead of joining the abandoned call.
    await expect(layer.share(k, { key: 'y', ttlMs: 0, load })).resolves.toEqual({ value: 'done', shared: false });
    expect(calls).toHaveLength(3);
  });

  it('never evicts in-flight work, however small the byte budget; a full in-flight table fails with OVERLOADED', async () => {
    const layer = sharing(4_096, 60);
    const k = kind<string>();
    const big = 'x'.repeat(300);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => layer.share(k, { key: `q${i}`, ttlMs: 60_000, load: async () => (await sleep(10), `${i}${big}`) })),
    );
    expect(answers.map((answer) => answer.value)).toEqual(Array.from({ length: 50 }, (_, i) => `${i}${big}`));
    // Complete answers are bounded by bytes: the oldest went. (They are stored once their waiters
    // have them: a macrotask later.)
    await new Promise((resolve) => setImmediate(resolve));
    expect(layer.store.bytes).toBeLessThanOrEqual(4_096);
    expect(layer.store.bytes).toBeGreaterThan(0);

    const full = sharing(1_048_576, 2);
    const { load } = slowLoad('v', 30);
    const running = [full.share(k, { key: 'a', ttlMs: 0, load }), full.share(k, { key: 'b', ttlMs: 0, load })];
    const refused = full.share(k, { key: 'c', ttlMs: 0, load });
    await expect(refused).rejects.toBeInstanceOf(SharingCapacityError);
    // Joining a call already in flight needs no room.
    await expect(full.share(k, { key: 'a', ttlMs: 0, load })).resolves.toMatchObject({ value: 'v', shared: true });
    await Promise.all(running);
    const error = toGraphQLError(await refused.catch((failure: unknown) => failure));
    expect(error.extensions).toEqual({ code: 'OVERLOADED', limit: 2 });
  });

  it('remembers answers obtained elsewhere and serves them by key', async () => {
    const layer = sharing();
    const k = kind<{ id: string }>();
    await layer.remember(k, 't1', { id: 't1' }, 60_000);
    expect(await layer.cached(k, 't1')).toEqual({ id: 't1' });
    expect(await layer.cached(k, 't2')).toBeUndefined();
    // Kinds never share entries, even under one key.
    expect(await layer.cached(kind<{ id: string }>(), 't1')).toBeUndefined();
  });

  it('refuses two kinds of one name', () => {
    new AnswerKind<number>('one name only');
    expect(() => new AnswerKind<string>('one name only')).toThrow('declared twice');
  });
});

describe('approximateBytes', () => {
  it('grows with content and counts a shared object once', () => {
    const span = { name: 'x'.repeat(100), children: [] as unknown[] };
    const once = approximateBytes({ spans: [span] });
    const twice = approximateBytes({ spans: [span], roots: [span] });
    expect(once).toBeGreaterThan(200);
    expect(twice - once).toBeLessThan(100);
    expect(approximateBytes(new Map([['k', 'v'.repeat(1_000)]]))).toBeGreaterThan(2_000);
  });
});

describe('Slot', () => {
  it('creates one value per owner on first use, keyed by the slot itself', () => {
    let created = 0;
    const counter = new Slot<object, { n: number }>('counter', () => ({ n: ++created }));
    const other = new Slot<object, { n: number }>('counter', () => ({ n: -1 }));
    const owner = {};
    expect(counter.peek(owner)).toBeUndefined();
    expect(counter.of(owner)).toBe(counter.of(owner));
    expect(counter.of({}).n).toBe(2);
    // Same description, different slot: never the same entry.
    expect(other.of(owner).n).toBe(-1);
  });
});

describe('answers stored after they are served', () => {
  it('are in the store once settled() resolves', async () => {
    const layer = sharing();
    const kind = new AnswerKind<string>('settled test answer');
    await layer.remember(kind, 'k', 'v', 60_000);
    // Served from the layer at once, written to the store a moment later.
    expect(await layer.cached(kind, 'k')).toBe('v');
    await layer.settled();
    expect(await layer.store.get(`${kind.name}\u0000k`)).toBe('v');
  });
});
