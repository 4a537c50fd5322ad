// Incremental refresh: the merge of an earlier answer and the delta equals the whole window's
// answer, checked against brute force over random lines, windows, limits and settle margins.
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/aws/log-event.ts';
import { mergeEventsRefresh, mergeVolumeRefresh, refreshWindow, volumeRefreshPlan, type QueryWindow } from '../../src/aws/logs-insights-incremental.ts';
import { DemoRandom } from '../../src/emulator/demo-random.ts';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const HOUR = 3_600_000;
const ZERO = { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };

const event = (ms: number): LogEvent => ({ timestamp: new Date(ms), message: `line ${ms}`, logStream: null, logGroup: null, level: null, traceId: null, fields: null, ptr: null });
/** What StartQuery sees of a window: whole seconds, both ends inclusive. */
const inWindow = (ms: number, window: QueryWindow): boolean => ms >= Math.floor(window.startMs / 1000) * 1000 && ms <= Math.floor(window.endMs / 1000) * 1000 + 999;
function query(lines: number[], window: QueryWindow, limit: number) {
  const matched = lines.filter((ms) => inWindow(ms, window)).sort((a, b) => b - a);
  return { events: matched.slice(0, limit).map(event), truncated: matched.length > limit, recordsMatched: matched.length };
}

describe('refreshWindow', () => {
  it('asks from the previous end minus the settle margin, in whole seconds', () => {
    expect(refreshWindow({ startMs: T0, endMs: T0 + HOUR }, { startMs: T0 + 30_000, endMs: T0 + HOUR + 30_000 }, 120_000)).toEqual({ startMs: T0 + HOUR - 120_000, endMs: T0 + HOUR + 30_000 });
    expect(refreshWindow({ startMs: T0, endMs: T0 + HOUR + 500 }, { startMs: T0 + 30_000, endMs: T0 + HOUR + 30_000 }, 120_000, 300_000)).toEqual({ startMs: T0 + HOUR - 300_000, endMs: T0 + HOUR + 30_000 });
    // Moved back, or so far forward that nothing is shared: the whole window.
    expect(refreshWindow({ startMs: T0, endMs: T0 + HOUR }, { startMs: T0 - 1_000, endMs: T0 + HOUR }, 0)).toBeUndefined();
    expect(refreshWindow({ startMs: T0, endMs: T0 + HOUR }, { startMs: T0 + HOUR, endMs: T0 + 2 * HOUR }, 60_000)).toBeUndefined();
  });
});

describe('mergeEventsRefresh', () => {
  it('equals the whole window query in random cases, and declines only when it cannot be exact', () => {
    let merged = 0;
    let declined = 0;
    for (let seed = 1; seed <= 2_000; seed++) {
      const random = new DemoRandom(seed);
      const density = random.pick([2, 20, 200, 2_000]);
      const lines = [...new Set(Array.from({ length: density }, () => T0 + random.int(0, 2 * HOUR)))];
      const limit = random.pick([1, 5, 20, 100]);
      const previous = { startMs: T0 + random.int(0, 600_000), endMs: T0 + HOUR + random.int(0, 600_000) };
      const step = random.pick([0, 10_000, 30_000, 61_500, 600_000]);
      const next = { startMs: previous.startMs + step, endMs: previous.endMs + step };
      const settle = random.pick([0, 60_000, 180_000]);
      const deltaWindow = refreshWindow(previous, next, settle);
      if (!deltaWindow) continue;
      // Answers keep limit + 1 lines, so that `truncated` stays known after a merge.
      const before = query(lines, previous, limit + 1);
      const delta = query(lines, deltaWindow, limit + 1);
      const result = mergeEventsRefresh({ window: previous, limit: limit + 1, ...before }, next, deltaWindow, { ...delta, statistics: ZERO });
      const expected = query(lines, next, limit);
      if (!result) {
        declined++;
        expect(before.truncated, `seed ${seed}`).toBe(true);
        continue;
      }
      merged++;
      expect(result.events.slice(0, limit).map((e) => e.timestamp.getTime()), `seed ${seed}`).toEqual(expected.events.map((e) => e.timestamp.getTime()));
      expect(result.events.length > limit || result.truncated === true, `seed ${seed}`).toBe(expected.truncated);
      if (result.exact) expect(result.recordsMatched, `seed ${seed}`).toBe(expected.recordsMatched);
      else expect(result.recordsMatched).toBeLessThanOrEqual(expected.recordsMatched);
    }
    expect(merged).toBeGreaterThan(1_000);
    expect(declined).toBeLessThan(merged / 20);
    console.log(`incremental refresh == whole window: ${merged} merged, ${declined} declined (earlier answer cut where the new window needs it)`);
  });
});

describe('volume refresh', () => {
  it('keeps the middle bins, asks the delta and the cut first bin, and equals the whole window', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const random = new DemoRandom(seed);
      const lines = Array.from({ length: random.int(0, 3_000) }, () => T0 + random.int(0, 2 * HOUR));
      const bucketMs = random.pick([30_000, 60_000, 300_000]);
      const count = (window: QueryWindow) => {
        const counts = new Map<number, number>();
        for (const ms of lines) if (inWindow(ms, window)) counts.set(Math.floor(ms / bucketMs) * bucketMs, (counts.get(Math.floor(ms / bucketMs) * bucketMs) ?? 0) + 1);
        return counts;
      };
      const previous = { startMs: T0 + random.int(0, 60) * 10_000, endMs: T0 + HOUR + random.int(0, 60) * 10_000 };
      const step = random.pick([10_000, 30_000, 60_000]);
      const next = { startMs: previous.startMs + step, endMs: previous.endMs + step };
      const plan = volumeRefreshPlan({ window: previous, bucketMs, counts: count(previous) }, next, 120_000);
      if (!plan) continue;
      if (plan.head) expect(plan.head.endMs - plan.head.startMs).toBeLessThan(bucketMs);
      const merged = mergeVolumeRefresh({ window: previous, bucketMs, counts: count(previous) }, next, plan, { delta: count(plan.delta), head: plan.head ? count(plan.head) : undefined });
      expect(Object.fromEntries([...merged].sort(([a], [b]) => a - b)), `seed ${seed}`).toEqual(Object.fromEntries([...count(next)].sort(([a], [b]) => a - b)));
    }
  });
});
