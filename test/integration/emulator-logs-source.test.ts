// The emulator's `SOURCE logGroups(namePrefix: [...])` command through the real SDK: the query picks
// its own log groups by prefix, with AWS's limits (<= 5 prefixes, <= 10,000 matching groups).
import { type CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogStore } from '../../src/emulator/log-store.ts';
import { startLogsOnlyEmulator, type LogsOnlyEmulator } from '../support/logs-only-emulator.ts';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
let running: LogsOnlyEmulator;
let store: LogStore;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  store = new LogStore({ now: () => T0 });
  store.putLogEvents('/ecs/payments', 'payments/1', [{ timestamp: T0 + 1_000, message: 'ERROR payments down' }]);
  store.putLogEvents('/ecs/orders', 'orders/1', [{ timestamp: T0 + 2_000, message: 'INFO order shipped' }]);
  store.putLogEvents('/aws/lambda/resize', 'x', [{ timestamp: T0 + 3_000, message: 'ERROR resize failed' }]);
  running = await startLogsOnlyEmulator(store);
  logs = running.client;
});
afterAll(async () => {
  await running?.close();
});

async function run(queryString: string, extra: { logGroupNames?: string[] } = {}) {
  const { queryId } = await logs.send(new StartQueryCommand({ queryString, startTime: T0 / 1000, endTime: T0 / 1000 + 60, ...extra }));
  for (;;) {
    const out = await logs.send(new GetQueryResultsCommand({ queryId }));
    if (out.status === 'Complete') return out;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  throw new Error('expected a failure');
}

describe('SOURCE logGroups(namePrefix: [...])', () => {
  it('searches every log group of the prefixes, with no log group list', async () => {
    const out = await run('SOURCE logGroups(namePrefix: ["/ecs/"], class: "STANDARD") | fields @timestamp, @message, @log | sort @timestamp desc');
    expect(out.results?.map((row) => row.find((cell) => cell.field === '@message')?.value)).toEqual(['INFO order shipped', 'ERROR payments down']);
    expect(out.statistics?.recordsScanned).toBe(2);
    const both = await run('SOURCE logGroups(namePrefix: ["/ecs/pay", "/aws/"]) | filter @message like /ERROR/ | stats count(*) as n');
    expect(both.results).toEqual([[{ field: 'n', value: '2' }]]);
    const none = await run('SOURCE logGroups(namePrefix: ["/ecs/"], class: "INFREQUENT_ACCESS") | fields @message');
    expect(none.results).toEqual([]);
  });

  it('refuses a log group list beside SOURCE, more than 5 prefixes and a malformed command', async () => {
    expect(await failure(run('SOURCE logGroups(namePrefix: ["/ecs/"]) | fields @message', { logGroupNames: ['/ecs/orders'] }))).toBe(
      'InvalidParameterException: A query with the SOURCE command must not specify logGroupName, logGroupNames or logGroupIdentifiers.',
    );
    expect(await failure(run('SOURCE logGroups(namePrefix: ["a", "b", "c", "d", "e", "f"]) | fields @message'))).toBe(
      'MalformedQueryException: namePrefix takes at most 5 prefixes; got 6 at line 1 and position 18',
    );
    expect(await failure(run('SOURCE logGroups(class: "STANDARD") | fields @message'))).toMatch(/^MalformedQueryException: SOURCE logGroups\(\.\.\.\) needs namePrefix/);
    expect(await failure(run('fields @message'))).toBe('InvalidParameterException: Either logGroupName, logGroupNames or logGroupIdentifiers must be specified.');
  });

  it('fails when the prefixes match more than 10,000 log groups', async () => {
    for (let n = 0; n <= 10_000; n++) store.createLogGroup(`/many/g-${n}`, { creationTime: T0 });
    expect(await failure(run('SOURCE logGroups(namePrefix: ["/many/"]) | fields @message'))).toBe(
      'LimitExceededException: The SOURCE command matched 10001 log groups; a query can search at most 10000. Use longer prefixes.',
    );
    const fine = await run('SOURCE logGroups(namePrefix: ["/many/g-1000"]) | fields @message');
    expect(fine.results).toEqual([]);
  });
});
