// X-Ray GetTraceSummaries and BatchGetTraces over a TraceStore: time windows by TraceId / Event /
// Service time, filter expressions, newest-first paging, and X-Ray's limits and error codes.

import { createHash } from 'node:crypto';
import { AwsError } from './emulator-types.ts';
import type { ServiceHandlers } from './emulator-types.ts';
import type { TraceRecord, TraceStore } from './trace-store.ts';
import { matchesFilter, parseFilterExpression } from './xray-filter-expression.ts';
import type { FilterExpression } from './xray-filter-expression.ts';

/** GetTraceSummaries page size: X-Ray documents none; 100 keeps paging exercised with modest data sets. */
export const TRACE_SUMMARIES_PAGE_SIZE = 100;
/** BatchGetTraces accepts at most this many ids ("Exceeding maximum query size: 5"). */
export const MAX_BATCH_TRACE_IDS = 5;
/** GetTraceSummaries rejects windows longer than this. */
export const MAX_SUMMARY_WINDOW_SECONDS = 24 * 60 * 60;

const TIME_RANGE_TYPES = ['TraceId', 'Event', 'Service'] as const;
type TimeRangeType = (typeof TIME_RANGE_TYPES)[number];

interface SummaryCursor {
  fingerprint: string;
  time: number;
  id: string;
}

export function createXRayHandlers(store: TraceStore): ServiceHandlers {
  return {
    GetTraceSummaries: (input) => getTraceSummaries(store, input),
    BatchGetTraces: (input) => batchGetTraces(store, input),
  };
}

function getTraceSummaries(store: TraceStore, input: Record<string, unknown>): unknown {
  const startTime = readTime(input, 'StartTime');
  const endTime = readTime(input, 'EndTime');
  if (startTime > endTime) throw invalidRequest('StartTime must be before EndTime.');
  if (endTime - startTime > MAX_SUMMARY_WINDOW_SECONDS) {
    throw invalidRequest('The time range between StartTime and EndTime must not exceed 24 hours.');
  }
  const timeRangeType = readTimeRangeType(input['TimeRangeType']);
  const filterText = input['FilterExpression'];
  if (filterText !== undefined && filterText !== null && typeof filterText !== 'string') {
    throw invalidRequest('FilterExpression must be a string.');
  }
  const filter: FilterExpression | undefined =
    typeof filterText === 'string' && filterText.trim().length > 0 ? parseFilterExpression(filterText) : undefined;
  const sampleRate = readSampleRate(input['Sampling'], input['SamplingStrategy']);

  const fingerprint = fingerprintOf({ startTime, endTime, timeRangeType, filterText, sampleRate });
  const cursor = readCursor(input['NextToken'], fingerprint);

  const candidates = candidatesNewestFirst(store.records(), timeRangeType, startTime, endTime);

  const summaries: unknown[] = [];
  let processed = 0;
  let last: { time: number; id: string } | undefined;
  let more = false;
  for (const { record, time } of candidates) {
    if (cursor !== undefined && !isAfter(time, record.id, cursor)) continue;
    if (!sampled(record.id, sampleRate)) continue;
    // Like X-Ray, a full page says "more" when unscanned traces remain; the next page may be empty.
    if (summaries.length === TRACE_SUMMARIES_PAGE_SIZE) {
      more = true;
      break;
    }
    processed++;
    last = { time, id: record.id };
    if (filter !== undefined && !matchesFilter(filter, record.subject)) continue;
    summaries.push(
      timeRangeType === 'TraceId' ? record.summary : { ...record.summary, MatchedEventTime: new Date(Math.round(time * 1000)) },
    );
  }
  const nextToken = more && last !== undefined ? encodeCursor({ fingerprint, ...last }) : undefined;
  return {
    TraceSummaries: summaries,
    // The time the page reached: the oldest trace on a page that continues, the window start otherwise.
    ApproximateTime: new Date(Math.round((nextToken !== undefined && last !== undefined ? last.time : startTime) * 1000)),
    TracesProcessedCount: processed,
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}

/**
 * Traces in the window, newest first by the time the range type looks at, ties broken by id for
 * a total order (what the paging cursor relies on). By trace start time this is a binary search
 * over the store's start-ordered records.
 */
function candidatesNewestFirst(
  records: readonly TraceRecord[],
  type: TimeRangeType,
  start: number,
  end: number,
): Array<{ record: TraceRecord; time: number }> {
  if (type === 'TraceId') {
    const from = firstStartingAtOrAfter(records, start);
    const to = firstStartingAtOrAfter(records, end, true);
    const out: Array<{ record: TraceRecord; time: number }> = [];
    for (let i = to - 1; i >= from; i--) out.push({ record: records[i]!, time: records[i]!.startTime });
    return out;
  }
  const candidates: Array<{ record: TraceRecord; time: number }> = [];
  for (const record of records) {
    const time = matchedTime(record, type, start, end);
    if (time !== undefined) candidates.push({ record, time });
  }
  return candidates.sort((a, b) => b.time - a.time || (a.record.id < b.record.id ? 1 : a.record.id > b.record.id ? -1 : 0));
}

/** First index whose start time is >= t (> t when `after`). */
function firstStartingAtOrAfter(records: readonly TraceRecord[], t: number, after = false): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = records[mid]!.startTime;
    if (s < t || (after && s === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** When a trace falls in [start, end] for the range type, the time that put it there. */
function matchedTime(record: TraceRecord, type: TimeRangeType, start: number, end: number): number | undefined {
  const inWindow = (t: number): boolean => t >= start && t <= end;
  switch (type) {
    case 'TraceId':
      return inWindow(record.startTime) ? record.startTime : undefined;
    case 'Event':
      return inWindow(record.lastUpdateTime) ? record.lastUpdateTime : undefined;
    case 'Service': {
      const times = record.segmentEndTimes.filter(inWindow);
      return times.length === 0 ? undefined : Math.max(...times);
    }
  }
}

function isAfter(time: number, id: string, cursor: SummaryCursor): boolean {
  return time < cursor.time || (time === cursor.time && id < cursor.id);
}

function batchGetTraces(store: TraceStore, input: Record<string, unknown>): unknown {
  const traceIds = input['TraceIds'];
  if (traceIds === undefined || traceIds === null) throw invalidRequest('TraceIds is required.');
  if (!Array.isArray(traceIds) || traceIds.some((id) => typeof id !== 'string')) {
    throw invalidRequest('TraceIds must be a list of strings.');
  }
  if (traceIds.length > MAX_BATCH_TRACE_IDS) throw invalidRequest(`Exceeding maximum query size: ${MAX_BATCH_TRACE_IDS}`);
  const nextToken = input['NextToken'];
  if (typeof nextToken === 'string' && nextToken.length > 0) {
    // X-Ray's own answer: one call always returns every requested trace.
    throw invalidRequest('NextToken is currently not supported');
  }
  const traces: unknown[] = [];
  const unprocessed: string[] = [];
  for (const id of new Set(traceIds as string[])) {
    const trace = store.getTrace(id);
    if (trace === undefined) unprocessed.push(id);
    else traces.push(trace);
  }
  return { Traces: traces, UnprocessedTraceIds: unprocessed };
}

// ---- input readers ----

/** Epoch seconds (fractional) from the Date the protocol layer hands over. */
function readTime(input: Record<string, unknown>, name: string): number {
  const value = input[name];
  if (value === undefined || value === null) throw invalidRequest(`${name} is required.`);
  const seconds =
    value instanceof Date
      ? value.getTime() / 1000
      : typeof value === 'number'
        ? value
        : typeof value === 'string'
          ? Date.parse(value) / 1000
          : Number.NaN;
  if (!Number.isFinite(seconds)) throw invalidRequest(`${name} must be a timestamp.`);
  return seconds;
}

function readTimeRangeType(value: unknown): TimeRangeType {
  if (value === undefined || value === null) return 'TraceId';
  if (typeof value === 'string' && (TIME_RANGE_TYPES as readonly string[]).includes(value)) return value as TimeRangeType;
  throw invalidRequest(`TimeRangeType must be one of TraceId, Event, Service; got ${String(value)}.`);
}

/**
 * The kept fraction of traces: 1 unless Sampling is on with a FixedRate strategy. The choice is a
 * hash of the trace id, so that pages and repeated calls agree.
 */
function readSampleRate(sampling: unknown, strategy: unknown): number {
  if (sampling !== true) return 1;
  if (typeof strategy !== 'object' || strategy === null) return 1;
  const { Name: name, Value: value } = strategy as Record<string, unknown>;
  if (name !== undefined && name !== 'PartialScan' && name !== 'FixedRate') {
    throw invalidRequest(`SamplingStrategy.Name must be PartialScan or FixedRate; got ${String(name)}.`);
  }
  if (name !== 'FixedRate' || value === undefined) return 1;
  if (typeof value !== 'number' || value < 0 || value > 1) throw invalidRequest('SamplingStrategy.Value must be between 0 and 1.');
  return value;
}

function sampled(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  const bucket = createHash('sha256').update(traceId).digest().readUInt32BE(0) / 2 ** 32;
  return bucket < rate;
}

// ---- paging token ----

function fingerprintOf(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url').slice(0, 16);
}

function encodeCursor(cursor: SummaryCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function readCursor(value: unknown, fingerprint: string): SummaryCursor | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    try {
      const decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (decoded['fingerprint'] === fingerprint && typeof decoded['time'] === 'number' && typeof decoded['id'] === 'string') {
        return { fingerprint, time: decoded['time'], id: decoded['id'] };
      }
    } catch {
      // not one of ours
    }
  }
  throw invalidRequest('The NextToken is invalid or does not belong to this request.');
}

function invalidRequest(message: string): AwsError {
  return new AwsError('InvalidRequestException', message);
}
