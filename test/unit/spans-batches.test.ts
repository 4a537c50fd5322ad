// How the span loader cuts trace ids into Logs Insights queries: at most 100 ids each, ids close in
// time together with a window around the times their ids carry, ids without a time over the lookback.
import { describe, expect, it } from 'vitest';
import { SPANS_AFTER_MS, SPANS_BEFORE_MS, SPANS_ID_TIME_MAX_AGE_MS, spansBatches, spansLookupWindow } from '../../src/loaders/traces/spans-traces.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const idAt = (ms: number, n: number): string => `1-${Math.floor(ms / 1000).toString(16)}-${n.toString(16).padStart(24, '0')}`;

describe('spansBatches', () => {
  it('puts ids close in time in one query whose window covers them', () => {
    const ids = [idAt(NOW - 60_000, 1), idAt(NOW - 3_600_000, 2), idAt(NOW - 600_000, 3)];
    expect(spansBatches(ids, NOW, 86_400_000)).toEqual([{ ids: [ids[1], ids[2], ids[0]], start: NOW - 3_600_000 - SPANS_BEFORE_MS, end: NOW }]);
  });

  it('splits ids hours apart, batches of more than 100, and ids that carry no plausible time', () => {
    const old = idAt(NOW - 10 * 3_600_000, 1);
    const random = '1-00000001-000000000000000000000001';
    const recent = Array.from({ length: 150 }, (_, k) => idAt(NOW - 3_600_000 + k * 1000, k + 2));
    const batches = spansBatches([random, old, ...recent], NOW, 86_400_000);
    expect(batches.map((batch) => batch.ids.length)).toEqual([1, 100, 50, 1]);
    expect(batches[0]).toEqual({ ids: [old], start: NOW - 10 * 3_600_000 - SPANS_BEFORE_MS, end: NOW - 10 * 3_600_000 + SPANS_AFTER_MS });
    expect(batches[3]).toEqual({ ids: [random], start: NOW - 86_400_000, end: NOW });
  });

  it('looks around the time an id carries when it lies within X-Ray\'s 30 days (and a day), else over the lookback', () => {
    const recent = idAt(NOW - 2 * 86_400_000, 1);
    expect(spansLookupWindow(recent, NOW, 86_400_000)).toEqual({ start: NOW - 2 * 86_400_000 - SPANS_BEFORE_MS, end: NOW - 2 * 86_400_000 + SPANS_AFTER_MS, aroundIdTime: true });
    // An id of 40 days ago, a random W3C id (any instant of 136 years) and one from the future: the last 24 h.
    for (const id of [idAt(NOW - 40 * 86_400_000, 2), idAt(NOW - SPANS_ID_TIME_MAX_AGE_MS - 1000, 3), '1-00000001-000000000000000000000001', idAt(NOW + 3_600_000, 4)]) {
      expect(spansLookupWindow(id, NOW, 86_400_000), id).toEqual({ start: NOW - 86_400_000, end: NOW, aroundIdTime: false });
    }
    // A batch's query covers the window of each of its ids.
    const ids = [idAt(NOW - 600_000, 5), idAt(NOW - 40 * 86_400_000, 6)];
    for (const batch of spansBatches(ids, NOW, 86_400_000)) {
      for (const id of batch.ids) {
        const window = spansLookupWindow(id, NOW, 86_400_000);
        expect(batch.start).toBeLessThanOrEqual(window.start);
        expect(batch.end).toBeGreaterThanOrEqual(window.end);
      }
    }
  });
});
