// GetTraceSummaries and BatchGetTraces through the real X-Ray SDK client (and the AWS CLI, when
// installed) against the emulator over HTTP.
import { BatchGetTracesCommand, GetTraceSummariesCommand, paginateGetTraceSummaries, XRayClient } from '@aws-sdk/client-xray';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/emulator-server.ts';
import type { RunningEmulator } from '../../src/emulator/emulator-server.ts';
import { TraceStore } from '../../src/emulator/trace-store.ts';
import { createXRayHandlers } from '../../src/emulator/xray-handlers.ts';
import { runAwsCli } from '../support/aws-cli.ts';
import { AWS_CLI, skipEachTestWithout } from '../support/required-tool.ts';

/** 2026-11-25T10:00:00Z in epoch seconds. */
const B = Date.UTC(2026, 10, 25, 10, 0, 0) / 1000;
const traceId = (offset: number, n: number) => `1-${(B + offset).toString(16)}-${n.toString(16).padStart(24, '0')}`;
const FAULTY = traceId(0, 1);

const faultyRoot = {
  trace_id: FAULTY,
  id: 'a000000000000001',
  name: 'payments-api',
  origin: 'AWS::ECS::Container',
  start_time: B + 0.125,
  end_time: B + 2.125,
  fault: true,
  http: { request: { url: 'https://api.example.com/checkout', method: 'POST' }, response: { status: 500 } },
  annotations: { tenant: 'acme "quoted"', attempt: 2, retried: true },
  metadata: { default: { cart: { items: 3 } } },
  subsegments: [
    {
      id: 'b000000000000001',
      name: 'DynamoDB',
      namespace: 'aws',
      start_time: B + 0.2,
      end_time: B + 0.3,
      throttle: true,
      error: true,
      aws: { operation: 'PutItem', table_name: 'payments', request_id: 'R1' },
    },
    {
      id: 'b000000000000002',
      name: 'ledger',
      namespace: 'remote',
      start_time: B + 0.4,
      end_time: B + 2,
      fault: true,
      cause: { working_directory: '/app', exceptions: [{ id: 'e000000000000001', type: 'HttpError', message: 'ledger 503', remote: true }] },
    },
  ],
};
const inferredDynamo = {
  trace_id: FAULTY,
  id: 'c000000000000001',
  parent_id: 'b000000000000001',
  name: 'DynamoDB',
  origin: 'AWS::DynamoDB::Table',
  inferred: true,
  start_time: B + 0.2,
  end_time: B + 0.3,
  throttle: true,
  error: true,
};

let emulator: RunningEmulator;
let client: XRayClient;

beforeAll(async () => {
  const store = new TraceStore();
  store.putSegments([faultyRoot, inferredDynamo]);
  store.putSegments(
    Array.from({ length: 230 }, (_, i) => ({
      trace_id: traceId(10 + i, 100 + i),
      id: `d${String(i).padStart(15, '0')}`,
      name: 'orders',
      origin: 'AWS::Lambda::Function',
      start_time: B + 10 + i,
      end_time: B + 10.05 + i,
      http: { request: { url: `https://api.example.com/orders/${i}`, method: 'GET' }, response: { status: 200 } },
    })),
  );
  emulator = await startEmulator({
    port: 0,
    now: () => (B + 3600) * 1000,
    handlers: { logs: {}, cloudwatch: {}, xray: createXRayHandlers(store) },
  });
  client = new XRayClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
});

const window = { StartTime: new Date((B - 60) * 1000), EndTime: new Date((B + 3600) * 1000) };

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('X-Ray GetTraceSummaries through the SDK', () => {
  it('filters and summarises with Dates, annotations and service ids deserialised', async () => {
    const out = await client.send(
      new GetTraceSummariesCommand({ ...window, FilterExpression: 'fault AND annotation.tenant = "acme \\"quoted\\"" AND service("DynamoDB") { throttle }' }),
    );
    expect(out.NextToken).toBeUndefined();
    expect(out.TracesProcessedCount).toBe(231);
    expect(out.ApproximateTime).toEqual(window.StartTime);
    expect(out.TraceSummaries).toHaveLength(1);
    const summary = out.TraceSummaries![0]!;
    expect(summary.Id).toBe(FAULTY);
    expect(summary.StartTime).toEqual(new Date((B + 0.125) * 1000));
    expect(summary.Duration).toBe(2);
    expect(summary.ResponseTime).toBe(2);
    // The root's fault (the DynamoDB call's error is not the trace's), any segment's throttle.
    expect([summary.HasFault, summary.HasError, summary.HasThrottle, summary.IsPartial]).toEqual([true, false, true, false]);
    expect(summary.Http).toEqual({ HttpURL: 'https://api.example.com/checkout', HttpMethod: 'POST', HttpStatus: 500 });
    const payments = { Name: 'payments-api', Names: ['payments-api'], Type: 'AWS::ECS::Container' };
    expect(summary.Annotations).toEqual({
      tenant: [{ AnnotationValue: { StringValue: 'acme "quoted"' }, ServiceIds: [payments] }],
      attempt: [{ AnnotationValue: { NumberValue: 2 }, ServiceIds: [payments] }],
      retried: [{ AnnotationValue: { BooleanValue: true }, ServiceIds: [payments] }],
    });
    expect(summary.ServiceIds).toEqual([
      payments,
      { Name: 'DynamoDB', Names: ['DynamoDB'], Type: 'AWS::DynamoDB::Table' },
      { Name: 'ledger', Names: ['ledger'], Type: 'remote' },
    ]);
    expect(summary.EntryPoint).toEqual(payments);
    expect(summary.FaultRootCauses).toEqual([
      {
        Services: [
          {
            ...payments,
            EntityPath: [
              { Name: 'payments-api', Exceptions: [], Remote: false },
              { Name: 'ledger', Exceptions: [{ Name: 'HttpError', Message: 'ledger 503' }], Remote: true },
            ],
            Inferred: false,
          },
        ],
        ClientImpacting: true,
      },
    ]);
  });

  it('pages newest first through the SDK paginator', async () => {
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateGetTraceSummaries({ client }, { ...window, FilterExpression: 'http.method = "GET" AND responsetime < 0.1' })) {
      pages.push(page.TraceSummaries!.length);
      ids.push(...page.TraceSummaries!.map((s) => s.Id!));
    }
    expect(pages).toEqual([100, 100, 30]);
    expect(ids[0]).toBe(traceId(239, 329));
    expect(ids.at(-1)).toBe(traceId(10, 100));
    expect(new Set(ids).size).toBe(230);
  });

  it('answers InvalidRequestException for long windows and bad filters', async () => {
    const long = await rejection(
      client.send(new GetTraceSummariesCommand({ StartTime: new Date(B * 1000), EndTime: new Date((B + 86_401) * 1000) })),
    );
    expect(long.name).toBe('InvalidRequestException');
    expect(long.status).toBe(400);
    expect(long.message).toContain('24 hours');
    const bad = await rejection(client.send(new GetTraceSummariesCommand({ ...window, FilterExpression: 'latency > 5' })));
    expect(bad).toEqual({ name: 'InvalidRequestException', message: "Invalid filter expression: Unknown keyword 'latency' at position 1", status: 400 });
  });
});

describe('X-Ray BatchGetTraces through the SDK', () => {
  it('returns segment documents as JSON strings and unknown ids as unprocessed', async () => {
    const unknown = traceId(5, 999);
    const out = await client.send(new BatchGetTracesCommand({ TraceIds: [FAULTY, unknown] }));
    expect(out.UnprocessedTraceIds).toEqual([unknown]);
    expect(out.Traces).toHaveLength(1);
    const trace = out.Traces![0]!;
    expect(trace.Id).toBe(FAULTY);
    expect(trace.Duration).toBe(2);
    expect(trace.LimitExceeded).toBe(false);
    expect(trace.Segments!.map((s) => s.Id)).toEqual(['a000000000000001', 'c000000000000001']);
    expect(JSON.parse(trace.Segments![0]!.Document!)).toEqual(faultyRoot);
    expect(JSON.parse(trace.Segments![1]!.Document!)).toEqual(inferredDynamo);
  });

  it('rejects a sixth id, which the SDK lets through', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => traceId(10 + i, 100 + i));
    const error = await rejection(client.send(new BatchGetTracesCommand({ TraceIds: ids })));
    expect(error).toEqual({ name: 'InvalidRequestException', message: 'Exceeding maximum query size: 5', status: 400 });
    const five = await client.send(new BatchGetTracesCommand({ TraceIds: ids.slice(0, 5) }));
    expect(five.Traces!.map((t) => t.Id)).toEqual(ids.slice(0, 5));
  });
});

describe('X-Ray through the AWS CLI', () => {
  skipEachTestWithout(AWS_CLI);
  const cli = (args: string[]): Promise<Record<string, unknown>> => runAwsCli(emulator.url, ['xray', ...args]);

  it('get-trace-summaries follows every page and batch-get-traces returns documents', async () => {
    const summaries = await cli([
      'get-trace-summaries',
      '--start-time', String(B - 60),
      '--end-time', String(B + 3600),
      '--filter-expression', 'service("orders") OR fault',
    ]);
    const list = summaries['TraceSummaries'] as Array<{ Id: string; HasFault: boolean }>;
    expect(list).toHaveLength(231);
    expect(list.filter((s) => s.HasFault).map((s) => s.Id)).toEqual([FAULTY]);

    const traces = await cli(['batch-get-traces', '--trace-ids', FAULTY]);
    const [trace] = traces['Traces'] as Array<{ Id: string; Segments: Array<{ Id: string; Document: string }> }>;
    expect(trace!.Id).toBe(FAULTY);
    expect(JSON.parse(trace!.Segments[0]!.Document)).toEqual(faultyRoot);
  }, 30_000);
});
