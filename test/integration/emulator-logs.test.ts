// The CloudWatch Logs half of the emulator, driven through the real AWS SDK v3 client over HTTP.
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
  paginateDescribeLogGroups,
  type FilterLogEventsCommandInput,
  type StartQueryCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorKnobs, type EmulatorKnobs } from '../../src/emulator/emulator-knobs.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/emulator-server.ts';
import { LogStore } from '../../src/emulator/log-store.ts';
import { createLogsHandlers } from '../../src/emulator/logs-handlers.ts';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const T0S = T0 / 1000;
const PAYMENTS = '/ecs/payments-api';
const ORDERS = '/ecs/orders-api';

let clock = T0 + 2 * 3_600_000;
let emulator: RunningEmulator;
let knobs: EmulatorKnobs;
let logs: CloudWatchLogsClient;
/** Same endpoint, no retries: to see the raw error of a single attempt. */
let once: CloudWatchLogsClient;

function client(maxAttempts: number): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // Real retry strategy (same error classification), short fixed backoff to keep tests fast.
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, 5),
  });
}

function seed(store: LogStore): void {
  // payments-api: 2 streams x 60 JSON events, one every 30 s per stream over 09:00-09:59:30.
  for (const task of ['a', 'b']) {
    store.putLogEvents(
      PAYMENTS,
      `payments-api/web/${task}`,
      Array.from({ length: 60 }, (_, i) => ({
        timestamp: T0 + i * 60_000 + (task === 'a' ? 0 : 30_000),
        message: JSON.stringify({
          level: i % 10 === 0 ? 'ERROR' : 'INFO',
          msg: i % 10 === 0 ? `charge failed for order ${i}` : `charge ok for order ${i}`,
          latency: i,
          task,
        }),
      })),
    );
  }
  store.putLogEvents(
    ORDERS,
    'orders-api/worker/1',
    Array.from({ length: 30 }, (_, i) => ({
      timestamp: T0 + i * 120_000,
      message: i % 3 === 0 ? `WARN slow query took ${i * 100} ms` : `INFO order ${i} shipped`,
    })),
  );
  store.createLogGroup('/aws/lambda/Resize', { creationTime: T0 - 86_400_000, retentionInDays: 14 });
  for (let n = 0; n < 55; n++) store.createLogGroup(`/load/group-${String(n).padStart(2, '0')}`, { creationTime: T0 });
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number; attempts?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
    return {
      name: e.name,
      message: e.message,
      ...(e.$metadata?.httpStatusCode !== undefined ? { status: e.$metadata.httpStatusCode } : {}),
      ...(e.$metadata?.attempts !== undefined ? { attempts: e.$metadata.attempts } : {}),
    };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  const store = new LogStore({ now: () => clock });
  seed(store);
  knobs = createEmulatorKnobs({ queryScheduledMs: 100, queryRunMs: 1000 });
  emulator = await startEmulator({
    handlers: { logs: createLogsHandlers(store, knobs), cloudwatch: {}, xray: {} },
    knobs,
    now: () => clock,
  });
  logs = client(3);
  once = client(1);
});

afterAll(async () => {
  logs.destroy();
  once.destroy();
  await emulator.close();
});

beforeEach(() => {
  knobs.throttle = {};
  knobs.faults = {};
  knobs.latencyMs = {};
  knobs.maxConcurrentQueries = 100;
  knobs.nextQueryOutcomes = [];
  knobs.filterScanEventsPerPage = 20_000;
  // Move well past every earlier query so that none is still running.
  clock += 3_600_000;
  emulator.counters.reset();
});

describe('DescribeLogGroups', () => {
  it('lists log groups by name with the fields AWS returns', async () => {
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/' }));
    expect(out.logGroups).toEqual([
      {
        logGroupName: '/aws/lambda/Resize',
        creationTime: T0 - 86_400_000,
        retentionInDays: 14,
        metricFilterCount: 0,
        arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/Resize:*',
        storedBytes: 0,
        logGroupClass: 'STANDARD',
        logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/Resize',
      },
    ]);
    expect(out.nextToken).toBeUndefined();
    const ecs = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/' }));
    expect(ecs.logGroups?.map((g) => [g.logGroupName, g.storedBytes! > 0])).toEqual([
      [ORDERS, true],
      [PAYMENTS, true],
    ]);
  });

  it('pages 50 at a time by default and with a smaller limit', async () => {
    const first = await logs.send(new DescribeLogGroupsCommand({}));
    expect(first.logGroups).toHaveLength(50);
    expect(first.nextToken).toBeTypeOf('string');
    const second = await logs.send(new DescribeLogGroupsCommand({ nextToken: first.nextToken }));
    expect(second.logGroups).toHaveLength(8);
    expect(second.nextToken).toBeUndefined();

    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 20 }, { logGroupNamePrefix: '/load/' })) {
      pages++;
      names.push(...(page.logGroups ?? []).map((g) => g.logGroupName as string));
    }
    expect(pages).toBe(3);
    expect(names).toEqual(Array.from({ length: 55 }, (_, n) => `/load/group-${String(n).padStart(2, '0')}`));
    expect(emulator.counters.calls('DescribeLogGroups')).toBe(5);
  });

  it('matches logGroupNamePattern as a case-sensitive substring', async () => {
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'api' }));
    expect(out.logGroups?.map((g) => g.logGroupName)).toEqual([ORDERS, PAYMENTS]);
    const none = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'API' }));
    expect(none.logGroups).toEqual([]);
  });

  it('rejects prefix with pattern, out-of-range limits and foreign tokens', async () => {
    expect(await errorOf(once.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs', logGroupNamePattern: 'api' })))).toEqual({
      name: 'InvalidParameterException',
      message: 'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
      status: 400,
      attempts: 1,
    });
    expect((await errorOf(once.send(new DescribeLogGroupsCommand({ limit: 51 })))).message).toBe(
      "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
    expect((await errorOf(once.send(new DescribeLogGroupsCommand({ limit: 0 })))).name).toBe('InvalidParameterException');
    expect(await errorOf(once.send(new DescribeLogGroupsCommand({ nextToken: 'garbage' })))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'The specified nextToken is invalid.',
    });
  });
});

describe('StartQuery and GetQueryResults', () => {
  const base: StartQueryCommandInput = {
    logGroupNames: [PAYMENTS],
    startTime: T0S,
    endTime: T0S + 3600,
    queryString: 'fields @timestamp, level, latency | filter level = "ERROR" | sort @timestamp desc',
  };

  it('moves Scheduled -> Running (partial results) -> Complete on the configured schedule', async () => {
    const { queryId } = await logs.send(new StartQueryCommand(base));
    expect(queryId).toMatch(/^[0-9a-f-]{36}$/);

    const scheduled = await logs.send(new GetQueryResultsCommand({ queryId }));
    expect(scheduled.status).toBe('Scheduled');
    expect(scheduled.results).toEqual([]);

    clock += 100 + 500; // half-way through the 1000 ms run
    const running = await logs.send(new GetQueryResultsCommand({ queryId }));
    expect(running.status).toBe('Running');
    expect(running.results).toHaveLength(6); // half of the 12 ERROR lines
    expect(running.statistics).toEqual({ recordsMatched: 6, recordsScanned: 60, bytesScanned: expect.any(Number), logGroupsScanned: 1 });

    clock += 500;
    const complete = await logs.send(new GetQueryResultsCommand({ queryId }));
    expect(complete.status).toBe('Complete');
    expect(complete.queryLanguage).toBe('CWLI');
    expect(complete.results).toHaveLength(12);
    expect(complete.results?.[0]).toEqual([
      { field: '@timestamp', value: '2026-11-25 09:50:30.000' },
      { field: 'level', value: 'ERROR' },
      { field: 'latency', value: '50' },
      { field: '@ptr', value: expect.any(String) },
    ]);
    expect(running.results).toEqual(complete.results?.slice(0, 6));
    expect(complete.statistics?.recordsScanned).toBe(120);
    expect(complete.statistics?.recordsMatched).toBe(12);
    expect(complete.statistics?.bytesScanned).toBeGreaterThan(120 * 40);

    // Results stay retrievable.
    clock += 60_000;
    expect((await logs.send(new GetQueryResultsCommand({ queryId }))).results).toHaveLength(12);
  });

  it('treats the time range as inclusive epoch seconds and accepts logGroupIdentifiers (ARNs)', async () => {
    const { queryId } = await logs.send(
      new StartQueryCommand({
        logGroupIdentifiers: [`arn:aws:logs:us-east-1:123456789012:log-group:${PAYMENTS}:*`, ORDERS],
        startTime: T0S + 60,
        endTime: T0S + 120,
        queryString: 'stats count(*) as n by @log | sort n desc',
      }),
    );
    clock += 2000;
    const out = await logs.send(new GetQueryResultsCommand({ queryId }));
    // payments: 09:01:00, 09:01:30, 09:02:00 ; orders: none (09:00, 09:02:00 -> 09:02:00 included)
    expect(out.results).toEqual([
      [
        { field: '@log', value: `123456789012:${PAYMENTS}` },
        { field: 'n', value: '3' },
      ],
      [
        { field: '@log', value: `123456789012:${ORDERS}` },
        { field: 'n', value: '1' },
      ],
    ]);
    expect(out.statistics?.logGroupsScanned).toBe(2);
  });

  it('caps results with the StartQuery limit', async () => {
    const { queryId } = await logs.send(new StartQueryCommand({ ...base, queryString: 'fields @message', limit: 7 }));
    clock += 2000;
    const out = await logs.send(new GetQueryResultsCommand({ queryId }));
    expect(out.results).toHaveLength(7);
    expect(out.statistics?.recordsMatched).toBe(120);
  });

  it('enforces AWS limits with AWS errors', async () => {
    const fifty = Array.from({ length: 51 }, (_, n) => `/load/group-${String(n).padStart(2, '0')}`);
    const tooMany = await errorOf(once.send(new StartQueryCommand({ ...base, logGroupNames: fifty })));
    expect(tooMany.name).toBe('InvalidParameterException');
    expect(tooMany.message).toMatch(/^1 validation error detected: Value '\[.*\]' at 'logGroupNames' failed to satisfy constraint: Member must have length less than or equal to 50$/);
    // 50 is fine.
    await expect(once.send(new StartQueryCommand({ ...base, logGroupNames: fifty.slice(0, 50) }))).resolves.toHaveProperty('queryId');

    expect(await errorOf(once.send(new StartQueryCommand({ ...base, logGroupName: ORDERS })))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Only one of logGroupName, logGroupNames or logGroupIdentifiers may be specified.',
    });
    expect(await errorOf(once.send(new StartQueryCommand({ ...base, logGroupNames: ['/nope'] })))).toEqual({
      name: 'ResourceNotFoundException',
      message: "Log group '/nope' does not exist for account ID '123456789012'",
      status: 400,
      attempts: 1,
    });
    expect((await errorOf(once.send(new StartQueryCommand({ ...base, queryString: `fields @message ${' '.repeat(10_000)}` })))).message).toContain(
      "at 'queryString' failed to satisfy constraint: Member must have length less than or equal to 10000",
    );
    expect((await errorOf(once.send(new StartQueryCommand({ ...base, limit: 10_001 })))).message).toContain(
      "Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
    );
    expect((await errorOf(once.send(new StartQueryCommand({ ...base, limit: 0 })))).name).toBe('InvalidParameterException');
    expect(await errorOf(once.send(new StartQueryCommand({ ...base, endTime: T0S - 1 })))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'endTime must be greater than or equal to startTime',
    });
    expect(await errorOf(once.send(new StartQueryCommand({ ...base, queryString: 'fields @message | explode' })))).toEqual({
      name: 'MalformedQueryException',
      message: "Unknown command 'explode' at line 1 and position 19",
      status: 400,
      attempts: 1,
    });
    expect(await errorOf(once.send(new GetQueryResultsCommand({ queryId: '00000000-0000-0000-0000-000000000000' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Query with id 00000000-0000-0000-0000-000000000000 does not exist',
    });
  });

  it('answers LimitExceededException beyond the concurrent-query quota, which the SDK retries', async () => {
    knobs.maxConcurrentQueries = 2;
    await logs.send(new StartQueryCommand(base));
    await logs.send(new StartQueryCommand(base));
    expect(emulator.counters.maxRunningQueries).toBe(2);
    const refused = await errorOf(logs.send(new StartQueryCommand(base)));
    expect(refused).toEqual({
      name: 'LimitExceededException',
      message: 'Account maximum query concurrency limit of [2] reached',
      status: 400,
      attempts: 3,
    });
    expect(emulator.counters.calls('StartQuery')).toBe(3);
    expect(emulator.counters.attempts('StartQuery')).toBe(5);
    // Once the running queries finish, a slot is free again.
    clock += 1100;
    await expect(logs.send(new StartQueryCommand(base))).resolves.toHaveProperty('queryId');
    expect(emulator.counters.maxRunningQueries).toBe(2);
  });

  it('ends queries Failed, Timeout or Cancelled when told to, and StopQuery cancels', async () => {
    knobs.nextQueryOutcomes = ['Failed', 'Timeout'];
    const failed = await logs.send(new StartQueryCommand(base));
    const timedOut = await logs.send(new StartQueryCommand(base));
    const normal = await logs.send(new StartQueryCommand(base));
    const stopped = await logs.send(new StartQueryCommand(base));
    clock += 300;
    expect(await logs.send(new StopQueryCommand({ queryId: stopped.queryId }))).toMatchObject({ success: true });
    clock += 1000;
    const status = async (queryId: string | undefined) => (await logs.send(new GetQueryResultsCommand({ queryId }))).status;
    expect(await status(failed.queryId)).toBe('Failed');
    expect(await status(timedOut.queryId)).toBe('Timeout');
    expect(await status(normal.queryId)).toBe('Complete');
    expect(await status(stopped.queryId)).toBe('Cancelled');
    expect(await logs.send(new StopQueryCommand({ queryId: normal.queryId }))).toMatchObject({ success: false });
  });
});

describe('FilterLogEvents', () => {
  const range = { logGroupName: PAYMENTS, startTime: T0, endTime: T0 + 3_600_000 };

  it('returns matching events in time order with AWS fields', async () => {
    const out = await logs.send(new FilterLogEventsCommand({ ...range, filterPattern: '"charge failed"', endTime: T0 + 20 * 60_000 }));
    expect(out.events).toEqual([
      {
        logStreamName: 'payments-api/web/a',
        timestamp: T0,
        message: '{"level":"ERROR","msg":"charge failed for order 0","latency":0,"task":"a"}',
        ingestionTime: T0 + 200,
        eventId: expect.stringMatching(/^\d+$/),
      },
      expect.objectContaining({ logStreamName: 'payments-api/web/b', timestamp: T0 + 30_000 }),
      expect.objectContaining({ logStreamName: 'payments-api/web/a', timestamp: T0 + 600_000 }),
      expect.objectContaining({ logStreamName: 'payments-api/web/b', timestamp: T0 + 630_000 }),
      expect.objectContaining({ logStreamName: 'payments-api/web/a', timestamp: T0 + 1_200_000 }),
    ]);
    expect(out.searchedLogStreams).toEqual([
      { logStreamName: 'payments-api/web/a', searchedCompletely: true },
      { logStreamName: 'payments-api/web/b', searchedCompletely: true },
    ]);
    expect(out.nextToken).toBeUndefined();
  });

  it('applies terms, ?alternatives, -exclusions and JSON patterns, and stream selection', async () => {
    const count = async (input: Partial<FilterLogEventsCommandInput>): Promise<number> =>
      (await logs.send(new FilterLogEventsCommand({ ...range, ...input }))).events?.length ?? 0;
    expect(await count({ filterPattern: 'charge ERROR' })).toBe(12);
    expect(await count({ filterPattern: 'error' })).toBe(0); // case-sensitive
    expect(await count({ filterPattern: 'ok -"order 1"' })).toBe(108 - 2 * 10); // orders 1, 11..19 excluded
    expect(await count({ logGroupName: ORDERS, filterPattern: '?WARN ?shipped' })).toBe(30);
    expect(await count({ logGroupName: ORDERS, filterPattern: '?WARN ?nothing' })).toBe(10);
    expect(await count({ filterPattern: '{ $.level = "ERROR" && $.latency >= 30 }' })).toBe(6);
    expect(await count({ filterPattern: '{ ($.task = "a" || $.latency > 57) && $.msg = "charge ok*" }' })).toBe(54 + 2);
    expect(await count({ logStreamNames: ['payments-api/web/b'] })).toBe(60);
    expect(await count({ logStreamNamePrefix: 'payments-api/web/', filterPattern: 'ERROR' })).toBe(12);
    expect(await count({ startTime: T0 + 30_000, endTime: T0 + 60_000 })).toBe(2); // both ends inclusive
  });

  it('pages with nextToken, including short and empty pages while the scan goes on', async () => {
    const limited = await logs.send(new FilterLogEventsCommand({ ...range, limit: 5 }));
    expect(limited.events).toHaveLength(5);
    expect(limited.nextToken).toBeTypeOf('string');
    expect(limited.searchedLogStreams?.every((s) => s.searchedCompletely === false)).toBe(true);
    const nextPage = await logs.send(new FilterLogEventsCommand({ ...range, limit: 5, nextToken: limited.nextToken }));
    expect(nextPage.events?.[0]?.timestamp).toBe(T0 + 150_000);

    knobs.filterScanEventsPerPage = 10;
    const sizes: number[] = [];
    const timestamps: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(new FilterLogEventsCommand({ ...range, filterPattern: 'ERROR', nextToken }));
      sizes.push(page.events?.length ?? 0);
      timestamps.push(...(page.events ?? []).map((e) => e.timestamp as number));
      nextToken = page.nextToken;
    } while (nextToken);
    // 120 events scanned 10 at a time; the ERROR lines are events 0,1, 20,21, ... 100,101.
    expect(sizes).toEqual([2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0]);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(12);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
  });

  it('rejects bad parameters and unknown groups', async () => {
    expect(await errorOf(once.send(new FilterLogEventsCommand({ logGroupName: '/nope' })))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
      status: 400,
      attempts: 1,
    });
    expect((await errorOf(once.send(new FilterLogEventsCommand({ ...range, logStreamNames: ['x'], logStreamNamePrefix: 'y' })))).name).toBe(
      'InvalidParameterException',
    );
    expect((await errorOf(once.send(new FilterLogEventsCommand({ ...range, filterPattern: 'x'.repeat(1025) })))).message).toContain(
      'Member must have length less than or equal to 1024',
    );
    expect((await errorOf(once.send(new FilterLogEventsCommand({ ...range, limit: 10_001 })))).message).toContain(
      "Value '10001' at 'limit' failed to satisfy constraint",
    );
    expect((await errorOf(once.send(new FilterLogEventsCommand({ ...range, logGroupIdentifier: PAYMENTS })))).message).toBe(
      'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
    );
    // 1,024 characters is allowed.
    await expect(once.send(new FilterLogEventsCommand({ ...range, filterPattern: 'x'.repeat(1024) }))).resolves.toHaveProperty('events', []);
  });
});

describe('knobs seen through the SDK', () => {
  it('throttles with ThrottlingException, which the SDK retries and the counters see as attempts', async () => {
    knobs.throttle.DescribeLogGroups = { count: 2 };
    const out = await logs.send(new DescribeLogGroupsCommand({ limit: 1 }));
    expect(out.$metadata.attempts).toBe(3);
    expect(emulator.counters.calls('DescribeLogGroups')).toBe(1);
    expect(emulator.counters.attempts('DescribeLogGroups')).toBe(3);

    knobs.throttle.DescribeLogGroups = { throttleProbability: 1 };
    expect(await errorOf(logs.send(new DescribeLogGroupsCommand({ limit: 1 })))).toEqual({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      status: 400,
      attempts: 3,
    });
  });

  it('enforces a calls-per-second quota over a sliding 1 s window', async () => {
    knobs.throttle.FilterLogEvents = { callsPerSecond: 2 };
    const call = () => once.send(new FilterLogEventsCommand({ logGroupName: ORDERS, limit: 1 }));
    await call();
    clock += 400;
    await call();
    clock += 400;
    expect((await errorOf(call())).name).toBe('ThrottlingException');
    clock += 250; // the first call is now 1050 ms old
    await expect(call()).resolves.toHaveProperty('events');
    expect(emulator.counters.maxRequestsInWindow(['FilterLogEvents'], 1000)).toBe(3);
    expect(emulator.counters.maxRequestsInWindow(['FilterLogEvents', 'StartQuery'], 500)).toBe(2);
  });

  it('injects 5xx faults that the SDK retries', async () => {
    knobs.faults.GetQueryResults = { kind: '5xx', count: 1, status: 503 };
    const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: ORDERS, startTime: T0S, endTime: T0S + 60, queryString: 'fields @message' }));
    const out = await logs.send(new GetQueryResultsCommand({ queryId }));
    expect(out.$metadata.attempts).toBe(2);
    knobs.faults.GetQueryResults = { kind: '5xx', status: 500 };
    expect(await errorOf(logs.send(new GetQueryResultsCommand({ queryId })))).toEqual({
      name: 'InternalFailure',
      message: 'The request processing has failed because of an unknown error, exception or failure.',
      status: 500,
      attempts: 3,
    });
    knobs.faults.GetQueryResults = { kind: '5xx' };
    expect(await errorOf(once.send(new GetQueryResultsCommand({ queryId })))).toMatchObject({ name: 'ServiceUnavailableException', status: 503 });
  });

  it('holds the socket on a timeout fault until the client gives up', async () => {
    knobs.faults.DescribeLogGroups = { kind: 'timeout', count: 1, holdMs: 5000 };
    const impatient = new CloudWatchLogsClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
      // Current SDKs only warn on requestTimeout unless told to throw.
      requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true },
    });
    const started = Date.now();
    const failure = await errorOf(impatient.send(new DescribeLogGroupsCommand({})));
    expect(failure.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    // The next request is answered normally.
    await expect(impatient.send(new DescribeLogGroupsCommand({ limit: 1 }))).resolves.toHaveProperty('logGroups');
    impatient.destroy();
  });

  it('adds per-operation latency', async () => {
    knobs.latencyMs.DescribeLogGroups = 150;
    const started = Date.now();
    await logs.send(new DescribeLogGroupsCommand({ limit: 1 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });
});
