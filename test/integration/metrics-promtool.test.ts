// /metrics passes Prometheus's own linter, `promtool check metrics`: snake_case metric and label
// names, counters ending in _total and no other metric doing so, help text on every metric. The
// exposition is taken after requests that fill every series family (answers and a GraphQL error),
// so the request metrics' labels are in it too.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROMTOOL, skipEachTestWithout } from '../support/required-tool.ts';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const missing = skipEachTestWithout(PROMTOOL);

let gateway: TestGateway;
beforeAll(async () => {
  if (missing) return;
  gateway = await createTestGateway({ toml: '[profiles.demo]\nbackend = "local"\n' });
}, 120_000);
afterAll(() => gateway?.close());

it('passes promtool check metrics with no complaint', async () => {
  expect((await gateway.execute('query Profiles { profiles { name } }')).errors).toBeUndefined();
  expect((await gateway.execute('{ service(name: "payments-api") { metrics { metricName } } }')).errors).toBeUndefined();
  expect((await gateway.execute('{ profile(name: "nope") { name } }')).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  const text = await (await gateway.yoga.fetch('http://tinkr.test/metrics')).text();
  // Every family the gateway defines is in the text promtool reads.
  for (const name of ['graphql_yoga_http_duration_bucket', 'graphql_envelop_request_duration_bucket', 'graphql_envelop_phase_execute_bucket', 'graphql_envelop_error_result_total', 'tinkr_aws_calls_total', 'tinkr_nodejs_active_handles']) {
    expect(text).toContain(`\n${name}`);
  }
  expect(text).toMatch(/\ngraphql_envelop_error_result_total\{operation_name="\w+",operation_type="query",phase="execute"\} 1\n/);
  const checked = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 60_000 });
  expect({ status: checked.status, complaints: `${checked.stdout}${checked.stderr}`.trim() }).toEqual({ status: 0, complaints: '' });
});
