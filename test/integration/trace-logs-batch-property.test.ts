// Property: for random traces (ids, sources: log-group sets with or without a @logStream pattern,
// one or two per trace as its services have; windows that overlap, touch or lie far apart, limits)
// and random lines that mention them (X-Ray or W3C form, several ids in one line, lines outside the
// windows, other groups and streams), the batched Trace.logs answer of every trace equals the
// answer of its own query, both run by the real SDK against the emulator.
// Timestamps are distinct: with equal timestamps at a limit's cut, Logs Insights may return either
// line, for its own query as for the merged one.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InsightsPartsRun } from '../../src/aws/logs-insights-batch.ts';
import { runInsightsQueryOverGroups, runLogEventsQuery } from '../../src/aws/logs-insights-runner.ts';
import { clusterTraceWindows, memberGroups, ownTraceLogsQuery, runBatchedTraceLogs, traceIdForms, type TraceLogsMember } from '../../src/aws/trace-logs-batch.ts';
import { DemoRandom } from '../../src/emulator/demo-random.ts';
import type { RunningEmulator } from '../../src/emulator/emulator-server.ts';
import { LogStore } from '../../src/emulator/log-store.ts';
import { startLogsOnlyEmulator, type LogsOnlyEmulator } from '../support/logs-only-emulator.ts';

const T0 = Date.UTC(2026, 10, 25, 6, 0, 0);
const SPAN_MS = 3 * 3_600_000;
const MIN = 60_000;
const CASES = 40;
const WORDS = ['charge', 'order', 'timeout', 'ok', 'db', 'retry'];
/** Streams of several services in every group; sources' patterns pick some. */
const STREAMS = ['ecs/payments-api/1a2b', 'ecs/payments-api-worker/3c4d', 'ecs/orders-service/5e6f', 'app/task/1'];
const STREAM_PATTERNS = [undefined, '(^|/)payments-api(/|$)', '(^|/)orders-service(/|$)', 'payments'];

let running: LogsOnlyEmulator;
let emulator: RunningEmulator;
let store: LogStore;
let client: CloudWatchLogsClient;
const run: InsightsPartsRun = (input) => runInsightsQueryOverGroups(client, input, { timeoutMs: 10_000 });
const totals = { cases: 0, traces: 0, batchedStartQuery: 0, ownStartQuery: 0, clusters: 0, truncated: 0 };

beforeAll(async () => {
  store = new LogStore({ now: () => T0 + SPAN_MS });
  running = await startLogsOnlyEmulator(store);
  emulator = running.emulator;
  client = running.client;
});
afterAll(async () => {
  await running?.close();
  console.log(
    `Trace.logs batched == per trace in ${totals.cases} random cases (${totals.traces} traces, ${totals.truncated} truncated answers): ` +
      `${totals.batchedStartQuery} StartQuery batched (${totals.clusters} queries before follow-ups) vs ${totals.ownStartQuery} one per trace`,
  );
});

const hex = (random: DemoRandom, length: number): string => Array.from({ length }, () => '0123456789abcdef'[random.int(0, 15)]).join('');

/** Writes a case's lines under its own group names and returns its traces. */
function generate(seed: number): TraceLogsMember[] {
  const random = new DemoRandom(seed);
  const groups = Array.from({ length: random.int(1, 3) }, (_, k) => `/trace-case-${seed}/${random.pick(['app', 'app.x', 'app#1'])}-${k}`);
  for (const group of groups) store.createLogGroup(group, { creationTime: T0 });
  const used = new Set<number>();
  const timestamp = (from: number, to: number): number => {
    for (;;) {
      const t = random.int(Math.max(T0, from), Math.min(T0 + SPAN_MS, to));
      if (!used.has(t)) {
        used.add(t);
        return t;
      }
    }
  };
  // Traces start in a few bursts (close windows) and alone (far ones); each window is the trace's
  // time plus 5 minutes on both sides, as Trace.logs asks.
  const bursts = Array.from({ length: random.int(1, 3) }, () => T0 + random.int(10 * MIN, SPAN_MS - 30 * MIN));
  const traces: TraceLogsMember[] = Array.from({ length: random.int(2, 9) }, () => {
    const start = random.chance(0.7) ? random.pick(bursts) + random.int(-8 * MIN, 8 * MIN) : T0 + random.int(10 * MIN, SPAN_MS - 30 * MIN);
    const source = () => {
      const subset = groups.filter(() => random.chance(0.5));
      return { logGroups: random.chance(0.7) || subset.length === 0 ? groups : subset, streamPattern: random.pick(STREAM_PATTERNS) };
    };
    return {
      traceId: `1-${hex(random, 8)}-${hex(random, 24)}`,
      sources: random.chance(0.6) ? [source()] : [source(), source()],
      startMs: start - 5 * MIN,
      endMs: start + random.int(0, 90_000) + 5 * MIN,
      limit: random.pick([1, 2, 5, 10, 50]),
    };
  });
  const byStream = new Map<string, Array<{ timestamp: number; message: string }>>();
  const put = (group: string, timestamp: number, message: string): void => {
    const key = JSON.stringify([group, random.pick(STREAMS)]);
    byStream.set(key, [...(byStream.get(key) ?? []), { timestamp, message }]);
  };
  for (const trace of traces) {
    const [xray, w3c] = traceIdForms(trace.traceId);
    const count = random.pick([0, 2, 5, 20, 60]);
    for (let i = 0; i < count; i++) {
      // Mostly inside its window, some just outside it (other traces' windows may hold them).
      const at = random.chance(0.85) ? timestamp(trace.startMs, trace.endMs) : timestamp(trace.startMs - 10 * MIN, trace.endMs + 10 * MIN);
      const other = random.chance(0.15) ? ` calls ${random.pick(traces).traceId}` : '';
      const message = random.chance(0.5) ? `${random.pick(['INFO', 'ERROR'])} ${random.pick(WORDS)} trace=${xray}${other}` : `{"traceId":"${w3c}","msg":"${random.pick(WORDS)}"}`;
      put(random.pick(groups), at, message);
    }
  }
  for (let i = 0; i < 30; i++) put(random.pick(groups), timestamp(T0, T0 + SPAN_MS), `INFO ${random.pick(WORDS)} trace=1-${hex(random, 8)}-${hex(random, 24)}`);
  for (const [key, events] of byStream) {
    const [group, stream] = JSON.parse(key) as [string, string];
    store.putLogEvents(group, stream, events.sort((a, b) => a.timestamp - b.timestamp));
  }
  return traces;
}

const shape = (events: ReadonlyArray<{ timestamp: Date; message: string; logGroup: string | null }>) => events.map((event) => `${event.timestamp.toISOString()} ${event.logGroup} ${event.message}`);

describe('batched Trace.logs == one query per trace', () => {
  it(`newest limit lines, truncated and recordsMatched in ${CASES} random cases`, async () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const traces = generate(seed);
      const before = emulator.counters.calls('StartQuery');
      // A small merged limit in most cases, so busy traces fill the merged answer and starve others.
      const mergedLimit = seed % 3 === 0 ? undefined : (seed * 7) % 40;
      const batched = await runBatchedTraceLogs(run, traces, mergedLimit !== undefined ? { mergedLimit } : {});
      const batchedCalls = emulator.counters.calls('StartQuery') - before;
      const own = await Promise.all(
        traces.map((trace) => {
          const own = ownTraceLogsQuery(trace, trace.limit);
          return runLogEventsQuery(client, { logGroups: own.logGroups, queryString: own.queryString, startMs: trace.startMs, endMs: trace.endMs, limit: trace.limit }, { timeoutMs: 10_000 });
        }),
      );
      const byGroups = new Map<string, TraceLogsMember[]>();
      for (const trace of traces) byGroups.set(JSON.stringify(memberGroups(trace)), [...(byGroups.get(JSON.stringify(memberGroups(trace))) ?? []), trace]);
      totals.cases++;
      totals.traces += traces.length;
      totals.batchedStartQuery += batchedCalls;
      totals.ownStartQuery += traces.length;
      totals.clusters += [...byGroups.values()].reduce((sum, group) => sum + clusterTraceWindows(group).length, 0);
      traces.forEach((trace, k) => {
        const answer = batched[k];
        const expected = own[k]!;
        const where = `seed ${seed}, trace ${k} ${JSON.stringify(trace)}`;
        if (answer instanceof Error) throw new Error(`${where}: ${answer.message}`);
        expect(shape(answer!.events), where).toEqual(shape(expected.events));
        expect(answer!.truncated, where).toBe(expected.truncated);
        // Only lines of the trace's sources: a group of one source and a stream its pattern takes.
        for (const event of answer!.events) {
          const fromSource = trace.sources.some((source) => source.logGroups.includes(event.logGroup ?? '') && (source.streamPattern === undefined || new RegExp(source.streamPattern).test(event.logStream ?? '')));
          expect(fromSource, `${where}: ${event.logGroup} ${event.logStream}`).toBe(true);
        }
        if (answer!.statistics.recordsMatchedExact) expect(answer!.statistics.recordsMatched, where).toBe(expected.statistics.recordsMatched);
        else expect(answer!.statistics.recordsMatched, where).toBeLessThanOrEqual(expected.statistics.recordsMatched);
        if (expected.truncated) totals.truncated++;
      });
    }
    // Close windows share queries: fewer StartQuery than traces, follow-ups included.
    expect(totals.clusters).toBeLessThan(totals.traces);
    expect(totals.batchedStartQuery).toBeLessThan(totals.ownStartQuery);
  }, 120_000);
});
