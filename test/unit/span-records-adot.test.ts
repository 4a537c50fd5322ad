// aws/spans records shaped as ADOT and the OpenTelemetry SDKs write them in Python, Java, Node.js
// and Go (test/fixtures/spans/*.json, each naming where its shape comes from), read into spans: the
// tree, every span's flags as X-Ray would set them, the trace's flags as X-Ray's summary has them,
// HTTP facts with the client address of each convention, exceptions innermost frame first with
// their causes, and every attribute either read into a field or kept in metadata.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/aws/segment-documents.ts';
import { buildSpanTrace, parseSpanRecord, spanTraceOverview, type SpanRecord } from '../../src/aws/span-records.ts';

type RawRecord = { spanId: string; attributes: Record<string, unknown> };

function fixture(name: string): { raw: RawRecord[]; records: SpanRecord[]; byId: Map<string, Span>; trace: ReturnType<typeof buildSpanTrace> } {
  const file = JSON.parse(readFileSync(new URL(`../fixtures/spans/${name}.json`, import.meta.url), 'utf8')) as { source: string; records: RawRecord[] };
  expect(file.source.length).toBeGreaterThan(100);
  // As Logs Insights returns them: each record's JSON text in @message.
  const records = file.records.map((record) => parseSpanRecord(JSON.stringify(record))!);
  expect(records.every((record) => record !== undefined)).toBe(true);
  const trace = buildSpanTrace(records[0]!.span.traceId, records);
  return { raw: file.records, records, byId: new Map(trace.parsed.spans.map((span) => [span.id, span])), trace };
}

const flags = (span: Span | undefined) => ({ fault: span?.fault, error: span?.error, throttle: span?.throttle });
const frames = (span: Span | undefined, index = 0) => span?.exceptions[index]?.stack.map((frame) => `${frame.label} ${frame.path}:${frame.line}`);

/** The attributes of each record read into a span field (the rest must be in metadata.attributes, unchanged). */
function mappedKeys(raw: RawRecord[], byId: Map<string, Span>): Record<string, string[]> {
  return Object.fromEntries(
    raw.map((record) => {
      const kept = (byId.get(record.spanId)!.metadata!['attributes'] ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(kept)) expect(value, key).toEqual(record.attributes[key]);
      return [record.spanId, Object.keys(record.attributes).filter((key) => !(key in kept)).sort()];
    }),
  );
}

describe('ADOT Python (Flask on ECS, botocore)', () => {
  const { raw, records, byId, trace } = fixture('python');
  const server = byId.get('3f6a9c2e1b7d4058');
  const ddb = byId.get('7d20c4b9e5a13f86');

  it('reads the tree, the flags X-Ray sets and the trace\'s summary flags', () => {
    expect(trace.parsed.rootSpans.map((span) => span.id)).toEqual(['3f6a9c2e1b7d4058']);
    expect(server!.children.map((span) => span.id)).toEqual(['7d20c4b9e5a13f86']);
    expect(flags(server)).toEqual({ fault: true, error: false, throttle: false });
    // botocore.errorfactory.ProvisionedThroughputExceededException on the call: throttled.
    expect(flags(ddb)).toEqual({ fault: false, error: true, throttle: true });
    expect(spanTraceOverview(trace)).toMatchObject({ hasFault: true, hasError: false, hasThrottle: true, responseTimeMs: 1843.2, services: ['orders-py', 'orders-ledger'] });
    expect(records.map((record) => record.service)).toEqual(['orders-py', 'orders-py']);
  });

  it('reads the client address from net.peer.ip and the URL from the old conventions', () => {
    expect(server!.http).toEqual({ method: 'POST', url: 'http://orders.internal:8080/orders/o-1842/pay', status: 500, userAgent: 'python-requests/2.32.3', clientIp: '10.0.12.34', contentLength: null });
    expect(server!.origin).toBe('AWS::ECS::Container');
    expect(ddb!.aws).toMatchObject({ operation: 'PutItem', service: 'DynamoDB', region: 'us-east-1', table_name: 'orders-ledger', remote_resource_identifier: 'orders-ledger' });
  });

  it('turns the traceback (most recent call last) innermost first', () => {
    expect(server!.exceptions[0]).toMatchObject({ type: 'botocore.errorfactory.ProvisionedThroughputExceededException', remote: false });
    expect(frames(server)).toEqual([
      '_make_api_call /usr/local/lib/python3.12/site-packages/botocore/client.py:1023',
      'append /app/orders/ledger.py:31',
      'pay /app/orders/views.py:57',
      'full_dispatch_request /usr/local/lib/python3.12/site-packages/flask/app.py:880',
      'use_span /usr/local/lib/python3.12/site-packages/opentelemetry/trace/__init__.py:589',
    ]);
    expect(ddb!.exceptions[0]!.remote).toBe(true);
    expect(frames(ddb)![0]).toBe('_make_api_call /usr/local/lib/python3.12/site-packages/botocore/client.py:1023');
  });

  it('keeps every attribute it does not read into a field', () => {
    expect(mappedKeys(raw, byId)).toEqual({
      '3f6a9c2e1b7d4058': ['aws.local.operation', 'aws.local.service', 'http.method', 'http.status_code', 'http.target', 'http.user_agent', 'net.peer.ip'],
      '7d20c4b9e5a13f86': [
        'aws.dynamodb.table_names',
        'aws.local.operation',
        'aws.local.service',
        'aws.region',
        'aws.remote.operation',
        'aws.remote.resource.identifier',
        'aws.remote.resource.type',
        'aws.remote.service',
        'aws.request_id',
        'http.status_code',
        'rpc.method',
        'rpc.service',
        'rpc.system',
      ],
    });
    expect(server!.metadata!['attributes']).toMatchObject({ 'aws.local.environment': 'ecs:prod-cluster', 'aws.span.kind': 'LOCAL_ROOT', 'http.route': '/orders/<order_id>/pay' });
    expect((server!.metadata!['otel'] as Record<string, unknown>)['events']).toEqual([{ name: 'exception', timeUnixNano: expect.any(Number), attributes: { 'exception.escaped': 'False' } }]);
  });
});

describe('ADOT Java (Spring Boot on EKS, AWS SDK v2)', () => {
  const { raw, byId, trace } = fixture('java');
  const server = byId.get('9a3c5e7f1b2d4f60');
  const lookup = byId.get('4e8b0d2f6a1c3e57');
  const ddb = byId.get('6c1e3a5b7d9f0b24');

  it('a handled downstream failure: faults below the root, the trace answered, its throttle counted', () => {
    expect(flags(server)).toEqual({ fault: false, error: false, throttle: false });
    expect(flags(lookup)).toEqual({ fault: true, error: false, throttle: false });
    expect(flags(ddb)).toEqual({ fault: false, error: true, throttle: true });
    expect(lookup!.kind).toBe('subsegment');
    expect(spanTraceOverview(trace)).toMatchObject({ hasFault: false, hasError: false, hasThrottle: true, services: ['inventory-java', 'inventory'] });
  });

  it('reads client.address (the original client) before the connection\'s peer', () => {
    expect(server!.http).toEqual({
      method: 'GET',
      url: 'http://inventory.inventory.svc.cluster.local/inventory/SKU-88',
      status: 200,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
      clientIp: '203.0.113.24',
      contentLength: null,
    });
    expect(server!.origin).toBe('AWS::EKS::Container');
    expect(ddb!.http).toMatchObject({ method: 'POST', url: 'https://dynamodb.us-east-1.amazonaws.com', status: 400, clientIp: null });
  });

  it('reads Java stacks as printed (innermost first) and the cause as a second exception', () => {
    expect(lookup!.exceptions.map((exception) => [exception.type, exception.message])).toEqual([
      ['com.example.inventory.StockUnavailableException', 'stock of SKU-88 unknown, serving the cached count'],
      [
        'software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException',
        'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API. (Service: DynamoDb, Status Code: 400, Request ID: 8ES6F1V0KPQ2JLFMNB4CJPB3QVVV4KQNSO5AEMVJF66Q9ASUAAJG)',
      ],
    ]);
    expect(lookup!.exceptions.map((exception) => exception.id)).toEqual(['4e8b0d2f6a1c3e57', '4e8b0d2f6a1c3e57-1']);
    expect(frames(lookup, 0)).toEqual([
      'com.example.inventory.InventoryService.lookup InventoryService.java:66',
      'com.example.inventory.InventoryController.get InventoryController.java:29',
      'jdk.internal.reflect.DirectMethodHandleAccessor.invoke DirectMethodHandleAccessor.java:103',
      'java.lang.Thread.run Thread.java:1583',
    ]);
    expect(frames(lookup, 1)).toEqual([
      'software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleErrorResponse CombinedResponseHandler.java:125',
      'com.example.inventory.StockRepository.find StockRepository.java:44',
      'com.example.inventory.InventoryService.lookup InventoryService.java:61',
    ]);
    expect(frames(ddb)).toHaveLength(7);
  });

  it('keeps every attribute it does not read into a field', () => {
    const mapped = mappedKeys(raw, byId);
    expect(mapped['9a3c5e7f1b2d4f60']).toEqual(['aws.local.operation', 'aws.local.service', 'client.address', 'http.request.method', 'http.response.status_code', 'url.path', 'user_agent.original']);
    expect(mapped['4e8b0d2f6a1c3e57']).toEqual(['aws.local.operation', 'aws.local.service']);
    expect(byId.get('9a3c5e7f1b2d4f60')!.metadata!['attributes']).toMatchObject({ 'network.peer.address': '10.1.4.7', 'aws.local.environment': 'eks:prod-cluster/inventory', 'aws.span.kind': 'LOCAL_ROOT' });
  });
});

describe('ADOT JavaScript (Express on ECS, AWS SDK v3)', () => {
  const { raw, byId, trace } = fixture('nodejs');
  const server = byId.get('b1c2d3e4f5061728');
  const sqs = byId.get('c2d3e4f506172839');

  it('a 429 answered after a throttled SendMessage (a producer span)', () => {
    expect(flags(server)).toEqual({ fault: false, error: true, throttle: true });
    expect(flags(sqs)).toEqual({ fault: false, error: true, throttle: true });
    expect(sqs!.namespace).toBe('aws');
    expect(sqs!.aws).toMatchObject({ operation: 'SendMessage', service: 'SQS', request_id: 'f6a1c3e5-8b0d-5f72-9e4a-6c1b3d5f7a90', queue_url: 'https://sqs.us-east-1.amazonaws.com/123456789012/checkout-events' });
    expect(spanTraceOverview(trace)).toMatchObject({ hasFault: false, hasError: true, hasThrottle: true, services: ['checkout-node', 'checkout-events'] });
  });

  it('reads http.client_ip (X-Forwarded-For) before net.peer.ip', () => {
    expect(server!.http).toMatchObject({ method: 'POST', url: 'http://checkout.internal:3000/checkout', status: 429, clientIp: '198.51.100.23' });
    expect(server!.metadata!['attributes']).toMatchObject({ 'net.peer.ip': '::ffff:10.0.7.21', 'http.status_text': 'TOO MANY REQUESTS' });
  });

  it('reads V8 frames innermost first, async ones included', () => {
    expect(sqs!.exceptions[0]).toMatchObject({ type: 'ThrottlingException', message: 'Rate exceeded', remote: true });
    expect(frames(sqs)).toEqual([
      'throwDefaultError /app/node_modules/@smithy/smithy-client/dist-cjs/index.js:867',
      'null /app/node_modules/@smithy/smithy-client/dist-cjs/index.js:876',
      'de_CommandError /app/node_modules/@aws-sdk/client-sqs/dist-cjs/index.js:1305',
      'process.processTicksAndRejections node:internal/process/task_queues:95',
      'null /app/node_modules/@smithy/middleware-serde/dist-cjs/index.js:35',
      'null /app/node_modules/@aws-sdk/core/dist-cjs/index.js:168',
      'async publishOrderPlaced /app/dist/events.js:22',
      'null /app/dist/routes/checkout.js:41',
    ]);
  });

  it('keeps every attribute it does not read into a field', () => {
    expect(mappedKeys(raw, byId)['b1c2d3e4f5061728']).toEqual(['aws.local.operation', 'aws.local.service', 'http.client_ip', 'http.method', 'http.status_code', 'http.url', 'http.user_agent']);
  });
});

describe('OpenTelemetry Go (otelhttp, otelaws, no Application Signals)', () => {
  const { raw, records, byId, trace } = fixture('go');
  const server = byId.get('d4e5f60718293a4b');
  const ddb = byId.get('e5f60718293a4b5c');
  const partner = byId.get('f60718293a4b5c6d');
  const retry = byId.get('0718293a4b5c6d7e');

  it('names the service from the resource and reads the flags X-Ray sets', () => {
    expect(records.map((record) => record.service)).toEqual(['payments-go', 'payments-go', 'payments-go', 'payments-go']);
    expect(server!.origin).toBe('AWS::EC2::Instance');
    expect(flags(server)).toEqual({ fault: true, error: false, throttle: false });
    // aws-sdk-go-v2 returns a *smithy.OperationError: its type names no code, the 400 makes an error.
    expect(flags(ddb)).toEqual({ fault: false, error: true, throttle: false });
    expect(flags(partner)).toEqual({ fault: false, error: true, throttle: true });
    expect([ddb!.namespace, partner!.namespace]).toEqual(['aws', 'remote']);
    expect(spanTraceOverview(trace)).toMatchObject({ hasFault: true, hasError: false, hasThrottle: true, services: ['payments-go'] });
  });

  it('reads net.sock.peer.addr as the client address of the server span only', () => {
    expect(server!.http).toEqual({ method: 'POST', url: 'http://payments.internal/payments', status: 502, userAgent: 'Go-http-client/1.1', clientIp: '10.0.9.14', contentLength: null });
    expect(partner!.http).toMatchObject({ url: 'https://risk.partner.example/v2/score', status: 429, clientIp: null });
    expect(retry!.http).toBeNull();
    expect(retry!.metadata!['attributes']).toEqual({ 'retry.attempt': 2, 'net.peer.ip': '192.0.2.10' });
  });

  it('reads runtime.Stack frames innermost first, functions without their arguments', () => {
    expect(server!.exceptions[0]).toMatchObject({ type: '*fmt.wrapError', message: 'charge failed: upstream throttled' });
    expect(server!.exceptions[0]!.stack.map((frame) => frame.label)).toEqual([
      'go.opentelemetry.io/otel/sdk/trace.recordStackTrace',
      'go.opentelemetry.io/otel/sdk/trace.(*recordingSpan).RecordError',
      'main.(*server).charge',
      'net/http.HandlerFunc.ServeHTTP',
      'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp.(*middleware).serveHTTP',
      'created by net/http.(*Server).Serve',
    ]);
    expect(server!.exceptions[0]!.stack[2]).toEqual({ label: 'main.(*server).charge', path: '/src/payments/handlers.go', line: 88 });
  });

  it('keeps every attribute it does not read into a field', () => {
    expect(mappedKeys(raw, byId)['d4e5f60718293a4b']).toEqual(['http.method', 'http.status_code', 'http.target', 'net.sock.peer.addr', 'user_agent.original']);
  });
});
