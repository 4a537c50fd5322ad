// untilExpiry on a fake clock: a stream ends at its credentials' expiry with one UNAUTHENTICATED
// payload and its source stopped; the consumer's return() reaches a silent source at once; an
// expiry weeks away (past setTimeout's range) does not fire early; no expiry, no wrapping.
import { createSchema, createYoga } from 'graphql-yoga';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { untilExpiry, useCredentialExpiry } from '../../src/server/use-credential-expiry.ts';

/** A source whose values the test pushes, and which records whether it was stopped. */
function pushSource<T>() {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  const state = { returned: false };
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      while (queue.length === 0 && !state.returned) await new Promise<void>((resolve) => (wake = resolve));
      if (state.returned) return { done: true, value: undefined };
      return { done: false, value: queue.shift()! };
    },
    async return() {
      state.returned = true;
      wake?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return {
    iterator,
    state,
    push: (value: T) => {
      queue.push(value);
      wake?.();
    },
  };
}

const T0 = Date.UTC(2026, 0, 1);

describe('untilExpiry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes events until the expiry, then one UNAUTHENTICATED payload, then the end; the source is stopped', async () => {
    const source = pushSource<string>();
    const stream = untilExpiry(source.iterator, T0 + 60_000);
    source.push('a');
    expect(await stream.next()).toEqual({ done: false, value: 'a' });
    const waiting = stream.next();
    await vi.advanceTimersByTimeAsync(59_999);
    source.push('b');
    expect(await waiting).toEqual({ done: false, value: 'b' });
    const last = stream.next();
    await vi.advanceTimersByTimeAsync(1);
    const { value } = (await last) as { value: { data: null; errors: Array<{ message: string; extensions: unknown }> } };
    expect(value.data).toBeNull();
    expect(value.errors.map((error) => ({ message: error.message, extensions: error.extensions }))).toEqual([
      { message: 'the bearer token expired at 2026-01-01T00:01:00.000Z: subscribe again with a fresh token', extensions: { code: 'UNAUTHENTICATED' } },
    ]);
    expect(source.state.returned).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('ends at once when the expiry has passed', async () => {
    const source = pushSource<string>();
    const stream = untilExpiry(source.iterator, T0 - 1);
    expect(((await stream.next()).value as { errors: Array<{ extensions: unknown }> }).errors[0]!.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it("passes the consumer's return() to a source that never yields, at once, and never fires later", async () => {
    const source = pushSource<string>();
    const stream = untilExpiry(source.iterator, T0 + 60_000);
    const waiting = stream.next();
    await stream.return?.();
    expect(source.state.returned).toBe(true);
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits for an expiry beyond setTimeout\'s range (30 days) in steps instead of firing at once', async () => {
    const source = pushSource<string>();
    const thirtyDays = 30 * 86_400_000;
    const stream = untilExpiry(source.iterator, T0 + thirtyDays);
    let settled = false;
    const last = stream.next().then((result) => ((settled = true), result));
    await vi.advanceTimersByTimeAsync(thirtyDays - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(((await last).value as { errors: Array<{ extensions: unknown }> }).errors[0]!.extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });
});

describe('useCredentialExpiry', () => {
  async function firstTwoEvents(expiresAt: number | undefined): Promise<unknown[]> {
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { ok: Boolean } type Subscription { tick: Int }',
        resolvers: {
          Subscription: {
            tick: {
              subscribe: async function* () {
                for (let n = 1; ; n++) yield { tick: n };
              },
            },
          },
        },
      }),
      plugins: [useCredentialExpiry({ expiresAtOf: () => expiresAt })],
    });
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { tick }' }),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const payloads = (text: string) => [...text.matchAll(/^data: (\{.*\})$/gm)].map((match) => JSON.parse(match[1]!) as unknown);
    let text = '';
    while (payloads(text).length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    return payloads(text).slice(0, 2);
  }

  it('leaves a stream alone when the credentials do not expire (bearer hashes)', async () => {
    expect(await firstTwoEvents(undefined)).toEqual([{ data: { tick: 1 } }, { data: { tick: 2 } }]);
  });

  it('ends a stream whose credentials have expired with the UNAUTHENTICATED payload', async () => {
    const [first, second] = await firstTwoEvents(Date.now() - 1);
    expect(first).toMatchObject({ data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(second).toBeUndefined();
  });
});
