// aws/spans records -> spans: the OpenTelemetry record format Transaction Search stores (W3C ids,
// semantic-convention attributes old and new, Application Signals' aws.local/aws.remote fields,
// exception span events), the id conversion, the tree from parentSpanId, and the demo's X-Ray
// documents converted to span records reading back as the same tree X-Ray gives.
import { describe, expect, it } from 'vitest';
import { normalizeTraceId, parseTraceDocuments, type Span } from '../../src/aws/segment-documents.ts';
import { buildSpanTrace, parseSpanRecord, spanFlags, spanTraceOverview, spanTracesFromRecords, toW3cTraceId, type SpanRecord } from '../../src/aws/span-records.ts';
import { seedDemoOrganisation } from '../../src/emulator/demo-data.ts';
import { traceSpanRecords } from '../../src/emulator/demo-span-records.ts';
import { LogStore } from '../../src/emulator/log-store.ts';
import { MetricStore } from '../../src/emulator/metric-store.ts';
import { TraceStore } from '../../src/emulator/trace-store.ts';

const W3C = '6744b2f1a3c94d5e8f0a1b2c3d4e5f60';
const XRAY = '1-6744b2f1-a3c94d5e8f0a1b2c3d4e5f60';
const START = 1_732_555_505_123_456_789;

function record(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    resource: { attributes: { 'service.name': 'payments-api', 'cloud.platform': 'aws_ecs', 'telemetry.sdk.language': 'nodejs' } },
    scope: { name: '@opentelemetry/instrumentation-http', version: '0.57.0' },
    traceId: W3C,
    spanId: '1a2b3c4d5e6f7081',
    name: 'POST /v1/charges',
    kind: 'SERVER',
    startTimeUnixNano: START,
    endTimeUnixNano: START + 250_500_000,
    durationNano: 250_500_000,
    status: { code: 'UNSET' },
    attributes: {},
    ...overrides,
  };
}

describe('trace ids', () => {
  it('converts between W3C and X-Ray forms both ways', () => {
    expect(toW3cTraceId(XRAY)).toBe(W3C);
    expect(toW3cTraceId(W3C)).toBe(W3C);
    expect(toW3cTraceId(W3C.toUpperCase())).toBe(W3C);
    expect(normalizeTraceId(W3C)).toBe(XRAY);
    expect(toW3cTraceId('1-6744b2f1-a3c9')).toBeUndefined();
    expect(toW3cTraceId('" or 1=1')).toBeUndefined();
  });
});

describe('parseSpanRecord', () => {
  it('maps a server span with the current HTTP conventions, annotations and the rest kept', () => {
    const parsed = parseSpanRecord(
      JSON.stringify(
        record({
          attributes: {
            'aws.local.service': 'payments-api',
            'aws.local.operation': 'POST /v1/charges',
            'aws.span.kind': 'LOCAL_ROOT',
            'http.request.method': 'POST',
            'url.full': 'https://payments.internal/v1/charges',
            'http.response.status_code': 503,
            'user_agent.original': 'checkout-web/4.18.2',
            'client.address': '10.0.1.17',
            'http.response.body.size': 212,
            tenant: 'acme',
            'order.id': 'o-1',
            'aws.xray.annotations': ['tenant'],
          },
          status: { code: 'ERROR', message: 'upstream unavailable' },
        }),
      ),
    )!;
    expect(parsed.entry).toBe(true);
    expect(parsed.service).toBe('payments-api');
    expect(parsed.span.service).toBe('payments-api');
    expect(parsed.span).toMatchObject({
      id: '1a2b3c4d5e6f7081',
      parentId: null,
      traceId: XRAY,
      kind: 'segment',
      name: 'POST /v1/charges',
      origin: 'AWS::ECS::Container',
      startTime: 1_732_555_505_123.457,
      endTime: 1_732_555_505_373.957,
      durationMs: 250.5,
      fault: true,
      error: false,
      throttle: false,
      http: { method: 'POST', url: 'https://payments.internal/v1/charges', status: 503, userAgent: 'checkout-web/4.18.2', clientIp: '10.0.1.17', contentLength: 212 },
      annotations: { tenant: 'acme' },
    });
    expect(parsed.span.metadata).toEqual({
      otel: { kind: 'SERVER', status: { code: 'ERROR', message: 'upstream unavailable' }, service: 'payments-api', operation: 'POST /v1/charges', scope: { name: '@opentelemetry/instrumentation-http', version: '0.57.0' } },
      attributes: { 'aws.span.kind': 'LOCAL_ROOT', 'order.id': 'o-1' },
      resource: { 'service.name': 'payments-api', 'cloud.platform': 'aws_ecs', 'telemetry.sdk.language': 'nodejs' },
    });
  });

  it('maps an AWS SDK client span (old HTTP conventions), its remote resource and a throttling exception event', () => {
    const parsed = parseSpanRecord(
      record({
        spanId: '2b3c4d5e6f708192',
        parentSpanId: '1a2b3c4d5e6f7081',
        name: 'DynamoDB.PutItem',
        kind: 'CLIENT',
        attributes: {
          'rpc.system': 'aws-api',
          'rpc.service': 'DynamoDB',
          'rpc.method': 'PutItem',
          'aws.request_id': 'R1',
          'aws.dynamodb.table_names': ['payments-ledger'],
          'http.status_code': 400,
          'aws.remote.service': 'AWS::DynamoDB',
          'aws.remote.operation': 'PutItem',
          'aws.remote.resource.type': 'AWS::DynamoDB::Table',
          'aws.remote.resource.identifier': 'payments-ledger',
        },
        status: { code: 'ERROR' },
        events: [
          {
            name: 'exception',
            timeUnixNano: START,
            attributes: {
              'exception.type': 'ProvisionedThroughputExceededException',
              'exception.message': 'The level of configured provisioned throughput for the table was exceeded.',
              'exception.stacktrace': 'ProvisionedThroughputExceededException: ...\n    at LedgerWriter.append (/app/src/ledger/ledger-writer.ts:52:11)\n    at /app/src/x.ts:3',
            },
          },
        ],
      }),
    )!;
    expect(parsed.entry).toBe(false);
    expect(parsed.remote).toEqual({ service: 'AWS::DynamoDB', operation: 'PutItem', resourceType: 'AWS::DynamoDB::Table', resourceIdentifier: 'payments-ledger' });
    expect(parsed.span).toMatchObject({
      kind: 'subsegment',
      namespace: 'aws',
      parentId: '1a2b3c4d5e6f7081',
      error: true,
      fault: false,
      throttle: true,
      http: { method: null, url: null, status: 400 },
      aws: {
        operation: 'PutItem',
        service: 'DynamoDB',
        request_id: 'R1',
        table_name: 'payments-ledger',
        remote_service: 'AWS::DynamoDB',
        remote_operation: 'PutItem',
        remote_resource_type: 'AWS::DynamoDB::Table',
        remote_resource_identifier: 'payments-ledger',
      },
    });
    expect(parsed.span.exceptions).toEqual([
      {
        id: '2b3c4d5e6f708192',
        type: 'ProvisionedThroughputExceededException',
        message: 'The level of configured provisioned throughput for the table was exceeded.',
        remote: true,
        stack: [
          { path: '/app/src/ledger/ledger-writer.ts', line: 52, label: 'LedgerWriter.append' },
          { path: '/app/src/x.ts', line: 3, label: null },
        ],
      },
    ]);
  });

  it('reads the client address of a server span from the current and older conventions, the original client first', () => {
    const clientIp = (attributes: Record<string, unknown>, kind = 'SERVER'): string | null | undefined =>
      parseSpanRecord(record({ kind, ...(kind === 'SERVER' ? {} : { parentSpanId: '1a2b3c4d5e6f7081' }), attributes: { 'http.method': 'GET', ...attributes } }))!.span.http?.clientIp;
    // Python's WSGI/ASGI and older Node instrumentations: the socket peer as net.peer.ip.
    expect(clientIp({ 'net.peer.ip': '10.0.3.7', 'net.peer.port': 51532 })).toBe('10.0.3.7');
    expect(clientIp({ 'net.sock.peer.addr': '10.0.3.8' })).toBe('10.0.3.8');
    expect(clientIp({ 'network.peer.address': '10.0.3.9', 'net.peer.ip': '10.0.3.7' })).toBe('10.0.3.9');
    // The original client (X-Forwarded-For's first address) before the proxy that connected.
    expect(clientIp({ 'http.client_ip': '203.0.113.5', 'net.sock.peer.addr': '10.0.3.8' })).toBe('203.0.113.5');
    expect(clientIp({ 'client.address': '203.0.113.6', 'network.peer.address': '10.0.3.9' })).toBe('203.0.113.6');
    expect(clientIp({ 'http.request.header.x-forwarded-for': ['203.0.113.7, 10.0.0.2'], 'network.peer.address': '10.0.3.9' })).toBe('203.0.113.7');
    expect(clientIp({ 'http.request.header.x-forwarded-for': '203.0.113.8' })).toBe('203.0.113.8');
    // On a client span the peer is the server it called.
    expect(clientIp({ 'net.peer.ip': '52.94.0.1' }, 'CLIENT')).toBeNull();
  });

  it('keeps what it does not map in metadata: Application Signals fields, the other convention\'s keys, a table list, events, links and record fields', () => {
    const parsed = parseSpanRecord(
      record({
        kind: 'CLIENT',
        parentSpanId: '1a2b3c4d5e6f7081',
        flags: 257,
        traceState: 'vendor=1',
        links: [{ traceId: W3C, spanId: '0f0e0d0c0b0a0908', attributes: { 'messaging.batch': true } }],
        droppedAttributesCount: 2,
        attributes: {
          'aws.local.service': 'payments-api',
          'aws.local.environment': 'ecs:prod-cluster',
          'aws.span.kind': 'CLIENT',
          'rpc.system': 'aws-api',
          'rpc.service': 'DynamoDB',
          'rpc.method': 'BatchGetItem',
          'aws.dynamodb.table_names': ['orders', 'payments-ledger'],
          'http.response.status_code': 200,
          'http.status_code': 200,
          'http.request.method': 'POST',
          'http.method': 'POST',
          'net.peer.ip': '52.94.0.1',
          'server.address': 'dynamodb.us-east-1.amazonaws.com',
        },
        events: [
          { name: 'HTTP request failure', timeUnixNano: START + 1, attributes: { 'http.response.status_code': 500, 'aws.http.error_message': 'InternalServerError' } },
          { name: 'exception', timeUnixNano: START + 2, attributes: { 'exception.type': 'RuntimeError', 'exception.message': 'retry', 'exception.escaped': false } },
        ],
      }),
    )!;
    expect(parsed.span.http).toEqual({ method: 'POST', url: null, status: 200, userAgent: null, clientIp: null, contentLength: null });
    expect(parsed.span.aws).toEqual({ operation: 'BatchGetItem', service: 'DynamoDB' });
    expect(parsed.span.metadata).toEqual({
      otel: {
        kind: 'CLIENT',
        status: { code: 'UNSET' },
        service: 'payments-api',
        scope: { name: '@opentelemetry/instrumentation-http', version: '0.57.0' },
        flags: 257,
        traceState: 'vendor=1',
        links: [{ traceId: W3C, spanId: '0f0e0d0c0b0a0908', attributes: { 'messaging.batch': true } }],
        droppedAttributesCount: 2,
        events: [
          { name: 'HTTP request failure', timeUnixNano: START + 1, attributes: { 'http.response.status_code': 500, 'aws.http.error_message': 'InternalServerError' } },
          { name: 'exception', timeUnixNano: START + 2, attributes: { 'exception.escaped': false } },
        ],
      },
      attributes: {
        'aws.local.environment': 'ecs:prod-cluster',
        'aws.span.kind': 'CLIENT',
        'aws.dynamodb.table_names': ['orders', 'payments-ledger'],
        'http.status_code': 200,
        'http.method': 'POST',
        'net.peer.ip': '52.94.0.1',
        'server.address': 'dynamodb.us-east-1.amazonaws.com',
      },
      resource: { 'service.name': 'payments-api', 'cloud.platform': 'aws_ecs', 'telemetry.sdk.language': 'nodejs' },
    });
  });

  it('maps db.* to X-Ray sql names', () => {
    const parsed = parseSpanRecord(
      record({ kind: 'CLIENT', parentSpanId: 'aa', attributes: { 'db.system': 'postgresql', 'db.statement': 'SELECT 1', 'db.user': 'app', 'db.name': 'orders', 'server.address': 'db.internal' } }),
    )!;
    expect(parsed.span.sql).toEqual({ database_type: 'postgresql', sanitized_query: 'SELECT 1', user: 'app', database: 'orders', host: 'db.internal' });
    expect(parsed.span.namespace).toBe('remote');
  });

  it('refuses what is not a span record', () => {
    expect(parseSpanRecord('not json')).toBeUndefined();
    expect(parseSpanRecord('{"traceId":"xyz","spanId":"1","startTimeUnixNano":1}')).toBeUndefined();
    expect(parseSpanRecord(record({ startTimeUnixNano: undefined }))).toBeUndefined();
    // int64 as a decimal string (OTLP/JSON) is fine.
    expect(parseSpanRecord(record({ startTimeUnixNano: String(START), durationNano: '1000000' }))!.span.durationMs).toBe(1);
  });

  it('reads flags as X-Ray does', () => {
    expect(spanFlags(500, 'ERROR', [], false)).toEqual({ fault: true, error: false, throttle: false });
    expect(spanFlags(404, 'UNSET', [], false)).toEqual({ fault: false, error: true, throttle: false });
    expect(spanFlags(429, 'UNSET', [], false)).toEqual({ fault: false, error: true, throttle: true });
    expect(spanFlags(null, 'ERROR', [], false)).toEqual({ fault: true, error: false, throttle: false });
    expect(spanFlags(200, 'OK', [], false)).toEqual({ fault: false, error: false, throttle: false });
    // A remote call that failed with a throttling exception (bare or qualified) is throttled; 5xx stays a fault.
    for (const type of ['ThrottlingException', 'botocore.errorfactory.ThrottlingException', 'software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException', 'com.amazonaws.AmazonServiceException$ThrottlingException', '*types.ThrottlingException', 'github.com/aws/aws-sdk-go-v2/service/sqs/types.ThrottlingException', 'Aws\\Sqs\\Exception\\ThrottlingException']) {
      expect(spanFlags(null, 'ERROR', [type], true)).toEqual({ fault: false, error: true, throttle: true });
      expect(spanFlags(400, 'ERROR', [null, type], true)).toEqual({ fault: false, error: true, throttle: true });
      expect(spanFlags(503, 'ERROR', [type], true)).toEqual({ fault: true, error: false, throttle: false });
      // The service whose handler failed because of it: a fault of its own, as X-Ray flags the caller.
      expect(spanFlags(null, 'ERROR', [type], false)).toEqual({ fault: true, error: false, throttle: false });
    }
    // Names that only contain a throttling code are not one.
    for (const type of ['NotThrottlingException', 'ThrottlingExceptionHandler', 'botocore.exceptions.ClientError']) expect(spanFlags(null, 'ERROR', [type], true)).toEqual({ fault: true, error: false, throttle: false });
  });
});

describe('buildSpanTrace', () => {
  const span = (id: string, parentSpanId: string | undefined, startOffsetMs: number, kind = 'INTERNAL'): SpanRecord =>
    parseSpanRecord(record({ spanId: id, ...(parentSpanId ? { parentSpanId } : {}), kind, name: id, startTimeUnixNano: START + startOffsetMs * 1e6, durationNano: 1e6 }))!;

  it('links children by parentSpanId in start order; an absent parent makes a root that keeps its parentId', () => {
    const trace = buildSpanTrace(XRAY, [span('c2', 'r', 3), span('r', undefined, 0, 'SERVER'), span('c1', 'r', 1, 'CLIENT'), span('g', 'c1', 2, 'SERVER'), span('orphan', 'ffff', 5, 'SERVER')]);
    const shape = (s: Span): unknown => ({ id: s.id, segment: s.segmentId, children: s.children.map(shape) });
    expect(trace.parsed.rootSpans.map(shape)).toEqual([
      { id: 'r', segment: 'r', children: [{ id: 'c1', segment: 'r', children: [{ id: 'g', segment: 'g', children: [] }] }, { id: 'c2', segment: 'r', children: [] }] },
      { id: 'orphan', segment: 'orphan', children: [] },
    ]);
    expect(trace.parsed.spans.map((s) => s.id)).toEqual(['r', 'c1', 'g', 'c2', 'orphan']);
    expect(trace.parsed.rootSpans[1]!.parentId).toBe('ffff');
  });

  it('breaks a parent cycle instead of losing spans', () => {
    const trace = buildSpanTrace(XRAY, [span('a', 'b', 0), span('b', 'a', 1)]);
    expect(trace.parsed.spans).toHaveLength(2);
    const count = (spans: readonly Span[]): number => spans.reduce((n, s) => n + 1 + count(s.children), 0);
    expect(count(trace.parsed.rootSpans)).toBe(2);
  });

  it('sums a trace up like a trace summary', () => {
    const trace = buildSpanTrace(XRAY, [
      parseSpanRecord(record({ spanId: 'r', attributes: { 'aws.local.service': 'checkout-web', 'http.response.status_code': 502 } }))!,
      parseSpanRecord(
        record({
          spanId: 'c',
          parentSpanId: 'r',
          kind: 'CLIENT',
          startTimeUnixNano: START + 1e6,
          durationNano: 5e8,
          attributes: { 'aws.local.service': 'checkout-web', 'aws.remote.service': 'AWS::DynamoDB', 'aws.remote.resource.identifier': 'carts' },
        }),
      )!,
    ]);
    expect(spanTraceOverview(trace)).toMatchObject({ durationMs: 501, responseTimeMs: 250.5, hasFault: true, hasError: false, services: ['checkout-web', 'carts'] });
  });
});

describe('the demo in aws/spans', () => {
  const now = Date.UTC(2026, 10, 25, 12, 0, 0);
  const stores = { logs: new LogStore({ now: () => now }), metrics: new MetricStore(), traces: new TraceStore() };
  const facts = seedDemoOrganisation(stores, { now, historyHours: 1, spans: true });

  it('writes one record per segment and subsegment of every trace to aws/spans', () => {
    const group = stores.logs.getLogGroup('aws/spans')!;
    expect(group).toBeDefined();
    const traceIds = new Set(group.events.map((event) => (JSON.parse(event.message) as { traceId: string }).traceId));
    expect(traceIds.size).toBe(facts.counts.traces);
  });

  it('reads every incident trace as the same tree as X-Ray (without X-Ray\'s inferred nodes)', () => {
    const ids = facts.incidentTraceIds.slice(-5);
    expect(ids.length).toBeGreaterThan(0);
    const group = stores.logs.getLogGroup('aws/spans')!;
    const records = group.events.map((event) => parseSpanRecord(event.message)!).filter((r) => ids.includes(r.span.traceId));
    const fromSpans = spanTracesFromRecords(records);
    for (const id of ids) {
      const xray = parseTraceDocuments(id, stores.traces.getTrace(id)!.Segments);
      const shape = (s: Span): unknown => ({ id: s.id, name: s.name, kind: s.kind, start: s.startTime, end: s.endTime, status: s.http?.status ?? null, children: s.children.filter((c) => !c.inferred).map(shape) });
      expect(fromSpans.get(id)!.parsed.rootSpans.map(shape)).toEqual(xray.rootSpans.map(shape));
      // Flags agree wherever X-Ray's come from an HTTP status or a throttle.
      for (const span of xray.spans.filter((s) => !s.inferred && s.http?.status != null && s.origin !== 'AWS::Lambda')) {
        const other = fromSpans.get(id)!.parsed.spans.find((s) => s.id === span.id)!;
        expect({ id: span.id, fault: other.fault, error: other.error, throttle: other.throttle }).toEqual({ id: span.id, fault: span.fault, error: span.error, throttle: span.throttle });
      }
    }
  });

  it('converts the ledger write into a DynamoDB client span naming its table', () => {
    const id = facts.incidentTraceIds.at(-1)!;
    const records = traceSpanRecords(id, stores.traces.getTrace(id)!.Segments.map((s) => JSON.parse(s.Document!) as Record<string, unknown>)).map((r) => JSON.parse(r.message) as Record<string, any>);
    const ledger = records.find((r) => r['attributes']['aws.remote.resource.identifier'] === 'payments-ledger')!;
    expect(ledger).toMatchObject({ kind: 'CLIENT', traceId: toW3cTraceId(id), attributes: { 'aws.local.service': 'payments-api', 'aws.remote.service': 'AWS::DynamoDB', 'aws.remote.resource.type': 'AWS::DynamoDB::Table', 'rpc.method': 'PutItem' } });
  });
});
