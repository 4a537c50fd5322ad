// @defer on Service.logs: the dashboard's fast part arrives first, the logs in a later part of the
// multipart/mixed response.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import type { AuditEntry } from '../../src/server/use-audit-log.ts';
import { createGatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml, createTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await createTestGateway({ toml: '[profiles.demo]\nbackend = "local"\n' });
});
afterAll(async () => {
  await gateway?.close();
});

/** The JSON parts of a multipart/mixed body, in order. */
function multipartParts(body: string, contentType: string): any[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  return body
    .split(`--${boundary}`)
    .map((part) => part.split(/\r?\n\r?\n/).slice(1).join('\n\n').trim())
    .filter((json) => json.startsWith('{'))
    .map((json) => JSON.parse(json));
}

it('delivers a deferred Service.logs after the initial payload', async () => {
  const response = await gateway.yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
    body: JSON.stringify({
      query: `{
        service(name: "payments-api") {
          name
          resourceType
          ... @defer(label: "logs") {
            logs(range: { last: "1h" }, filter: { contains: "ERROR" }, limit: 3) { events { message traceId } status }
          }
        }
      }`,
    }),
  });
  const contentType = response.headers.get('content-type') ?? '';
  expect(contentType).toContain('multipart/mixed');
  const parts = multipartParts(await response.text(), contentType);
  expect(parts.length).toBeGreaterThanOrEqual(2);

  const [initial, ...later] = parts;
  expect(initial.data).toEqual({ service: { name: 'payments-api', resourceType: 'ECS' } });
  expect(initial.hasNext).toBe(true);

  const incremental = later.flatMap((part) => part.incremental ?? []);
  const deferred = incremental.find((item: any) => item.data?.logs);
  expect(deferred).toBeDefined();
  expect(deferred.data.logs.status).toBe('COMPLETE');
  expect(deferred.data.logs.events).toHaveLength(3);
  for (const event of deferred.data.logs.events) expect(event.message).toContain('ERROR');
  expect(parts[parts.length - 1].hasNext).toBe(false);
});

it('answers @defer asked for with Accept: application/json with 406 and a body that says why', async () => {
  for (const accept of ['application/json', 'application/graphql-response+json']) {
    const response = await gateway.yoga.fetch('http://tinkr.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query: '{ service(name: "payments-api") { name ... @defer { repo } } }' }),
    });
    expect(response.status).toBe(406);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string; accept: string[] } }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.message).toContain(`the Accept header "${accept}" does not allow`);
    expect(body.errors[0]!.message).toContain('"Accept: multipart/mixed"');
    expect(body.errors[0]!.extensions).toEqual({ code: 'NOT_ACCEPTABLE', accept: ['text/event-stream', 'multipart/mixed'] });
  }
});

it('audits the error codes of deferred parts, in both incremental formats', async () => {
  const entries: AuditEntry[] = [];
  const audited = await createTestGateway({ toml: '[profiles.demo]\nbackend = "local"\n', audit: { operation: (entry) => entries.push(entry), refused: () => {} } });
  try {
    for (const accept of ['multipart/mixed', 'multipart/mixed;incrementalSpec=v0.2']) {
      const response = await audited.yoga.fetch('http://tinkr.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: 'query DeferredMissing { service(name: "payments-api") { name ... @defer { logs(range: { last: "99d" }) { truncated } } } }' }),
      });
      expect(await response.text()).toContain('BAD_USER_INPUT');
    }
  } finally {
    await audited.close();
  }
  expect(entries.map(({ operation, errors }) => ({ operation, errors }))).toEqual([
    { operation: 'DeferredMissing', errors: ['BAD_USER_INPUT'] },
    { operation: 'DeferredMissing', errors: ['BAD_USER_INPUT'] },
  ]);
});

it('starts the deferred Logs Insights query before the first payload goes out, in both formats', async () => {
  const emulator = await startLocalEmulator({ liveFeed: false });
  const runtime = new GatewayRuntime(configFromToml('[profiles.demo]\nbackend = "local"\n'), { url: emulator.emulator.url, services: demoServiceConfigs() });
  const yoga = createGatewayYoga({ runtime });
  // The first payload waits for GetMetricData; the deferred logs need StartQuery.
  emulator.emulator.knobs.latencyMs.GetMetricData = 1_500;
  try {
    for (const [index, accept] of ['multipart/mixed;incrementalSpec=v0.2', 'multipart/mixed'].entries()) {
      const before = emulator.emulator.counters.calls('StartQuery');
      const response = await yoga.fetch('http://tinkr.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        // A window of its own per format, so the second is not answered from the first's cache.
        body: JSON.stringify({ query: `{ service(name: "payments-api") { metrics(range: { last: "${index + 2}h" }) { metricName } ... @defer { logs(range: { last: "${index + 2}h" }, limit: 1) { status } } } }` }),
      });
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('"hasNext":true')) text += new TextDecoder().decode((await reader.read()).value);
      // The first payload is here: the deferred query was already started.
      expect({ accept, started: emulator.emulator.counters.calls('StartQuery') - before }).toEqual({ accept, started: 1 });
      while (!(await reader.read()).done);
    }
  } finally {
    await runtime.close();
    await emulator.close();
  }
});
