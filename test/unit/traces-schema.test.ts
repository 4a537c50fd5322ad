// The traces part of the schema through the real gateway (yoga + Pothos) with X-Ray mocked:
// 12 traces with spans across 4 services = 3 BatchGetTraces calls; summary fields cost no
// BatchGetTraces; Query.trace joins the same batch; unprocessed ids are NOT_FOUND for that id only.
import { BatchGetTracesCommand, GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { GraphQLDeferDirective, GraphQLSchema, GraphQLStreamDirective, parse, specifiedDirectives, validate } from 'graphql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/index.ts';
import { createGatewayYoga } from '../../src/server/yoga.ts';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const xray = mockClient(XRayClient);
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const SERVICES = ['checkout-web', 'payments-api', 'orders-service', 'inventory-service'];

const TOML = `[profiles.prod]
backend = "cloudwatch"
region = "us-east-1"

${SERVICES.map((name) => `[profiles.prod.services.${name}]\nresource_type = "ecs"\n`).join('\n')}
[profiles.prod.services.legacy]
resource_type = "custom"
trace_service = "legacy-monolith"
`;

/** Trace n of service s: a segment of s with one subsegment, as X-Ray stores it. */
const traceId = (s: number, n: number): string => `1-${(NOW / 1000 - 60 * (s * 3 + n)).toString(16)}-${(s * 100 + n).toString(16).padStart(24, '0')}`;
const serviceOf = (expression: string): number => SERVICES.findIndex((name) => expression.startsWith(`service("${name}")`));

function documentsOf(id: string) {
  const start = parseInt(id.slice(2, 10), 16);
  const segment = {
    trace_id: id,
    id: `${id.slice(-12)}0001`,
    name: 'svc',
    start_time: start,
    end_time: start + 0.5,
    fault: true,
    subsegments: [{ id: `${id.slice(-12)}0002`, name: 'DynamoDB', namespace: 'aws', start_time: start + 0.1, end_time: start + 0.4, fault: true }],
  };
  return { Id: id, Duration: 0.5, Segments: [{ Id: segment.id, Document: JSON.stringify(segment) }] };
}

let gateway: TestGateway;

beforeEach(async () => {
  xray.reset();
  gateway = await createTestGateway({ toml: TOML, now: () => NOW });
  xray.on(GetTraceSummariesCommand).callsFake(async (input: { FilterExpression?: string }) => {
    const s = serviceOf(input.FilterExpression ?? '');
    // Lists arrive at different times, as they do from AWS: the loader must still batch them all.
    await new Promise((resolve) => setTimeout(resolve, [1, 25, 5, 40][s] ?? 0));
    return {
      TraceSummaries: [0, 1, 2].map((n) => ({
        Id: traceId(s, n),
        StartTime: new Date(parseInt(traceId(s, n).slice(2, 10), 16) * 1000),
        Duration: 0.5,
        ResponseTime: 0.5,
        HasFault: true,
        HasError: false,
        HasThrottle: false,
        Http: { HttpMethod: 'POST', HttpURL: `https://${SERVICES[s]}/x`, HttpStatus: 500 },
        ServiceIds: [{ Name: SERVICES[s] }],
      })),
    };
  });
  xray.on(BatchGetTracesCommand).callsFake(async (input: { TraceIds: string[] }) => ({ Traces: input.TraceIds.map(documentsOf), UnprocessedTraceIds: [] }));
});

afterEach(async () => {
  await gateway.close();
  xray.reset();
});

const DASHBOARD = /* GraphQL */ `
  query Dashboard($names: [String!]) {
    services(profile: "prod", names: $names) {
      name
      traces(range: { last: "1h" }, filter: { fault: true }, limit: 3) {
        truncated
        traces {
          id
          hasFault
          http { method status }
          spans { id parentId name fault }
          rootSpans { id children { id name } }
        }
      }
    }
  }
`;

describe('Service.traces and Trace.spans', () => {
  it('12 traces with spans across 4 services cost 3 BatchGetTraces calls', async () => {
    const response = await gateway.execute(DASHBOARD, { names: SERVICES });
    expect(response.errors).toBeUndefined();
    const services = response.data!['services'] as Array<{ name: string; traces: { truncated: boolean; traces: any[] } }>;
    expect(services.map((service) => service.traces.traces.length)).toEqual([3, 3, 3, 3]);
    const all = services.flatMap((service) => service.traces.traces);
    expect(all.map((trace) => trace.id)).toEqual(SERVICES.flatMap((_, s) => [0, 1, 2].map((n) => traceId(s, n))));
    const first = all[0];
    expect(first).toEqual({
      id: traceId(0, 0),
      hasFault: true,
      http: { method: 'POST', status: 500 },
      spans: [
        { id: `${traceId(0, 0).slice(-12)}0001`, parentId: null, name: 'svc', fault: true },
        { id: `${traceId(0, 0).slice(-12)}0002`, parentId: `${traceId(0, 0).slice(-12)}0001`, name: 'DynamoDB', fault: true },
      ],
      rootSpans: [{ id: `${traceId(0, 0).slice(-12)}0001`, children: [{ id: `${traceId(0, 0).slice(-12)}0002`, name: 'DynamoDB' }] }],
    });

    const batches = xray.commandCalls(BatchGetTracesCommand).map((call) => call.args[0].input.TraceIds!);
    expect(batches).toHaveLength(3);
    expect(batches.every((batch) => batch.length <= 5)).toBe(true);
    expect(batches.flat().sort()).toEqual(all.map((trace) => trace.id).sort());
    expect(xray.commandCalls(GetTraceSummariesCommand)).toHaveLength(4);
    expect(xray.commandCalls(GetTraceSummariesCommand).map((call) => call.args[0].input.FilterExpression)).toEqual(SERVICES.map((name) => `service("${name}") AND fault`));
    expect(response.extensions!['cost']).toMatchObject({
      calls: { 'xray:BatchGetTraces': { calls: 3, attempts: 3 }, 'xray:GetTraceSummaries': { calls: 4, attempts: 4 } },
      tracesFetched: 12,
    });
  });

  it('summary fields need no BatchGetTraces call', async () => {
    const response = await gateway.execute(`{
      service(name: "payments-api", profile: "prod") {
        traces { truncated traces { id startTime durationMs responseTimeMs hasError hasFault hasThrottle http { method url status } services annotations } }
      }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data!['service'].traces.traces[0]).toEqual({
      id: traceId(1, 0),
      startTime: new Date(parseInt(traceId(1, 0).slice(2, 10), 16) * 1000).toISOString(),
      durationMs: 500,
      responseTimeMs: 500,
      hasError: false,
      hasFault: true,
      hasThrottle: false,
      http: { method: 'POST', url: 'https://payments-api/x', status: 500 },
      services: ['payments-api'],
      annotations: null,
    });
    expect(xray.commandCalls(BatchGetTracesCommand)).toHaveLength(0);
    // Default window (the last hour) and limit (20); Sampling off.
    expect(xray.commandCalls(GetTraceSummariesCommand)[0]!.args[0].input).toEqual({
      StartTime: new Date(NOW - 3_600_000),
      EndTime: new Date(NOW),
      TimeRangeType: 'TraceId',
      Sampling: false,
      FilterExpression: 'service("payments-api")',
    });
  });

  it('uses the service\'s trace_service and turns a hostile filter into BAD_USER_INPUT before any AWS call', async () => {
    const ok = await gateway.execute(`{ service(name: "legacy", profile: "prod") { traces(filter: { urlContains: "\\") OR service(\\"x" }) { truncated } } }`);
    expect(ok.errors).toBeUndefined();
    expect(xray.commandCalls(GetTraceSummariesCommand)[0]!.args[0].input.FilterExpression).toBe('service("legacy-monolith") AND http.url CONTAINS "\\") OR service(\\"x"');

    xray.resetHistory();
    const bad = await gateway.execute(`{ service(name: "payments-api", profile: "prod") { name traces(filter: { annotations: [{ key: "a\\" OR fault", value: "x" }] }) { truncated } } }`);
    expect(bad.data).toEqual({ service: { name: 'payments-api', traces: null } });
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(bad.errors![0]!.message).toContain('filter.annotations[0].key');
    expect(xray.commandCalls(GetTraceSummariesCommand)).toHaveLength(0);

    const badLimit = await gateway.execute(`{ service(name: "payments-api", profile: "prod") { traces(limit: 0) { truncated } } }`);
    expect(badLimit.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('Query.trace joins the same batch, accepts W3C ids, and reports an unprocessed id as NOT_FOUND for that id only', async () => {
    const missing = '1-5759e988-bd862e3fe1be46a994272793';
    xray.on(BatchGetTracesCommand).callsFake(async (input: { TraceIds: string[] }) => ({
      Traces: input.TraceIds.filter((id) => id !== missing).map(documentsOf),
      UnprocessedTraceIds: input.TraceIds.filter((id) => id === missing),
    }));
    const w3c = traceId(3, 2).replace(/^1-/, '').replace('-', '');
    const response = await gateway.execute(
      `query($names: [String!], $w3c: ID!, $missing: ID!) {
        services(profile: "prod", names: $names) { traces(limit: 3) { traces { id spans { id } } } }
        byW3c: trace(id: $w3c, profile: "prod") { id hasFault durationMs services rootSpans { name } }
        gone: trace(id: $missing, profile: "prod") { id }
      }`,
      { names: SERVICES.slice(0, 2), w3c, missing },
    );
    expect(response.data!['byW3c']).toEqual({ id: traceId(3, 2), hasFault: true, durationMs: 500, services: ['svc'], rootSpans: [{ name: 'svc' }] });
    expect(response.data!['gone']).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ path: ['gone'], extensions: { code: 'NOT_FOUND', traceId: missing } });
    // 6 list traces + the W3C one + the missing one = 8 ids: 2 calls; the missing id retried once: 1 more.
    const batches = xray.commandCalls(BatchGetTracesCommand).map((call) => call.args[0].input.TraceIds!);
    expect(batches.map((batch) => batch.length).sort()).toEqual([1, 3, 5]);
    expect(batches.at(-1)).toEqual([missing]);
    expect(new Set(batches.flat()).size).toBe(8);
  });

  it('really retries a lone unprocessed id once (not served the first answer again)', async () => {
    const late = traceId(2, 1);
    let calls = 0;
    xray.on(BatchGetTracesCommand).callsFake(async (input: { TraceIds: string[] }) => {
      calls++;
      return calls === 1 ? { Traces: [], UnprocessedTraceIds: input.TraceIds } : { Traces: input.TraceIds.map(documentsOf), UnprocessedTraceIds: [] };
    });
    const response = await gateway.execute(`query($id: ID!) { trace(id: $id, profile: "prod") { id spans { id } } }`, { id: late });
    expect(response.errors).toBeUndefined();
    expect(response.data!['trace'].spans).toHaveLength(2);
    expect(xray.commandCalls(BatchGetTracesCommand).map((call) => call.args[0].input.TraceIds)).toEqual([[late], [late]]);
  });

  it('rejects a malformed trace id with BAD_USER_INPUT', async () => {
    const response = await gateway.execute(`{ trace(id: "1-abc\\") OR fault", profile: "prod") { id } }`);
    expect(response.data).toEqual({ trace: null });
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect(xray.commandCalls(BatchGetTracesCommand)).toHaveLength(0);
  });

  it('a BatchGetTraces failure nulls only the spans, with a coded error', async () => {
    xray.on(BatchGetTracesCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const response = await gateway.execute(`{ service(name: "payments-api", profile: "prod") { traces(limit: 1) { traces { id hasFault spans { id } } } } }`);
    expect(response.data!['service'].traces.traces).toEqual([{ id: traceId(1, 0), hasFault: true, spans: null }]);
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'ACCESS_DENIED', action: 'xray:BatchGetTraces' });
  });

  it('a failed BatchGetTraces chunk nulls the spans of its own traces only', async () => {
    xray.on(BatchGetTracesCommand).callsFake(async (input: { TraceIds: string[] }) => {
      if (input.TraceIds.includes(traceId(0, 0))) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException', $metadata: { httpStatusCode: 429 } });
      return { Traces: input.TraceIds.map(documentsOf) };
    });
    const response = await gateway.execute(DASHBOARD, { names: SERVICES });
    const failedChunk = xray.commandCalls(BatchGetTracesCommand).map((call) => call.args[0].input.TraceIds!).find((ids) => ids.includes(traceId(0, 0)))!;
    const traces = (response.data!['services'] as any[]).flatMap((service) => service.traces.traces);
    expect(traces).toHaveLength(12);
    for (const trace of traces) expect(trace.spans === null).toBe(failedChunk.includes(trace.id));
    expect(response.errors!.filter((error) => error.path?.at(-1) === 'spans')).toHaveLength(failedChunk.length);
    expect(response.errors!.every((error) => error.extensions?.['code'] === 'THROTTLED')).toBe(true);
    expect(xray.commandCalls(BatchGetTracesCommand)).toHaveLength(3);
  });

  it('viewers a few seconds apart share one GetTraceSummaries answer (relative windows aligned to 10 s)', async () => {
    const query = `{ service(name: "payments-api", profile: "prod") { traces(range: { last: "15m" }) { traces { id } } } }`;
    const viewer = (now: number) => createGatewayYoga({ runtime: gateway.runtime, now: () => now });
    const ask = async (now: number) =>
      (await (
        await viewer(now).fetch('http://tinkr.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
      ).json()) as { data: unknown; extensions: { cost: { cacheHits: number; totalCalls: number } } };
    const first = await ask(NOW + 3_000);
    const second = await ask(NOW + 7_000);
    expect(first.extensions.cost).toMatchObject({ totalCalls: 1, cacheHits: 0 });
    expect(second.data).toEqual(first.data);
    expect(second.extensions.cost).toMatchObject({ totalCalls: 0, cacheHits: 1 });
    expect(xray.commandCalls(GetTraceSummariesCommand)).toHaveLength(1);
    expect(xray.commandCalls(GetTraceSummariesCommand)[0]!.args[0].input).toMatchObject({ StartTime: new Date(NOW + 10_000 - 900_000), EndTime: new Date(NOW + 10_000) });
    // An absolute window is taken as given.
    await gateway.execute(`{ service(name: "payments-api", profile: "prod") { traces(range: { from: "2026-11-25T11:00:03Z", to: "2026-11-25T11:30:07Z" }) { truncated } } }`);
    expect(xray.commandCalls(GetTraceSummariesCommand)[1]!.args[0].input).toMatchObject({ StartTime: new Date('2026-11-25T11:00:03Z'), EndTime: new Date('2026-11-25T11:30:07Z') });
  });

  it('serves complete traces from the cross-request cache', async () => {
    await gateway.execute(DASHBOARD, { names: SERVICES.slice(0, 1) });
    expect(xray.commandCalls(BatchGetTracesCommand)).toHaveLength(1);
    const again = await gateway.execute(`query($id: ID!) { trace(id: $id, profile: "prod") { spans { id } } }`, { id: traceId(0, 1) });
    expect(again.errors).toBeUndefined();
    expect(again.data!['trace'].spans).toHaveLength(2);
    expect(xray.commandCalls(BatchGetTracesCommand)).toHaveLength(1);
    expect(again.extensions!['cost']).toMatchObject({ totalCalls: 0, cacheHits: 1, tracesFetched: 0 });
  });
});

describe('schema/operations/traces.graphql', () => {
  it('validates against the schema (with the @defer/@stream directives yoga serves)', () => {
    const schema = new GraphQLSchema({ ...buildSchema().toConfig(), directives: [...specifiedDirectives, GraphQLDeferDirective, GraphQLStreamDirective] });
    const document = parse(readFileSync(new URL('../../schema/operations/traces.graphql', import.meta.url), 'utf8'));
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });
});
