import { beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../src/emulator/emulator-types.ts';
import type { ServiceHandlers } from '../../src/emulator/emulator-types.ts';
import { TraceStore } from '../../src/emulator/trace-store.ts';
import { createXRayHandlers } from '../../src/emulator/xray-handlers.ts';

/** 2026-11-25T10:00:00Z in epoch seconds. */
const B = Date.UTC(2026, 10, 25, 10, 0, 0) / 1000;
const NOW = (B + 3600) * 1000;
const traceId = (offsetSeconds: number, n: number) =>
  `1-${(B + offsetSeconds).toString(16)}-${n.toString(16).padStart(24, '0')}`;

const FAULTY = traceId(0, 1);
const FAST = traceId(60, 2);
const RUNNING = traceId(120, 3);

const PAYMENTS_ID = { Name: 'payments-api', Names: ['payments-api'], Type: 'AWS::ECS::Container', AccountId: '123456789012' };
const LEDGER_ID = { Name: 'ledger', Names: ['ledger'], Type: 'AWS::ECS::Container' };
const DYNAMO_ID = { Name: 'DynamoDB', Names: ['DynamoDB'], Type: 'AWS::DynamoDB::Table' };
const POSTGRES_ID = { Name: 'postgres', Names: ['postgres'], Type: 'remote' };

function faultyTrace(): Array<Record<string, unknown>> {
  return [
    {
      trace_id: FAULTY,
      id: 'a000000000000001',
      name: 'payments-api',
      origin: 'AWS::ECS::Container',
      start_time: B,
      end_time: B + 1.5,
      fault: true,
      user: 'alice',
      resource_arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/payments-api',
      http: {
        request: { url: 'https://api.example.com/checkout', method: 'POST', user_agent: 'curl/8.5', client_ip: '203.0.113.9' },
        response: { status: 500, content_length: 31 },
      },
      aws: { account_id: '123456789012', ec2: { instance_id: 'i-0abc', availability_zone: 'us-east-1a' } },
      annotations: { tenant: 'acme', retries: 2, cached: false },
      metadata: { debug: { cart: [1, 2] } },
      subsegments: [
        {
          id: 'b000000000000001',
          name: 'DynamoDB',
          namespace: 'aws',
          start_time: B + 0.1,
          end_time: B + 0.2,
          throttle: true,
          error: true,
          http: { response: { status: 400 } },
          aws: { operation: 'GetItem', table_name: 'orders', retries: 3 },
        },
        {
          id: 'b000000000000002',
          name: 'ledger',
          namespace: 'remote',
          start_time: B + 0.25,
          end_time: B + 1.4,
          fault: true,
          http: { request: { url: 'http://ledger.internal/entries', method: 'POST' }, response: { status: 503 } },
          cause: {
            working_directory: '/app',
            exceptions: [{ id: 'e000000000000001', type: 'HttpError', message: 'ledger answered 503', remote: true }],
          },
        },
      ],
    },
    {
      trace_id: FAULTY,
      id: 'c000000000000001',
      parent_id: 'b000000000000002',
      name: 'ledger',
      origin: 'AWS::ECS::Container',
      start_time: B + 0.3,
      end_time: B + 1.3,
      fault: true,
      annotations: { tenant: 'acme' },
      http: { request: { url: 'http://ledger.internal/entries', method: 'POST' }, response: { status: 503 } },
      cause: { working_directory: '/srv', exceptions: [{ id: 'e000000000000002', type: 'SQLException', message: 'deadlock detected' }] },
      subsegments: [
        {
          id: 'd000000000000001',
          name: 'postgres',
          namespace: 'remote',
          start_time: B + 0.35,
          end_time: B + 1.25,
          fault: true,
          sql: { url: 'postgresql://db.internal:5432/ledger', sanitized_query: 'UPDATE entries SET x = ?', database_type: 'PostgreSQL' },
        },
      ],
    },
    {
      trace_id: FAULTY,
      id: 'e000000000000003',
      parent_id: 'b000000000000001',
      name: 'DynamoDB',
      origin: 'AWS::DynamoDB::Table',
      inferred: true,
      start_time: B + 0.1,
      end_time: B + 0.2,
      throttle: true,
      error: true,
      aws: { operation: 'GetItem', table_name: 'orders' },
    },
  ];
}

function simpleTrace(id: string, start: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    trace_id: id,
    id: `f${id.slice(-15)}`,
    name: 'orders',
    origin: 'AWS::Lambda::Function',
    start_time: start,
    end_time: start + 0.2,
    http: { request: { url: 'https://api.example.com/orders', method: 'GET' }, response: { status: 200 } },
    ...extra,
  };
}

let store: TraceStore;
let handlers: ServiceHandlers;

interface SummariesOutput {
  TraceSummaries: Array<Record<string, unknown>>;
  ApproximateTime: Date;
  TracesProcessedCount: number;
  NextToken?: string;
}

function summaries(input: Record<string, unknown>): SummariesOutput {
  return handlers['GetTraceSummaries']!(
    { StartTime: new Date(B * 1000 - 60_000), EndTime: new Date(NOW), ...input },
    { operation: 'GetTraceSummaries', now: NOW },
  ) as SummariesOutput;
}

function batch(input: Record<string, unknown>) {
  return handlers['BatchGetTraces']!(input, { operation: 'BatchGetTraces', now: NOW }) as {
    Traces: Array<{ Id: string; Duration: number; LimitExceeded: boolean; Segments: Array<{ Id: string; Document: string }> }>;
    UnprocessedTraceIds: string[];
  };
}

function errorOf(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('expected an AwsError');
}

const ids = (out: SummariesOutput) => out.TraceSummaries.map((s) => s['Id']);

beforeEach(() => {
  store = new TraceStore();
  handlers = createXRayHandlers(store);
  store.putSegments(faultyTrace());
  store.putSegments([simpleTrace(FAST, B + 60)]);
  store.putSegments([{ ...simpleTrace(RUNNING, B + 120), end_time: undefined, in_progress: true }]);
});

describe('BatchGetTraces', () => {
  it('returns every segment document as the JSON string stored, in start order, with the trace duration', () => {
    const out = batch({ TraceIds: [FAULTY] });
    expect(out.UnprocessedTraceIds).toEqual([]);
    expect(out.Traces).toHaveLength(1);
    const [trace] = out.Traces;
    expect(trace!.Id).toBe(FAULTY);
    expect(trace!.Duration).toBe(1.5);
    expect(trace!.LimitExceeded).toBe(false);
    expect(trace!.Segments.map((s) => s.Id)).toEqual(['a000000000000001', 'e000000000000003', 'c000000000000001']);
    const documents = trace!.Segments.map((s) => JSON.parse(s.Document) as Record<string, unknown>);
    const byId = new Map(faultyTrace().map((d) => [d['id'], d]));
    for (const document of documents) expect(document).toEqual(byId.get(document['id']));
    expect((documents[0]!['subsegments'] as unknown[]).length).toBe(2);
    expect(documents[1]!['inferred']).toBe(true);
  });

  it('answers unknown ids in UnprocessedTraceIds and ignores repeated ids', () => {
    const unknown = traceId(5, 99);
    const out = batch({ TraceIds: [FAST, unknown, FAST, RUNNING] });
    expect(out.Traces.map((t) => t.Id)).toEqual([FAST, RUNNING]);
    expect(out.UnprocessedTraceIds).toEqual([unknown]);
  });

  it('rejects a sixth trace id and a NextToken as X-Ray does', () => {
    const six = Array.from({ length: 6 }, (_, i) => traceId(i, i));
    const tooMany = errorOf(() => batch({ TraceIds: six }));
    expect(tooMany.code).toBe('InvalidRequestException');
    expect(tooMany.message).toBe('Exceeding maximum query size: 5');
    expect(batch({ TraceIds: six.slice(0, 5) }).UnprocessedTraceIds).toHaveLength(5);
    const token = errorOf(() => batch({ TraceIds: [FAST], NextToken: 'abc' }));
    expect(token.code).toBe('InvalidRequestException');
    expect(token.message).toBe('NextToken is currently not supported');
    expect(errorOf(() => batch({})).code).toBe('InvalidRequestException');
  });
});

describe('GetTraceSummaries: summaries', () => {
  it('summarises a faulty trace from its segments, subsegments and inferred segments', () => {
    const out = summaries({ FilterExpression: 'service("payments-api")' });
    expect(out.TraceSummaries).toHaveLength(1);
    expect(out.TraceSummaries[0]).toEqual({
      Id: FAULTY,
      StartTime: new Date(B * 1000),
      Duration: 1.5,
      ResponseTime: 1.5,
      // The root segment's own flags (it answered 500); the DynamoDB call's 400 is not the trace's
      // error, its throttle is the trace's throttle (any segment document's).
      HasFault: true,
      HasError: false,
      HasThrottle: true,
      IsPartial: false,
      Http: {
        HttpURL: 'https://api.example.com/checkout',
        HttpStatus: 500,
        HttpMethod: 'POST',
        UserAgent: 'curl/8.5',
        ClientIp: '203.0.113.9',
      },
      Annotations: {
        tenant: [{ AnnotationValue: { StringValue: 'acme' }, ServiceIds: [PAYMENTS_ID, LEDGER_ID] }],
        retries: [{ AnnotationValue: { NumberValue: 2 }, ServiceIds: [PAYMENTS_ID] }],
        cached: [{ AnnotationValue: { BooleanValue: false }, ServiceIds: [PAYMENTS_ID] }],
      },
      Users: [{ UserName: 'alice', ServiceIds: [PAYMENTS_ID] }],
      ServiceIds: [PAYMENTS_ID, DYNAMO_ID, LEDGER_ID, POSTGRES_ID],
      ResourceARNs: [{ ARN: 'arn:aws:ecs:us-east-1:123456789012:service/prod/payments-api' }],
      InstanceIds: [{ Id: 'i-0abc' }],
      AvailabilityZones: [{ Name: 'us-east-1a' }],
      EntryPoint: PAYMENTS_ID,
      FaultRootCauses: [
        {
          Services: [
            {
              ...LEDGER_ID,
              EntityPath: [
                { Name: 'ledger', Exceptions: [{ Name: 'SQLException', Message: 'deadlock detected' }], Remote: false },
                { Name: 'postgres', Exceptions: [], Remote: false },
              ],
              Inferred: false,
            },
          ],
          ClientImpacting: true,
        },
      ],
      ErrorRootCauses: [
        {
          Services: [{ ...DYNAMO_ID, EntityPath: [{ Name: 'DynamoDB', Exceptions: [], Remote: false }], Inferred: true }],
          ClientImpacting: false,
        },
      ],
      Revision: 3, // one per segment document received
    });
  });

  it('lists traces newest first and marks in-progress traces partial', () => {
    const out = summaries({});
    expect(ids(out)).toEqual([RUNNING, FAST, FAULTY]);
    expect(out.TracesProcessedCount).toBe(3);
    expect(out.NextToken).toBeUndefined();
    expect(out.ApproximateTime).toEqual(new Date(B * 1000 - 60_000));
    const running = out.TraceSummaries[0]!;
    expect(running['IsPartial']).toBe(true);
    expect(running['ResponseTime']).toBeUndefined();
    expect(running['Duration']).toBe(0);
    expect(out.TraceSummaries[1]!['ResponseTime']).toBe(0.2);
  });

  it('replaces a segment sent again with the same id (an in-progress segment completing)', () => {
    store.putSegments([simpleTrace(RUNNING, B + 120, { end_time: B + 123.25 })]);
    const out = summaries({ FilterExpression: 'duration > 3' });
    expect(ids(out)).toEqual([RUNNING]);
    expect(out.TraceSummaries[0]!['IsPartial']).toBe(false);
    expect(out.TraceSummaries[0]!['Revision']).toBe(2);
    expect(batch({ TraceIds: [RUNNING] }).Traces[0]!.Segments).toHaveLength(1);
  });
});

describe('TraceStore: independently sent subsegments', () => {
  it('embeds them under their parent, in whatever order they arrive, and keeps them when the segment is replaced', () => {
    const id = traceId(30, 77);
    const segment = { trace_id: id, id: 'a0000000000000aa', name: 'worker', start_time: B + 30, in_progress: true };
    const sql = { type: 'subsegment', trace_id: id, parent_id: 'b0000000000000bb', id: 'c0000000000000cc', name: 'db', namespace: 'remote', start_time: B + 30.2, end_time: B + 30.3, fault: true };
    const call = { type: 'subsegment', trace_id: id, parent_id: 'a0000000000000aa', id: 'b0000000000000bb', name: 'process', start_time: B + 30.1, end_time: B + 30.4 };
    store.putSegments([sql]);
    expect(batch({ TraceIds: [id] }).UnprocessedTraceIds).toEqual([id]);
    store.putSegments([call, segment]);
    const embedded = {
      ...segment,
      subsegments: [
        {
          id: 'b0000000000000bb',
          name: 'process',
          start_time: B + 30.1,
          end_time: B + 30.4,
          subsegments: [{ id: 'c0000000000000cc', name: 'db', namespace: 'remote', start_time: B + 30.2, end_time: B + 30.3, fault: true }],
        },
      ],
    };
    let [trace] = batch({ TraceIds: [id] }).Traces;
    expect(trace!.Segments.map((s) => JSON.parse(s.Document))).toEqual([embedded]);

    const completed = { ...segment, in_progress: undefined, end_time: B + 30.5 };
    store.putSegments([completed]);
    [trace] = batch({ TraceIds: [id] }).Traces;
    expect(JSON.parse(trace!.Segments[0]!.Document)).toEqual({ ...embedded, in_progress: undefined, end_time: B + 30.5 });
    expect(trace!.Duration).toBe(0.5);
    expect(ids(summaries({ FilterExpression: 'service("db") { fault } AND edge("worker", "db")' }))).toEqual([id]);
  });
});

describe('GetTraceSummaries: windows and filters', () => {
  it('selects traces by start time (TraceId), last update (Event) or segment end (Service)', () => {
    const window = { StartTime: new Date((B + 1) * 1000), EndTime: new Date((B + 100) * 1000) };
    expect(ids(summaries(window))).toEqual([FAST]);
    expect(ids(summaries({ StartTime: new Date((B + 1.4) * 1000), EndTime: new Date((B + 2) * 1000) }))).toEqual([]);
    const byEvent = summaries({ StartTime: new Date((B + 1.4) * 1000), EndTime: new Date((B + 2) * 1000), TimeRangeType: 'Event' });
    expect(ids(byEvent)).toEqual([FAULTY]);
    expect(byEvent.TraceSummaries[0]!['MatchedEventTime']).toEqual(new Date((B + 1.5) * 1000));
    const byService = summaries({ StartTime: new Date((B + 1.25) * 1000), EndTime: new Date((B + 1.35) * 1000), TimeRangeType: 'Service' });
    expect(ids(byService)).toEqual([FAULTY]);
    expect(byService.TraceSummaries[0]!['MatchedEventTime']).toEqual(new Date((B + 1.3) * 1000));
  });

  it.each([
    ['fault', [FAULTY]],
    ['!fault', [RUNNING, FAST]],
    ['ok', [RUNNING, FAST]],
    ['throttle AND !error', [FAULTY]],
    ['error', []],
    ['service("DynamoDB") { error AND throttle }', [FAULTY]],
    ['service("payments-api") { error }', []],
    ['service("payments-api") { fault }', [FAULTY]],
    ['responsetime > 1', [FAULTY]],
    ['duration < 1', [RUNNING, FAST]],
    ['http.status = 500', [FAULTY]],
    ['http.status = 200 AND http.method = "GET"', [RUNNING, FAST]],
    ['http.url CONTAINS "checkout"', [FAULTY]],
    ['http.url ENDSWITH "/orders"', [RUNNING, FAST]],
    ['annotation.tenant = "acme"', [FAULTY]],
    ['annotation.retries >= 2', [FAULTY]],
    ['user = "alice"', [FAULTY]],
    ['service("DynamoDB")', [FAULTY]],
    ['service("postgres") { fault }', [FAULTY]],
    ['service("DynamoDB") { fault }', []],
    ['service("orders") AND partial', [RUNNING]],
    ['service(id(name: "ledger", type: "AWS::ECS::Container"))', [FAULTY]],
    ['edge("payments-api", "ledger") { fault }', [FAULTY]],
    ['edge("ledger", "postgres")', [FAULTY]],
    ['edge("ledger", "payments-api")', []],
    ['service("orders") OR service("ledger")', [RUNNING, FAST, FAULTY]],
  ])('filters with %s', (expression, expected) => {
    const out = summaries({ FilterExpression: expression });
    expect(ids(out)).toEqual(expected);
    expect(out.TracesProcessedCount).toBe(3);
  });

  it('pages 100 summaries at a time, newest first, with a token bound to the request', () => {
    const many = Array.from({ length: 250 }, (_, i) => simpleTrace(traceId(200 + i, 1000 + i), B + 200 + i));
    store.putSegments(many);
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const out = summaries({ FilterExpression: 'service("orders") AND !partial', NextToken: token });
      pages.push(ids(out) as string[]);
      token = out.NextToken;
    } while (token !== undefined);
    expect(pages.map((p) => p.length)).toEqual([100, 100, 51]);
    const all = pages.flat();
    expect(new Set(all).size).toBe(251);
    expect(all[0]).toBe(traceId(449, 1249));
    expect(all.at(-1)).toBe(FAST);

    const first = summaries({ FilterExpression: 'service("orders")' });
    const misuse = errorOf(() => summaries({ FilterExpression: 'fault', NextToken: first.NextToken }));
    expect(misuse.code).toBe('InvalidRequestException');
    expect(errorOf(() => summaries({ NextToken: '%%%' })).code).toBe('InvalidRequestException');
  });

  it('samples a deterministic fixed rate of traces when asked', () => {
    store.putSegments(Array.from({ length: 400 }, (_, i) => simpleTrace(traceId(200 + i, 5000 + i), B + 200 + i)));
    const all: string[] = [];
    let token: string | undefined;
    do {
      const out = summaries({ Sampling: true, SamplingStrategy: { Name: 'FixedRate', Value: 0.25 }, NextToken: token });
      all.push(...(ids(out) as string[]));
      token = out.NextToken;
    } while (token !== undefined);
    expect(all.length).toBeGreaterThan(60);
    expect(all.length).toBeLessThan(150);
    const again = summaries({ Sampling: true, SamplingStrategy: { Name: 'FixedRate', Value: 0.25 } });
    expect(ids(again)).toEqual(all.slice(0, again.TraceSummaries.length));
  });
});

describe('GetTraceSummaries: errors', () => {
  it('rejects windows over 24 hours but accepts exactly 24 hours', () => {
    const start = new Date(B * 1000);
    expect(summaries({ StartTime: start, EndTime: new Date((B + 86_400) * 1000) }).TraceSummaries).toHaveLength(3);
    const error = errorOf(() => summaries({ StartTime: start, EndTime: new Date((B + 86_401) * 1000) }));
    expect(error.code).toBe('InvalidRequestException');
    expect(error.message).toContain('24 hours');
  });

  it.each([
    [{ StartTime: undefined }, 'StartTime is required.'],
    [{ EndTime: undefined }, 'EndTime is required.'],
    [{ StartTime: new Date(NOW + 1000) }, 'StartTime must be before EndTime.'],
    [{ TimeRangeType: 'Segment' }, 'TimeRangeType must be one of TraceId, Event, Service'],
    [{ FilterExpression: 'service("a" AND fault' }, 'Invalid filter expression'],
    [{ FilterExpression: 'annotation.x ~ 1' }, 'Invalid filter expression'],
    [{ Sampling: true, SamplingStrategy: { Name: 'FixedRate', Value: 2 } }, 'SamplingStrategy.Value'],
  ])('rejects %j with InvalidRequestException', (input, message) => {
    const error = errorOf(() => summaries(input));
    expect(error.code).toBe('InvalidRequestException');
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });
});
