// Traces from Transaction Search's aws/spans (traces_source "spans") against the embedded emulator
// through the real SDK and the whole gateway, side by side with X-Ray on the same demo data: the
// incident's traces found from spans, the same tree both ways, W3C and X-Ray ids, one Logs Insights
// query for the spans of 12 traces, hostile filters as literals, LogEvent.trace with spans, and
// "auto" choosing spans only where aws/spans exists.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { toW3cTraceId } from '../../src/aws/span-records.ts';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml, executeOn, type GraphQLResponse } from '../support/test-gateway.ts';

const TOML = `
[profiles.demo]
backend = "local"
active = true
[profiles.demo-otel]
backend = "local"
traces_source = "spans"
[profiles.demo-auto]
backend = "local"
traces_source = "auto"
`;

/**
 * The demo's clock, pinned so that every window holds the same traces on every run: its last hour
 * holds the incident (25-35 minutes before it), failed Lambda invocations (email-sender's throttled
 * sends inside checkout traces, thumbnailer's oversized images) and handled downstream faults,
 * which the flag test below asserts before comparing the sources.
 */
const NOW = Date.UTC(2026, 10, 25, 17, 30, 0);

let local: LocalEmulator;
let withoutSpans: LocalEmulator;
let runtime: GatewayRuntime;
let yoga: GatewayYoga;
let incidentTraceIds: string[];

function execute(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  return executeOn(yoga, query, variables);
}

beforeAll(async () => {
  local = await startLocalEmulator({ host: '127.0.0.1', port: 0, now: NOW, liveFeed: false, historyHours: 2, spans: true });
  incidentTraceIds = local.facts!.incidentTraceIds;
  runtime = new GatewayRuntime(configFromToml(TOML), { url: local.emulator.url, services: demoServiceConfigs() });
  yoga = createGatewayYoga({ runtime, now: () => NOW });
});

afterAll(async () => {
  await runtime?.close();
  await local?.close();
  await withoutSpans?.close();
});

const SPAN_FIELDS = 'id parentId name kind inferred startTime endTime fault error throttle http { status }';
type SpanShape = { id: string; inferred: boolean; children: SpanShape[] } & Record<string, unknown>;

describe('traces from aws/spans', () => {
  it('lists the incident\'s faulty payments-api traces from its entry spans, newest first, with their spans in one more query', async () => {
    const response = await execute(`{
      service(name: "payments-api", profile: "demo-otel") {
        traces(range: { last: "1h" }, filter: { fault: true, flagScope: SERVICE }, limit: 1000) {
          truncated
          traces { id hasFault services spans { name fault throttle aws exceptions { type } } }
        }
      }
    }`);
    expect(response.errors).toBeUndefined();
    const list = response.data!['service'].traces;
    expect(list.truncated).toBe(false);
    const ids = list.traces.map((trace: { id: string }) => trace.id);
    expect(incidentTraceIds.length).toBeGreaterThan(0);
    for (const id of incidentTraceIds) expect(ids).toContain(id);
    const starts = ids.map((id: string) => parseInt(id.slice(2, 10), 16));
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    for (const trace of list.traces) {
      expect(trace.hasFault).toBe(true);
      if (!incidentTraceIds.includes(trace.id)) {
        // Outside the incident's throttled ledger writes, payments-api's faults are the everyday Stripe timeouts.
        expect(trace.spans.some((span: any) => span.name === 'api.stripe.com' && span.fault && span.exceptions[0]?.type === 'StripeConnectionError')).toBe(true);
        continue;
      }
      expect(trace.services).toEqual(expect.arrayContaining(['checkout-web', 'payments-api', 'payments-ledger']));
      const ledger = trace.spans.find((span: any) => span.aws?.remote_resource_identifier === 'payments-ledger');
      expect(ledger).toBeDefined();
    }
    expect(list.traces.length).toBeGreaterThan(incidentTraceIds.length);
    // One query for the list, one for the spans of every listed trace; no X-Ray call.
    const cost = response.extensions!['cost'];
    expect(cost.calls['logs:StartQuery'].calls).toBe(2);
    expect(cost.calls['xray:GetTraceSummaries']).toBeUndefined();
    expect(cost.calls['xray:BatchGetTraces']).toBeUndefined();
    expect(cost.tracesFetched).toBe(ids.length);
    expect(cost.logsBytesScanned).toBeGreaterThan(0);
  });

  it('reads the same trace as the same tree from X-Ray and from spans (X-Ray\'s inferred nodes aside)', async () => {
    const id = incidentTraceIds.at(-1)!;
    const tree = `rootSpans { ${SPAN_FIELDS} children { ${SPAN_FIELDS} children { ${SPAN_FIELDS} children { ${SPAN_FIELDS} children { ${SPAN_FIELDS} } } } } }`;
    const response = await execute(`query($id: ID!) { xray: trace(id: $id, profile: "demo") { id ${tree} } spans: trace(id: $id, profile: "demo-otel") { id ${tree} } }`, { id });
    expect(response.errors).toBeUndefined();
    const strip = (span: SpanShape): unknown => {
      const { children, ...rest } = span;
      return { ...rest, children: (children ?? []).filter((child) => !child.inferred).map(strip) };
    };
    const xray = response.data!['xray'];
    const spans = response.data!['spans'];
    expect(spans.id).toBe(id);
    expect(spans.rootSpans.length).toBeGreaterThan(0);
    expect(spans.rootSpans.map(strip)).toEqual(xray.rootSpans.map(strip));
  });

  it('accepts W3C and X-Ray ids and answers with the X-Ray form; an unknown trace is NOT_FOUND naming aws/spans', async () => {
    const id = incidentTraceIds[0]!;
    const w3c = toW3cTraceId(id)!;
    expect(w3c).toMatch(/^[0-9a-f]{32}$/);
    const response = await execute(`query($a: ID!, $b: ID!) { a: trace(id: $a, profile: "demo-otel") { id spans { traceId } } b: trace(id: $b, profile: "demo-otel") { id } }`, { a: w3c, b: id });
    expect(response.errors).toBeUndefined();
    expect(response.data!['a'].id).toBe(id);
    expect(response.data!['a'].spans[0].traceId).toBe(id);
    expect(response.data!['b'].id).toBe(id);
    // Both ids are the same trace: one query at most (none when an earlier request left it cached).
    expect(response.extensions!['cost'].calls['logs:StartQuery']?.calls ?? 0).toBeLessThanOrEqual(1);

    // An id with no time of the last 31 days (a random W3C id's first 8 digits) is looked for over traces.spans_lookback, and the error says so.
    const missing = await execute(`{ trace(id: "${'0'.repeat(8)}${'a'.repeat(24)}", profile: "demo-otel") { id } }`);
    expect(missing.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', searchedFrom: new Date(NOW - 86_400_000).toISOString(), searchedTo: new Date(NOW).toISOString() });
    expect(missing.errors![0]!.message).toBe(
      `aws/spans has no span of trace 1-00000000-${'a'.repeat(24)} from ${new Date(NOW - 86_400_000).toISOString()} to ${new Date(NOW).toISOString()} (traces.spans_lookback: its id carries no time of the last 31 days): unknown, outside that window, or not yet ingested`,
    );
    // An id of an hour ago: the hour around that time.
    const hourAgo = (NOW - 3_600_000) / 1000;
    const timed = await execute(`{ trace(id: "1-${hourAgo.toString(16)}-${'b'.repeat(24)}", profile: "demo-otel") { id } }`);
    expect(timed.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', searchedFrom: new Date(NOW - 3_600_000 - 5 * 60_000).toISOString(), searchedTo: new Date(NOW).toISOString() });
    expect(timed.errors![0]!.message).toContain('(around the time its id carries)');
    const bad = await execute(`{ trace(id: "1-abc\\" or 1=1", profile: "demo-otel") { id } }`);
    expect(bad.errors![0]!.extensions!['code']).toBe('BAD_USER_INPUT');
  });

  it('reads the spans of 12 traces in one request with one Logs Insights query', async () => {
    // A runtime of its own: earlier tests' settled traces (the everyday Stripe timeouts go through
    // checkout-web) would be served from the shared layer and not fetched.
    const fresh = new GatewayRuntime(configFromToml(TOML), { url: local.emulator.url, services: demoServiceConfigs() });
    const freshYoga = createGatewayYoga({ runtime: fresh, now: () => NOW });
    const execute = (query: string): Promise<GraphQLResponse> => executeOn(freshYoga, query);
    onTestFinished(() => fresh.close());
    const list = await execute(`{ service(name: "checkout-web", profile: "demo-otel") { traces(range: { last: "2h" }, limit: 12) { traces { id } } } }`);
    const ids: string[] = list.data!['service'].traces.traces.map((trace: { id: string }) => trace.id);
    expect(ids).toHaveLength(12);
    // Half of them by W3C id: the loader converts.
    const aliases = ids.map((id, k) => `t${k}: trace(id: "${k % 2 ? toW3cTraceId(id) : id}", profile: "demo-otel") { id spansIncomplete rootSpans { name } spans { id } }`).join('\n');
    const response = await execute(`{ ${aliases} }`);
    expect(response.errors).toBeUndefined();
    ids.forEach((id, k) => {
      expect(response.data![`t${k}`].id).toBe(id);
      expect(response.data![`t${k}`].spansIncomplete).toBe(false);
      expect(response.data![`t${k}`].rootSpans.map((span: { name: string }) => span.name)).toEqual(['checkout-web']);
    });
    const cost = response.extensions!['cost'];
    expect(cost.calls['logs:StartQuery'].calls).toBe(1);
    expect(cost.tracesFetched).toBe(12);
  });

  it('turns every filter into an escaped Logs Insights filter: hostile strings are literals that match nothing', async () => {
    const hostile = 'x" or attributes.aws.local.service = "payments-api") | stats count(*) by @log #\n`/\\';
    const response = await execute(
      `query($f: TraceFilter!) { service(name: "payments-api", profile: "demo-otel") { traces(range: { last: "1h" }, filter: $f) { truncated traces { id } } } }`,
      { f: { urlContains: hostile, httpMethod: 'POST', annotations: [{ key: 'tenant', value: hostile }] } },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!['service'].traces).toEqual({ truncated: false, traces: [] });

    const narrow = await execute(
      `{ service(name: "payments-api", profile: "demo-otel") { traces(range: { last: "1h" }, filter: { httpMethod: "POST", urlContains: "/v1/charges", minDurationMs: 1000, httpStatus: 500, throttle: false, flagScope: SERVICE }, limit: 5) { traces { id durationMs spans { name durationMs http { method url status } } } } } }`,
    );
    expect(narrow.errors).toBeUndefined();
    const traces = narrow.data!['service'].traces.traces as any[];
    expect(traces.length).toBeGreaterThan(0);
    for (const trace of traces) {
      const entry = trace.spans.find((span: any) => span.name === 'payments-api');
      expect(entry.http).toMatchObject({ method: 'POST', status: 500 });
      expect(entry.http.url).toContain('/v1/charges');
      expect(entry.durationMs).toBeGreaterThanOrEqual(1000);
    }

    const hostileMethod = await execute(`{ service(name: "payments-api", profile: "demo-otel") { traces(filter: { httpMethod: "GET\\" or 1=1" }) { truncated } } }`);
    expect(hostileMethod.errors![0]!.extensions!['code']).toBe('BAD_USER_INPUT');
  });

  it('gives every trace of the window the same flags as X-Ray, listed and fetched, with flagScope TRACE and SERVICE', async () => {
    const from = NOW - 3_600_000;
    const range = `{ from: "${new Date(from).toISOString()}", to: "${new Date(NOW).toISOString()}" }`;
    // The kinds of trace the window must hold for the comparison to mean anything (read from the
    // emulator's X-Ray store: segment documents as X-Ray keeps them).
    type Doc = { name: string; parent_id?: string; inferred?: boolean; fault?: boolean; error?: boolean; throttle?: boolean; origin?: string; subsegments?: Doc[] };
    const flagged = (doc: Doc, flag: 'fault' | 'error' | 'throttle'): boolean => doc[flag] === true || (doc.subsegments ?? []).some((sub) => flagged(sub, flag));
    const kinds = new Map<string, string[]>();
    for (const record of local.stores.traces.records()) {
      if (record.startTime * 1000 < from || record.startTime * 1000 > NOW) continue;
      const docs = local.stores.traces.getTrace(record.id)!.Segments.map((segment) => JSON.parse(segment.Document) as Doc);
      const root = docs.find((doc) => doc.parent_id === undefined && !doc.inferred)!;
      const add = (kind: string): void => void kinds.set(kind, [...(kinds.get(kind) ?? []), record.id]);
      if (!root.fault && docs.some((doc) => doc.origin === 'AWS::Lambda::Function' && doc.fault)) add('a Lambda invocation faulted below a root that did not');
      if (!root.fault && docs.some((doc) => doc !== root && flagged(doc, 'fault'))) add('a fault below a root that did not fault');
      if (root.fault && docs.some((doc) => flagged(doc, 'throttle'))) add('a root fault with a throttled call below it');
      if (root.origin === 'AWS::Lambda' && root.fault) add('a failed Lambda invocation as the root');
      if (root.error && !root.fault) add('a root error');
      if (!root.throttle && docs.some((doc) => flagged(doc, 'throttle')) && !root.fault) add('a throttle below a root that answered');
    }
    expect([...kinds.keys()].sort()).toEqual([
      'a Lambda invocation faulted below a root that did not',
      'a failed Lambda invocation as the root',
      'a fault below a root that did not fault',
      'a root error',
      'a root fault with a throttled call below it',
      'a throttle below a root that answered',
    ]);

    const names = ['checkout-web', 'payments-api', 'orders-service', 'inventory-service', 'email-sender', 'thumbnailer'];
    const lists = async (profile: string, filter: string): Promise<Record<string, string[]>> => {
      const response = await execute(`{ services(names: ${JSON.stringify(names)}, profile: "${profile}") { name traces(range: ${range}, filter: ${filter}, limit: 1000) { truncated traces { id } } } }`);
      expect(response.errors).toBeUndefined();
      if (profile === 'demo-otel') {
        // Every service's list in one query; TRACE scope adds one for the window's flagged spans (unless shared from an earlier request).
        expect(response.extensions!['cost'].calls['logs:StartQuery']?.calls ?? 0).toBeLessThanOrEqual(filter.includes('TRACE') ? 2 : 1);
      }
      return Object.fromEntries(
        (response.data!['services'] as Array<{ name: string; traces: { truncated: boolean; traces: Array<{ id: string }> } }>).map((service) => {
          expect(service.traces.truncated).toBe(false);
          return [service.name, service.traces.traces.map((trace) => trace.id).sort()];
        }),
      );
    };
    const listed = new Set<string>();
    for (const scope of ['TRACE', 'SERVICE']) {
      for (const flag of ['fault', 'error', 'throttle']) {
        const filter = `{ ${flag}: true, flagScope: ${scope} }`;
        const xray = await lists('demo', filter);
        expect(await lists('demo-otel', filter), filter).toEqual(xray);
        for (const ids of Object.values(xray)) for (const id of ids) listed.add(id);
      }
    }
    // The trace that used to differ is in the lists: found by SERVICE scope (email-sender's own fault), not by TRACE scope.
    const lambdaBelow = kinds.get('a Lambda invocation faulted below a root that did not')!;
    const faultLists = await lists('demo', '{ fault: true, flagScope: TRACE }');
    const ownFaults = await lists('demo', '{ fault: true, flagScope: SERVICE }');
    for (const id of lambdaBelow) {
      expect(faultLists['email-sender']).not.toContain(id);
      expect(ownFaults['email-sender']).toContain(id);
    }

    // Fetched by id, each listed trace (and every kind above) has the same flags from both sources, and so has each of its spans.
    const ids = [...new Set([...listed, ...[...kinds.values()].flat()])].sort();
    expect(ids.length).toBeGreaterThan(20);
    const fields = 'id hasFault hasError hasThrottle spans { id fault error throttle }';
    const fetch = async (profile: string): Promise<Record<string, any>> => {
      const data: Record<string, any> = {};
      // 40 aliases a request: the alias limit is 50.
      for (let first = 0; first < ids.length; first += 40) {
        const aliases = ids.slice(first, first + 40).map((id, k) => `t${first + k}: trace(id: "${id}", profile: "${profile}") { ${fields} }`).join('\n');
        const response = await execute(`{ ${aliases} }`);
        expect(response.errors).toBeUndefined();
        Object.assign(data, response.data);
      }
      return data;
    };
    const [xray, spans] = [await fetch('demo'), await fetch('demo-otel')];
    ids.forEach((id, k) => {
      const a = xray[`t${k}`];
      const b = spans[`t${k}`];
      expect({ id: b.id, hasFault: b.hasFault, hasError: b.hasError, hasThrottle: b.hasThrottle }, id).toEqual({ id, hasFault: a.hasFault, hasError: a.hasError, hasThrottle: a.hasThrottle });
      // X-Ray's inferred segments have no span record; every other span reads the same flags.
      const xraySpans = new Map((a.spans as Array<{ id: string }>).map((span) => [span.id, span]));
      for (const span of b.spans) expect(span, `${id} ${span.id}`).toEqual(xraySpans.get(span.id));
    });
    for (const id of lambdaBelow) {
      const k = ids.indexOf(id);
      expect(spans[`t${k}`]).toMatchObject({ hasFault: false, hasThrottle: true });
    }
  });

  it('links a log line to its trace through the spans of the profile that read it', async () => {
    const response = await execute(`{
      service(name: "payments-api", profile: "demo-otel") {
        logs(range: { last: "1h" }, filter: { levels: [ERROR] }, limit: 20) { events { traceId trace { id hasFault spans { name } logs(limit: 5) { events { traceId } } } } }
      }
    }`);
    expect(response.errors).toBeUndefined();
    const linked = (response.data!['service'].logs.events as any[]).filter((event) => event.trace);
    expect(linked.length).toBeGreaterThan(0);
    for (const event of linked) {
      expect(event.trace.id).toBe(event.traceId);
      expect(event.trace.spans.map((span: { name: string }) => span.name)).toContain('payments-api');
      expect(event.trace.logs.events.every((line: { traceId: string }) => line.traceId === event.traceId)).toBe(true);
    }
    expect(response.extensions!['cost'].calls['xray:BatchGetTraces']).toBeUndefined();
  });
});

const MAP = `
  query Map($profile: String) {
    serviceMap(profile: $profile, range: { last: "1h" }) {
      source sampledTraces sampleLimit truncated
      nodes { name type }
      edges { source target requests errors faults throttles latency { p50Ms p90Ms p99Ms avgMs } }
    }
    service(name: "payments-api", profile: $profile) { dependencies(range: { last: "1h" }) { edges { source target throttles } } }
  }
`;

describe('a dashboard of many services', () => {
  it('reads every service\'s trace list with one query, the window\'s faulty spans with one, their spans with one', async () => {
    const response = await execute(`{
      services(names: ["checkout-web", "payments-api", "inventory-service", "orders-service"], profile: "demo-otel") {
        name traces(range: { last: "90m" }, filter: { fault: true }, limit: 5) { truncated traces { id hasFault services spans { id } } }
      }
    }`);
    expect(response.errors).toBeUndefined();
    const services = response.data!['services'] as Array<{ name: string; traces: { truncated: boolean; traces: Array<{ id: string; hasFault: boolean; services: string[] }> } }>;
    const ids = new Set<string>();
    for (const service of services) {
      for (const trace of service.traces.traces) {
        expect(trace.hasFault).toBe(true);
        expect(trace.services).toContain(service.name);
        ids.add(trace.id);
      }
    }
    expect(services.find((service) => service.name === 'payments-api')!.traces.traces).toHaveLength(5);
    // Each list is what the service's own query gives.
    for (const service of services) {
      const alone = await execute(`{ service(name: "${service.name}", profile: "demo-otel") { traces(range: { last: "90m" }, filter: { fault: true }, limit: 5) { truncated traces { id } } } }`);
      expect(alone.data!['service'].traces).toEqual({ truncated: service.traces.truncated, traces: service.traces.traces.map((trace) => ({ id: trace.id })) });
    }
    // A window no other test asks for: the lists and the faulty spans are one query each; the spans
    // of the listed traces one more, unless earlier requests left them all cached.
    const cost = response.extensions!['cost'];
    expect(cost.calls['logs:StartQuery'].calls).toBeLessThanOrEqual(3);
    expect(cost.calls['logs:StartQuery'].calls).toBeGreaterThanOrEqual(2);
  });
});

describe('the service map', () => {
  it('from spans: one Logs Insights stats query shows payments-api -> payments-ledger (DynamoDB) with the incident\'s throttles', async () => {
    const response = await execute(MAP, { profile: 'demo-otel' });
    expect(response.errors).toBeUndefined();
    const map = response.data!['serviceMap'];
    expect(map).toMatchObject({ source: 'SPANS', sampledTraces: null, sampleLimit: null, truncated: false });
    expect(map.nodes).toEqual(expect.arrayContaining([{ name: 'payments-ledger', type: 'AWS::DynamoDB::Table' }, { name: 'payments-api', type: 'service' }, { name: 'api.stripe.com', type: 'remote' }]));
    const ledger = map.edges.find((edge: any) => edge.source === 'payments-api' && edge.target === 'payments-ledger');
    expect(ledger.throttles).toBeGreaterThan(0);
    expect(ledger.errors).toBe(ledger.throttles);
    expect(ledger.faults).toBe(0);
    expect(ledger.requests).toBeGreaterThan(ledger.throttles);
    expect(ledger.latency.p99Ms).toBeGreaterThan(ledger.latency.p50Ms);
    const checkout = map.edges.find((edge: any) => edge.source === 'checkout-web' && edge.target === 'payments-api');
    expect(checkout.faults).toBeGreaterThan(0);
    // dependencies: only the edges around payments-api.
    const around = response.data!['service'].dependencies.edges as Array<{ source: string; target: string }>;
    expect(around.length).toBeGreaterThan(1);
    for (const edge of around) expect([edge.source, edge.target]).toContain('payments-api');
    expect(around.find((edge) => edge.target === 'payments-ledger')).toMatchObject({ throttles: ledger.throttles });
    const cost = response.extensions!['cost'];
    expect(cost.calls['logs:StartQuery'].calls).toBe(2);
    expect(cost.calls['xray:BatchGetTraces']).toBeUndefined();
  });

  it('from X-Ray: a bounded sample of traces through the BatchGetTraces loader, its size in the answer', async () => {
    const response = await execute(MAP, { profile: 'demo' });
    expect(response.errors).toBeUndefined();
    const map = response.data!['serviceMap'];
    expect(map.source).toBe('XRAY');
    expect(map.sampleLimit).toBe(50);
    expect(map.sampledTraces).toBe(50);
    expect(map.truncated).toBe(true);
    expect(map.nodes).toEqual(expect.arrayContaining([{ name: 'payments-ledger', type: 'AWS::DynamoDB::Table' }]));
    const ledger = map.edges.find((edge: any) => edge.source === 'payments-api' && edge.target === 'payments-ledger');
    expect(ledger).toBeDefined();
    expect(ledger.requests).toBeGreaterThan(0);
    const cost = response.extensions!['cost'];
    // The map's 50 traces and the dependencies' sample (payments-api's traces) share one loader.
    expect(cost.calls['xray:BatchGetTraces'].calls).toBeLessThanOrEqual(Math.ceil((50 + 50) / 5));
    expect(cost.calls['logs:StartQuery']).toBeUndefined();
  });
});

describe('traces_source = "auto"', () => {
  it('reads spans where aws/spans exists, X-Ray where it does not, deciding with DescribeLogGroups once', async () => {
    const query = `{ a: service(name: "checkout-web", profile: "demo-auto") { traces(range: { last: "1h" }, limit: 3) { traces { id spans { id } } } } b: service(name: "orders-service", profile: "demo-auto") { traces(range: { last: "1h" }, limit: 3) { traces { id } } } }`;
    const spans = await execute(query);
    expect(spans.errors).toBeUndefined();
    const cost = spans.extensions!['cost'];
    // Both services' lists in one query, the spans of a's traces in another.
    expect(cost.calls['logs:StartQuery'].calls).toBe(2);
    expect(cost.calls['logs:DescribeLogGroups'].calls).toBe(1);
    expect(cost.calls['xray:GetTraceSummaries']).toBeUndefined();

    withoutSpans = await startLocalEmulator({ host: '127.0.0.1', port: 0, now: NOW, liveFeed: false, historyHours: 1 });
    const other = new GatewayRuntime(configFromToml(TOML), { url: withoutSpans.emulator.url, services: demoServiceConfigs() });
    try {
      const xray = await executeOn(createGatewayYoga({ runtime: other, now: () => NOW }), query);
      expect(xray.errors).toBeUndefined();
      expect(xray.data!['a'].traces.traces.length).toBe(3);
      const xrayCost = xray.extensions!['cost'];
      expect(xrayCost.calls['xray:GetTraceSummaries'].calls).toBeGreaterThanOrEqual(2);
      expect(xrayCost.calls['logs:StartQuery']).toBeUndefined();
      expect(xrayCost.calls['logs:DescribeLogGroups'].calls).toBe(1);
    } finally {
      await other.close();
    }
  });
});
