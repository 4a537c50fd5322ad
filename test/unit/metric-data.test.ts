// GetMetricData and ListMetrics modules against a mocked CloudWatchClient.
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsUsage } from '../../src/aws/aws-usage.ts';
import { chooseDimensionSet, listAllMetrics, type MetricCatalog, type MetricDescriptor } from '../../src/aws/metric-catalog.ts';
import { chunkSeries, getMetricDataPages, MAX_PAGES_PER_CALL, metricDataInput, type MetricSeriesSpec } from '../../src/aws/metric-data.ts';
import { metricTargetOf } from '../../src/aws/metric-definitions.ts';
import { serviceConfigSchema } from '../../src/config/config-schema.ts';
import { metricCatalogOf, metricServiceOf } from '../../src/loaders/metrics/metrics-loader.ts';
import { createRequestContext } from '../../src/runtime/request-context.ts';
import { createRuntime } from '../../src/server/start-gateway.ts';
import { configFromToml } from '../support/test-gateway.ts';

const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
const START = Date.UTC(2026, 10, 25, 11);
const END = Date.UTC(2026, 10, 25, 12);
const spec = (metricName: string): MetricSeriesSpec => ({ namespace: 'AWS/Lambda', metricName, dimensions: [{ name: 'FunctionName', value: 'fn' }], stat: 'Sum', period: 60 });
const at = (minute: number): Date => new Date(START + minute * 60_000);

beforeEach(() => cw.reset());

/** A runtime with one cloudwatch profile (its client is mocked above). */
function catalogRuntime() {
  return createRuntime(configFromToml('[metrics]\ncatalog_cache_ttl = "1m"\n\n[profiles.prod]\nbackend = "cloudwatch"\nregion = "us-east-1"\n'));
}

describe('GetMetricData', () => {
  it('builds the exact input: Ids m0.., MetricStat, ascending scan, window', () => {
    expect(metricDataInput([spec('Errors')], START, END)).toEqual({
      MetricDataQueries: [{ Id: 'm0', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: 'fn' }] }, Period: 60, Stat: 'Sum' }, ReturnData: true }],
      StartTime: new Date(START),
      EndTime: new Date(END),
      ScanBy: 'TimestampAscending',
    });
    expect(() => metricDataInput(Array.from({ length: 501 }, () => spec('Errors')), START, END)).toThrow(RangeError);
    expect(chunkSeries(Array.from({ length: 1001 }, (_, i) => i)).map((c) => c.length)).toEqual([500, 500, 1]);
  });

  it('follows NextToken, concatenates an Id across pages, keeps Forbidden and every message', async () => {
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', Label: 'Errors', Timestamps: [at(0), at(1)], Values: [1, 2], StatusCode: 'PartialData', Messages: [{ Code: 'A', Value: 'a' }] },
          { Id: 'm1', Timestamps: [], Values: [], StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'no' }] },
        ],
        NextToken: 't1',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', Timestamps: [at(2)], Values: [3], StatusCode: 'Complete', Messages: [{ Code: 'A', Value: 'a' }] },
          { Id: 'm1', Timestamps: [], Values: [], StatusCode: 'Complete' },
        ],
        Messages: [{ Code: 'Call', Value: 'note' }],
      });
    const usage = new AwsUsage();
    const data = await getMetricDataPages(client, metricDataInput([spec('Errors'), spec('Throttles')], START, END), { usage });
    expect(cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 't1']);
    expect(Object.fromEntries(data)).toEqual({
      m0: { timestamps: [START, START + 60_000, START + 120_000], values: [1, 2, 3], status: 'Complete', label: 'Errors', messages: [{ code: 'A', value: 'a' }, { code: 'Call', value: 'note' }] },
      m1: { timestamps: [], values: [], status: 'Forbidden', label: undefined, messages: [{ code: 'Forbidden', value: 'no' }, { code: 'Call', value: 'note' }] },
    });
    expect(usage.toJSON().calls).toEqual({ 'cloudwatch:GetMetricData': { calls: 2, attempts: 2 } });
  });

  it('stops after MAX_PAGES_PER_CALL pages and reports PartialData rather than looping for ever', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'm0', Timestamps: [at(0)], Values: [1], StatusCode: 'PartialData' }], NextToken: 'again' });
    const data = await getMetricDataPages(client, metricDataInput([spec('Errors')], START, END));
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(MAX_PAGES_PER_CALL);
    expect(data.get('m0')!.status).toBe('PartialData');
    expect(data.get('m0')!.values).toHaveLength(MAX_PAGES_PER_CALL);
  });
});

describe('ListMetrics catalog', () => {
  const d = (pairs: Record<string, string>) => Object.entries(pairs).map(([Name, Value]) => ({ Name, Value }));

  it('reads every page and sorts the listing', async () => {
    cw.on(ListMetricsCommand)
      .resolvesOnce({ Metrics: [{ Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: d({ ServiceName: 'b', ClusterName: 'c' }) }], NextToken: 'p2' })
      .resolvesOnce({ Metrics: [{ Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: d({ ServiceName: 'a', ClusterName: 'c' }) }] });
    const metrics = await listAllMetrics(client, { Namespace: 'AWS/ECS' });
    expect(metrics.map((m) => m.dimensions)).toEqual([
      [{ name: 'ClusterName', value: 'c' }, { name: 'ServiceName', value: 'a' }],
      [{ name: 'ClusterName', value: 'c' }, { name: 'ServiceName', value: 'b' }],
    ]);
    expect(cw.commandCalls(ListMetricsCommand).map((c) => c.args[0].input)).toEqual([{ Namespace: 'AWS/ECS' }, { Namespace: 'AWS/ECS', NextToken: 'p2' }]);
  });

  it('chooses the exact dimension set deterministically', () => {
    const listing = (metrics: Array<[string, Record<string, string>]>): MetricDescriptor[] =>
      metrics.map(([namespace, dims]) => ({ namespace, metricName: 'X', dimensions: Object.entries(dims).map(([name, value]) => ({ name, value })).sort((a, b) => a.name.localeCompare(b.name)) }));
    const ecs = metricTargetOf(metricServiceOf({ name: 'api', config: serviceConfigSchema.parse({ resource_type: 'ecs' }) })).discovery!;
    const ecsListing = listing([
      ['AWS/ECS', { ClusterName: 'zeta' }],
      ['AWS/ECS', { ClusterName: 'zeta', ServiceName: 'api' }],
      ['AWS/ECS', { ClusterName: 'alpha', ServiceName: 'api' }],
      ['AWS/ECS', { ClusterName: 'alpha', ServiceName: 'api-2' }],
    ]);
    expect(chooseDimensionSet(ecsListing, ecs)).toEqual([{ name: 'ClusterName', value: 'alpha' }, { name: 'ServiceName', value: 'api' }]);
    expect(chooseDimensionSet([...ecsListing].reverse(), ecs)).toEqual([{ name: 'ClusterName', value: 'alpha' }, { name: 'ServiceName', value: 'api' }]);
    expect(chooseDimensionSet(listing([['AWS/ECS', { ClusterName: 'zeta' }]]), ecs)).toBeUndefined();
    const alb = metricTargetOf(metricServiceOf({ name: 'edge', config: serviceConfigSchema.parse({ resource_type: 'alb' }) })).discovery!;
    expect(
      chooseDimensionSet(
        listing([
          ['AWS/ApplicationELB', { LoadBalancer: 'app/edge/1', TargetGroup: 'targetgroup/web/2' }],
          ['AWS/ApplicationELB', { LoadBalancer: 'app/edge/1' }],
        ]),
        alb,
      ),
    ).toEqual([{ name: 'LoadBalancer', value: 'app/edge/1' }]);
  });

  it('caches listings for the TTL and coalesces identical in-flight listings', async () => {
    cw.on(ListMetricsCommand).callsFake(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { Metrics: [{ Namespace: 'AWS/RDS', MetricName: 'ReadLatency', Dimensions: d({ DBInstanceIdentifier: 'db' }) }] };
    });
    const runtime = await catalogRuntime();
    const requests = Array.from({ length: 5 }, () => createRequestContext(runtime));
    const listings = await Promise.all(requests.map((context) => metricCatalogOf(context, runtime.profile()).list({ namespace: 'AWS/RDS' })));
    expect(new Set(listings.map((l) => JSON.stringify(l))).size).toBe(1);
    expect(cw.commandCalls(ListMetricsCommand)).toHaveLength(1);
    expect(requests.map(({ usage }) => [usage.toJSON().totalCalls, usage.cacheHits])).toEqual([[1, 0], [0, 1], [0, 1], [0, 1], [0, 1]]);
    const later = createRequestContext(runtime);
    await metricCatalogOf(later, runtime.profile()).list({ namespace: 'AWS/RDS' });
    expect(cw.commandCalls(ListMetricsCommand)).toHaveLength(1);
    await metricCatalogOf(later, runtime.profile()).list({ namespace: 'AWS/RDS', metricName: 'ReadLatency' });
    expect(cw.commandCalls(ListMetricsCommand)).toHaveLength(2);
    await runtime.close();
  });

  it('does not cache a failed listing', async () => {
    cw.on(ListMetricsCommand).rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })).resolves({ Metrics: [] });
    const runtime = await catalogRuntime();
    const catalog = (): MetricCatalog => metricCatalogOf(createRequestContext(runtime), runtime.profile());
    await expect(catalog().list({ namespace: 'AWS/RDS' })).rejects.toMatchObject({ name: 'AwsCallError', kind: 'access-denied', action: 'cloudwatch:ListMetrics' });
    await expect(catalog().list({ namespace: 'AWS/RDS' })).resolves.toEqual([]);
    await runtime.close();
  });
});
