// Trace.logs batching against aws-sdk-client-mock: which traces share a query (same groups, windows
// by the cost rule), the exact merged query text and window, rows routed back by the ids they
// mention inside each trace's own window, follow-ups for starved traces, and errors per query.
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand, type StartQueryCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InsightsPartsRun } from '../../src/aws/logs-insights-batch.ts';
import { buildTraceLogsQuery } from '../../src/aws/logs-insights-query.ts';
import { runInsightsQueryOverGroups } from '../../src/aws/logs-insights-runner.ts';
import { buildMergedTraceLogsQuery, clusterTraceWindows, ownTraceLogsQuery, runBatchedTraceLogs, type TraceLogsMember } from '../../src/aws/trace-logs-batch.ts';

const logsMock = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const run: InsightsPartsRun = (input) => runInsightsQueryOverGroups(client, input, { timeoutMs: 5_000 });

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const MIN = 60_000;
const A = '1-6744a1b0-0123456789abcdef01234567';
const B = '1-6744a1b0-89abcdef0123456789abcdef';
const C = '1-6744b000-fedcba9876543210fedcba98';
const w3c = (id: string): string => id.slice(2).replace('-', '');

interface Line {
  group: string;
  ms: number;
  message: string;
  stream?: string;
}
let lines: Line[] = [];
let started: StartQueryCommandInput[] = [];
/** Queries (by StartQuery order, 1-based) that fail in Logs Insights. */
let failing = new Set<number>();

/** A tiny Logs Insights: the lines of the listed groups in the window that contain one of the query's literals, newest first, `limit` of them. */
beforeEach(() => {
  logsMock.reset();
  lines = [];
  started = [];
  failing = new Set();
  logsMock.on(StartQueryCommand).callsFake((input: StartQueryCommandInput) => {
    started.push(input);
    return { queryId: `q${started.length}` };
  });
  logsMock.on(GetQueryResultsCommand).callsFake(({ queryId }: { queryId: string }) => {
    const index = Number(queryId.slice(1));
    if (failing.has(index)) return { status: 'Failed', $metadata: {} };
    const input = started[index - 1] as StartQueryCommandInput;
    const literals = [...(input.queryString as string).matchAll(/like "([^"]+)"/g)].map((match) => match[1] as string);
    const limit = Number(/limit (\d+)$/.exec(input.queryString as string)?.[1]);
    const matched = lines
      .filter((line) => input.logGroupNames!.includes(line.group) && line.ms >= input.startTime! * 1000 && line.ms <= input.endTime! * 1000 + 999 && literals.some((literal) => line.message.includes(literal)))
      .sort((a, b) => b.ms - a.ms);
    const rows = matched.slice(0, limit).map((line) => [
      { field: '@timestamp', value: new Date(line.ms).toISOString().replace('T', ' ').replace('Z', '') },
      { field: '@message', value: line.message },
      { field: '@logStream', value: line.stream ?? 'app/1' },
      { field: '@log', value: `123456789012:${line.group}` },
    ]);
    return { status: 'Complete', results: rows, statistics: { recordsMatched: matched.length, recordsScanned: 100, bytesScanned: 1000 }, $metadata: {} };
  });
});

const member = (traceId: string, startMs: number, endMs: number, limit = 10, logGroups = ['/ecs/a', '/ecs/b']): TraceLogsMember => ({ traceId, sources: [{ logGroups, streamPattern: undefined }], startMs, endMs, limit });
const messagesOf = (answer: unknown): string[] => {
  if (answer instanceof Error) throw answer;
  return (answer as { events: Array<{ message: string }> }).events.map((event) => event.message);
};

describe('clusterTraceWindows', () => {
  it('merges overlapping windows, and a gap only when overlaps elsewhere paid for it', () => {
    const w = (name: string, from: number, to: number) => ({ name, startMs: T0 + from * MIN, endMs: T0 + to * MIN });
    const names = (clusters: Array<Array<{ name: string }>>) => clusters.map((cluster) => cluster.map((item) => item.name));
    // Overlapping: one query over 0..15 (read 15 min instead of 10 + 10).
    expect(names(clusterTraceWindows([w('b', 5, 15), w('a', 0, 10)]))).toEqual([['a', 'b']]);
    // A 20-minute gap between two 10-minute windows: two queries (one would read 40 min for 20).
    expect(names(clusterTraceWindows([w('a', 0, 10), w('b', 30, 40)]))).toEqual([['a'], ['b']]);
    // a, b, c overlap heavily (30 min of own windows in a 12-min span): d after a 5-min gap still
    // makes 27 min of reading for 40 min of own windows.
    expect(names(clusterTraceWindows([w('a', 0, 10), w('b', 1, 11), w('c', 2, 12), w('d', 17, 27)]))).toEqual([['a', 'b', 'c', 'd']]);
    expect(names(clusterTraceWindows([w('a', 0, 10), w('d', 17, 27)]))).toEqual([['a'], ['d']]);
  });
});

describe('runBatchedTraceLogs', () => {
  it('asks traces with close windows over the same groups in one query, the far one alone, and routes rows by the ids they mention', async () => {
    const a = member(A, T0, T0 + 10 * MIN);
    const b = member(B, T0 + 5 * MIN, T0 + 15 * MIN + 500);
    const c = member(C, T0 + 6 * 60 * MIN, T0 + 6 * 60 * MIN + 10 * MIN, 2);
    lines = [
      { group: '/ecs/a', ms: T0 + 1 * MIN, message: `ERROR charge failed trace=${A}` },
      { group: '/ecs/b', ms: T0 + 2 * MIN, message: `{"traceId":"${w3c(A)}","msg":"retry"}` },
      { group: '/ecs/a', ms: T0 + 7 * MIN, message: `fan-out ${A} -> ${B}` },
      { group: '/ecs/b', ms: T0 + 12 * MIN, message: `late line of ${A}` }, // in b's window, not in a's
      { group: '/ecs/a', ms: T0 + 14 * MIN, message: `INFO done ${B}` },
      { group: '/ecs/c', ms: T0 + 3 * MIN, message: `other group ${A}` }, // not a group of theirs
      { group: '/ecs/a', ms: T0 + 6 * 60 * MIN + 1 * MIN, message: `c one ${C}` },
      { group: '/ecs/a', ms: T0 + 6 * 60 * MIN + 2 * MIN, message: `c two ${C}` },
      { group: '/ecs/a', ms: T0 + 6 * 60 * MIN + 3 * MIN, message: `c three ${C}` },
    ];
    const answers = await runBatchedTraceLogs(run, [a, b, c]);
    expect(started).toHaveLength(2);
    const merged = started.find((input) => input.queryString!.includes(B))!;
    expect(merged).toEqual({
      logGroupNames: ['/ecs/a', '/ecs/b'],
      queryString: `fields @timestamp, @message, @logStream, @log | filter @message like "${A}" or @message like "${w3c(A)}" or @message like "${B}" or @message like "${w3c(B)}" | sort @timestamp desc | limit 10000`,
      startTime: T0 / 1000,
      endTime: (T0 + 15 * MIN) / 1000,
    });
    // c runs its own query: exactly what Trace.logs ran before batching.
    expect(started.find((input) => input.queryString!.includes(C))).toEqual({
      logGroupNames: ['/ecs/a', '/ecs/b'],
      queryString: buildTraceLogsQuery({ traceId: C, limit: 2 }),
      startTime: (T0 + 360 * MIN) / 1000,
      endTime: (T0 + 370 * MIN) / 1000,
    });
    expect(messagesOf(answers[0])).toEqual([`fan-out ${A} -> ${B}`, `{"traceId":"${w3c(A)}","msg":"retry"}`, `ERROR charge failed trace=${A}`]);
    expect(messagesOf(answers[1])).toEqual([`INFO done ${B}`, `fan-out ${A} -> ${B}`]);
    expect(messagesOf(answers[2])).toEqual([`c three ${C}`, `c two ${C}`]);
    expect(answers.map((answer) => (answer as { truncated: boolean }).truncated)).toEqual([false, false, true]);
    expect((answers[0] as { statistics: { sharedBy: number } }).statistics.sharedBy).toBe(2);
  });

  it('searches each trace only in its own sources: their groups and @logStream patterns, in the query and in the routing', async () => {
    const payments = { logGroups: ['/ecs/a', '/ecs/b'], streamPattern: '(^|/)payments-api(/|$)' };
    const orders = { logGroups: ['/ecs/b'], streamPattern: '(^|/)orders-service(/|$)' };
    const a: TraceLogsMember = { traceId: A, sources: [payments], startMs: T0, endMs: T0 + 10 * MIN, limit: 10 };
    const b: TraceLogsMember = { traceId: B, sources: [payments, orders], startMs: T0, endMs: T0 + 10 * MIN, limit: 10 };
    expect(ownTraceLogsQuery(a, 10)).toEqual({
      logGroups: ['/ecs/a', '/ecs/b'],
      queryString: `fields @timestamp, @message, @logStream, @log | filter @message like "${A}" or @message like "${w3c(A)}" | filter @logStream like /(^|\\/)payments-api(\\/|$)/ | sort @timestamp desc | limit 10`,
    });
    expect(ownTraceLogsQuery(b, 10).queryString).toBe(
      `fields @timestamp, @message, @logStream, @log | filter @message like "${B}" or @message like "${w3c(B)}" | filter (@log like /(?:^|:)(?:\\/ecs\\/b)$/ and @logStream like /(^|\\/)orders-service(\\/|$)/) or (@logStream like /(^|\\/)payments-api(\\/|$)/) | sort @timestamp desc | limit 10`,
    );
    lines = [
      { group: '/ecs/a', ms: T0 + 1 * MIN, message: `payments ${A} ${B}`, stream: 'ecs/payments-api/1' },
      { group: '/ecs/b', ms: T0 + 2 * MIN, message: `orders ${A} ${B}`, stream: 'ecs/orders-service/1' },
      { group: '/ecs/b', ms: T0 + 3 * MIN, message: `another team ${A} ${B}`, stream: 'ecs/checkout-web/1' },
    ];
    const answers = await runBatchedTraceLogs(run, [a, b]);
    expect(started).toHaveLength(1);
    expect(started[0]!.queryString).toBe(
      `fields @timestamp, @message, @logStream, @log | filter ((@message like "${B}" or @message like "${w3c(B)}") and ((@log like /(?:^|:)(?:\\/ecs\\/b)$/ and @logStream like /(^|\\/)orders-service(\\/|$)/) or (@logStream like /(^|\\/)payments-api(\\/|$)/))) or ((@message like "${A}" or @message like "${w3c(A)}") and (@logStream like /(^|\\/)payments-api(\\/|$)/)) | sort @timestamp desc | limit 10000`,
    );
    // The mock ignores the stream conditions: the routing alone keeps each trace to its sources.
    expect(messagesOf(answers[0])).toEqual([`payments ${A} ${B}`]);
    expect(messagesOf(answers[1])).toEqual([`orders ${A} ${B}`, `payments ${A} ${B}`]);
    expect(answers.map((answer) => (answer as { logGroups: string[] }).logGroups)).toEqual([['/ecs/a', '/ecs/b'], ['/ecs/a', '/ecs/b']]);
  });

  it('never merges traces that read different log groups', async () => {
    await runBatchedTraceLogs(run, [member(A, T0, T0 + 10 * MIN, 5, ['/ecs/a']), member(B, T0, T0 + 10 * MIN, 5, ['/ecs/a', '/ecs/b'])]);
    expect(started.map((input) => [input.logGroupNames, input.queryString])).toEqual(
      expect.arrayContaining([
        [['/ecs/a'], buildTraceLogsQuery({ traceId: A, limit: 5 })],
        [['/ecs/a', '/ecs/b'], buildTraceLogsQuery({ traceId: B, limit: 5 })],
      ]),
    );
    expect(started).toHaveLength(2);
  });

  it('asks a starved trace again, only for the time before the oldest line of a full merged answer', async () => {
    // A busy trace fills the merged answer (limit: 3 + 3 rows); the quiet one has an older line only.
    for (let i = 0; i < 6; i++) lines.push({ group: '/ecs/a', ms: T0 + 8 * MIN + i * 1_000, message: `busy ${A} #${i}` });
    lines.push({ group: '/ecs/a', ms: T0 + 2 * MIN, message: `quiet ${B}` });
    const answers = await runBatchedTraceLogs(run, [member(A, T0, T0 + 10 * MIN, 2), member(B, T0, T0 + 10 * MIN, 2)], { mergedLimit: 4 });
    expect(started).toHaveLength(2);
    expect(started[0]!.queryString).toMatch(/\| limit 6$/);
    // The oldest of the 6 rows is at +8 min 0 s: only from +8 min 1 s on is everything known, so
    // the quiet trace (no row yet) runs its own query up to +8 min 0 s (inclusive).
    expect(started[1]).toEqual({ logGroupNames: ['/ecs/a', '/ecs/b'], queryString: buildTraceLogsQuery({ traceId: B, limit: 2 }), startTime: T0 / 1000, endTime: (T0 + 8 * MIN) / 1000 });
    expect(messagesOf(answers[0])).toEqual([`busy ${A} #5`, `busy ${A} #4`]);
    expect(messagesOf(answers[1])).toEqual([`quiet ${B}`]);
    expect(answers.map((answer) => (answer as { truncated: boolean }).truncated)).toEqual([true, false]);
  });

  it('fails only the traces a failed query served', async () => {
    failing = new Set([1]);
    const answers = await runBatchedTraceLogs(run, [member(A, T0, T0 + 10 * MIN), member(B, T0 + MIN, T0 + 11 * MIN), member(C, T0 + 600 * MIN, T0 + 610 * MIN)]);
    expect(started).toHaveLength(2);
    const failedFirst = started[0]!.queryString!.includes(C) ? [2] : [0, 1];
    answers.forEach((answer, k) => expect(answer instanceof Error, `trace ${k}`).toBe(failedFirst.includes(k)));
  });

  it('cuts the traces of one window into queries of at most 10,000 characters', async () => {
    const ids = Array.from({ length: 300 }, (_, k) => `1-6744a1b0-${k.toString(16).padStart(24, '0')}`);
    for (const [k, id] of ids.entries()) lines.push({ group: '/ecs/a', ms: T0 + k * 100, message: `line of ${id}` });
    expect(buildMergedTraceLogsQuery(ids.map((id) => member(id, T0, T0 + MIN)), 10_000).queryString.length).toBeGreaterThan(10_000);
    const answers = await runBatchedTraceLogs(run, ids.map((id) => member(id, T0, T0 + MIN, 1)));
    expect(started.length).toBeGreaterThan(1);
    expect(started.length).toBeLessThan(10);
    for (const input of started) expect(input.queryString!.length).toBeLessThanOrEqual(10_000);
    expect(answers.map(messagesOf)).toEqual(ids.map((id) => [`line of ${id}`]));
  });
});
