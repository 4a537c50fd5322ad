// aws/spans records shaped as ADOT and the OpenTelemetry SDKs write them in Python, Java, Node.js
// and Go (test/fixtures/spans/*.json) stored in the emulator's aws/spans log group and read through
// the whole gateway: the trace lists' Logs Insights filters (flags of the trace and of the service,
// a throttling exception found in the record text by the last component of its type) pick the
// same traces as the spans' own flags, and trace(id:) shows the flags, client address and stacks.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toW3cTraceId } from '../../src/aws/span-records.ts';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml, executeOn, type GraphQLResponse } from '../support/test-gateway.ts';

/** After the fixtures' traces (11:20 to 11:42 UTC that day). */
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const RANGE = `{ from: "${new Date(NOW - 3_600_000).toISOString()}", to: "${new Date(NOW).toISOString()}" }`;
const SERVICES = ['orders-py', 'inventory-java', 'checkout-node', 'payments-go'];
const FIXTURES = { 'orders-py': 'python', 'inventory-java': 'java', 'checkout-node': 'nodejs', 'payments-go': 'go' } as const;

const TOML = `
[profiles.adot]
backend = "local"
traces_source = "spans"
${SERVICES.map((name) => `[profiles.adot.services.${name}]\nresource_type = "custom"`).join('\n')}
`;

type RawRecord = { traceId: string; startTimeUnixNano: number };
const records = Object.fromEntries(
  Object.entries(FIXTURES).map(([service, file]) => [service, (JSON.parse(readFileSync(new URL(`../fixtures/spans/${file}.json`, import.meta.url), 'utf8')) as { records: RawRecord[] }).records]),
) as Record<string, RawRecord[]>;
/** Each fixture's trace id in X-Ray form. */
const traceOf = (service: string): string => {
  const hex = records[service]![0]!.traceId;
  return `1-${hex.slice(0, 8)}-${hex.slice(8)}`;
};

let local: LocalEmulator;
let runtime: GatewayRuntime;
let yoga: GatewayYoga;

function execute(query: string): Promise<GraphQLResponse> {
  return executeOn(yoga, query);
}

beforeAll(async () => {
  local = await startLocalEmulator({ host: '127.0.0.1', port: 0, now: NOW, demo: false, liveFeed: false });
  local.stores.logs.createLogGroup('aws/spans', { creationTime: NOW - 86_400_000 });
  const events = Object.values(records)
    .flat()
    .map((record) => ({ timestamp: Math.floor(record.startTimeUnixNano / 1e6), message: JSON.stringify(record) }))
    .sort((a, b) => a.timestamp - b.timestamp);
  local.stores.logs.putLogEvents('aws/spans', 'default', events);
  runtime = new GatewayRuntime(configFromToml(TOML), { url: local.emulator.url, services: {} });
  yoga = createGatewayYoga({ runtime, now: () => NOW });
});

afterAll(async () => {
  await runtime?.close();
  await local?.close();
});

async function lists(filter: string): Promise<{ lists: Record<string, string[]>; starts: number }> {
  const response = await execute(`{ services(names: ${JSON.stringify(SERVICES)}, profile: "adot") { name traces(range: ${RANGE}, filter: ${filter}, limit: 10) { truncated traces { id } } } }`);
  expect(response.errors).toBeUndefined();
  const data = response.data!['services'] as Array<{ name: string; traces: { truncated: boolean; traces: Array<{ id: string }> } }>;
  return {
    lists: Object.fromEntries(data.map((service) => [service.name, service.traces.traces.map((trace) => trace.id)])),
    starts: response.extensions!['cost'].calls['logs:StartQuery']?.calls ?? 0,
  };
}

describe('ADOT-shaped span records through the gateway', () => {
  it('lists by the trace\'s flags (root fault and error, any throttle) with one query for the lists and one for the flagged spans', async () => {
    const [py, java, node, go] = SERVICES.map(traceOf);
    // Faults: Python's and Go's roots answered 5xx; Java's fault is below a root that answered 200.
    expect(await lists('{ fault: true }')).toEqual({ lists: { 'orders-py': [py], 'inventory-java': [], 'checkout-node': [], 'payments-go': [go] }, starts: 2 });
    // Without flags: the same list query (shared with the request above while it is kept), no flag query.
    const all = await lists('{}');
    expect(all.lists).toEqual({ 'orders-py': [py], 'inventory-java': [java], 'checkout-node': [node], 'payments-go': [go] });
    expect(all.starts).toBeLessThanOrEqual(1);
    // Errors: only Node's root answered 4xx (429).
    expect((await lists('{ error: true }')).lists).toEqual({ 'orders-py': [], 'inventory-java': [], 'checkout-node': [node], 'payments-go': [] });
    // Throttles anywhere: the qualified botocore and AWS SDK v2 types on client spans (found in the
    // record text), Node's 429 and throttled producer, Go's partner call answering 429.
    expect((await lists('{ throttle: true }')).lists).toEqual({ 'orders-py': [py], 'inventory-java': [java], 'checkout-node': [node], 'payments-go': [go] });
    expect((await lists('{ throttle: false }')).lists).toEqual({ 'orders-py': [], 'inventory-java': [], 'checkout-node': [], 'payments-go': [] });
    expect((await lists('{ fault: false, error: false }')).lists).toEqual({ 'orders-py': [], 'inventory-java': [java], 'checkout-node': [], 'payments-go': [] });
  });

  it('lists by the service\'s own entry spans with flagScope SERVICE', async () => {
    const [py, , node, go] = SERVICES.map(traceOf);
    const own = await lists('{ fault: true, flagScope: SERVICE }');
    expect(own.lists).toEqual({ 'orders-py': [py], 'inventory-java': [], 'checkout-node': [], 'payments-go': [go] });
    expect(own.starts).toBe(1);
    expect((await lists('{ throttle: true, flagScope: SERVICE }')).lists).toEqual({ 'orders-py': [], 'inventory-java': [], 'checkout-node': [node], 'payments-go': [] });
  });

  it('fetches each trace with the same flags, the client address and stacks innermost first', async () => {
    const fields = 'id hasFault hasError hasThrottle http { clientIp status } rootSpans { name } spans { name fault error throttle exceptions { type stack { label line } } }';
    const aliases = SERVICES.map((service, k) => `t${k}: trace(id: "${k % 2 ? toW3cTraceId(traceOf(service)) : traceOf(service)}", profile: "adot") { ${fields} }`).join('\n');
    const response = await execute(`{ ${aliases} }`);
    expect(response.errors).toBeUndefined();
    const [py, java, node, go] = SERVICES.map((_, k) => response.data![`t${k}`]);
    expect(response.extensions!['cost'].calls['logs:StartQuery'].calls).toBe(1);
    expect([py, java, node, go].map((trace) => [trace.hasFault, trace.hasError, trace.hasThrottle, trace.http.clientIp, trace.http.status])).toEqual([
      [true, false, true, '10.0.12.34', 500],
      [false, false, true, '203.0.113.24', 200],
      [false, true, true, '198.51.100.23', 429],
      [true, false, true, '10.0.9.14', 502],
    ]);
    // Python's traceback (most recent call last) read innermost first.
    expect(py.spans[0].exceptions[0].stack.map((frame: { label: string }) => frame.label)).toEqual(['_make_api_call', 'append', 'pay', 'full_dispatch_request', 'use_span']);
    // Java's handled failure: the internal span's exception and its cause.
    const lookup = java.spans.find((span: { name: string }) => span.name === 'InventoryService.lookup');
    expect(lookup).toMatchObject({ fault: true, exceptions: [{ type: 'com.example.inventory.StockUnavailableException' }, { type: 'software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException' }] });
    expect(node.spans.find((span: { name: string }) => span.name === 'SQS.SendMessage')).toMatchObject({ error: true, throttle: true, exceptions: [{ type: 'ThrottlingException', stack: expect.arrayContaining([{ label: 'throwDefaultError', line: 867 }]) }] });
    expect(go.spans[0].exceptions[0].stack[2]).toEqual({ label: 'main.(*server).charge', line: 88 });
  });

  it('counts the same throttles on the service map\'s edges (one stats query over the client spans that name what they call)', async () => {
    const response = await execute(`{ serviceMap(profile: "adot", range: ${RANGE}) { source truncated edges { source target requests errors faults throttles } } }`);
    expect(response.errors).toBeUndefined();
    const edges = (response.data!['serviceMap'].edges as Array<{ source: string; target: string }>).sort((a, b) => a.source.localeCompare(b.source));
    // Go's spans carry no Application Signals attributes (aws.remote.service): no edge of its own.
    expect(edges).toEqual([
      { source: 'checkout-node', target: 'checkout-events', requests: 1, errors: 1, faults: 0, throttles: 1 },
      { source: 'inventory-java', target: 'inventory', requests: 1, errors: 1, faults: 0, throttles: 1 },
      { source: 'orders-py', target: 'orders-ledger', requests: 1, errors: 1, faults: 0, throttles: 1 },
    ]);
    expect(response.extensions!['cost'].calls['logs:StartQuery'].calls).toBe(1);
  });
});
