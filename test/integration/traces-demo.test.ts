// Traces against the embedded emulator's demo organisation through the real SDK and the whole
// gateway: the incident's faulty payments-api traces are found with `fault: true`, their spans show
// the throttled DynamoDB ledger write, and their log lines are found from Trace.logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml, type GraphQLResponse, executeOn } from '../support/test-gateway.ts';

/** The demo's clock, pinned so that every window holds the same traces on every run (the incident 25-35 minutes before it). */
const NOW = Date.UTC(2026, 10, 25, 17, 30, 0);

let local: LocalEmulator;
let runtime: GatewayRuntime;
let yoga: GatewayYoga;
let incidentTraceIds: string[];

function execute(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  return executeOn(yoga, query, variables);
}

beforeAll(async () => {
  local = await startLocalEmulator({ host: '127.0.0.1', port: 0, now: NOW, liveFeed: false, historyHours: 2 });
  incidentTraceIds = local.facts!.incidentTraceIds;
  runtime = new GatewayRuntime(configFromToml('[profiles.demo]\nbackend = "local"\n'), { url: local.emulator.url, services: demoServiceConfigs() });
  yoga = createGatewayYoga({ runtime, now: () => NOW });
});

afterAll(async () => {
  await runtime?.close();
  await local?.close();
});

const FAULTY = /* GraphQL */ `
  query FaultyPayments {
    service(name: "payments-api") {
      traces(range: { last: "1h" }, filter: { fault: true }, limit: 1000) {
        truncated
        traces {
          id
          hasFault
          services
          http { method url status }
          spans {
            id parentId name namespace origin inferred kind fault error throttle
            exceptions { type message remote stack { path line label } }
          }
        }
      }
    }
  }
`;

describe('demo organisation traces', () => {
  it('finds the incident\'s faulty payments-api traces with fault: true', async () => {
    expect(incidentTraceIds.length).toBeGreaterThan(0);
    const response = await execute(FAULTY);
    expect(response.errors).toBeUndefined();
    const list = response.data!['service'].traces;
    expect(list.truncated).toBe(false);
    const ids = list.traces.map((trace: { id: string }) => trace.id);
    for (const id of incidentTraceIds) expect(ids).toContain(id);
    for (const trace of list.traces) {
      expect(trace.hasFault).toBe(true);
      expect(trace.services).toContain('payments-api');
    }
    // Newest first.
    const starts = list.traces.map((trace: { id: string }) => parseInt(trace.id.slice(2, 10), 16));
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    // Every listed trace's spans in ceil(T/5) BatchGetTraces calls.
    expect(response.extensions!['cost'].calls['xray:BatchGetTraces'].calls).toBe(Math.ceil(ids.length / 5));
    expect(response.extensions!['cost'].tracesFetched).toBe(ids.length);
  });

  it('with flagScope SERVICE keeps only traces whose fault is in the service\'s own segments', async () => {
    const query = (scope: string) =>
      `{ service(name: "inventory-service") { traces(range: { last: "1h" }, filter: { fault: true, flagScope: ${scope} }, limit: 1000) { traces { id spans { name kind fault } } } } }`;
    const anywhere = (await execute(query('TRACE'))).data!['service'].traces.traces as any[];
    const own = (await execute(query('SERVICE'))).data!['service'].traces.traces as any[];
    // The incident's faults are payments-api's; inventory-service only takes part in those traces.
    expect(anywhere.length).toBeGreaterThan(own.length);
    // inventory-service's own faults that checkout-web handled (its stock lookups failing): the
    // service's, not the trace's (X-Ray's trace fault is what the root answered).
    const handled = own.filter((trace) => !anywhere.some((listed) => listed.id === trace.id));
    expect(handled.length).toBeGreaterThan(0);
    for (const trace of handled) expect(trace.spans.find((span: any) => span.name === 'checkout-web' && span.kind === 'SEGMENT').fault).toBe(false);
    for (const trace of own) {
      expect(trace.spans.some((span: any) => span.name === 'inventory-service' && span.kind === 'SEGMENT' && span.fault)).toBe(true);
    }
    const foreign = anywhere.filter((trace) => !own.some((o) => o.id === trace.id));
    for (const trace of foreign) {
      expect(trace.spans.some((span: any) => span.name === 'inventory-service' && span.kind === 'SEGMENT' && span.fault)).toBe(false);
    }
  });

  it('shows the failing downstream call in the spans: the throttled DynamoDB write and the payments-api fault', async () => {
    const response = await execute(FAULTY);
    const traces = response.data!['service'].traces.traces as any[];
    const incident = traces.filter((trace) => incidentTraceIds.includes(trace.id));
    expect(incident).toHaveLength(incidentTraceIds.length);
    for (const trace of incident) {
      const payments = trace.spans.find((span: any) => span.kind === 'SEGMENT' && span.name === 'payments-api');
      expect(payments).toMatchObject({ fault: true, origin: 'AWS::ECS::Container', inferred: false });
      expect(payments.exceptions[0]).toMatchObject({ type: 'ProvisionedThroughputExceededException', remote: true });
      // The DynamoDB call is a subsegment of payments-api's segment...
      const ledger = trace.spans.find(
        (span: any) => span.kind === 'SUBSEGMENT' && span.namespace === 'aws' && span.name === 'DynamoDB' && span.exceptions.length > 0,
      );
      expect(ledger).toMatchObject({ throttle: true, parentId: payments.id });
      expect(ledger.exceptions[0].type).toBe('ProvisionedThroughputExceededException');
      expect(ledger.exceptions[0].stack.map((frame: any) => frame.label)).toContain('LedgerWriter.append');
      // ...and X-Ray's inferred segment for the table hangs off that subsegment.
      const table = trace.spans.find((span: any) => span.inferred && span.parentId === ledger.id);
      expect(table).toMatchObject({ kind: 'SEGMENT', origin: 'AWS::DynamoDB::Table', name: 'payments-ledger', throttle: true });
      // payments-api's segment is called by checkout-web's HTTP subsegment.
      const caller = trace.spans.find((span: any) => span.id === payments.parentId);
      expect(caller).toMatchObject({ kind: 'SUBSEGMENT' });
    }
  });

  it('Query.trace gives the same tree from the (cached) documents, with summary fields worked out from them', async () => {
    const id = incidentTraceIds[0]!;
    const response = await execute(
      `query($id: ID!) { trace(id: $id) { id hasFault services startTime durationMs rootSpans { name kind children { name } } spans { id } } }`,
      { id },
    );
    expect(response.errors).toBeUndefined();
    const trace = response.data!['trace'];
    expect(trace.id).toBe(id);
    expect(trace.hasFault).toBe(true);
    expect(trace.services).toEqual(expect.arrayContaining(['checkout-web', 'payments-api', 'payments-ledger']));
    expect(trace.rootSpans).toHaveLength(1);
    expect(trace.rootSpans[0]).toMatchObject({ name: 'checkout-web', kind: 'SEGMENT' });
    // The lists above loaded this complete trace: it comes from the process-wide document cache.
    expect(response.extensions!['cost']).toMatchObject({ totalCalls: 0, cacheHits: 1, tracesFetched: 0 });
  });

  it('finds a faulty trace\'s log lines from Trace.logs, and links them back through LogEvent.trace', async () => {
    const id = incidentTraceIds.at(-1)!;
    const response = await execute(
      `query($id: ID!) { trace(id: $id) { id logs(limit: 50) { truncated logGroups events { message logGroup traceId trace { id hasFault } } } } }`,
      { id },
    );
    expect(response.errors).toBeUndefined();
    const logs = response.data!['trace'].logs;
    expect(logs.events.length).toBeGreaterThan(0);
    expect(logs.logGroups).toContain('/ecs/payments-api');
    for (const event of logs.events) {
      expect(event.message).toContain(id);
      expect(event.traceId).toBe(id);
      expect(event.trace).toEqual({ id, hasFault: true });
    }
    expect(logs.events.some((event: any) => event.logGroup === '/ecs/payments-api' && event.message.includes('ProvisionedThroughputExceededException'))).toBe(true);
    // One Logs Insights query; the trace itself came from the document cache or one batch.
    expect(response.extensions!['cost'].calls['logs:StartQuery'].calls).toBe(1);
  });

  it('links ERROR log lines to their traces through one batched loader (the GraphiQL story)', async () => {
    // A fresh runtime: nothing cached, so the batch count is exact.
    const fresh = new GatewayRuntime(configFromToml('[profiles.demo]\nbackend = "local"\n'), { url: local.emulator.url, services: demoServiceConfigs() });
    const freshYoga = createGatewayYoga({ runtime: fresh, now: () => NOW });
    try {
      const response = await freshYoga.fetch('http://tinkr.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({
          query: `{ service(name: "payments-api") { logs(range: { last: "1h" }, filter: { contains: "ProvisionedThroughputExceededException", levels: [ERROR] }, limit: 30) {
            events { traceId trace { id hasFault rootSpans { name } } } } } }`,
        }),
      });
      const body = (await response.json()) as GraphQLResponse;
      expect(body.errors).toBeUndefined();
      const events = body.data!['service'].logs.events as Array<{ traceId: string | null; trace: { id: string; hasFault: boolean; rootSpans: Array<{ name: string }> } | null }>;
      const traced = events.filter((event) => event.traceId !== null);
      expect(traced.length).toBeGreaterThan(5);
      for (const event of traced) {
        expect(event.trace).toEqual({ id: event.traceId, hasFault: true, rootSpans: [{ name: 'checkout-web' }] });
        expect(incidentTraceIds).toContain(event.traceId);
      }
      const distinct = new Set(traced.map((event) => event.traceId)).size;
      expect(body.extensions!['cost'].calls['xray:BatchGetTraces'].calls).toBe(Math.ceil(distinct / 5));
    } finally {
      await fresh.close();
    }
  });

  it('X-Ray (the emulator) accepts every filter the gateway writes, hostile strings included', async () => {
    const response = await execute(
      `query($hostile: TraceFilter!, $narrow: TraceFilter!) {
        service(name: "payments-api") {
          hostile: traces(range: { last: "1h" }, filter: $hostile) { truncated traces { id } }
          narrow: traces(range: { last: "1h" }, filter: $narrow, limit: 1000) { truncated traces { id durationMs http { method url } } }
        }
      }`,
      {
        hostile: {
          fault: false, error: true, throttle: false, minDurationMs: 0.5, maxDurationMs: 60000, httpStatus: 404, httpMethod: 'get',
          urlContains: '") OR service("x") OR http.url CONTAINS "\\', annotations: [{ key: 'currency', value: '" OR fault OR "' }, { key: 'amount_cents', value: 100 }, { key: 'retried', value: true }],
        },
        narrow: { fault: true, httpMethod: 'POST', urlContains: '/checkout', minDurationMs: 1000, annotations: [{ key: 'currency', value: 'EUR' }] },
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!['service'].hostile).toEqual({ truncated: false, traces: [] });
    const narrow = response.data!['service'].narrow.traces as Array<{ id: string; durationMs: number; http: { method: string; url: string } }>;
    expect(narrow.length).toBeGreaterThan(0);
    // The incident's slow failed checkouts, and the everyday Stripe timeouts (2.5 s) around it.
    expect(narrow.some((trace) => incidentTraceIds.includes(trace.id))).toBe(true);
    for (const trace of narrow) {
      expect(trace.durationMs).toBeGreaterThanOrEqual(1000);
      expect(trace.http.method).toBe('POST');
      expect(trace.http.url).toContain('/checkout');
    }
  });
});
