// A trace as one caller sees it: spans of services outside its scope reduced to the call graph
// (the same reduction for X-Ray segments and span records), the tree intact, trace-level http and
// annotations only from the spans it sees in full, and whole traces untouched for a caller no
// pattern narrows or whose scope says foreign_spans = "full".
import { describe, expect, it } from 'vitest';
import { parseTraceDocuments, traceOverview, type Span } from '../../src/aws/segment-documents.ts';
import { buildSpanTrace, parseSpanRecord, spanTraceOverview, type SpanRecord } from '../../src/aws/span-records.ts';
import { toTraceSummary } from '../../src/aws/trace-summaries.ts';
import { Caller, grantOf } from '../../src/config/caller-scope.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { createRequestContext } from '../../src/runtime/request-context.ts';
import type { LoadedTrace } from '../../src/loaders/traces/traces-loader.ts';
import { checkTraceFilterScope, visibleSummaryFacts, visibleTrace, type VisibleSpan } from '../../src/schema/trace-visibility.ts';
import { configFromToml } from '../support/test-gateway.ts';

const TRACE = '1-6a000000-0123456789abcdef01234567';
const config = configFromToml(`[profiles.prod]
backend = "cloudwatch"
region = "us-east-1"
[profiles.prod.services.checkout-web]
resource_type = "ecs"
[profiles.prod.services.payments-api]
resource_type = "ecs"
`);
const runtime = new GatewayRuntime(config);
const profile = runtime.profile('prod');
const contextOf = (caller: Caller) => createRequestContext(runtime, { caller });
const payments = (foreignSpans?: 'full' | 'redacted') => new Caller('payments', [grantOf({ services: ['payments-*'], explore: false, ...(foreignSpans ? { foreign_spans: foreignSpans } : {}) })]);

/** checkout-web (entry) calls payments-api, which writes to its DynamoDB table (an inferred segment). */
const checkout = {
  trace_id: TRACE,
  id: 'c000000000000001',
  name: 'checkout-web',
  start_time: 1_780_000_000,
  end_time: 1_780_000_001,
  http: { request: { method: 'POST', url: 'https://shop.example.com/checkout?coupon=SECRET-URL' }, response: { status: 500 } },
  annotations: { cart: 'SECRET-ANNOTATION' },
  metadata: { debug: { token: 'SECRET-METADATA' } },
  fault: true,
  cause: { exceptions: [{ id: 'e000000000000001', type: 'com.acme.CheckoutFailed', message: 'SECRET-EXCEPTION' }] },
  subsegments: [
    {
      id: 'c000000000000002',
      name: 'payments-api',
      namespace: 'remote',
      start_time: 1_780_000_000.1,
      end_time: 1_780_000_000.9,
      http: { request: { method: 'POST', url: 'http://payments-api/charge?card=SECRET-CALL' }, response: { status: 500 } },
      fault: true,
    },
    { id: 'c000000000000003', name: 'orders-db', namespace: 'remote', start_time: 1_780_000_000.05, end_time: 1_780_000_000.06, sql: { sanitized_query: 'SELECT SECRET-SQL' } },
  ],
};
const paymentsSegment = {
  trace_id: TRACE,
  id: 'p000000000000001',
  parent_id: 'c000000000000002',
  name: 'payments-api',
  start_time: 1_780_000_000.2,
  end_time: 1_780_000_000.8,
  http: { request: { method: 'POST', url: 'http://payments-api/charge' }, response: { status: 500 } },
  annotations: { tenant: 'acme' },
  fault: true,
  subsegments: [{ id: 'p000000000000002', name: 'DynamoDB', namespace: 'aws', start_time: 1_780_000_000.3, end_time: 1_780_000_000.4, aws: { table_name: 'payments-ledger', operation: 'PutItem' } }],
};
const ledger = {
  trace_id: TRACE,
  id: 'i000000000000001',
  parent_id: 'p000000000000002',
  name: 'payments-ledger',
  origin: 'AWS::DynamoDB::Table',
  inferred: true,
  start_time: 1_780_000_000.3,
  end_time: 1_780_000_000.4,
  aws: { table_name: 'payments-ledger', operation: 'PutItem' },
};

function xrayTrace(): LoadedTrace {
  const parsed = parseTraceDocuments(TRACE, [checkout, paymentsSegment, ledger].map((doc) => ({ Id: doc.id, Document: JSON.stringify(doc) })));
  return { id: TRACE, parsed, overview: traceOverview(parsed), limitExceeded: false };
}

const SECRETS = ['SECRET-URL', 'SECRET-ANNOTATION', 'SECRET-METADATA', 'SECRET-EXCEPTION', 'SECRET-CALL', 'SECRET-SQL', 'CheckoutFailed'];
const textOf = (value: unknown): string => JSON.stringify(value, (key, item) => (key === 'children' ? (item as Span[]).map((child) => child.id) : item));
const treeIds = (span: VisibleSpan): unknown => [span.id, span.redacted === true, span.children.map(treeIds)];

describe('visibleTrace: X-Ray segments', () => {
  it('reduces other services\' spans to the call graph and keeps the caller\'s own (its subsegments and its inferred table too)', () => {
    const view = visibleTrace(contextOf(payments()), profile, xrayTrace());
    expect(view.access?.everything).toBe(false);
    expect(view.spans.map((span) => [span.id, span.service, span.redacted === true])).toEqual([
      ['c000000000000001', 'checkout-web', true],
      ['c000000000000003', 'checkout-web', true],
      ['c000000000000002', 'checkout-web', true],
      ['p000000000000001', 'payments-api', false],
      ['p000000000000002', 'payments-api', false],
      ['i000000000000001', 'payments-api', false],
    ]);
    const entry = view.spans[0]!;
    expect(entry).toEqual({
      ...xrayTrace().parsed.spans[0],
      http: null,
      sql: null,
      aws: null,
      annotations: null,
      metadata: null,
      exceptions: [],
      children: expect.any(Array),
      redacted: true,
    });
    expect(entry).toMatchObject({ name: 'checkout-web', kind: 'segment', fault: true, durationMs: 1000, parentId: null });
    expect(view.spans.find((span) => span.id === 'i000000000000001')?.aws).toEqual({ table_name: 'payments-ledger', operation: 'PutItem' });
    expect(view.spans.find((span) => span.id === 'p000000000000001')?.http?.url).toBe('http://payments-api/charge');
    for (const secret of SECRETS) expect(textOf(view.spans)).not.toContain(secret);
  });

  it('keeps the tree: rootSpans and children lead to the same reduced copies', () => {
    const view = visibleTrace(contextOf(payments()), profile, xrayTrace());
    expect(view.rootSpans.map(treeIds)).toEqual([
      [
        'c000000000000001',
        true,
        [
          ['c000000000000003', true, []],
          ['c000000000000002', true, [['p000000000000001', false, [['p000000000000002', false, [['i000000000000001', false, []]]]]]]],
        ],
      ],
    ]);
    const flat = new Set(view.spans);
    const walk = (span: VisibleSpan): boolean => flat.has(span) && span.children.every(walk);
    expect(view.rootSpans.every(walk)).toBe(true);
    for (const secret of SECRETS) expect(textOf(view.rootSpans)).not.toContain(secret);
  });

  it('takes trace-level http and annotations only from the spans seen in full', () => {
    const view = visibleTrace(contextOf(payments()), profile, xrayTrace());
    expect(view.http).toBeNull(); // the entry point is checkout-web's
    expect(view.annotations).toEqual({ tenant: 'acme' });
  });

  it('shows the whole trace, untouched, with foreign_spans = "full" and to a caller no pattern narrows', () => {
    const loaded = xrayTrace();
    for (const caller of [payments('full'), new Caller('admin', [grantOf({ explore: false })])]) {
      const view = visibleTrace(contextOf(caller), profile, loaded);
      expect(view.spans).toBe(loaded.parsed.spans);
      expect(view.http?.url).toContain('SECRET-URL');
      expect(view.annotations).toEqual({ cart: 'SECRET-ANNOTATION', tenant: 'acme' });
    }
  });

  it('refuses a trace none of whose spans is the caller\'s (access undefined), and reduces all of it', () => {
    const onlyCheckout = parseTraceDocuments(TRACE, [{ Id: checkout.id, Document: JSON.stringify(checkout) }]);
    const view = visibleTrace(contextOf(payments()), profile, { id: TRACE, parsed: onlyCheckout, overview: traceOverview(onlyCheckout), limitExceeded: false });
    expect(view.access).toBeUndefined();
    expect(view.spans.every((span) => span.redacted)).toBe(true);
    expect(view.annotations).toBeNull();
  });
});

describe('visibleTrace: span records (aws/spans)', () => {
  const W3C = TRACE.slice(2).replace('-', '');
  const record = (spanId: string, parent: string | null, service: string, attributes: Record<string, unknown>, extra: Record<string, unknown> = {}): SpanRecord =>
    parseSpanRecord({
      traceId: W3C,
      spanId,
      ...(parent ? { parentSpanId: parent } : {}),
      name: `${service} work`,
      kind: parent ? 'CLIENT' : 'SERVER',
      startTimeUnixNano: 1_780_000_000_000_000_000,
      durationNano: 1_000_000,
      resource: { attributes: { 'service.name': service } },
      attributes: { 'aws.local.service': service, ...attributes },
      ...extra,
    })!;
  const records = [
    record('a000000000000001', null, 'checkout-web', { 'http.request.method': 'POST', 'url.full': 'https://shop/checkout?SECRET-URL', tenant: 'SECRET-ANNOTATION', 'aws.xray.annotations': ['tenant'], debug: 'SECRET-METADATA' }, {
      events: [{ name: 'exception', attributes: { 'exception.type': 'CheckoutFailed', 'exception.message': 'SECRET-EXCEPTION' } }],
    }),
    record('a000000000000002', 'a000000000000001', 'checkout-web', { 'db.system': 'postgresql', 'db.statement': 'SELECT SECRET-SQL' }),
    record('b000000000000001', 'a000000000000001', 'payments-api', { 'http.request.method': 'POST', 'url.full': 'http://payments-api/charge', region: 'eu' }, { kind: 'SERVER' }),
  ];
  const trace = buildSpanTrace(TRACE, records);
  const loaded: LoadedTrace = { id: TRACE, parsed: trace.parsed, overview: spanTraceOverview(trace), limitExceeded: false };

  it('reduces other services\' span records the same way', () => {
    const view = visibleTrace(contextOf(payments()), profile, loaded);
    expect(view.spans.map((span) => [span.service, span.redacted === true])).toEqual([
      ['checkout-web', true],
      ['checkout-web', true],
      ['payments-api', false],
    ]);
    for (const secret of SECRETS) expect(textOf(view.spans)).not.toContain(secret);
    expect(view.spans[2]?.metadata).not.toBeNull();
    expect(view.http).toBeNull();
    expect(view.annotations).toBeNull();
  });
});

describe('visibleSummaryFacts: a listed X-Ray trace without its spans', () => {
  const summary = toTraceSummary({
    Id: TRACE,
    Http: { HttpURL: 'https://shop.example.com/checkout?coupon=SECRET-URL', HttpMethod: 'POST', HttpStatus: 500 },
    EntryPoint: { Name: 'checkout-web' },
    ServiceIds: [{ Name: 'checkout-web' }, { Name: 'payments-api' }, { Name: 'payments-ledger' }],
    Annotations: {
      cart: [{ AnnotationValue: { StringValue: 'SECRET-ANNOTATION' }, ServiceIds: [{ Name: 'checkout-web' }] }],
      tenant: [{ AnnotationValue: { StringValue: 'acme' }, ServiceIds: [{ Name: 'payments-api' }, { Name: 'checkout-web' }] }],
    },
  })!;

  it('keeps the entry point\'s http and annotations only when the caller sees their services in full', () => {
    expect(visibleSummaryFacts(contextOf(payments()), profile, summary)).toEqual({ http: null, annotations: { tenant: 'acme' } });
    expect(visibleSummaryFacts(contextOf(payments('full')), profile, summary)).toEqual({ http: summary.http, annotations: { cart: 'SECRET-ANNOTATION', tenant: 'acme' } });
    const entryOwn = { ...summary, entryService: 'payments-api' };
    expect(visibleSummaryFacts(contextOf(payments()), profile, entryOwn).http).toEqual(summary.http);
  });
});

describe('checkTraceFilterScope: X-Ray trace lists', () => {
  const service = profile.service('payments-api')!;
  it('refuses http and annotation conditions (they match any service of the trace) to a caller that sees other services redacted', () => {
    for (const filter of [{ urlContains: 'SECRET' }, { httpStatus: 500 }, { httpMethod: 'POST' }, { annotations: [{ key: 'cart', value: 'x' }] }]) {
      expect(() => checkTraceFilterScope(contextOf(payments()), service, filter)).toThrow(/sees the spans of services outside its scope redacted/);
    }
    expect(() => checkTraceFilterScope(contextOf(payments()), service, { fault: true, minDurationMs: 100, flagScope: 'service' })).not.toThrow();
    expect(() => checkTraceFilterScope(contextOf(payments('full')), service, { urlContains: 'SECRET' })).not.toThrow();
    expect(() => checkTraceFilterScope(contextOf(Caller.unrestricted('admin')), service, { urlContains: 'SECRET' })).not.toThrow();
  });
});
