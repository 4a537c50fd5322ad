// The Logs Insights runner against aws-sdk-client-mock: epoch seconds, polling back-off, terminal
// statuses, the query timeout (partial result, StopQuery), retries, and the > 50 log-group fan-out.
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
  type GetQueryResultsCommandOutput,
  type StartQueryCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsCallError } from '../../src/aws/aws-call.ts';
import { AwsUsage } from '../../src/aws/aws-usage.ts';
import { LogsInsightsQueryError, runInsightsQuery, runLogEventsQuery, type StopQueryPolicy } from '../../src/aws/logs-insights-runner.ts';
import { PollSchedule } from '../../src/aws/logs-insights-poll-schedule.ts';
import { createLogsInsightsGate } from '../../src/quota/logs-insights-limiter.ts';

const logsMock = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: name === 'AccessDeniedException' ? 403 : 400 } });
}

const row = (ms: number, message: string, group = '/ecs/a') => [
  { field: '@timestamp', value: new Date(ms).toISOString().replace('T', ' ').replace('Z', '') },
  { field: '@message', value: message },
  { field: '@logStream', value: 'ecs/a/1' },
  { field: '@log', value: `123456789012:${group}` },
  { field: '@ptr', value: `ptr-${message}` },
];

const results = (status: string, rows: ReturnType<typeof row>[] = [], recordsMatched = rows.length): GetQueryResultsCommandOutput =>
  ({ status, results: rows, statistics: { recordsMatched, recordsScanned: 1000, bytesScanned: 2048 }, $metadata: {} }) as GetQueryResultsCommandOutput;

const input = { logGroups: ['/ecs/a'], queryString: 'fields @timestamp | limit 10', startMs: T0 + 1_500, endMs: T0 + 3_600_999 };

beforeEach(() => {
  logsMock.reset();
  vi.useFakeTimers({ now: T0 + 3_601_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runInsightsQuery', () => {
  it('starts in epoch seconds and polls 100 ms growing to 1 s', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q1' });
    const pollTimes: number[] = [];
    logsMock.on(GetQueryResultsCommand).callsFake(() => {
      pollTimes.push(Date.now());
      return pollTimes.length < 8 ? results(pollTimes.length < 2 ? 'Scheduled' : 'Running') : results('Complete', [row(T0, 'done')]);
    });
    const started = Date.now();
    const usage = new AwsUsage();
    const run = runInsightsQuery(client, input, { timeoutMs: 30_000, usage });
    await vi.advanceTimersByTimeAsync(10_000);
    const part = await run;

    expect(logsMock.commandCalls(StartQueryCommand)[0]!.args[0].input).toEqual({
      logGroupNames: ['/ecs/a'],
      queryString: 'fields @timestamp | limit 10',
      startTime: (T0 + 1_000) / 1000,
      endTime: (T0 + 3_600_000) / 1000,
    });
    const gaps = pollTimes.map((time, i) => time - (i === 0 ? started : (pollTimes[i - 1] as number)));
    expect(gaps).toEqual([100, 200, 400, 800, 1000, 1000, 1000, 1000]);
    expect(part).toEqual({ queryId: 'q1', logGroups: ['/ecs/a'], status: 'Complete', rows: [row(T0, 'done')], statistics: { recordsMatched: 1, recordsScanned: 1000, bytesScanned: 2048 } });
    expect(usage.toJSON()).toMatchObject({
      calls: { 'logs:GetQueryResults': { calls: 8, attempts: 8 }, 'logs:StartQuery': { calls: 1, attempts: 1 } },
      logsBytesScanned: 2048,
      logsRecordsScanned: 1000,
    });
  });

  it.each(['Failed', 'Cancelled', 'Timeout', 'Unknown'] as const)('turns a %s query into a typed error and frees its slot', async (status) => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-bad' });
    logsMock.on(GetQueryResultsCommand).resolvesOnce(results('Running')).resolves(results(status));
    const gate = createLogsInsightsGate({ maxRunningQueries: 1, callsPerSecond: 10, stopAbandonedQueries: true });
    const run = runInsightsQuery(client, input, { timeoutMs: 30_000, gate, stopQuery: gate.stopQuery });
    const failure = expect(run).rejects.toSatisfy((error) => error instanceof LogsInsightsQueryError && error.status === status && error.queryId === 'q-bad');
    await vi.advanceTimersByTimeAsync(1_000);
    await failure;
    expect(gate.queries.active).toBe(0);
    expect(logsMock.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
    expect(logsMock.commandCalls(StopQueryCommand)).toHaveLength(0);
  });

  it('counts its slot and every StartQuery/GetQueryResults call for the caller it runs for, over every chunk of > 50 groups', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q1' });
    logsMock.on(GetQueryResultsCommand).resolvesOnce(results('Running')).resolves(results('Complete'));
    const seen: string[] = [];
    const caller = { identity: 'payments-dashboard', request: '7' };
    const gate = {
      acquireQuerySlot: async (_signal?: AbortSignal, who?: typeof caller) => (seen.push(`slot:${who?.identity}/${who?.request}`), () => seen.push('released')),
      takeCall: async (_signal?: AbortSignal, who?: typeof caller) => (seen.push(`call:${who?.identity}/${who?.request}`), () => {}),
    };
    const logGroups = Array.from({ length: 51 }, (_, i) => `/ecs/g${i}`);
    const run = runLogEventsQuery(client, { ...input, logGroups, limit: 10 }, { timeoutMs: 30_000, gate, caller });
    await vi.advanceTimersByTimeAsync(2_000);
    await run;
    // Two chunks, each: a slot, StartQuery, two polls, the release.
    expect(seen.filter((entry) => entry !== 'released').every((entry) => entry.endsWith(':payments-dashboard/7'))).toBe(true);
    expect(seen.filter((entry) => entry.startsWith('slot:'))).toHaveLength(2);
    expect(seen.filter((entry) => entry.startsWith('call:'))).toHaveLength(2 + logsMock.commandCalls(GetQueryResultsCommand).length);
    expect(seen.filter((entry) => entry === 'released')).toHaveLength(2);
  });

  it('does not learn a run time from a poll the gate held back (the query may have been complete long before)', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q1' });
    logsMock.on(GetQueryResultsCommand).resolves(results('Complete'));
    const pollSchedule = new PollSchedule({ callsPerSecond: 8 });
    let held = 0;
    const gate = {
      acquireQuerySlot: async () => () => {},
      // Every poll waits 2 s for the rate (others' calls fill it); StartQuery goes at once.
      takeCall: async () => {
        if (held++ > 0) await new Promise((resolve) => setTimeout(resolve, 2_000));
        return () => {};
      },
    };
    const run = runInsightsQuery(client, input, { timeoutMs: 30_000, gate, pollSchedule });
    await vi.advanceTimersByTimeAsync(3_000);
    await run;
    expect(pollSchedule.expectedMs).toBeUndefined();
    // The same query polled without waiting teaches its time.
    const alone = runInsightsQuery(client, input, { timeoutMs: 30_000, pollSchedule });
    await vi.advanceTimersByTimeAsync(1_000);
    await alone;
    expect(pollSchedule.expectedMs).toBe(100);
  });

  it('returns the partial result when the query timeout passes, and stops the query', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-slow' });
    logsMock.on(GetQueryResultsCommand).resolves(results('Running', [row(T0 + 5, 'early')], 1));
    logsMock.on(StopQueryCommand).resolves({ success: true });
    const gate = createLogsInsightsGate({ maxRunningQueries: 2, callsPerSecond: 10, stopAbandonedQueries: true });
    const run = runInsightsQuery(client, input, { timeoutMs: 3_000, gate, stopQuery: gate.stopQuery });
    await vi.advanceTimersByTimeAsync(5_000);
    const part = await run;
    expect(part.status).toBe('Partial');
    expect(part.rows).toEqual([row(T0 + 5, 'early')]);
    // 100, 200, 400, 800, 1000, then the rest up to the deadline at 3000 ms
    expect(logsMock.commandCalls(GetQueryResultsCommand)).toHaveLength(6);
    expect(logsMock.commandCalls(StopQueryCommand).map((call) => call.args[0].input)).toEqual([{ queryId: 'q-slow' }]);
    expect(gate.queries.active).toBe(0);
  });

  it('degrades silently when StopQuery is denied, and does not ask again', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-slow' });
    logsMock.on(GetQueryResultsCommand).resolves(results('Running'));
    logsMock.on(StopQueryCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: logs:StopQuery'));
    const stopQuery: StopQueryPolicy = { enabled: true, denied: false };
    for (let i = 0; i < 2; i++) {
      const run = runInsightsQuery(client, input, { timeoutMs: 1_000, stopQuery });
      await vi.advanceTimersByTimeAsync(2_000);
      expect((await run).status).toBe('Partial');
    }
    expect(stopQuery.denied).toBe(true);
    expect(logsMock.commandCalls(StopQueryCommand)).toHaveLength(1);
  });

  it('never calls StopQuery when it is switched off', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-slow' });
    logsMock.on(GetQueryResultsCommand).resolves(results('Running'));
    const run = runInsightsQuery(client, input, { timeoutMs: 1_000, stopQuery: { enabled: false, denied: false } });
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await run).status).toBe('Partial');
    expect(logsMock.commandCalls(StopQueryCommand)).toHaveLength(0);
  });

  it('retries StartQuery on LimitExceededException and throttling with backoff', async () => {
    logsMock
      .on(StartQueryCommand)
      .rejectsOnce(awsError('LimitExceededException', 'Account maximum query concurrency limit of [100] reached'))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ queryId: 'q-late' });
    logsMock.on(GetQueryResultsCommand).resolves(results('Complete', [row(T0, 'x')]));
    const usage = new AwsUsage();
    const run = runInsightsQuery(client, input, { timeoutMs: 30_000, usage });
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await run).queryId).toBe('q-late');
    expect(logsMock.commandCalls(StartQueryCommand)).toHaveLength(3);
    expect(usage.toJSON().calls['logs:StartQuery']).toEqual({ calls: 3, attempts: 3 });
  });

  it('gives up retrying at the deadline with the throttling error', async () => {
    logsMock.on(StartQueryCommand).rejects(awsError('LimitExceededException'));
    const run = runInsightsQuery(client, input, { timeoutMs: 2_000 });
    const failure = expect(run).rejects.toSatisfy((error) => error instanceof AwsCallError && error.kind === 'throttled' && error.code === 'LimitExceededException');
    await vi.advanceTimersByTimeAsync(3_000);
    await failure;
    const calls = logsMock.commandCalls(StartQueryCommand).length;
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(5);
  });

  it('does not retry a malformed query', async () => {
    logsMock.on(StartQueryCommand).rejects(awsError('MalformedQueryException', 'unexpected symbol'));
    await expect(runInsightsQuery(client, input, { timeoutMs: 30_000 })).rejects.toMatchObject({ code: 'MalformedQueryException' });
    expect(logsMock.commandCalls(StartQueryCommand)).toHaveLength(1);
  });

  it('skips a throttled poll and polls on', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q1' });
    logsMock.on(GetQueryResultsCommand).rejectsOnce(awsError('ThrottlingException')).resolves(results('Complete'));
    const run = runInsightsQuery(client, input, { timeoutMs: 30_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await run).status).toBe('Complete');
    expect(logsMock.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
  });

  it('stops an abandoned query and frees its slot', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-gone' });
    logsMock.on(GetQueryResultsCommand).resolves(results('Running'));
    logsMock.on(StopQueryCommand).resolves({ success: true });
    const gate = createLogsInsightsGate({ maxRunningQueries: 1, callsPerSecond: 10, stopAbandonedQueries: true });
    const controller = new AbortController();
    const run = runInsightsQuery(client, input, { timeoutMs: 30_000, gate, stopQuery: gate.stopQuery, signal: controller.signal });
    const failure = expect(run).rejects.toThrow();
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    await failure;
    await vi.advanceTimersByTimeAsync(10);
    expect(logsMock.commandCalls(StopQueryCommand).map((call) => call.args[0].input)).toEqual([{ queryId: 'q-gone' }]);
    expect(gate.queries.active).toBe(0);
  });
});

describe('runLogEventsQuery over more than 50 log groups', () => {
  it('runs 3 queries of 50/50/20 groups and merges them newest first with the limit applied once', async () => {
    const groups = Array.from({ length: 120 }, (_, i) => `/ecs/svc-${String(i).padStart(3, '0')}`);
    const starts: StartQueryCommandInput[] = [];
    logsMock.on(StartQueryCommand).callsFake((startInput: StartQueryCommandInput) => {
      starts.push(startInput);
      return { queryId: `q${starts.length - 1}` };
    });
    // Part k has lines at minutes k, k+3, k+6, ... (newest first), each part hit its limit of 4.
    logsMock.on(GetQueryResultsCommand).callsFake(({ queryId }: { queryId: string }) => {
      const k = Number(queryId.slice(1));
      const rows = [9, 6, 3, 0].map((m) => row(T0 + (m + k) * 60_000, `part${k}-m${m + k}`, groups[k * 50] as string));
      return results('Complete', rows, k === 2 ? 4 : 40);
    });
    const usage = new AwsUsage();
    const run = runLogEventsQuery(client, { ...input, logGroups: groups, limit: 4 }, { timeoutMs: 30_000, usage });
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await run;

    expect(starts.map((start) => start.logGroupNames)).toEqual([groups.slice(0, 50), groups.slice(50, 100), groups.slice(100, 120)]);
    expect(new Set(starts.map((start) => start.queryString))).toEqual(new Set([input.queryString]));
    expect(result.events.map((event) => event.message)).toEqual(['part2-m11', 'part1-m10', 'part0-m9', 'part2-m8']);
    expect(result.events.map((event) => event.timestamp.getTime())).toEqual([11, 10, 9, 8].map((m) => T0 + m * 60_000));
    expect(result.events[0]).toMatchObject({ logGroup: '/ecs/svc-100', logStream: 'ecs/a/1', ptr: 'ptr-part2-m11' });
    expect(result.truncated).toBe(true);
    expect(result.status).toBe('Complete');
    expect(result.logGroups).toEqual(groups);
    expect(result.statistics).toEqual({ recordsMatched: 84, recordsScanned: 3000, bytesScanned: 6144 });
    expect(usage.logsBytesScanned).toBe(6144);
  });

  it('is not truncated when every line fits', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q0' });
    logsMock.on(GetQueryResultsCommand).resolves(results('Complete', [row(T0 + 1, 'b'), row(T0, 'a')], 2));
    const run = runLogEventsQuery(client, { ...input, limit: 2 }, { timeoutMs: 30_000 });
    await vi.advanceTimersByTimeAsync(500);
    const result = await run;
    expect(result.events.map((event) => event.message)).toEqual(['b', 'a']);
    expect(result.truncated).toBe(false);
  });

  it('knows the log group of rows without @log when the query reads one log group', async () => {
    const withoutLog = (ms: number, message: string) => row(ms, message).filter((cell) => cell.field !== '@log');
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q0' });
    logsMock.on(GetQueryResultsCommand).resolves(results('Complete', [withoutLog(T0 + 1, 'b'), row(T0, 'a', '/ecs/other')], 2));
    const run = runLogEventsQuery(client, { ...input, logGroups: ['/ecs/payments-api'], limit: 2 }, { timeoutMs: 30_000 });
    await vi.advanceTimersByTimeAsync(500);
    const result = await run;
    // The row that names its group keeps it; the one that does not gets the query's only group.
    expect(result.events.map((event) => [event.message, event.logGroup])).toEqual([['b', '/ecs/payments-api'], ['a', '/ecs/other']]);
  });

  it('leaves the log group unknown for rows without @log of a query over several groups', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q0' });
    logsMock.on(GetQueryResultsCommand).resolves(results('Complete', [row(T0, 'a').filter((cell) => cell.field !== '@log')], 1));
    const run = runLogEventsQuery(client, { ...input, logGroups: ['/ecs/a', '/ecs/b'], limit: 2 }, { timeoutMs: 30_000 });
    await vi.advanceTimersByTimeAsync(500);
    expect((await run).events[0]!.logGroup).toBeNull();
  });

  it('fails as a whole when one part fails, abandoning the others', async () => {
    const groups = Array.from({ length: 60 }, (_, i) => `/g/${i}`);
    logsMock.on(StartQueryCommand).callsFake((startInput: StartQueryCommandInput) => ({ queryId: startInput.logGroupNames!.length === 50 ? 'big' : 'small' }));
    logsMock.on(GetQueryResultsCommand).callsFake(({ queryId }: { queryId: string }) => results(queryId === 'small' ? 'Failed' : 'Running'));
    logsMock.on(StopQueryCommand).resolves({ success: true });
    const run = runLogEventsQuery(client, { ...input, logGroups: groups, limit: 10 }, { timeoutMs: 30_000, stopQuery: { enabled: true, denied: false } });
    const failure = expect(run).rejects.toBeInstanceOf(LogsInsightsQueryError);
    await vi.advanceTimersByTimeAsync(1_000);
    await failure;
    await vi.advanceTimersByTimeAsync(10);
    expect(logsMock.commandCalls(StopQueryCommand).map((call) => call.args[0].input)).toEqual([{ queryId: 'big' }]);
  });
});
