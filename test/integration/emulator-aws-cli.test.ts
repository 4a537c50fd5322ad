// The AWS CLI (what operators and CI use) against the embedded emulator serving the demo
// organisation: every one of the gateway's 8 operations, asserting values from the demo data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/emulator/demo-data.ts';
import { DEMO_CLUSTER, DEMO_LOAD_BALANCER, DEMO_LOG_GROUPS } from '../../src/emulator/demo-organisation.ts';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { runAwsCli } from '../support/aws-cli.ts';
import { AWS_CLI, skipEachTestWithout } from '../support/required-tool.ts';

const NOW = Date.parse('2026-11-25T11:22:00.000Z');
/** Each CLI run starts a Python process: slow on a loaded machine. */
const CLI_TIMEOUT_MS = 90_000;

type Json = Record<string, any>;

let local: LocalEmulator;
let facts: DemoFacts;

const aws = (...args: string[]): Promise<Json> => runAwsCli(local.emulator.url, args);

const seconds = (ms: number): string => String(Math.floor(ms / 1000));
const iso = (ms: number): string => new Date(ms).toISOString();

const awsCliMissing = skipEachTestWithout(AWS_CLI);

beforeAll(async () => {
  if (awsCliMissing) return;
  local = await startLocalEmulator({ now: NOW, liveFeed: false });
  facts = local.facts as DemoFacts;
}, 60_000);

afterAll(async () => {
  await local?.close();
});

describe('AWS CLI against the local emulator with the demo organisation', () => {
  it('logs describe-log-groups lists the demo log groups', async () => {
    const all = await aws('logs', 'describe-log-groups');
    const names = (all['logGroups'] as Json[]).map((g) => g['logGroupName']);
    expect(names).toEqual(expect.arrayContaining([...DEMO_LOG_GROUPS]));
    const ecs = await aws('logs', 'describe-log-groups', '--log-group-name-prefix', '/ecs/');
    expect((ecs['logGroups'] as Json[]).map((g) => g['logGroupName']).sort()).toEqual(['/ecs/checkout-web', '/ecs/inventory-service', '/ecs/orders-service', '/ecs/payments-api']);
    expect((ecs['logGroups'] as Json[])[0]?.['storedBytes']).toBeGreaterThan(0);
  }, CLI_TIMEOUT_MS * 2);

  it('logs start-query + get-query-results finds the incident ERROR lines of payments-api', async () => {
    const { start, end } = facts.incident;
    const started = await aws(
      'logs', 'start-query',
      '--log-group-names', '/ecs/payments-api',
      '--start-time', seconds(start), '--end-time', seconds(end),
      // The incident's errors (the everyday Stripe timeouts go on during it too).
      '--query-string', 'fields @timestamp, @message, @logStream | filter @message like /ERROR/ and @message like /ProvisionedThroughputExceededException/ | sort @timestamp desc | limit 100',
    );
    const queryId = started['queryId'] as string;
    expect(queryId).toBeTruthy();
    let results: Json = {};
    for (let attempt = 0; attempt < 30; attempt++) {
      results = await aws('logs', 'get-query-results', '--query-id', queryId);
      if (results['status'] === 'Complete') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(results['status']).toBe('Complete');
    const rows = (results['results'] as Json[][]).map((row) => Object.fromEntries(row.map((f) => [f['field'], f['value']])));
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) {
      expect(row['@logStream']).toMatch(/^ecs\/payments-api\/[0-9a-f]{32}$/);
      expect(row['@message']).toContain(' ERROR [payments] charge failed: ProvisionedThroughputExceededException');
    }
    const traceIds = rows.map((row) => /traceId=(1-[0-9a-f]{8}-[0-9a-f]{24})/.exec(row['@message'] as string)?.[1]);
    expect(traceIds.filter((id) => id && facts.incidentTraceIds.includes(id)).length).toBe(rows.length);
    expect(results['statistics']['recordsMatched']).toBe(rows.length);
  }, CLI_TIMEOUT_MS * 4);

  it('logs filter-log-events matches a filter pattern in the incident window', async () => {
    const { start, end } = facts.incident;
    const out = await aws(
      'logs', 'filter-log-events',
      '--log-group-name', '/ecs/payments-api',
      '--start-time', String(start), '--end-time', String(end),
      '--filter-pattern', '"ProvisionedThroughputExceededException"',
    );
    const events = out['events'] as Json[];
    expect(events.length).toBeGreaterThanOrEqual(10);
    for (const event of events) {
      expect(event['timestamp']).toBeGreaterThanOrEqual(start);
      expect(event['timestamp']).toBeLessThan(end);
      expect(event['message']).toContain('ProvisionedThroughputExceededException');
    }
  }, CLI_TIMEOUT_MS * 2);

  it('cloudwatch list-metrics discovers the ECS cluster and the ALB dimension', async () => {
    const ecs = await aws('cloudwatch', 'list-metrics', '--namespace', 'AWS/ECS', '--metric-name', 'CPUUtilization', '--dimensions', 'Name=ServiceName,Value=payments-api');
    const metrics = ecs['Metrics'] as Json[];
    expect(metrics).toHaveLength(1);
    expect(metrics[0]?.['Dimensions']).toEqual(expect.arrayContaining([{ Name: 'ClusterName', Value: DEMO_CLUSTER }, { Name: 'ServiceName', Value: 'payments-api' }]));
    const alb = await aws('cloudwatch', 'list-metrics', '--namespace', 'AWS/ApplicationELB', '--metric-name', 'HTTPCode_ELB_5XX_Count');
    expect((alb['Metrics'] as Json[])[0]?.['Dimensions']).toEqual([{ Name: 'LoadBalancer', Value: DEMO_LOAD_BALANCER }]);
  }, CLI_TIMEOUT_MS * 2);

  it('cloudwatch get-metric-data shows the 5XX burst and latency spike of the incident', async () => {
    const { start, end } = facts.incident;
    const lb = [{ Name: 'LoadBalancer', Value: DEMO_LOAD_BALANCER }];
    const queries = [
      { Id: 'elb5xx', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_ELB_5XX_Count', Dimensions: lb }, Period: 600, Stat: 'Sum' } },
      { Id: 'latency', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: lb }, Period: 600, Stat: 'p99' } },
      { Id: 'cpu', MetricStat: { Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: DEMO_CLUSTER }, { Name: 'ServiceName', Value: 'payments-api' }] }, Period: 600, Stat: 'Average' } },
    ];
    const fetch = (from: number, to: number) => aws('cloudwatch', 'get-metric-data', '--start-time', iso(from), '--end-time', iso(to), '--metric-data-queries', JSON.stringify(queries));
    const [during, before] = await Promise.all([fetch(start, end), fetch(start - 3_600_000, end - 3_600_000)]);
    const value = (out: Json, id: string): number => {
      const result = (out['MetricDataResults'] as Json[]).find((r) => r['Id'] === id);
      expect(result?.['StatusCode']).toBe('Complete');
      return ((result?.['Values'] as number[]) ?? []).reduce((a, b) => a + b, 0);
    };
    expect(value(during, 'elb5xx')).toBeGreaterThan(3 * Math.max(1, value(before, 'elb5xx')));
    expect(value(during, 'latency')).toBeGreaterThan(4 * value(before, 'latency'));
    expect(value(during, 'cpu')).toBeGreaterThan(value(before, 'cpu') + 5);
  }, CLI_TIMEOUT_MS * 2);

  it('xray get-trace-summaries + batch-get-traces return the faulty payments traces with their DynamoDB throttle', async () => {
    const { start, end } = facts.incident;
    const summaries = await aws(
      'xray', 'get-trace-summaries',
      '--start-time', seconds(start), '--end-time', seconds(end + 60_000),
      '--filter-expression', 'service("payments-api") AND fault',
    );
    const found = (summaries['TraceSummaries'] as Json[]).map((s) => s['Id'] as string);
    expect(found).toEqual(expect.arrayContaining(facts.incidentTraceIds));
    const summary = (summaries['TraceSummaries'] as Json[]).find((s) => s['Id'] === facts.incidentTraceIds[0]);
    expect(summary?.['HasFault']).toBe(true);
    expect(summary?.['Http']?.['HttpURL']).toBe('https://shop.example.com/checkout');

    const batch = await aws('xray', 'batch-get-traces', '--trace-ids', ...facts.incidentTraceIds.slice(0, 5));
    const traces = batch['Traces'] as Json[];
    expect(traces).toHaveLength(Math.min(5, facts.incidentTraceIds.length));
    for (const trace of traces) {
      const docs = (trace['Segments'] as Json[]).map((s) => JSON.parse(s['Document'] as string) as Json);
      const payments = docs.find((d) => d['name'] === 'payments-api');
      expect(payments?.['fault']).toBe(true);
      expect(payments?.['origin']).toBe('AWS::ECS::Container');
      expect(payments?.['cause']?.['exceptions']?.[0]?.['type']).toBe('ProvisionedThroughputExceededException');
      const putItem = (payments?.['subsegments'] as Json[]).find((s) => s['aws']?.['operation'] === 'PutItem');
      expect(putItem?.['throttle']).toBe(true);
      const table = docs.find((d) => d['inferred'] === true && d['parent_id'] === putItem?.['id']);
      expect(table).toMatchObject({ origin: 'AWS::DynamoDB::Table', name: 'payments-ledger' });
      expect(docs.find((d) => d['name'] === 'checkout-web')?.['http']?.['response']?.['status']).toBe(502);
    }
  }, CLI_TIMEOUT_MS * 2);
});
