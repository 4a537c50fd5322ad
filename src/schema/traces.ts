// Traces: Service.traces (GetTraceSummaries; the loader turns the TraceFilter into X-Ray's filter
// expression), Query.trace, and the Trace type, whose summary fields come from the summary and
// whose spans come through the request's one BatchGetTraces loader.
import type { TraceFacts, TraceSummary } from '../aws/trace-summaries.ts';
import type { ProfileRuntime } from '../runtime/gateway-runtime.ts';
import type { RequestContext } from '../runtime/request-context.ts';
import { MAX_TRACE_LIST_LIMIT } from '../loaders/traces/traces-list.ts';
import { traceIdInput, type LoadedTrace } from '../loaders/traces/traces-loader.ts';
import { loadServiceTraces, loadTraceFromSource, traceSourceOf } from '../loaders/traces/trace-sources.ts';
import { builder } from './builder.ts';
import { forbidden, readableProfile } from './caller-access.ts';
import { badUserInput, gatewayError, resolveOrError } from './graphql-errors.ts';
import { ServiceRef } from './service.ts';
import { resolveTimeRange, TimeRangeInput } from './time-range.ts';
import { checkTraceFilterScope, visibleSummaryFacts, visibleTrace } from './trace-visibility.ts';
import { HttpInfoRef, SpanRef } from './traces-spans.ts';

/** A trace of a profile: from a trace list (with its summary) or loaded by id (with its spans). */
export interface TraceModel {
  id: string;
  profile: ProfileRuntime;
  summary?: TraceSummary;
  loaded?: LoadedTrace;
}

export interface TraceListModel {
  traces: TraceModel[];
  truncated: boolean;
}

/**
 * Summary facts: from the X-Ray summary without a BatchGetTraces call when the trace came from a
 * list; a trace listed from spans has no summary, its facts come from its spans (loaded for every
 * listed trace in one batch).
 */
async function factsOf(context: RequestContext, trace: TraceModel): Promise<TraceFacts> {
  return trace.summary ?? trace.loaded?.overview ?? (await loadTrace(context, trace)).overview;
}

/** The trace's spans through the request's loader of the profile's trace source; NOT_FOUND when it has none. */
export async function loadTrace(context: RequestContext, trace: TraceModel): Promise<LoadedTrace> {
  const loaded = trace.loaded ?? (await loadTraceFromSource(context, trace.profile, trace.id));
  if (!loaded) {
    throw await traceNotFoundIn(context, trace.profile, trace.id);
  }
  return loaded;
}

/** NOT_FOUND for a trace of the profile's source, saying what the source searched (its not-found hint). */
async function traceNotFoundIn(context: RequestContext, profile: ProfileRuntime, id: string) {
  const hint = (await traceSourceOf(context, profile)).notFound(context, id);
  return gatewayError('NOT_FOUND', hint.message, hint.extensions);
}

/** Trace-level `http` and `annotations` as the caller sees them: from the summary when listed, else from the spans it sees in full. */
async function visibleFactsOf(context: RequestContext, trace: TraceModel): Promise<Pick<TraceFacts, 'http' | 'annotations'>> {
  if (trace.summary) return visibleSummaryFacts(context, trace.profile, trace.summary);
  return visibleTrace(context, trace.profile, await loadTrace(context, trace));
}

/**
 * A trace loaded by id (trace(id:), LogEvent.trace) when the caller may read it: one of its spans
 * belongs to one of the caller's services. A missing trace answers like a foreign one for a caller
 * narrowed to some services, so ids cannot be probed; for others it is NOT_FOUND (`missing`).
 */
export async function readableTraceById(context: RequestContext, profile: ProfileRuntime, id: string, missing: () => Promise<TraceModel | null>): Promise<TraceModel | null> {
  const loaded = await loadTraceFromSource(context, profile, id);
  if (context.caller.mayReadEveryService(profile.name)) return loaded ? { id, profile, loaded } : missing();
  if (!loaded || !visibleTrace(context, profile, loaded).access) {
    throw forbidden(`trace ${id} does not go through a service in the scope of caller "${context.caller.name}" (or the trace source does not have it)`);
  }
  return { id, profile, loaded };
}


export const AnnotationFilterInput = builder.inputType('AnnotationFilter', {
  description: 'An annotation that must have a value: `annotation.<key> = <value>`.',
  fields: (t) => ({
    key: t.string({ required: true, description: 'Letters, digits and "_" (X-Ray\'s annotation key charset).' }),
    value: t.field({ type: 'JSON', required: true, description: 'A string, number or boolean.' }),
  }),
});

export const TraceFlagScopeEnum = builder.enumType('TraceFlagScope', {
  description: 'Where a trace filter\'s fault/error/throttle conditions apply.',
  values: {
    TRACE: { value: 'trace', description: 'The trace\'s own flags (X-Ray\'s `fault`): fault and error as its root segment answered, throttle in any segment.' },
    SERVICE: { value: 'service', description: 'The service\'s own segments (X-Ray\'s `service("x") { fault }`).' },
  } as const,
});

export const TraceFilterInput = builder.inputType('TraceFilter', {
  description: 'Conditions a trace must meet (all given ones); becomes an X-Ray filter expression, or (traces_source "spans") escaped Logs Insights filters on the span records.',
  fields: (t) => ({
    fault: t.boolean({ description: 'true: traces with a fault (5xx); false: without.' }),
    error: t.boolean({ description: 'true: traces with an error (4xx); false: without.' }),
    throttle: t.boolean({ description: 'true: throttled traces (429); false: not throttled.' }),
    minDurationMs: t.float({ description: 'Trace duration at least this many ms.' }),
    maxDurationMs: t.float({ description: 'Trace duration at most this many ms.' }),
    httpStatus: t.int({ description: 'Response status of the entry point.' }),
    httpMethod: t.string({ description: 'HTTP method of the entry point, e.g. "POST".' }),
    urlContains: t.string({ description: 'Text the entry point\'s URL contains.' }),
    annotations: t.field({ type: [AnnotationFilterInput], description: 'Annotations that must have these values.' }),
    flagScope: t.field({
      type: TraceFlagScopeEnum,
      description: 'Where `fault`, `error` and `throttle` must hold: on the trace as X-Ray flags it (default: its root segment\'s fault and error, so a downstream error the service handled does not count, and a throttle anywhere) or in this service\'s own segments.',
    }),
  }),
});

export const TraceRef = builder.objectRef<TraceModel>('Trace');

TraceRef.implement({
  description:
    'A trace. From X-Ray (traces_source "xray"): the summary fields come from GetTraceSummaries (no extra AWS call); `spans` and `rootSpans` are fetched with BatchGetTraces, batched across the whole query. From Transaction Search\'s aws/spans (traces_source "spans"): every field comes from the trace\'s span records, read for every trace of the query in one Logs Insights query per batch.',
  fields: (t) => ({
    id: t.id({ description: "The trace id in X-Ray form (1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx).", resolve: (trace) => trace.id }),
    startTime: t.field({ description: "When the trace started; null when X-Ray does not say.", type: 'DateTime', nullable: true, resolve: async (trace, _args, context) => (await factsOf(context, trace)).startTime }),
    durationMs: t.float({ description: "From the first span's start to the last span's end, in milliseconds.", nullable: true, resolve: async (trace, _args, context) => (await factsOf(context, trace)).durationMs }),
    responseTimeMs: t.float({ nullable: true, description: 'How long the entry point took to answer.', resolve: async (trace, _args, context) => (await factsOf(context, trace)).responseTimeMs }),
    hasError: t.boolean({ description: "The trace's root segment answered a client error (4xx): X-Ray's HasError.", resolve: async (trace, _args, context) => (await factsOf(context, trace)).hasError }),
    hasFault: t.boolean({ description: "The trace's root segment answered a server error (5xx) or failed: X-Ray's HasFault.", resolve: async (trace, _args, context) => (await factsOf(context, trace)).hasFault }),
    hasThrottle: t.boolean({ description: "A throttled request (429 or an AWS throttling error) in any segment of the trace: X-Ray's HasThrottle.", resolve: async (trace, _args, context) => (await factsOf(context, trace)).hasThrottle }),
    http: t.field({
      type: HttpInfoRef,
      nullable: true,
      description: 'The entry point\'s HTTP request and response; null when the entry point is a service whose spans the caller sees redacted.',
      resolve: async (trace, _args, context) => (await visibleFactsOf(context, trace)).http,
    }),
    services: t.stringList({ description: 'Services (and inferred AWS resources) the trace went through.', resolve: async (trace, _args, context) => (await factsOf(context, trace)).services }),
    annotations: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Annotations: key -> value, or the list of distinct values when segments differ; only of the spans the caller sees in full.',
      resolve: async (trace, _args, context) => (await visibleFactsOf(context, trace)).annotations,
    }),
    spans: t.field({
      type: [SpanRef],
      nullable: true,
      description: 'Every segment and subsegment (or span record), flat, in start order, each with its parentId; spans of services outside the caller\'s scope reduced to the call graph (`redacted`) unless its scope says foreign_spans = "full".',
      resolve: (trace, _args, context) => resolveOrError(async () => visibleTrace(context, trace.profile, await loadTrace(context, trace)).spans),
    }),
    rootSpans: t.field({
      type: [SpanRef],
      nullable: true,
      description: 'The spans without a parent in the trace (usually the entry segment), each with its children (reduced as in `spans`).',
      resolve: (trace, _args, context) => resolveOrError(async () => visibleTrace(context, trace.profile, await loadTrace(context, trace)).rootSpans),
    }),
    spansIncomplete: t.boolean({
      nullable: true,
      description:
        'True when `spans` may lack some: X-Ray dropped segments of a too large trace (LimitExceeded), or (traces_source "spans") the Logs Insights query that read it hit its 10,000-row limit or timed out. Asking for it loads the trace\'s spans.',
      resolve: (trace, _args, context) => resolveOrError(async () => (await loadTrace(context, trace)).limitExceeded),
    }),
  }),
});

export const TraceListRef = builder.objectRef<TraceListModel>('TraceList');
TraceListRef.implement({
  description: 'Traces of a service, newest first.',
  fields: (t) => ({
    traces: t.field({ description: "The traces, newest first, at most `limit`.", type: [TraceRef], resolve: (list) => list.traces }),
    truncated: t.boolean({ description: 'True when more traces matched than `limit`.', resolve: (list) => list.truncated }),
  }),
});

builder.objectFields(ServiceRef, (t) => ({
  traces: t.field({
    type: TraceListRef,
    nullable: true,
    description:
      'The service\'s traces in the window (default: the last hour), newest first, that match `filter`: from X-Ray\'s GetTraceSummaries, or (traces_source "spans") from the service\'s entry spans in aws/spans with one Logs Insights query.',
    args: {
      range: t.arg({ description: "Default: the last hour.", type: TimeRangeInput }),
      filter: t.arg({ description: "Which traces to keep; combined with the service into one X-Ray filter expression.", type: TraceFilterInput }),
      limit: t.arg.int({ defaultValue: 20, description: `1 to ${MAX_TRACE_LIST_LIMIT}.` }),
    },
    resolve: (service, args, context) =>
      resolveOrError(async () => {
        const limit = args.limit ?? 20;
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRACE_LIST_LIMIT) throw badUserInput(`limit: must be 1 to ${MAX_TRACE_LIST_LIMIT}; got ${limit}`, 'limit');
        const window = resolveTimeRange(args.range, { now: context.now, maxWindowMs: context.runtime.config.limits.max_window });
        if ((await traceSourceOf(context, service.profile)).filterConditionsHoldOn === 'trace') checkTraceFilterScope(context, service, args.filter);
        const list = await loadServiceTraces(context, service, { window, filter: args.filter, limit });
        return { traces: list.traces.map((trace) => ({ ...trace, profile: service.profile })), truncated: list.truncated };
      }),
  }),
}));

builder.queryFields((t) => ({
  trace: t.field({
    type: TraceRef,
    nullable: true,
    description: 'One trace by id (X-Ray form "1-5759e988-bd862e3fe1be46a994272793", or a W3C 32-hex id).',
    args: { id: t.arg.id({ description: "X-Ray form \"1-5759e988-bd862e3fe1be46a994272793\" or a W3C 32-hex id.", required: true }), profile: t.arg.string({ description: "Profile name; default: the default profile." }) },
    resolve: (_root, args, context) =>
      resolveOrError(async () => {
        const id = traceIdInput(args.id);
        const profile = readableProfile(context, args.profile);
        return readableTraceById(context, profile, id, async () => {
          throw await traceNotFoundIn(context, profile, id);
        });
      }),
  }),
}));
