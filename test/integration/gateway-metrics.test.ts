// /metrics: the gateway's own Prometheus metrics, including what the dashboards cost in AWS.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { logsInsightsGate } from '../../src/quota/logs-insights-limiter.ts';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await createTestGateway({ toml: '[profiles.demo]\nbackend = "local"\n' });
}, 120_000);
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

/** The distinct values of `label` in the exposition text, and how many series carry it. */
function labelValues(text: string, label: string): { values: Set<string>; series: number } {
  const values = new Set<string>();
  let series = 0;
  for (const line of text.split('\n')) {
    const match = new RegExp(`[{,]${label}="([^"]*)"`).exec(line);
    if (!match) continue;
    series++;
    values.add(match[1]!);
  }
  return { values, series };
}

it('keeps label cardinality bounded however many operation names and URLs clients send', async () => {
  const send = (name: string, query = '') =>
    gateway.yoga.fetch(`http://tinkr.test/graphql?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query ${name} { profiles { name } } query Broken${name} { nope }`, operationName: name }),
    });
  // A shipped document's name stays a label of its own.
  await send('Profiles');
  for (let i = 0; i < 20; i++) await send(`Probe${i}`, `cache-buster=${i}`);
  const after20 = await (await gateway.yoga.fetch('http://tinkr.test/metrics')).text();
  for (let i = 20; i < 200; i++) await send(`Probe${i}`, `cache-buster=${i}`);
  const after200 = await (await gateway.yoga.fetch('http://tinkr.test/metrics')).text();

  const names = labelValues(after200, 'operation_name');
  expect([...names.values].sort()).toEqual(['Anonymous', 'Profiles', 'other']);
  // 180 more distinct names and URLs added no series.
  expect(names.series).toBe(labelValues(after20, 'operation_name').series);
  expect(after200.split('\n').length).toBe(after20.split('\n').length);
  expect(after200).not.toContain('cache-buster');
  expect(after200).not.toContain('Probe');
});

it('shows the bytes of shared AWS answers, their bound and the calls in flight', async () => {
  await gateway.execute('{ service(name: "payments-api") { metrics { metricName } } }');
  const text = await (await gateway.yoga.fetch('http://tinkr.test/metrics')).text();
  const bytes = sample(text, 'tinkr_shared_answers_bytes');
  expect(bytes).toBeGreaterThan(0);
  expect(bytes).toBeLessThanOrEqual(sample(text, 'tinkr_shared_answers_max_bytes')!);
  expect(sample(text, 'tinkr_shared_answers_max_bytes')).toBe(gateway.runtime.config.cache.max_bytes);
  expect(sample(text, 'tinkr_shared_calls_in_flight')).toBe(0);
});

it('shows the Logs Insights slots in use and who waits for them', async () => {
  const gate = logsInsightsGate(gateway.runtime);
  // One request each: a request alone may not take every slot (logs.fair_share_reserve).
  const releases = await Promise.all(Array.from({ length: gate.queries.max }, (_, k) => gate.queries.acquire(undefined, { identity: 'dashboards', request: `d${k}` })));
  const abort = new AbortController();
  const waiting = [
    gate.queries.acquire(abort.signal, { identity: 'alice', request: 'r1' }),
    gate.queries.acquire(abort.signal, { identity: 'alice', request: 'r2' }),
    gate.queries.acquire(abort.signal, { identity: 'bob', request: 'r3' }),
  ].map((ask) => ask.catch(() => undefined));
  try {
    const text = await (await gateway.yoga.fetch('http://tinkr.test/metrics')).text();
    expect(sample(text, 'tinkr_logs_insights_queries_running')).toBe(gate.queries.max);
    expect(sample(text, 'tinkr_logs_insights_queries_waiting')).toBe(3);
    expect(sample(text, 'tinkr_logs_insights_callers_waiting')).toBe(2);
    expect(sample(text, 'tinkr_logs_insights_calls_waiting')).toBe(0);
  } finally {
    abort.abort();
    await Promise.all(waiting);
    for (const release of releases) release();
  }
  const after = await (await gateway.yoga.fetch('http://tinkr.test/metrics')).text();
  expect(sample(after, 'tinkr_logs_insights_queries_running')).toBe(0);
  expect(sample(after, 'tinkr_logs_insights_queries_waiting')).toBe(0);
});
