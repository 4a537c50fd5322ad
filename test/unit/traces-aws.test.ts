// The X-Ray aws modules against aws-sdk-client-mock: GetTraceSummaries paging to the limit and
// window pieces; BatchGetTraces chunks of <= 5, bounded parallelism, UnprocessedTraceIds retried once.
import { BatchGetTracesCommand, GetTraceSummariesCommand, XRayClient, type TraceSummary as XRayTraceSummary } from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsUsage } from '../../src/aws/aws-usage.ts';
import { batchGetTraces, fetchTraces } from '../../src/aws/trace-batch.ts';
import { getTraceSummaries, toTraceSummary, windowPieces } from '../../src/aws/trace-summaries.ts';

const xray = mockClient(XRayClient);
const client = new XRayClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const HOUR = 3_600_000;
const END = Date.UTC(2026, 10, 25, 12, 0, 0);

const traceId = (n: number): string => `1-${(END / 1000 - n).toString(16)}-${n.toString(16).padStart(24, '0')}`;
const summary = (n: number): XRayTraceSummary => ({
  Id: traceId(n),
  StartTime: new Date(END - n * 1000),
  Duration: 0.5,
  ResponseTime: 0.25,
  HasFault: n % 2 === 0,
  HasError: false,
  HasThrottle: false,
  Http: { HttpURL: 'https://x/y', HttpMethod: 'GET', HttpStatus: 200 },
  ServiceIds: [{ Name: 'payments-api' }, { Name: 'payments-api' }, { Name: 'payments-ledger' }],
  Annotations: { tenant: [{ AnnotationValue: { StringValue: 'acme' }, ServiceIds: [{ Name: 'payments-api' }] }, { AnnotationValue: { StringValue: 'acme' }, ServiceIds: [{ Name: 'checkout-web' }] }] },
  EntryPoint: { Name: 'payments-api' },
});

beforeEach(() => xray.reset());
afterEach(() => xray.reset());

describe('getTraceSummaries', () => {
  /** Three pages of three summaries each. */
  function threePages(): void {
    xray
      .on(GetTraceSummariesCommand)
      .callsFake((input: { NextToken?: string }) => {
        const page = input.NextToken === undefined ? 0 : Number(input.NextToken.slice(1));
        return { TraceSummaries: [1, 2, 3].map((i) => summary(page * 3 + i)), ...(page < 2 ? { NextToken: `p${page + 1}` } : {}) };
      });
  }

  it('pages with NextToken until the limit and says truncated when more existed', async () => {
    threePages();
    const usage = new AwsUsage();
    const page = await getTraceSummaries(client, { start: END - HOUR, end: END, filterExpression: 'service("payments-api") AND fault', limit: 7 }, { usage });
    expect(page.summaries.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7].map(traceId));
    expect(page.truncated).toBe(true);
    const calls = xray.commandCalls(GetTraceSummariesCommand).map((call) => call.args[0].input);
    expect(calls).toEqual([
      { StartTime: new Date(END - HOUR), EndTime: new Date(END), TimeRangeType: 'TraceId', Sampling: false, FilterExpression: 'service("payments-api") AND fault' },
      { StartTime: new Date(END - HOUR), EndTime: new Date(END), TimeRangeType: 'TraceId', Sampling: false, FilterExpression: 'service("payments-api") AND fault', NextToken: 'p1' },
      { StartTime: new Date(END - HOUR), EndTime: new Date(END), TimeRangeType: 'TraceId', Sampling: false, FilterExpression: 'service("payments-api") AND fault', NextToken: 'p2' },
    ]);
    expect(usage.toJSON().calls).toEqual({ 'xray:GetTraceSummaries': { calls: 3, attempts: 3 } });
  });

  it('reads every page and is not truncated when all fit', async () => {
    threePages();
    const page = await getTraceSummaries(client, { start: END - HOUR, end: END, limit: 20 });
    expect(page.summaries).toHaveLength(9);
    expect(page.truncated).toBe(false);
    expect(xray.commandCalls(GetTraceSummariesCommand)).toHaveLength(3);
    expect(xray.commandCalls(GetTraceSummariesCommand)[0]!.args[0].input).not.toHaveProperty('FilterExpression');
  });

  it('stops at a page that ends exactly at the limit while X-Ray has more', async () => {
    threePages();
    const page = await getTraceSummaries(client, { start: END - HOUR, end: END, limit: 6 });
    expect(page.summaries).toHaveLength(6);
    expect(page.truncated).toBe(true);
    expect(xray.commandCalls(GetTraceSummariesCommand)).toHaveLength(2);
  });

  it('splits long windows into pieces of <= 6 h, newest first, and drops boundary duplicates', async () => {
    // Every piece answers the same trace (as a trace starting on a boundary would be) plus its own.
    let piece = 0;
    xray.on(GetTraceSummariesCommand).callsFake(() => ({ TraceSummaries: [summary(1), summary(100 + piece++)] }));
    const page = await getTraceSummaries(client, { start: END - 20 * HOUR, end: END, limit: 100 });
    const windows = xray.commandCalls(GetTraceSummariesCommand).map((call) => [call.args[0].input.StartTime, call.args[0].input.EndTime]);
    expect(windows).toEqual([
      [new Date(END - 6 * HOUR), new Date(END)],
      [new Date(END - 12 * HOUR), new Date(END - 6 * HOUR)],
      [new Date(END - 18 * HOUR), new Date(END - 12 * HOUR)],
      [new Date(END - 20 * HOUR), new Date(END - 18 * HOUR)],
    ]);
    expect(page.summaries.map((s) => s.id)).toEqual([summary(1), summary(100), summary(101), summary(102), summary(103)].map((s) => s.Id));
    expect(page.truncated).toBe(false);
    expect(windowPieces(0, 6 * HOUR)).toEqual([{ start: 0, end: 6 * HOUR }]);
  });

  it('does not query older pieces once the limit is reached', async () => {
    xray.on(GetTraceSummariesCommand).resolves({ TraceSummaries: [summary(1), summary(2)] });
    const page = await getTraceSummaries(client, { start: END - 20 * HOUR, end: END, limit: 2 });
    expect(page.summaries).toHaveLength(2);
    expect(page.truncated).toBe(true);
    expect(xray.commandCalls(GetTraceSummariesCommand)).toHaveLength(1);
  });

  it('maps a summary to the gateway\'s shape', () => {
    expect(toTraceSummary(summary(2))).toEqual({
      id: traceId(2),
      startTime: END - 2000,
      durationMs: 500,
      responseTimeMs: 250,
      hasError: false,
      hasFault: true,
      hasThrottle: false,
      isPartial: false,
      http: { method: 'GET', url: 'https://x/y', status: 200, userAgent: null, clientIp: null },
      services: ['payments-api', 'payments-ledger'],
      annotations: { tenant: 'acme' },
      entryService: 'payments-api',
      annotationValues: [
        { key: 'tenant', value: 'acme', services: ['payments-api'] },
        { key: 'tenant', value: 'acme', services: ['checkout-web'] },
      ],
    });
    expect(toTraceSummary({ Id: traceId(3) })).toMatchObject({ entryService: null, annotationValues: [], annotations: null });
  });
});

const ids = (count: number): string[] => Array.from({ length: count }, (_, i) => traceId(i + 1));
const traceOf = (id: string) => ({ Id: id, Duration: 1, Segments: [{ Id: 'a000000000000001', Document: JSON.stringify({ trace_id: id, id: 'a000000000000001', name: 's', start_time: 1, end_time: 2 }) }] });

describe('batchGetTraces and fetchTraces', () => {
  it('refuses more than 5 ids in one call', async () => {
    await expect(batchGetTraces(client, ids(6))).rejects.toThrow(/at most 5/);
    expect(xray.commandCalls(BatchGetTracesCommand)).toHaveLength(0);
  });

  it('fetches T ids in ceil(T/5) calls of <= 5 ids, at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    xray.on(BatchGetTracesCommand).callsFake(async (input: { TraceIds: string[] }) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return { Traces: input.TraceIds.map(traceOf), UnprocessedTraceIds: [] };
    });
    const usage = new AwsUsage();
    const result = await fetchTraces([...ids(23), traceId(1)], { concurrency: 2, fetchChunk: (chunk) => batchGetTraces(client, chunk, { usage }) });
    const calls = xray.commandCalls(BatchGetTracesCommand).map((call) => call.args[0].input.TraceIds);
    expect(calls).toHaveLength(5);
    expect(calls.map((chunk) => chunk!.length)).toEqual([5, 5, 5, 5, 3]);
    expect(calls.flat().sort()).toEqual(ids(23).sort());
    expect(maxInFlight).toBe(2);
    expect([...result.traces.keys()].sort()).toEqual(ids(23).sort());
    expect(result.unprocessed).toEqual([]);
    expect(usage.toJSON().calls).toEqual({ 'xray:BatchGetTraces': { calls: 5, attempts: 5 } });
  });

  it('retries UnprocessedTraceIds once, then reports the ones still missing', async () => {
    const [a, b, c, d] = ids(4) as [string, string, string, string];
    let call = 0;
    xray.on(BatchGetTracesCommand).callsFake((input: { TraceIds: string[] }) => {
      call++;
      // First call: b and c unprocessed. Retry: c returned, b still unprocessed.
      if (call === 1) return { Traces: [traceOf(a), traceOf(d)], UnprocessedTraceIds: [b, c] };
      return { Traces: input.TraceIds.filter((id) => id === c).map(traceOf), UnprocessedTraceIds: input.TraceIds.filter((id) => id !== c) };
    });
    const result = await fetchTraces([a, b, c, d], { concurrency: 4, fetchChunk: (chunk) => batchGetTraces(client, chunk) });
    expect(xray.commandCalls(BatchGetTracesCommand).map((x) => x.args[0].input.TraceIds)).toEqual([
      [a, b, c, d],
      [b, c],
    ]);
    expect([...result.traces.keys()].sort()).toEqual([a, c, d].sort());
    expect(result.unprocessed).toEqual([b]);
  });

  it('does not retry when everything came back', async () => {
    xray.on(BatchGetTracesCommand).callsFake((input: { TraceIds: string[] }) => ({ Traces: input.TraceIds.map(traceOf) }));
    const result = await fetchTraces(ids(5), { concurrency: 8, fetchChunk: (chunk) => batchGetTraces(client, chunk) });
    expect(xray.commandCalls(BatchGetTracesCommand)).toHaveLength(1);
    expect(result.unprocessed).toEqual([]);
  });

  it('a failing chunk fails only its own ids, which are not retried', async () => {
    const wanted = ids(7);
    xray.on(BatchGetTracesCommand).callsFake((input: { TraceIds: string[] }) => {
      if (input.TraceIds.includes(wanted[5]!)) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException', $metadata: { httpStatusCode: 429 } });
      return { Traces: input.TraceIds.map(traceOf) };
    });
    const result = await fetchTraces(wanted, { concurrency: 8, fetchChunk: (chunk) => batchGetTraces(client, chunk) });
    expect([...result.traces.keys()]).toEqual(wanted.slice(0, 5));
    expect([...result.failed.keys()]).toEqual(wanted.slice(5));
    expect((result.failed.get(wanted[5]!) as { kind: string }).kind).toBe('throttled');
    expect(result.unprocessed).toEqual([]);
    expect(xray.commandCalls(BatchGetTracesCommand)).toHaveLength(2);
  });
});
