// Traces from Transaction Search's `aws/spans` (traces_source "spans"): a service's trace list
// (one Logs Insights query over its entry spans) and the per-request span loader, which reads the
// spans of every trace a request needs with ONE Logs Insights query per batch (up to 100 traces
// close in time), as the X-Ray loader does with BatchGetTraces. Queries go through the process-wide
// Logs Insights gate and the one answer-sharing layer (answer-sharing.ts): identical in-flight
// queries of concurrent requests are shared, trace lists are kept for traces.summary_cache_ttl and
// settled traces for traces.document_cache_ttl.
import DataLoader from 'dataloader';
import { runInsightsQuery, type InsightsQueryPart } from '../../aws/logs-insights-runner.ts';
import { buildSpanTrace, parseSpanRecord, spanTraceOverview, type SpanRecord } from '../../aws/span-records.ts';
import { SPANS_LOG_GROUP } from '../../config/trace-sources.ts';
import { MAX_QUERY_LIMIT } from '../../aws/logs-insights-query.ts';
import { buildSpanTraceListQuery, buildTraceSpansQuery, MAX_TRACES_PER_SPANS_QUERY } from '../../aws/spans-query.ts';
import { alignWindow, SHARED_WINDOW_STEP_MS } from '../../aws/time-window.ts';
import { traceIdEpochMs } from '../../aws/trace-summaries.ts';
import type { TraceFilterSpec } from '../../aws/xray-filter.ts';
import type { ProfileRuntime } from '../../runtime/gateway-runtime.ts';
import { insightsRunOptions } from '../../quota/logs-insights-limiter.ts';
import { ANSWER_SHARING, AnswerKind, loadSharedAnswer, profileScopedKey } from '../../sharing/answer-sharing.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import { Slot } from '../../runtime/slot.ts';
import { batchedTraceLoader, traceListGate, type LoadedTrace, type TraceFetcher } from './traces-loader.ts';

/** Spans are searched from this long before a trace id's time to this long after it. */
export const SPANS_BEFORE_MS = 5 * 60_000;
export const SPANS_AFTER_MS = 60 * 60_000;
/** Traces whose ids lie further apart than this go into separate queries (each scans less). */
export const SPANS_BATCH_SPREAD_MS = 6 * 3_600_000;
/** A trace is kept across requests once its last span ended this long ago (late spans have arrived). */
export const SPANS_SETTLE_MS = 2 * 60_000;

/** One Logs Insights query over aws/spans; partial (timed-out) answers are not kept. */
const SPANS_QUERIES = new AnswerKind<InsightsQueryPart>('aws/spans Logs Insights query', { keep: (part) => part.status === 'Complete' });
/** A settled trace read from its span records. */
const SPANS_TRACES = new AnswerKind<LoadedTrace>('aws/spans trace');

/** Runs one Logs Insights query over aws/spans through the sharing layer (`ttlMs` 0: shared while in flight only). */
export function runSpansQuery(context: RequestContext, profile: ProfileRuntime, queryString: string, window: { start: number; end: number }, ttlMs: number): Promise<InsightsQueryPart> {
  return loadSharedAnswer(context, profile, SPANS_QUERIES, {
    key: JSON.stringify([queryString, Math.floor(window.start / 1000), Math.floor(window.end / 1000)]),
    ttlMs,
    load: (call) =>
      runInsightsQuery(profile.clients.logsInsights, { logGroups: [SPANS_LOG_GROUP], queryString, startMs: window.start, endMs: window.end }, insightsRunOptions(context, call)),
  });
}

function recordsOf(part: InsightsQueryPart): { records: SpanRecord[]; unreadable: number } {
  const records: SpanRecord[] = [];
  let unreadable = 0;
  for (const row of part.rows) {
    const message = row.find((cell) => cell.field === '@message')?.value;
    const record = message === undefined ? undefined : parseSpanRecord(message);
    if (record) records.push(record);
    else unreadable++;
  }
  return { records, unreadable };
}

// --- trace lists -----------------------------------------------------------------------------

export interface SpanTraceListRequest {
  /** The service's name in its spans (aws.local.service / service.name). */
  service: string;
  start: number;
  end: number;
  relative: boolean;
  filter: TraceFilterSpec | null | undefined;
  limit: number;
}

export interface SpanTraceList {
  /** X-Ray form ids, newest entry span first. */
  ids: string[];
  truncated: boolean;
}

/** The trace-list loaders of a request: one per (profile, window, filter, limit); its keys are service names. */
const SPAN_LISTS = new Slot<RequestContext, Map<string, DataLoader<string, SpanTraceList>>>('aws/spans trace lists of a request', () => new Map());

/**
 * A service's newest traces from its entry spans. The lists a request asks for with the same
 * window, filter and limit (a dashboard's services) are read with ONE Logs Insights query; the
 * query text is built (and validated) before any call.
 */
export function loadSpanTraceList(context: RequestContext, profile: ProfileRuntime, query: SpanTraceListRequest): Promise<SpanTraceList> {
  buildSpanTraceListQuery(query.service, query.filter, query.limit);
  const window = alignWindow(query, SHARED_WINDOW_STEP_MS, 'share');
  const loaders = SPAN_LISTS.of(context);
  const key = JSON.stringify([profile.name, window.start, window.end, query.filter ?? null, query.limit]);
  let loader = loaders.get(key);
  if (!loader) {
    // Dispatched after the resolvers of this execution pass have asked for their lists.
    loader = new DataLoader<string, SpanTraceList>((services) => readTraceLists(context, profile, services, query.filter, query.limit, window), {
      batchScheduleFn: (dispatch) => setImmediate(dispatch),
    });
    loaders.set(key, loader);
  }
  return traceListGate(context).track(loader.load(query.service));
}

/** The lists of `services` from one query (their own queries for any the shared row limit starved). */
async function readTraceLists(
  context: RequestContext,
  profile: ProfileRuntime,
  services: readonly string[],
  filter: TraceFilterSpec | null | undefined,
  limit: number,
  window: { start: number; end: number },
): Promise<SpanTraceList[]> {
  const list = buildSpanTraceListQuery(services.length === 1 ? services[0]! : services, filter, limit);
  const ttl = context.runtime.config.traces.summary_cache_ttl;
  const [part, flagPart] = await Promise.all([
    runSpansQuery(context, profile, list.queryString, window, ttl),
    list.flagQuery === undefined ? undefined : runSpansQuery(context, profile, list.flagQuery, window, ttl),
  ]);
  const wantedServices = new Set(services);
  const byService = new Map<string, string[]>(services.map((service) => [service, []]));
  for (const { span, service } of recordsOf(part).records) {
    // The row's service: aws.local.service, else the resource's service.name (as the query matched it).
    const resourceName = (span.metadata?.['resource'] as Record<string, unknown> | undefined)?.['service.name'];
    const owner = services.length === 1 ? services[0]! : service !== null && wantedServices.has(service) ? service : typeof resourceName === 'string' && wantedServices.has(resourceName) ? resourceName : undefined;
    const ids = owner === undefined ? undefined : byService.get(owner);
    if (ids && !ids.includes(span.traceId)) ids.push(span.traceId);
  }
  const atRowLimit = part.rows.length >= list.rowLimit;
  let flags: Map<string, { fault: boolean; error: boolean; throttle: boolean }> | undefined;
  if (list.traceFlags !== undefined && flagPart !== undefined) {
    flags = new Map();
    // X-Ray's trace flags: the root span's fault and error, any span's throttle.
    for (const { span } of recordsOf(flagPart).records) {
      const known = flags.get(span.traceId) ?? { fault: false, error: false, throttle: false };
      const root = span.parentId === null;
      flags.set(span.traceId, { fault: known.fault || (root && span.fault), error: known.error || (root && span.error), throttle: known.throttle || span.throttle });
    }
  }
  const wanted = Object.entries(list.traceFlags ?? {}) as Array<['fault' | 'error' | 'throttle', boolean]>;
  return Promise.all(
    services.map(async (service) => {
      const own = byService.get(service) ?? [];
      // Several services share the row limit: one with fewer rows than it asked for may have been crowded out.
      if (services.length > 1 && atRowLimit && own.length <= limit) return (await readTraceLists(context, profile, [service], filter, limit, window))[0]!;
      const ids = flags === undefined ? own : own.filter((id) => wanted.every(([flag, value]) => (flags.get(id)?.[flag] ?? false) === value));
      // Rows at the query's limit (when that is not just limit + 1), or a partial (timed-out) query: there may be more.
      const incomplete =
        part.status !== 'Complete' ||
        (list.traceFlags !== undefined && atRowLimit) ||
        (flagPart !== undefined && (flagPart.status !== 'Complete' || flagPart.rows.length >= MAX_QUERY_LIMIT));
      return { ids: ids.slice(0, limit), truncated: ids.length > limit || incomplete };
    }),
  );
}

// --- the span loader ---------------------------------------------------------------------------

/**
 * How old the time an id carries may be for the id to be searched around it: X-Ray keeps traces 30
 * days (a day more for clocks and late spans). An older time (or one in the future) is taken for no
 * time at all: OpenTelemetry SDKs' default generator makes random W3C ids, whose first 8 hex digits
 * are as likely any instant of 136 years.
 */
export const SPANS_ID_TIME_MAX_AGE_MS = 31 * 86_400_000;

/** The time a trace id carries (X-Ray ids and W3C ids made by X-Ray's id generator), if plausible. */
function idTime(id: string, now: number): number | undefined {
  const ms = traceIdEpochMs(id);
  return ms !== null && ms > now - SPANS_ID_TIME_MAX_AGE_MS && ms < now + 5 * 60_000 ? ms : undefined;
}

/**
 * Where `trace(id:)` looks for one trace's spans: from SPANS_BEFORE_MS before to SPANS_AFTER_MS
 * after the time its id carries, else (no plausible time) the last `lookbackMs`. A batch's query
 * covers the windows of all its ids.
 */
export function spansLookupWindow(id: string, now: number, lookbackMs: number): { start: number; end: number; aroundIdTime: boolean } {
  const at = idTime(id, now);
  if (at === undefined) return { start: now - lookbackMs, end: now, aroundIdTime: false };
  return { start: at - SPANS_BEFORE_MS, end: Math.min(now, at + SPANS_AFTER_MS), aroundIdTime: true };
}

/** Ids cut into query batches: <= 100 each, ids close in time together, ids without a time last. */
export function spansBatches(ids: readonly string[], now: number, lookbackMs: number): Array<{ ids: string[]; start: number; end: number }> {
  const timed = ids.map((id) => ({ id, at: idTime(id, now) })).sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity));
  const batches: Array<{ ids: string[]; start: number; end: number }> = [];
  let current: { ids: string[]; first: number | undefined; last: number | undefined } | undefined;
  const close = (): void => {
    if (!current) return;
    const start = current.first === undefined ? now - lookbackMs : current.first - SPANS_BEFORE_MS;
    const end = current.last === undefined ? now : Math.min(now, current.last + SPANS_AFTER_MS);
    batches.push({ ids: current.ids, start, end });
    current = undefined;
  };
  for (const { id, at } of timed) {
    const fits = current && current.ids.length < MAX_TRACES_PER_SPANS_QUERY && (at === undefined ? current.first === undefined : current.first !== undefined && at - current.first <= SPANS_BATCH_SPREAD_MS);
    if (!fits) {
      close();
      current = { ids: [], first: at, last: at };
    }
    current!.ids.push(id);
    if (at !== undefined) current!.last = at;
  }
  close();
  return batches;
}

function toLoaded(id: string, records: SpanRecord[], truncated: boolean): LoadedTrace {
  const trace = buildSpanTrace(id, records);
  return { id, parsed: trace.parsed, overview: spanTraceOverview(trace), limitExceeded: truncated };
}

/**
 * aws/spans: the spans of up to 100 traces close in time in ONE Logs Insights query; a batch whose
 * query fails fails only its own ids, and a trace with no span in aws/spans loads as null.
 */
export const SPANS_TRACE_FETCHER: TraceFetcher = {
  name: 'aws/spans Logs Insights',
  kept: SPANS_TRACES,
  async fetch(context, profile, ids) {
    const config = context.runtime.config.traces;
    const sharing = ANSWER_SHARING.of(context.runtime);
    const found = new Map<string, LoadedTrace>();
    const failed = new Map<string, Error>();
    const now = context.now;
    await Promise.all(
      spansBatches(ids, now, config.spans_lookback).map(async (batch) => {
        try {
          const part = await runSpansQuery(context, profile, buildTraceSpansQuery(batch.ids), batch, 0);
          const byTrace = new Map<string, SpanRecord[]>();
          for (const record of recordsOf(part).records) {
            const list = byTrace.get(record.span.traceId) ?? [];
            list.push(record);
            byTrace.set(record.span.traceId, list);
          }
          // 10,000 rows (the query's limit) or a timed-out query: some spans may be missing.
          const truncated = part.status !== 'Complete' || part.rows.length >= MAX_QUERY_LIMIT;
          for (const id of batch.ids) {
            const records = byTrace.get(id);
            if (!records) continue;
            const loaded = toLoaded(id, records, truncated);
            context.usage.tracesFetched++;
            const lastEnd = Math.max(...loaded.parsed.spans.map((span) => span.endTime ?? span.startTime));
            // Kept for other requests once late spans have had time to arrive.
            if (!truncated && lastEnd < now - SPANS_SETTLE_MS) await sharing.remember(SPANS_TRACES, profileScopedKey(profile, id), loaded, config.document_cache_ttl);
            found.set(id, loaded);
          }
        } catch (error) {
          for (const id of batch.ids) failed.set(id, error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );
    return { found, failed };
  },
};

/** The request's aws/spans trace loader for `profile`. */
export function spansTraceLoader(context: RequestContext, profile: ProfileRuntime): DataLoader<string, LoadedTrace | null> {
  return batchedTraceLoader(context, profile, SPANS_TRACE_FETCHER);
}
