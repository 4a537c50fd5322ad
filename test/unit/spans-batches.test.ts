// How the span loader cuts trace ids into Logs Insights queries: at most 100 ids each, ids close in
// time together with a window around the times their ids carry, ids without a time over the lookback.
import { describe, expect, it } from 'vitest';
import { SPANS_AFTER_MS, SPANS_BEFORE_MS, spansBatches } from '../../src/loaders/spans-traces.ts';

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
});
