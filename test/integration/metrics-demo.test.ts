// Metrics end to end: GraphQL -> metrics loader -> real CloudWatch SDK -> the embedded emulator
// seeded with the demo organisation. Series are checked against the emulator's raw samples, costs
// against both extensions.cost and the emulator's own per-operation counters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLUSTER, DEMO_LOAD_BALANCER } from '../../src/emulator/demo-organisation.ts';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import type { MetricDimension as StoreDimension } from '../../src/emulator/metric-store.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml, createTestGateway, type GraphQLResponse, executeOn } from '../support/test-gateway.ts';

/** Minute-aligned, so a from/to window is already aligned to a 60 s period. */
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const HOUR = 3_600_000;

// The demo's services, but ECS and ALB without cluster / load_balancer: the gateway must discover them.
const TOML = `[profiles.demo]
backend = "local"

[profiles.demo.services.checkout-web]
resource_type = "ecs"
[profiles.demo.services.payments-api]
resource_type = "ecs"
[profiles.demo.services.public-alb]
resource_type = "alb"
[profiles.demo.services.thumbnailer]
resource_type = "lambda"
[profiles.demo.services.email-sender]
resource_type = "lambda"
[profiles.demo.services.orders-db]
resource_type = "rds"
`;

const DASHBOARD = `query Dashboard($range: TimeRange) {
  services {
    name
    metrics(range: $range) { namespace metricName stat period unit dimensions { name value } status points { timestamp value } }
  }
}`;

interface Series {
  namespace: string;
  metricName: string;
  stat: string;
  period: number;
  unit: string | null;
  dimensions: Array<{ name: string; value: string }>;
  status: string;
  points: Array<{ timestamp: string; value: number }>;
}

let local: LocalEmulator;
let runtime: GatewayRuntime;
let yoga: GatewayYoga;

function execute(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  return executeOn(yoga, query, variables);
}

/** What CloudWatch (the emulator's store) holds for one series, bucketed per minute with `stat`. */
function rawPerMinute(namespace: string, metricName: string, dimensions: StoreDimension[], start: number, end: number, stat: 'Average' | 'Sum'): Array<{ timestamp: string; value: number }> {
  const series = local.stores.metrics.getSeries(namespace, metricName, dimensions);
  if (!series) return [];
  const buckets = new Map<number, number[]>();
  series.timestamps.forEach((t, i) => {
    if (t < start || t >= end) return;
    const minute = Math.floor(t / 60_000) * 60_000;
    buckets.set(minute, [...(buckets.get(minute) ?? []), series.values[i]!]);
  });
  return [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([t, values]) => {
      const sum = values.reduce((a, b) => a + b, 0);
      return { timestamp: new Date(t).toISOString(), value: stat === 'Sum' ? sum : sum / values.length };
    });
}

const counts = () => ({ GetMetricData: local.emulator.counters.calls('GetMetricData'), ListMetrics: local.emulator.counters.calls('ListMetrics') });

beforeAll(async () => {
  local = await startLocalEmulator({ now: NOW, liveFeed: false });
  runtime = new GatewayRuntime(configFromToml(TOML), { url: local.emulator.url, services: demoServiceConfigs() });
  yoga = createGatewayYoga({ runtime, now: () => NOW });
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  await local?.close();
});

describe('a dashboard over the demo organisation', () => {
  let result: GraphQLResponse;
  let byService: Map<string, Series[]>;
  let before: ReturnType<typeof counts>;
  const range = { from: new Date(NOW - HOUR).toISOString(), to: new Date(NOW).toISOString() };

  beforeAll(async () => {
    before = counts();
    result = await execute(DASHBOARD, { range });
    byService = new Map((result.data?.['services'] as Array<{ name: string; metrics: Series[] }>).map((s) => [s.name, s.metrics]));
  });

  it('costs 1 GetMetricData for 17 series plus one ListMetrics listing per discovered resource type', () => {
    expect(result.errors).toBeUndefined();
    expect(result.extensions?.['cost']).toEqual({
      calls: { 'cloudwatch:GetMetricData': { calls: 1, attempts: 1 }, 'cloudwatch:ListMetrics': { calls: 2, attempts: 2 } },
      totalCalls: 3,
      logsBytesScanned: 0,
      logsRecordsScanned: 0,
      metricsRequested: 17,
      tracesFetched: 0,
      // The two ECS services share one listing (coalesced in flight).
      cacheHits: 1,
    });
    const after = counts();
    expect({ GetMetricData: after.GetMetricData - before.GetMetricData, ListMetrics: after.ListMetrics - before.ListMetrics }).toEqual({ GetMetricData: 1, ListMetrics: 2 });
  });

  it('ECS: discovers ClusterName demo-prod and returns the CPU and memory series', () => {
    const [cpu, memory] = byService.get('payments-api')!;
    const dims = [{ name: 'ClusterName', value: DEMO_CLUSTER }, { name: 'ServiceName', value: 'payments-api' }];
    expect(cpu).toMatchObject({ namespace: 'AWS/ECS', metricName: 'CPUUtilization', stat: 'Average', period: 60, unit: 'Percent', dimensions: dims, status: 'COMPLETE' });
    expect(memory).toMatchObject({ metricName: 'MemoryUtilization', dimensions: dims });
    const storeDims = [{ Name: 'ClusterName', Value: DEMO_CLUSTER }, { Name: 'ServiceName', Value: 'payments-api' }];
    expect(cpu!.points).toHaveLength(60);
    expect(cpu!.points).toEqual(rawPerMinute('AWS/ECS', 'CPUUtilization', storeDims, NOW - HOUR, NOW, 'Average'));
    expect(memory!.points).toEqual(rawPerMinute('AWS/ECS', 'MemoryUtilization', storeDims, NOW - HOUR, NOW, 'Average'));
    expect(byService.get('checkout-web')![0]!.dimensions).toEqual([{ name: 'ClusterName', value: DEMO_CLUSTER }, { name: 'ServiceName', value: 'checkout-web' }]);
  });

  it('ALB: discovers the LoadBalancer-only dimension set and returns requests, ELB 5XX, target 5XX and response time', () => {
    const [requests, elb5xx, target5xx, latency] = byService.get('public-alb')!;
    const dims = [{ Name: 'LoadBalancer', Value: DEMO_LOAD_BALANCER }];
    expect(requests!.dimensions).toEqual([{ name: 'LoadBalancer', value: DEMO_LOAD_BALANCER }]);
    expect(requests).toMatchObject({ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', stat: 'Sum', unit: 'Count' });
    expect(requests!.points).toHaveLength(60);
    expect(requests!.points).toEqual(rawPerMinute('AWS/ApplicationELB', 'RequestCount', dims, NOW - HOUR, NOW, 'Sum'));
    expect(elb5xx).toMatchObject({ metricName: 'HTTPCode_ELB_5XX_Count', stat: 'Sum', status: 'COMPLETE' });
    // The incident (35 to 25 minutes before start-up) makes the ALB answer 5XX itself.
    expect(elb5xx!.points).toHaveLength(10);
    expect(elb5xx!.points).toEqual(rawPerMinute('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', dims, NOW - HOUR, NOW, 'Sum'));
    // The targets' 5XX burst is a standard metric too: the incident shows without naming it.
    expect(target5xx).toMatchObject({ metricName: 'HTTPCode_Target_5XX_Count', stat: 'Sum', unit: 'Count', status: 'COMPLETE' });
    expect(target5xx!.points.length).toBeGreaterThan(0);
    expect(target5xx!.points).toEqual(rawPerMinute('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', dims, NOW - HOUR, NOW, 'Sum'));
    expect(latency).toMatchObject({ metricName: 'TargetResponseTime', stat: 'Average', unit: 'Seconds' });
    expect(latency!.points.length).toBeGreaterThan(50);
    const expected = rawPerMinute('AWS/ApplicationELB', 'TargetResponseTime', dims, NOW - HOUR, NOW, 'Average');
    expect(latency!.points.map((p) => p.timestamp)).toEqual(expected.map((p) => p.timestamp));
    latency!.points.forEach((point, i) => expect(point.value).toBeCloseTo(expected[i]!.value, 9));
  });

  it('Lambda: errors, duration and throttles of each function', () => {
    for (const fn of ['thumbnailer', 'email-sender']) {
      const [errors, duration, throttles] = byService.get(fn)!;
      const dims = [{ Name: 'FunctionName', Value: fn }];
      expect([errors!.metricName, duration!.metricName, throttles!.metricName]).toEqual(['Errors', 'Duration', 'Throttles']);
      expect(errors!.dimensions).toEqual([{ name: 'FunctionName', value: fn }]);
      expect(errors!.points.length).toBeGreaterThan(0);
      expect(errors!.points).toEqual(rawPerMinute('AWS/Lambda', 'Errors', dims, NOW - HOUR, NOW, 'Sum'));
      expect(throttles!.points).toEqual(rawPerMinute('AWS/Lambda', 'Throttles', dims, NOW - HOUR, NOW, 'Sum'));
      const expected = rawPerMinute('AWS/Lambda', 'Duration', dims, NOW - HOUR, NOW, 'Average');
      expect(duration!.points.map((p) => p.timestamp)).toEqual(expected.map((p) => p.timestamp));
      duration!.points.forEach((point, i) => expect(point.value).toBeCloseTo(expected[i]!.value, 9));
    }
  });

  it('RDS: connections and latencies of orders-db', () => {
    const series = byService.get('orders-db')!;
    expect(series.map((s) => [s.metricName, s.stat, s.unit])).toEqual([
      ['DatabaseConnections', 'Average', 'Count'],
      ['WriteLatency', 'Average', 'Seconds'],
      ['ReadLatency', 'Average', 'Seconds'],
    ]);
    const dims = [{ Name: 'DBInstanceIdentifier', Value: 'orders-db' }];
    for (const s of series) {
      expect(s.points).toHaveLength(60);
      expect(s.points).toEqual(rawPerMinute('AWS/RDS', s.metricName, dims, NOW - HOUR, NOW, 'Average'));
    }
  });

  it('the next request (another window) uses the cached dimensions: 0 ListMetrics, 1 GetMetricData', async () => {
    const start = counts();
    const next = await execute(DASHBOARD, { range: { last: '6h' } });
    expect(next.errors).toBeUndefined();
    expect(next.extensions?.['cost']).toMatchObject({ calls: { 'cloudwatch:GetMetricData': { calls: 1, attempts: 1 } }, totalCalls: 1, metricsRequested: 17 });
    const end = counts();
    expect([end.GetMetricData - start.GetMetricData, end.ListMetrics - start.ListMetrics]).toEqual([1, 0]);
  });

  it('an empty series of a metric ListMetrics does not list for the dimensions is NOT_LISTED, saying why', async () => {
    const response = await execute(`{
      service(name: "orders-db") {
        unknown: metric(name: "NoSuchMetric", range: { last: "1h" }) { metricName stat status points { value } messages { code value } }
        wrongType: metric(name: "HTTPCode_Target_5XX_Count", range: { last: "1h" }) { status complete }
      }
    }`);
    expect(response.data!.service.unknown).toMatchObject({ metricName: 'NoSuchMetric', stat: 'Average', status: 'NOT_LISTED', points: [] });
    expect(response.data!.service.unknown.messages).toEqual([
      {
        code: 'NotListed',
        value: expect.stringMatching(/^ListMetrics lists no AWS\/RDS NoSuchMetric with dimensions DBInstanceIdentifier=orders-db \(it lists metrics with data in the last 2 weeks\); listed for these dimensions: .*DatabaseConnections/),
      },
    ]);
    // An ALB metric asked of an RDS instance: NOT_LISTED too, and `complete` carries the error.
    expect(response.data!.service.wrongType).toEqual({ status: 'NOT_LISTED', complete: null });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ path: ['service', 'wrongType', 'complete'], extensions: { code: 'NOT_FOUND', status: 'NotListed' } });
    expect(response.errors![0]!.message).toMatch(/^no such metric: NotListed: ListMetrics lists no AWS\/RDS HTTPCode_Target_5XX_Count/);
  });

  it('an empty series of a listed metric stays COMPLETE: the window had no data (the demo holds 24 h)', async () => {
    const response = await execute(`{ service(name: "public-alb") { metric(name: "RequestCount", range: { from: "${new Date(NOW - 30 * HOUR).toISOString()}", to: "${new Date(NOW - 29 * HOUR).toISOString()}" }) { status points { value } messages { code } } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ service: { metric: { status: 'COMPLETE', points: [], messages: [] } } });
  });

  it('metricCatalog lists the ALB\'s metrics of both dimension sets', async () => {
    const response = await execute(`{ metricCatalog(namespace: "AWS/ApplicationELB", service: "public-alb") { metricName dimensions { name value } } }`);
    expect(response.errors).toBeUndefined();
    const catalog = response.data!['metricCatalog'] as Array<{ metricName: string; dimensions: Array<{ name: string }> }>;
    expect(catalog.some((m) => m.metricName === 'RequestCount' && m.dimensions.length === 1)).toBe(true);
    expect(catalog.some((m) => m.metricName === 'RequestCount' && m.dimensions.length === 2)).toBe(true);
    expect(catalog.some((m) => m.metricName === 'HealthyHostCount')).toBe(true);
  });
});

describe('many viewers', () => {
  it('50 concurrent identical dashboard queries cost about one viewer\'s GetMetricData calls', async () => {
    // A window no earlier test asked for, so nothing is cached yet for it.
    const variables = { range: { from: new Date(NOW - 3 * HOUR).toISOString(), to: new Date(NOW - 2 * HOUR).toISOString() } };
    local.emulator.knobs.latencyMs.GetMetricData = 50;
    const start = counts();
    try {
      const results = await Promise.all(Array.from({ length: 50 }, () => execute(DASHBOARD, variables)));
      for (const r of results) expect(r.errors).toBeUndefined();
      expect(new Set(results.map((r) => JSON.stringify(r.data))).size).toBe(1);
      const end = counts();
      expect([end.GetMetricData - start.GetMetricData, end.ListMetrics - start.ListMetrics]).toEqual([1, 0]);
      const calls = results.reduce((sum, r) => sum + ((r.extensions?.['cost'] as { totalCalls: number }).totalCalls), 0);
      expect(calls).toBe(1);
    } finally {
      delete local.emulator.knobs.latencyMs.GetMetricData;
    }
  });
});

describe('the demo profile as the server starts it', () => {
  it('a `backend = "local"` profile serves every demo service\'s standard metrics in one GetMetricData call', async () => {
    const gateway = await createTestGateway({ toml: '[profiles.demo]\nbackend = "local"\n' });
    try {
      // Over the last hour every series has data (the ELB's 5XX only in the incident, 35 to 25 minutes
      // before start-up, which a 30-minute window loses when seeding is slow), so no ListMetrics check.
      const response = await gateway.execute('{ services { name resourceType metrics(range: { last: "1h" }) { metricName dimensions { name value } points { value } } } }');
      expect(response.errors).toBeUndefined();
      const services = response.data!['services'] as Array<{ name: string; metrics: Array<{ metricName: string; points: unknown[] }> }>;
      expect(services.map((s) => [s.name, s.metrics.length])).toEqual([
        ['checkout-web', 2],
        ['email-sender', 3],
        ['inventory-service', 2],
        ['orders-db', 3],
        ['orders-service', 2],
        ['partner-api', 4],
        ['payments-api', 2],
        ['public-alb', 4],
        ['thumbnailer', 3],
      ]);
      for (const s of services) expect(s.metrics.find((m) => m.metricName !== 'HTTPCode_ELB_5XX_Count' && m.metricName !== 'Throttles')!.points.length).toBeGreaterThan(20);
      // The demo config names cluster and load balancer: no discovery needed.
      expect(response.extensions?.['cost']).toMatchObject({ calls: { 'cloudwatch:GetMetricData': { calls: 1, attempts: 1 } }, totalCalls: 1, metricsRequested: 25 });
    } finally {
      await gateway.close();
    }
  });
});

describe('an ad-hoc service described with its resource type dimension keys', () => {
  it('reads the ECS metrics of a service the profile does not list, with the cluster the caller gave', async () => {
    const range = { from: new Date(NOW - HOUR).toISOString(), to: new Date(NOW).toISOString() };
    const result = await execute(
      `query($range: TimeRange) { service(name: "orders-service", adhoc: { resourceType: ECS, cluster: "${DEMO_CLUSTER}" }) { configured metrics(range: $range, names: ["CPUUtilization"]) { dimensions { name value } status points { value } } } }`,
      { range },
    );
    expect(result.errors).toBeUndefined();
    const service = result.data?.['service'] as { configured: boolean; metrics: Series[] };
    expect(service.configured).toBe(false);
    expect(service.metrics.map((series) => series.dimensions)).toEqual([
      [
        { name: 'ClusterName', value: DEMO_CLUSTER },
        { name: 'ServiceName', value: 'orders-service' },
      ],
    ]);
    expect(service.metrics[0]!.points.length).toBeGreaterThan(0);
  });

  it('reads an ALB given by its LoadBalancer value', async () => {
    const range = { from: new Date(NOW - HOUR).toISOString(), to: new Date(NOW).toISOString() };
    const result = await execute(
      `query($range: TimeRange) { service(name: "edge-alb", adhoc: { resourceType: ALB, loadBalancer: "${DEMO_LOAD_BALANCER}" }) { metrics(range: $range, names: ["RequestCount"]) { dimensions { name value } points { value } } } }`,
      { range },
    );
    expect(result.errors).toBeUndefined();
    const series = (result.data?.['service'] as { metrics: Series[] }).metrics;
    expect(series.map((one) => one.dimensions)).toEqual([[{ name: 'LoadBalancer', value: DEMO_LOAD_BALANCER }]]);
    expect(series[0]!.points.length).toBeGreaterThan(0);
  });
});
