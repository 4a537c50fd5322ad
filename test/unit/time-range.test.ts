import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { resolveTimeRange } from '../../src/schema/time-range.ts';

const now = Date.parse('2026-11-25T12:00:00.000Z');
const maxWindowMs = 15 * 86_400_000;

function errorOf(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected an error');
}

describe('resolveTimeRange', () => {
  it('defaults to the last hour', () => {
    expect(resolveTimeRange(undefined, { now, maxWindowMs })).toEqual({ start: now - 3_600_000, end: now, relative: true });
  });

  it('reads relative windows', () => {
    expect(resolveTimeRange({ last: '15m' }, { now, maxWindowMs })).toEqual({ start: now - 900_000, end: now, relative: true });
    expect(resolveTimeRange({ last: '7d' }, { now, maxWindowMs }).start).toBe(now - 7 * 86_400_000);
  });

  it('reads absolute windows and defaults `to` to now', () => {
    const from = new Date('2026-11-25T10:00:00Z');
    expect(resolveTimeRange({ from }, { now, maxWindowMs })).toEqual({ start: from.getTime(), end: now, relative: false });
    expect(resolveTimeRange({ from, to: new Date('2026-11-25T11:00:00Z') }, { now, maxWindowMs }).end).toBe(Date.parse('2026-11-25T11:00:00Z'));
  });

  it.each([
    [{ last: '15 minutes' }, 'range.last: "15 minutes" is not a duration; expected a duration from 1ms to 15d (limits.max_window), written as a number followed by ms, s, m, h, d or w (e.g. "15m", "1h", "7d")'],
    [{ last: '-5m' }, 'range.last: "-5m" is not a duration; expected a duration from 1ms to 15d (limits.max_window), written as a number followed by ms, s, m, h, d or w (e.g. "15m", "1h", "7d")'],
    [{ last: '0m' }, 'range.last: "0m" is an empty window; expected a duration from 1ms to 15d (limits.max_window), written as a number followed by ms, s, m, h, d or w (e.g. "15m", "1h", "7d")'],
    [{ last: '1h', from: new Date(now - 1000) }, 'range: give either "last" or "from"/"to", not both'],
    [{ to: new Date(now) }, 'range: "to" needs a "from"'],
    [{ from: new Date(now - 1000), to: new Date(now - 2000) }, 'range: "from" (2026-11-25T11:59:59.000Z) must be before "to" (2026-11-25T11:59:58.000Z)'],
    [{ from: new Date(now + 60_000) }, 'range: "from" (2026-11-25T12:01:00.000Z) is in the future'],
    [{ last: '30d' }, 'range: the window is 30d, longer than the allowed 15d (limits.max_window)'],
  ])('rejects %j with BAD_USER_INPUT', (range, message) => {
    const error = errorOf(() => resolveTimeRange(range, { now, maxWindowMs }));
    expect(error.message).toBe(message);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'range' });
  });
});
