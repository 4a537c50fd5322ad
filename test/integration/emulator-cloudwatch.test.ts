// GetMetricData and ListMetrics through the real CloudWatch SDK client (and the AWS CLI, when
// installed) against the emulator over HTTP.
import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  paginateGetMetricData,
  paginateListMetrics,
} from '@aws-sdk/client-cloudwatch';
import type { MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudWatchHandlers } from '../../src/emulator/cloudwatch-handlers.ts';
import { startEmulator } from '../../src/emulator/emulator-server.ts';
import type { RunningEmulator } from '../../src/emulator/emulator-server.ts';
import { MetricStore } from '../../src/emulator/metric-store.ts';
import { runAwsCli } from '../support/aws-cli.ts';
import { AWS_CLI, skipEachTestWithout } from '../support/required-tool.ts';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const ECS_DIMS = [
  { Name: 'ClusterName', Value: 'prod' },
  { Name: 'ServiceName', Value: 'payments-api' },
];

let emulator: RunningEmulator;
let client: CloudWatchClient;

beforeAll(async () => {
  const store = new MetricStore();
  store.putMetricData('AWS/ECS', 'CPUUtilization', ECS_DIMS, 'Percent',
    Array.from({ length: 120 }, (_, i) => ({ timestamp: T0 + i * MINUTE + 30_000, value: i + 0.5 })));
  for (let i = 0; i < 620; i++) {
    store.putMetricData('Bulk', 'Requests', [{ Name: 'Route', Value: `r${String(i).padStart(3, '0')}` }], 'Count', [
      { timestamp: NOW - MINUTE, value: i },
    ]);
  }
  emulator = await startEmulator({
    port: 0,
    now: () => NOW,
    handlers: { logs: {}, cloudwatch: createCloudWatchHandlers(store), xray: {} },
  });
  client = new CloudWatchClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
});

const cpu = (id: string, stat: string, period: number): MetricDataQuery => ({
  Id: id,
  MetricStat: { Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: ECS_DIMS }, Period: period, Stat: stat },
});

/** The SDK names the modeled exception; `Code` keeps CloudWatch's query-compatible error code. */
async function rejection(promise: Promise<unknown>): Promise<{ name: string; code: string | undefined; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, code: e.Code, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('CloudWatch GetMetricData through the SDK', () => {
  it('returns aligned per-period statistics with Date timestamps', async () => {
    const out = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: [cpu('avg', 'Average', 300), cpu('n', 'SampleCount', 300), { ...cpu('p', 'p90', 300), Label: 'cpu p90' }],
        StartTime: new Date(T0 + 2 * MINUTE + 34_000),
        EndTime: new Date(T0 + 17 * MINUTE),
        ScanBy: 'TimestampAscending',
      }),
    );
    expect(out.NextToken).toBeUndefined();
    const [avg, n, p] = out.MetricDataResults!;
    expect(avg!.Id).toBe('avg');
    expect(avg!.Label).toBe('CPUUtilization');
    expect(avg!.StatusCode).toBe('Complete');
    // Start 10:02:34 rounds to 10:02; buckets 10:02, 10:07, 10:12 (EndTime 10:17 exclusive).
    expect(avg!.Timestamps!.map((d) => d.toISOString())).toEqual([
      '2026-11-25T10:02:00.000Z',
      '2026-11-25T10:07:00.000Z',
      '2026-11-25T10:12:00.000Z',
    ]);
    expect(avg!.Timestamps![0]).toBeInstanceOf(Date);
    expect(avg!.Values).toEqual([4.5, 9.5, 14.5]);
    expect(n!.Values).toEqual([5, 5, 5]);
    expect(p!.Label).toBe('cpu p90');
    expect(p!.Values).toEqual([6.5, 11.5, 16.5]);
  });

  it('pages with MaxDatapoints and NextToken; the SDK paginator gathers every datapoint', async () => {
    const request = {
      MetricDataQueries: [cpu('a', 'Sum', 60), cpu('b', 'Maximum', 60)],
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 30 * MINUTE),
      MaxDatapoints: 25,
    };
    const first = await client.send(new GetMetricDataCommand(request));
    // 30 points each, 25 per page: a is cut after 25 and continues first on page 2, then b.
    expect(first.MetricDataResults!.map((r) => [r.Id, r.StatusCode, r.Values!.length])).toEqual([['a', 'PartialData', 25]]);
    expect(first.NextToken).toBeDefined();

    const merged = new Map<string, number[]>();
    const statuses: string[] = [];
    let pages = 0;
    for await (const page of paginateGetMetricData({ client }, request)) {
      pages++;
      for (const result of page.MetricDataResults as MetricDataResult[]) {
        merged.set(result.Id!, [...(merged.get(result.Id!) ?? []), ...result.Values!]);
        statuses.push(`${result.Id}:${result.StatusCode}`);
      }
    }
    expect(pages).toBe(3);
    expect(statuses).toEqual(['a:PartialData', 'a:Complete', 'b:PartialData', 'b:Complete']);
    const descending = Array.from({ length: 30 }, (_, i) => 29.5 - i);
    expect(merged.get('a')).toEqual(descending);
    expect(merged.get('b')).toEqual(descending);
  });

  it('maps AWS errors to the SDK exceptions with AWS codes and messages', async () => {
    const window = { StartTime: new Date(T0), EndTime: new Date(T0 + MINUTE) };
    const tooMany = await rejection(
      client.send(new GetMetricDataCommand({ MetricDataQueries: Array.from({ length: 501 }, (_, i) => cpu(`m${i}`, 'Sum', 60)), ...window })),
    );
    expect(tooMany).toEqual({
      name: 'InvalidParameterValueException',
      code: 'InvalidParameterValue',
      message: 'The collection MetricDataQueries must not have a size greater than 500.',
      status: 400,
    });
    const badId = await rejection(client.send(new GetMetricDataCommand({ MetricDataQueries: [cpu('Cpu', 'Sum', 60)], ...window })));
    expect(badId.code).toBe('ValidationError');
    expect(badId.status).toBe(400);
    expect(badId.message).toBe(
      'The value Cpu for parameter MetricDataQueries.member.1.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.',
    );
    const token = await rejection(
      client.send(new GetMetricDataCommand({ MetricDataQueries: [cpu('a', 'Sum', 60)], ...window, NextToken: 'bogus' })),
    );
    expect([token.name, token.code]).toEqual(['InvalidNextToken', 'InvalidNextToken']);
  });
});

describe('CloudWatch ListMetrics through the SDK', () => {
  it('filters by dimension and pages 500 at a time', async () => {
    const ecs = await client.send(new ListMetricsCommand({ Namespace: 'AWS/ECS', Dimensions: [{ Name: 'ServiceName', Value: 'payments-api' }] }));
    expect(ecs.Metrics).toEqual([{ Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: ECS_DIMS }]);
    expect(ecs.NextToken).toBeUndefined();

    const sizes: number[] = [];
    const routes: string[] = [];
    for await (const page of paginateListMetrics({ client }, { Namespace: 'Bulk', MetricName: 'Requests' })) {
      sizes.push(page.Metrics!.length);
      routes.push(...page.Metrics!.map((m) => m.Dimensions![0]!.Value!));
    }
    expect(sizes).toEqual([500, 120]);
    expect(new Set(routes).size).toBe(620);
    expect(routes.slice(0, 2)).toEqual(['r000', 'r001']);
  });
});

describe('CloudWatch through the AWS CLI', () => {
  skipEachTestWithout(AWS_CLI);
  const cli = (args: string[]): Promise<Record<string, unknown>> => runAwsCli(emulator.url, ['cloudwatch', ...args]);

  it('get-metric-data answers timestamps and values', async () => {
    const queries = JSON.stringify([cpu('cpu', 'Maximum', 60)]);
    const out = await cli([
      'get-metric-data',
      '--metric-data-queries', queries,
      '--start-time', '2026-11-25T10:00:00Z',
      '--end-time', '2026-11-25T10:03:00Z',
      '--scan-by', 'TimestampAscending',
    ]);
    const [result] = out['MetricDataResults'] as Array<{ Id: string; Timestamps: Array<string | number>; Values: number[]; StatusCode: string }>;
    expect(result!.Id).toBe('cpu');
    expect(result!.StatusCode).toBe('Complete');
    // CLI v1 prints timestamps as received (epoch seconds on JSON protocols); v2 prints ISO-8601.
    const asIso = (t: string | number) => new Date(typeof t === 'number' ? t * 1000 : t).toISOString();
    expect(result!.Timestamps.map(asIso)).toEqual([
      '2026-11-25T10:00:00.000Z',
      '2026-11-25T10:01:00.000Z',
      '2026-11-25T10:02:00.000Z',
    ]);
    expect(result!.Values).toEqual([0.5, 1.5, 2.5]);
  }, 30_000);

  it('list-metrics follows NextToken across pages', async () => {
    const out = await cli(['list-metrics', '--namespace', 'Bulk']);
    expect((out['Metrics'] as unknown[]).length).toBe(620);
  }, 30_000);
});
