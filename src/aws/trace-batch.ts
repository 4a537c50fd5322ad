// X-Ray BatchGetTraces for any number of trace ids: chunks of at most 5 ids per call (X-Ray's limit,
// which the SDK does not enforce), run in parallel with a bound, UnprocessedTraceIds asked for once
// more, then reported as unprocessed.
import { BatchGetTracesCommand, type XRayClient } from '@aws-sdk/client-xray';
import pLimit from 'p-limit';
import { callAws, type AwsCallOptions } from './aws-call.ts';
import { followPages } from './aws-pages.ts';

/** BatchGetTraces accepts at most this many trace ids per call. */
export const MAX_TRACE_IDS_PER_BATCH = 5;

export interface TraceSegment {
  Id?: string | undefined;
  Document?: string | undefined;
}

/** One trace's segment documents as X-Ray returned them. */
export interface FetchedTrace {
  id: string;
  /** Seconds, as X-Ray reports it. */
  duration: number | null;
  /** X-Ray dropped segments of this trace (too large). */
  limitExceeded: boolean;
  segments: TraceSegment[];
}

export interface TraceBatchResult {
  traces: Map<string, FetchedTrace>;
  /** Ids X-Ray did not return (after one retry): unknown, expired or not yet processed. */
  unprocessed: string[];
}

export interface FetchTracesResult extends TraceBatchResult {
  /** Ids whose chunk failed (throttled, denied, ...): the failure, for those ids only. */
  failed: Map<string, unknown>;
}

/**
 * How one chunk of ids is fetched: a BatchGetTraces call, possibly coalesced by the caller.
 * `round` is 2 for the retry of unprocessed ids (which must not be served the first answer).
 */
export type ChunkFetcher = (ids: readonly string[], round: 1 | 2) => Promise<TraceBatchResult>;

export function chunkIds(ids: readonly string[], size = MAX_TRACE_IDS_PER_BATCH): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
  return chunks;
}

/** One BatchGetTraces call (following NextToken should X-Ray ever send one) for <= 5 ids. */
export async function batchGetTraces(client: XRayClient, ids: readonly string[], options: AwsCallOptions = {}): Promise<TraceBatchResult> {
  if (ids.length === 0) return { traces: new Map(), unprocessed: [] };
  if (ids.length > MAX_TRACE_IDS_PER_BATCH) {
    throw new RangeError(`BatchGetTraces takes at most ${MAX_TRACE_IDS_PER_BATCH} trace ids per call; got ${ids.length}`);
  }
  const traces = new Map<string, FetchedTrace>();
  const unprocessed = new Set<string>();
  const fetchPage = (nextToken: string | undefined) =>
    callAws('xray:BatchGetTraces', (sdk) => client.send(new BatchGetTracesCommand({ TraceIds: [...ids], ...(nextToken ? { NextToken: nextToken } : {}) }), sdk), options);
  const onPage = (output: Awaited<ReturnType<typeof fetchPage>>): void => {
    for (const trace of output.Traces ?? []) {
      if (!trace.Id) continue;
      const known = traces.get(trace.Id);
      const segments = (trace.Segments ?? []).map((segment) => ({ Id: segment.Id, Document: segment.Document }));
      if (known) known.segments.push(...segments);
      else traces.set(trace.Id, { id: trace.Id, duration: trace.Duration ?? null, limitExceeded: trace.LimitExceeded === true, segments });
    }
    for (const id of output.UnprocessedTraceIds ?? []) unprocessed.add(id);
  };
  await followPages(fetchPage, (output) => output.NextToken, onPage);
  for (const id of traces.keys()) unprocessed.delete(id);
  return { traces, unprocessed: [...unprocessed] };
}

export interface FetchTracesOptions {
  /** Chunks in flight at once. */
  concurrency: number;
  fetchChunk: ChunkFetcher;
}

/**
 * The traces of `ids` (distinct), ceil(ids/5) chunk fetches in parallel (at most `concurrency` at
 * a time); ids that come back unprocessed are fetched once more, in chunks of 5 again. A chunk
 * that fails fails only its own ids.
 */
export async function fetchTraces(ids: readonly string[], options: FetchTracesOptions): Promise<FetchTracesResult> {
  const limit = pLimit(Math.max(1, options.concurrency));
  const traces = new Map<string, FetchedTrace>();
  const failed = new Map<string, unknown>();
  const round = async (wanted: readonly string[], number: 1 | 2): Promise<string[]> => {
    const chunks = chunkIds(wanted);
    const results = await Promise.allSettled(chunks.map((chunk) => limit(() => options.fetchChunk(chunk, number))));
    for (const [index, result] of results.entries()) {
      if (result.status === 'fulfilled') for (const [id, trace] of result.value.traces) traces.set(id, trace);
      else for (const id of chunks[index]!) failed.set(id, result.reason);
    }
    return wanted.filter((id) => !traces.has(id) && !failed.has(id));
  };
  const first = await round([...new Set(ids)], 1);
  const unprocessed = first.length === 0 ? [] : await round(first, 2);
  return { traces, unprocessed, failed };
}
