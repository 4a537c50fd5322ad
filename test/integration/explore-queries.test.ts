// The explore scope's escape hatches: a raw Logs Insights query, explicit GetMetricData and a raw
// X-Ray filter expression, against the emulator's demo organisation (real SDK over HTTP).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const EXPLORER = 'tkr_explore_engineer';
const DASHBOARD = 'tkr_explore_dashboard';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await createTestGateway({
    toml: `[server]
host = "0.0.0.0"
[[server.tokens]]
name = "engineer"
sha256 = "${sha(EXPLORER)}"
explore = true
[[server.tokens]]
name = "dashboard"
sha256 = "${sha(DASHBOARD)}"
[profiles.demo]
backend = "local"
`,
  });
}, 120_000); // seeds the demo organisation: slow on a loaded machine
afterAll(() => gateway.close());

interface Answer {
  data?: any;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  extensions?: { cost: { calls: Record<string, { calls: number }>; totalCalls: number; logsBytesScanned: number; metricsRequested: number } };
}

async function ask(token: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await gateway.yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer;
}

const INSIGHTS = `query Raw($query: String!, $prefix: String, $groups: [String!]) {
  insightsQuery(query: $query, logGroupPrefix: $prefix, logGroups: $groups, range: { last: "24h" }) {
    rows { message: value(field: "@message") columns { field value } }
    fields truncated status statistics { recordsMatched bytesScanned } logGroups queryString
  }
}`;

describe('the explore scope', () => {
  it('is needed for every escape hatch: FORBIDDEN without it, and no AWS call', async () => {
    const answer = await ask(
      DASHBOARD,
      `{ insightsQuery(query: "fields @message", logGroupPrefix: "/ecs/") { fields }
         metricData(queries: [{ id: "cpu", metric: { namespace: "AWS/ECS", metricName: "CPUUtilization", stat: "Average" } }]) { id }
         traceSearch(filterExpression: "fault") { truncated } }`,
    );
    expect(answer.data).toEqual({ insightsQuery: null, metricData: null, traceSearch: null });
    expect(answer.errors?.map((error) => [error.path?.[0], error.extensions?.code, error.message])).toEqual([
      ['insightsQuery', 'FORBIDDEN', 'insightsQuery needs the explore scope, which caller "dashboard" lacks'],
      ['metricData', 'FORBIDDEN', 'metricData needs the explore scope, which caller "dashboard" lacks'],
      ['traceSearch', 'FORBIDDEN', 'traceSearch needs the explore scope, which caller "dashboard" lacks'],
    ]);
    expect(answer.extensions?.cost.totalCalls).toBe(0);
  });
});

describe('insightsQuery', () => {
  it('runs the query as written over the log groups under a prefix, with typed rows and its cost', async () => {
    const query = 'fields @timestamp, @message, @logStream | filter @message like /ERROR/ | sort @timestamp desc | limit 5';
    const answer = await ask(EXPLORER, INSIGHTS, { query, prefix: '/ecs/payments' });
    expect(answer.errors).toBeUndefined();
    const result = answer.data.insightsQuery;
    expect(result.queryString).toBe(query);
    expect(result.logGroups).toEqual(['/ecs/payments-api']);
    expect(result.rows).toHaveLength(5);
    for (const row of result.rows) expect(row.message).toContain('ERROR');
    expect(result.fields).toEqual(expect.arrayContaining(['@timestamp', '@message', '@logStream']));
    expect(result.truncated).toBe(result.statistics.recordsMatched > 5);
    expect(result.statistics.recordsMatched).toBeGreaterThan(5);
    expect(result.status).toBe('COMPLETE');
    expect(answer.extensions?.cost.calls['logs:StartQuery']).toEqual({ calls: 1, attempts: 1 });
    expect(answer.extensions?.cost.logsBytesScanned).toBe(result.statistics.bytesScanned);
  });

  it('answers an aggregation with its groups as rows, not truncated', async () => {
    const answer = await ask(EXPLORER, INSIGHTS, { query: 'stats count(*) by bin(1h)', groups: ['/ecs/payments-api', '/ecs/checkout-web'] });
    expect(answer.errors).toBeUndefined();
    const result = answer.data.insightsQuery;
    expect(result.rows.length).toBeGreaterThanOrEqual(24);
    expect(result.fields).toEqual(['bin(1h)', 'count(*)']);
    expect(result.truncated).toBe(false);
  });

  it('refuses what is not a log group name, and reports a malformed query as AWS rejected it', async () => {
    const hostile = await ask(EXPLORER, INSIGHTS, { query: 'fields @message', groups: ['/ecs/x" | fields @message'] });
    expect(hostile.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'logGroups' } });
    expect(hostile.extensions?.cost.totalCalls).toBe(0);
    const malformed = await ask(EXPLORER, INSIGHTS, { query: 'fields @message | frobnicate', groups: ['/ecs/payments-api'] });
    expect(malformed.data.insightsQuery).toBeNull();
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', awsCode: 'MalformedQueryException' });
  });
});

describe('metricData', () => {
  it('reads a metric by namespace, name and explicit dimensions', async () => {
    const answer = await ask(
      EXPLORER,
      `{ metricData(period: 300, range: { last: "1h" }, queries: [
          { id: "cpu", label: "payments CPU", metric: { namespace: "AWS/ECS", metricName: "CPUUtilization", stat: "Average",
            dimensions: [{ name: "ServiceName", value: "payments-api" }, { name: "ClusterName", value: "demo-prod" }] } }
        ]) { id label period status points { value } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const [cpu] = answer.data.metricData;
    expect(cpu).toMatchObject({ id: 'cpu', label: 'payments CPU', period: 300, status: 'COMPLETE' });
    expect(cpu.points.length).toBeGreaterThanOrEqual(12);
    for (const point of cpu.points) expect(point.value).toBeGreaterThan(0);
    expect(answer.extensions?.cost.calls['cloudwatch:GetMetricData']).toEqual({ calls: 1, attempts: 1 });
    expect(answer.extensions?.cost.metricsRequested).toBe(1);
  });

  it('evaluates metric math over the queries\' ids, and reports what CloudWatch rejects', async () => {
    const dims = '[{ name: "ClusterName", value: "demo-prod" }, { name: "ServiceName", value: "payments-api" }]';
    const answer = await ask(
      EXPLORER,
      `{ metricData(period: 300, range: { last: "1h" }, queries: [
          { id: "cpu", metric: { namespace: "AWS/ECS", metricName: "CPUUtilization", stat: "Average", dimensions: ${dims} } },
          { id: "mem", returnData: false, metric: { namespace: "AWS/ECS", metricName: "MemoryUtilization", stat: "Average", dimensions: ${dims} } },
          { id: "load", expression: "(cpu + mem) / 2" }
        ]) { id points { timestamp value } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const [cpu, load] = answer.data.metricData;
    expect([cpu.id, load.id]).toEqual(['cpu', 'load']);
    expect(load.points.length).toBe(cpu.points.length);
    expect(load.points.map((p: { timestamp: string }) => p.timestamp)).toEqual(cpu.points.map((p: { timestamp: string }) => p.timestamp));
    expect(load.points.some((p: { value: number }, i: number) => p.value !== cpu.points[i].value)).toBe(true);
    expect(answer.extensions?.cost.calls['cloudwatch:GetMetricData']).toEqual({ calls: 1, attempts: 1 });
    const rejected = await ask(EXPLORER, '{ metricData(queries: [{ id: "cpu", returnData: false, metric: { namespace: "AWS/ECS", metricName: "CPUUtilization", stat: "Average" } }, { id: "r", expression: "RATE(cpu)" }]) { id } }');
    expect(rejected.data.metricData).toBeNull();
    expect(rejected.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', action: 'cloudwatch:GetMetricData' });
    expect(rejected.errors?.[0]?.message).toContain('Error in expression r: unsupported function RATE');
  });

  it('checks ids and query shapes before calling CloudWatch', async () => {
    const answer = await ask(EXPLORER, '{ metricData(queries: [{ id: "Bad-Id", expression: "1" }]) { id } }');
    expect(answer.errors?.[0]).toMatchObject({ message: 'queries[0]: id "Bad-Id" must start with a lowercase letter and hold only letters, digits and "_"', extensions: { code: 'BAD_USER_INPUT' } });
    const both = await ask(EXPLORER, '{ metricData(queries: [{ id: "a", expression: "1", metric: { namespace: "N", metricName: "M", stat: "Sum" } }]) { id } }');
    expect(both.errors?.[0]?.message).toBe('queries[0]: give exactly one of `expression` and `metric`');
    expect(both.extensions?.cost.totalCalls).toBe(0);
  });
});

describe('traceSearch', () => {
  it('sends the filter expression as written and lists the traces', async () => {
    const answer = await ask(EXPLORER, `{ traceSearch(filterExpression: "service(\\"payments-api\\") AND fault", range: { last: "24h" }, limit: 3) { truncated traces { id hasFault services } } }`);
    expect(answer.errors).toBeUndefined();
    const { traces } = answer.data.traceSearch;
    expect(traces.length).toBeGreaterThan(0);
    for (const trace of traces) {
      expect(trace.hasFault).toBe(true);
      expect(trace.services).toContain('payments-api');
    }
    expect(answer.extensions?.cost.calls['xray:GetTraceSummaries']?.calls).toBeGreaterThan(0);
  });
});
