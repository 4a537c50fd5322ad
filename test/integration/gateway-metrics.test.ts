// /metrics: the gateway's own Prometheus metrics, including what the dashboards cost in AWS.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await createTestGateway({ toml: '[profiles.demo]\nbackend = "local"\n' });
});
afterAll(() => gateway.close());

function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

it('counts AWS calls, attempts and bytes scanned exactly as the responses reported them', async () => {
  const first = await gateway.execute('{ service(name: "payments-api") { metrics { metricName } logs(limit: 2) { events { message } } } }');
  const second = await gateway.execute('{ service(name: "orders-db") { logs(limit: 1, filter: { contains: "checkpoint" }) { events { message } } } }');
  expect(first.errors).toBeUndefined();
  expect(second.errors).toBeUndefined();
  const text = await (await gateway.yoga.fetch('http://tinkr.test/metrics')).text();
  const expected = new Map<string, { calls: number; attempts: number }>();
  for (const response of [first, second]) {
    for (const [action, count] of Object.entries(response.extensions!.cost.calls as Record<string, { calls: number; attempts: number }>)) {
      const total = expected.get(action) ?? { calls: 0, attempts: 0 };
      expected.set(action, { calls: total.calls + count.calls, attempts: total.attempts + count.attempts });
    }
  }
  expect(expected.get('logs:StartQuery')?.calls).toBe(2);
  for (const [action, count] of expected) {
    expect(sample(text, `tinkr_aws_calls_total{action="${action}"}`)).toBe(count.calls);
    expect(sample(text, `tinkr_aws_attempts_total{action="${action}"}`)).toBe(count.attempts);
  }
  expect(sample(text, 'tinkr_logs_insights_bytes_scanned_total')).toBe(first.extensions!.cost.logsBytesScanned + second.extensions!.cost.logsBytesScanned);
  expect(text).toContain('graphql_yoga_http_duration_bucket');
  expect(text).toContain('tinkr_process_resident_memory_bytes');
});
