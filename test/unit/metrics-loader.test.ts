// The metrics DataLoader through GraphQL with a mocked CloudWatchClient: the exact GetMetricData
// and ListMetrics inputs a dashboard query produces, and what it costs.
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type GetMetricDataCommandInput, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 37);
const cw = mockClient(CloudWatchClient);
const gateways: TestGateway[] = [];

/** Answers every query with two datapoints at the window's start, values derived from the Id. */
function answerEveryQuery(input: GetMetricDataCommandInput): { MetricDataResults: MetricDataResult[] } {
  return {
    MetricDataResults: (input.MetricDataQueries ?? []).map((query) => ({
      Id: query.Id,
      Label: query.MetricStat?.Metric?.MetricName,
      Timestamps: [input.StartTime!, new Date(input.StartTime!.getTime() + 60_000)],
      Values: [Number(query.Id!.slice(1)), Number(query.Id!.slice(1)) + 0.5],
      StatusCode: 'Complete',
    })),
  };
}

function services(count: number, type: string, extra = ''): string {
  return Array.from({ length: count }, (_, i) => `[profiles.prod.services.svc-${String(i).padStart(3, '0')}]\nresource_type = "${type}"\n${extra}`).join('\n');
}

async function gateway(toml: string): Promise<TestGateway> {
  const created = await createTestGateway({ toml: `[limits]\nmax_services = 500\n\n[profiles.prod]\nbackend = "cloudwatch"\nregion = "us-east-1"\n\n${toml}`, now: () => NOW });
  gateways.push(created);
  return created;
}

const getMetricDataInputs = (): GetMetricDataCommandInput[] => cw.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input);

beforeEach(() => {
  cw.reset();
  cw.on(GetMetricDataCommand).callsFake(answerEveryQuery);
});

afterEach(async () => {
  for (const created of gateways.splice(0)) await created.close();
});

describe('one batched GetMetricData per window', () => {
  it('20 services x 3 metrics in one query = 1 call with 60 queries, in canonical order, with valid unique Ids', async () => {
    const gw = await gateway(services(20, 'lambda'));
    const result = await gw.execute('{ services { name metrics(range: { last: "1h" }) { namespace metricName stat period unit dimensions { name value } status points { timestamp value } } } }');
    expect(result.errors).toBeUndefined();
    const inputs = getMetricDataInputs();
    expect(inputs).toHaveLength(1);
    const input = inputs[0]!;
    expect(input.MetricDataQueries).toHaveLength(60);
    // The window is aligned to the 60 s period: floored start, ceiled end.
    expect(input.StartTime).toEqual(new Date(Date.UTC(2026, 10, 25, 11, 0, 0)));
    expect(input.EndTime).toEqual(new Date(Date.UTC(2026, 10, 25, 12, 1, 0)));
    expect(input.ScanBy).toBe('TimestampAscending');
    const ids = input.MetricDataQueries!.map((query) => query.Id!);
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => `m${i}`));
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
    expect(input.MetricDataQueries![0]).toEqual({
      Id: 'm0',
      MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Duration', Dimensions: [{ Name: 'FunctionName', Value: 'svc-000' }] }, Period: 60, Stat: 'Average' },
      ReturnData: true,
    });
    const queried = input.MetricDataQueries!.map((q) => `${q.MetricStat!.Metric!.Dimensions![0]!.Value}/${q.MetricStat!.Metric!.MetricName}/${q.MetricStat!.Stat}`);
    expect(new Set(queried).size).toBe(60);
    expect(queried).toContain('svc-019/Throttles/Sum');
    expect(queried).toContain('svc-007/Errors/Sum');

    // Results are mapped back by Id to the right service and metric.
    const svc7 = result.data!.services.find((s: { name: string }) => s.name === 'svc-007');
    const errors = svc7.metrics.find((m: { metricName: string }) => m.metricName === 'Errors');
    const id = input.MetricDataQueries!.find((q) => q.MetricStat!.Metric!.Dimensions![0]!.Value === 'svc-007' && q.MetricStat!.Metric!.MetricName === 'Errors')!.Id!;
    expect(errors).toEqual({
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      stat: 'Sum',
      period: 60,
      unit: 'Count',
      dimensions: [{ name: 'FunctionName', value: 'svc-007' }],
      status: 'COMPLETE',
      points: [
        { timestamp: '2026-11-25T11:00:00.000Z', value: Number(id.slice(1)) },
        { timestamp: '2026-11-25T11:01:00.000Z', value: Number(id.slice(1)) + 0.5 },
      ],
    });
    expect(svc7.metrics.map((m: { metricName: string }) => m.metricName)).toEqual(['Errors', 'Duration', 'Throttles']);
    expect(result.extensions?.cost).toMatchObject({ calls: { 'cloudwatch:GetMetricData': { calls: 1, attempts: 1 } }, totalCalls: 1, metricsRequested: 60, cacheHits: 0 });
  });

  it('200 services x 3 metrics = 2 calls of 500 and 100 queries, run in parallel', async () => {
    const gw = await gateway(services(200, 'rds'));
    let inFlight = 0;
    let maxInFlight = 0;
    cw.on(GetMetricDataCommand).callsFake(async (input: GetMetricDataCommandInput) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      return answerEveryQuery(input);
    });
    const result = await gw.execute('{ services { name metrics { metricName points { value } } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.services).toHaveLength(200);
    const sizes = getMetricDataInputs().map((input) => input.MetricDataQueries!.length);
    expect(sizes.sort((a, b) => b - a)).toEqual([500, 100]);
    expect(maxInFlight).toBe(2);
    for (const input of getMetricDataInputs()) {
      const ids = input.MetricDataQueries!.map((q) => q.Id!);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => /^[a-z][a-zA-Z0-9_]*$/.test(id))).toBe(true);
    }
    expect(result.extensions?.cost).toMatchObject({ calls: { 'cloudwatch:GetMetricData': { calls: 2, attempts: 2 } }, metricsRequested: 600 });
  });

  it('two windows in one query = separate calls, one per window', async () => {
    const gw = await gateway(services(3, 'ecs', 'cluster = "prod"'));
    const result = await gw.execute(`{
      services {
        recent: metrics(range: { last: "15m" }) { metricName points { value } }
        day: metrics(range: { last: "1d" }) { metricName period points { value } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const inputs = getMetricDataInputs().sort((a, b) => a.StartTime!.getTime() - b.StartTime!.getTime());
    expect(inputs.map((input) => [input.StartTime!.toISOString(), input.EndTime!.toISOString(), input.MetricDataQueries!.length, input.MetricDataQueries![0]!.MetricStat!.Period])).toEqual([
      ['2026-11-24T12:00:00.000Z', '2026-11-25T12:01:00.000Z', 6, 60],
      ['2026-11-25T11:45:00.000Z', '2026-11-25T12:01:00.000Z', 6, 60],
    ]);
    expect(inputs[0]!.MetricDataQueries![0]!.MetricStat!.Metric!.Dimensions).toEqual([
      { Name: 'ClusterName', Value: 'prod' },
      { Name: 'ServiceName', Value: 'svc-000' },
    ]);
  });

  it('the same series asked for twice (metrics, metric, an alias) is one query', async () => {
    const gw = await gateway(services(2, 'lambda'));
    const result = await gw.execute(`{
      a: service(name: "svc-000") { metrics { metricName } errors: metric(name: "Errors") { stat points { value } } }
      b: service(name: "svc-000") { metric(name: "Errors") { stat } p99: metric(name: "Duration", stat: "p99") { stat } }
      c: service(name: "svc-001") { metric(name: "Errors") { stat } }
    }`);
    expect(result.errors).toBeUndefined();
    const inputs = getMetricDataInputs();
    expect(inputs).toHaveLength(1);
    const asked = inputs[0]!.MetricDataQueries!.map((q) => `${q.MetricStat!.Metric!.Dimensions![0]!.Value} ${q.MetricStat!.Metric!.MetricName} ${q.MetricStat!.Stat}`);
    expect(asked.sort()).toEqual(['svc-000 Duration Average', 'svc-000 Duration p99', 'svc-000 Errors Sum', 'svc-000 Throttles Sum', 'svc-001 Errors Sum']);
    expect(result.data!.b.p99).toEqual({ stat: 'p99' });
    expect(result.extensions?.cost.metricsRequested).toBe(5);
  });

  it('deferred metrics of every service still batch into one call', async () => {
    const gw = await gateway(services(4, 'rds'));
    const response = await gw.yoga.fetch('http://tinkr.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
      body: JSON.stringify({ query: '{ services { name ... @defer { metrics { metricName } } } }' }),
    });
    const body = await response.text();
    expect(body).toContain('"incremental"');
    expect(body.match(/"metricName":"ReadLatency"/g)).toHaveLength(4);
    expect(getMetricDataInputs().map((input) => input.MetricDataQueries!.length)).toEqual([12]);
  });

  it('follows NextToken and concatenates the pages of one Id', async () => {
    const gw = await gateway(services(1, 'lambda'));
    const t = (minute: number): Date => new Date(Date.UTC(2026, 10, 25, 11, minute));
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', Timestamps: [t(0), t(1)], Values: [1, 2], StatusCode: 'PartialData' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', Timestamps: [t(2)], Values: [3], StatusCode: 'Complete' },
          { Id: 'm1', Timestamps: [t(0)], Values: [9], StatusCode: 'Complete' },
          { Id: 'm2', Timestamps: [], Values: [], StatusCode: 'Complete' },
        ],
        Messages: [{ Code: 'Info', Value: 'two pages' }],
      });
    // Throttles is empty: ListMetrics says it exists for these dimensions, so it stays COMPLETE.
    cw.on(ListMetricsCommand).resolves({ Metrics: [{ Namespace: 'AWS/Lambda', MetricName: 'Throttles', Dimensions: [{ Name: 'FunctionName', Value: 'svc-000' }] }] });
    const result = await gw.execute('{ service(name: "svc-000") { metrics { metricName status complete messages { code value } points { timestamp value } } } }');
    expect(result.errors).toBeUndefined();
    expect(cw.commandCalls(ListMetricsCommand).map((call) => call.args[0].input)).toEqual([{ Namespace: 'AWS/Lambda', Dimensions: [{ Name: 'FunctionName', Value: 'svc-000' }] }]);
    const inputs = getMetricDataInputs();
    expect(inputs).toHaveLength(2);
    expect(inputs[0]!.NextToken).toBeUndefined();
    expect(inputs[1]!.NextToken).toBe('page-2');
    expect({ ...inputs[1], NextToken: undefined }).toEqual({ ...inputs[0], NextToken: undefined });
    // Canonical order: Duration (m0), Errors (m1), Throttles (m2).
    expect(result.data!.service.metrics).toEqual([
      {
        metricName: 'Errors',
        status: 'COMPLETE',
        complete: true,
        messages: [{ code: 'Info', value: 'two pages' }],
        points: [{ timestamp: '2026-11-25T11:00:00.000Z', value: 9 }],
      },
      {
        metricName: 'Duration',
        status: 'COMPLETE',
        complete: true,
        messages: [{ code: 'Info', value: 'two pages' }],
        points: [
          { timestamp: '2026-11-25T11:00:00.000Z', value: 1 },
          { timestamp: '2026-11-25T11:01:00.000Z', value: 2 },
          { timestamp: '2026-11-25T11:02:00.000Z', value: 3 },
        ],
      },
      { metricName: 'Throttles', status: 'COMPLETE', complete: true, messages: [{ code: 'Info', value: 'two pages' }], points: [] },
    ]);
    expect(result.extensions?.cost.calls).toEqual({ 'cloudwatch:GetMetricData': { calls: 2, attempts: 2 }, 'cloudwatch:ListMetrics': { calls: 1, attempts: 1 } });
  });
});

describe('per-series status', () => {
  it('Forbidden and PartialData surface on status and as typed errors at that series only', async () => {
    const gw = await gateway(services(1, 'lambda'));
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'm0', Timestamps: [], Values: [], StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'cross-account access denied' }] },
        { Id: 'm1', Timestamps: [new Date(Date.UTC(2026, 10, 25, 11))], Values: [0], StatusCode: 'Complete' },
        { Id: 'm2', Timestamps: [new Date(Date.UTC(2026, 10, 25, 11))], Values: [4], StatusCode: 'PartialData' },
      ],
    });
    const result = await gw.execute('{ service(name: "svc-000") { metrics { metricName status complete points { value } } } }');
    expect(result.data!.service.metrics).toEqual([
      { metricName: 'Errors', status: 'COMPLETE', complete: true, points: [{ value: 0 }] },
      { metricName: 'Duration', status: 'FORBIDDEN', complete: null, points: [] },
      { metricName: 'Throttles', status: 'PARTIAL_DATA', complete: null, points: [{ value: 4 }] },
    ]);
    const errors = (result.errors ?? []).map((error) => ({ path: error.path, code: error.extensions?.code }));
    expect(errors).toEqual([
      { path: ['service', 'metrics', 1, 'complete'], code: 'ACCESS_DENIED' },
      { path: ['service', 'metrics', 2, 'complete'], code: 'PARTIAL' },
    ]);
    expect(result.errors![0]!.message).toContain('cross-account access denied');
  });

  it('a throttled GetMetricData nulls only the metrics fields of its call, with THROTTLED', async () => {
    const gw = await gateway(services(2, 'lambda'));
    cw.on(GetMetricDataCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400, attempts: 3 } }));
    const result = await gw.execute('{ services { name metrics { metricName } } }');
    expect(result.data).toEqual({ services: [{ name: 'svc-000', metrics: null }, { name: 'svc-001', metrics: null }] });
    expect(result.errors!.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['services', 0, 'metrics'], 'THROTTLED'],
      [['services', 1, 'metrics'], 'THROTTLED'],
    ]);
  });
});

describe('arguments', () => {
  it('rejects bad stats, periods and unconfigured custom services with BAD_USER_INPUT and the reason', async () => {
    const gw = await gateway(services(1, 'lambda'));
    const result = await gw.execute(`{
      service(name: "svc-000") {
        badStat: metrics(stat: "Mean") { stat }
        badPeriod: metrics(period: 90) { stat }
        tooFine: metrics(period: 60, range: { from: "2026-10-01T00:00:00Z", to: "2026-10-02T00:00:00Z" }) { stat }
        ok: metrics(period: 300, stat: "p99.9", range: { from: "2026-10-01T00:00:00Z", to: "2026-10-02T00:00:00Z" }) { stat period }
      }
      adHoc: service(name: "not-configured", adhoc: {}) { metrics { stat } }
      badName: service(name: "svc-000") { metrics(names: ["Errors", ""]) { stat } }
    }`);
    const byField = Object.fromEntries((result.errors ?? []).map((e) => [String(e.path!.at(-1) === 'metrics' ? e.path![0] : e.path!.at(-1)), e]));
    expect(byField['badStat']!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'stat' });
    expect(byField['badStat']!.message).toContain('"Mean" is not a CloudWatch statistic');
    expect(byField['badPeriod']!.message).toBe('period: must be 1, 5, 10, 20, 30 or a multiple of 60; got 90');
    expect(byField['tooFine']!.message).toContain('only in multiples of 300 s; got 60');
    expect(byField['adHoc']!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(byField['adHoc']!.message).toContain('custom service without a CloudWatch namespace');
    expect(byField['badName']!.message).toBe('names: "" is not a CloudWatch metric name (1 to 255 printable characters)');
    expect(result.data!.service.ok).toEqual([
      { stat: 'p99.9', period: 300 },
      { stat: 'p99.9', period: 300 },
      { stat: 'p99.9', period: 300 },
    ]);
    expect(getMetricDataInputs()).toHaveLength(1);
  });

  it('custom services query their namespace, metrics and dimensions from the profile', async () => {
    const gw = await gateway(`[profiles.prod.services.billing-jobs]
resource_type = "custom"
namespace = "Acme/Billing"
metrics = ["JobsRun", "JobFailures"]
dimensions = { Queue = "billing", Env = "prod" }
`);
    const result = await gw.execute('{ service(name: "billing-jobs") { metrics(stat: "Sum") { namespace metricName unit dimensions { name value } } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.service.metrics[0]).toEqual({ namespace: 'Acme/Billing', metricName: 'JobsRun', unit: null, dimensions: [{ name: 'Env', value: 'prod' }, { name: 'Queue', value: 'billing' }] });
    expect(getMetricDataInputs()[0]!.MetricDataQueries!.map((q) => q.MetricStat)).toEqual([
      { Metric: { Namespace: 'Acme/Billing', MetricName: 'JobFailures', Dimensions: [{ Name: 'Env', Value: 'prod' }, { Name: 'Queue', Value: 'billing' }] }, Period: 60, Stat: 'Sum' },
      { Metric: { Namespace: 'Acme/Billing', MetricName: 'JobsRun', Dimensions: [{ Name: 'Env', Value: 'prod' }, { Name: 'Queue', Value: 'billing' }] }, Period: 60, Stat: 'Sum' },
    ]);
  });
});

describe('ListMetrics discovery', () => {
  const ecsListing = {
    Metrics: [
      { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: 'prod' }] },
      { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ServiceName', Value: 'svc-000' }, { Name: 'ClusterName', Value: 'prod' }] },
      { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ServiceName', Value: 'svc-001' }, { Name: 'ClusterName', Value: 'staging' }] },
    ],
  };

  it('discovers the ECS cluster once per profile (all pages), then serves later requests from the cache', async () => {
    const gw = await gateway(services(2, 'ecs'));
    cw.on(ListMetricsCommand)
      .resolvesOnce({ Metrics: ecsListing.Metrics.slice(0, 2), NextToken: 'more' })
      .resolvesOnce({ Metrics: ecsListing.Metrics.slice(2) });
    const query = '{ services { name metrics { metricName dimensions { name value } } } }';
    const first = await gw.execute(query);
    expect(first.errors).toBeUndefined();
    const listInputs = cw.commandCalls(ListMetricsCommand).map((call) => call.args[0].input);
    expect(listInputs).toEqual([
      { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ServiceName' }] },
      { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ServiceName' }], NextToken: 'more' },
    ]);
    expect(first.data!.services.map((s: { metrics: Array<{ dimensions: unknown }> }) => s.metrics[0]!.dimensions)).toEqual([
      [{ name: 'ClusterName', value: 'prod' }, { name: 'ServiceName', value: 'svc-000' }],
      [{ name: 'ClusterName', value: 'staging' }, { name: 'ServiceName', value: 'svc-001' }],
    ]);
    expect(getMetricDataInputs()).toHaveLength(1);
    expect(first.extensions?.cost.calls).toEqual({ 'cloudwatch:GetMetricData': { calls: 1, attempts: 1 }, 'cloudwatch:ListMetrics': { calls: 2, attempts: 2 } });

    // A second request, another window: discovery from the cache, 0 ListMetrics calls.
    const second = await gw.execute('{ services { name metrics(range: { last: "3h" }) { metricName } } }');
    expect(second.errors).toBeUndefined();
    expect(cw.commandCalls(ListMetricsCommand)).toHaveLength(2);
    expect(second.extensions?.cost.calls).toEqual({ 'cloudwatch:GetMetricData': { calls: 1, attempts: 1 } });
    // One cached listing lookup per ECS service.
    expect(second.extensions?.cost.cacheHits).toBe(2);
  });

  it('picks the ALB LoadBalancer-only set over TargetGroup+LoadBalancer and matches app/<name>/<id>', async () => {
    const gw = await gateway('[profiles.prod.services.public-alb]\nresource_type = "alb"\n');
    cw.on(ListMetricsCommand).resolves({
      Metrics: [
        { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'TargetGroup', Value: 'targetgroup/web/1' }, { Name: 'LoadBalancer', Value: 'app/public-alb/abc' }] },
        { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/public-alb-2/def' }] },
        { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/public-alb/abc' }] },
      ],
    });
    const result = await gw.execute('{ service(name: "public-alb") { metric(name: "TargetResponseTime", stat: "p99") { dimensions { name value } unit } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.service.metric).toEqual({ dimensions: [{ name: 'LoadBalancer', value: 'app/public-alb/abc' }], unit: 'Seconds' });
    expect(cw.commandCalls(ListMetricsCommand)[0]!.args[0].input).toEqual({ Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer' }] });
  });

  it('uses no ListMetrics when the profile gives the dimensions, and says NOT_FOUND when discovery finds nothing', async () => {
    const gw = await gateway(`[profiles.prod.services.known]
resource_type = "ecs"
cluster = "prod"

[profiles.prod.services.lost]
resource_type = "ecs"
`);
    cw.on(ListMetricsCommand).resolves({ Metrics: ecsListing.Metrics });
    const result = await gw.execute('{ services { name metrics { metricName } } }');
    expect(result.data!.services).toEqual([
      { name: 'known', metrics: [{ metricName: 'CPUUtilization' }, { metricName: 'MemoryUtilization' }] },
      { name: 'lost', metrics: null },
    ]);
    expect(result.errors!.map((e) => [e.path, e.extensions?.code])).toEqual([[['services', 1, 'metrics'], 'NOT_FOUND']]);
    expect(result.errors![0]!.message).toContain('set it in the profile (`cluster`)');
    expect(cw.commandCalls(ListMetricsCommand)).toHaveLength(1);
  });

  it('Query.metricCatalog lists a namespace (cached) and a service\'s own metrics', async () => {
    const gw = await gateway(services(1, 'ecs'));
    cw.on(ListMetricsCommand).callsFake((input) =>
      input.Dimensions?.some((d: { Value?: string }) => d.Value) ? { Metrics: ecsListing.Metrics.slice(1, 2) } : ecsListing,
    );
    const all = await gw.execute('{ metricCatalog(namespace: "AWS/ECS") { metricName dimensions { name value } } }');
    expect(all.data!.metricCatalog).toHaveLength(3);
    const again = await gw.execute('{ metricCatalog(namespace: "AWS/ECS") { metricName } }');
    expect(again.extensions?.cost).toMatchObject({ totalCalls: 0, cacheHits: 1 });
    const own = await gw.execute('{ metricCatalog(namespace: "AWS/ECS", service: "svc-000") { namespace metricName dimensions { name value } } }');
    expect(own.data!.metricCatalog).toEqual([
      { namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: [{ name: 'ClusterName', value: 'prod' }, { name: 'ServiceName', value: 'svc-000' }] },
    ]);
    expect(cw.commandCalls(ListMetricsCommand).map((c) => c.args[0].input).at(-1)).toEqual({
      Namespace: 'AWS/ECS',
      Dimensions: [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName', Value: 'svc-000' }],
    });
  });
});

describe('across requests', () => {
  it('50 concurrent identical dashboard queries cost one viewer\'s GetMetricData calls', async () => {
    const gw = await gateway(services(10, 'lambda'));
    cw.on(GetMetricDataCommand).callsFake(async (input: GetMetricDataCommandInput) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return answerEveryQuery(input);
    });
    const query = '{ services { name metrics(range: { last: "1h" }) { metricName points { value } } } }';
    const results = await Promise.all(Array.from({ length: 50 }, () => gw.execute(query)));
    for (const result of results) expect(result.errors).toBeUndefined();
    expect(new Set(results.map((r) => JSON.stringify(r.data))).size).toBe(1);
    expect(getMetricDataInputs()).toHaveLength(1);
    const calls = results.reduce((sum, r) => sum + (r.extensions?.cost.calls['cloudwatch:GetMetricData']?.calls ?? 0), 0);
    const hits = results.reduce((sum, r) => sum + r.extensions?.cost.cacheHits, 0);
    expect([calls, hits]).toEqual([1, 49]);
  });
});
