// What a caller sees of a trace, decided per request at the schema edge. The loaders and the aws
// modules return whole traces, shared by every caller through the sharing layer; here they are cut
// to the caller's scope: whether it may read a trace at all (one of the trace's spans belongs to
// one of its services), and the spans of other services reduced to what a call graph needs unless
// its scope says foreign_spans = "full". Trace-level `http` and `annotations` come only from the
// spans the caller sees in full.
import { annotationsOfSpans, type Span } from '../aws/segment-documents.ts';
import { mergeAnnotationValues, type TraceFacts, type TraceSummary } from '../aws/trace-summaries.ts';
import type { TraceFilterSpec } from '../aws/xray-filter.ts';
import { EVERYTHING, NOTHING, type TraceAccess, type TracedService } from '../config/caller-scope.ts';
import { xrayNameOf } from '../config/resource-types.ts';
import { TRACE_SOURCE_NAMES } from '../config/trace-sources.ts';
import type { ProfileRuntime, ServiceDefinition } from '../runtime/gateway-runtime.ts';
import type { RequestContext } from '../runtime/request-context.ts';
import { Slot } from '../runtime/slot.ts';
import type { LoadedTrace } from '../loaders/traces/traces-loader.ts';
import { TRACE_SOURCES } from '../loaders/traces/trace-sources.ts';
import { forbidden } from './caller-access.ts';

/** A span as one caller sees it: the span itself, or a copy reduced to the call graph (`redacted`). */
export type VisibleSpan = Span & { readonly redacted?: boolean; children: VisibleSpan[] };

/** The spans of a trace as one caller sees them, and what it may see of the trace as a whole. */
export interface VisibleTrace {
  /** Undefined: the caller may not read the trace (it reaches it only through a raw query). */
  access: TraceAccess | undefined;
  spans: VisibleSpan[];
  rootSpans: VisibleSpan[];
  http: TraceFacts['http'];
  annotations: TraceFacts['annotations'];
}

/** The profile's configured services by the name traces give them (their X-Ray name). */
const SERVICES_BY_TRACE_NAME = new Slot<ProfileRuntime, Map<string, string[]>>('configured services by trace name', (profile) => {
  const byName = new Map<string, string[]>();
  for (const service of profile.services.values()) {
    const name = xrayNameOf(service);
    byName.set(name, [...(byName.get(name) ?? []), service.name]);
  }
  return byName;
});

export function tracedService(profile: ProfileRuntime, traceName: string | null): TracedService {
  return { traceName, configured: traceName === null ? [] : (SERVICES_BY_TRACE_NAME.of(profile).get(traceName) ?? []) };
}

/** The caller's access to a trace of `profile` through services of these trace names; undefined: it may not read it. */
export function traceAccessOf(context: RequestContext, profile: ProfileRuntime, traceNames: Iterable<string | null>): TraceAccess | undefined {
  if (context.caller.mayReadEveryService(profile.name)) return EVERYTHING;
  return context.caller.traceAccess(profile.name, [...new Set(traceNames)].map((name) => tracedService(profile, name)));
}

/** Reduced to the call graph: service, name, kind, ids and parent, timing, flags, `inferred`, namespace and origin. */
function reduced(span: Span): VisibleSpan {
  return { ...span, http: null, sql: null, aws: null, annotations: null, metadata: null, exceptions: [], children: [], redacted: true };
}

const VISIBLE_TRACES = new Slot<RequestContext, WeakMap<LoadedTrace, VisibleTrace>>('traces as the request\'s caller sees them', () => new WeakMap());

/** A loaded trace as the request's caller sees it (worked out once per request and trace). */
export function visibleTrace(context: RequestContext, profile: ProfileRuntime, loaded: LoadedTrace): VisibleTrace {
  const memo = VISIBLE_TRACES.of(context);
  let view = memo.get(loaded);
  if (view) return view;
  const { parsed, overview } = loaded;
  const found = traceAccessOf(context, profile, parsed.spans.map((span) => span.service));
  if (found?.everything) {
    view = { access: found, spans: parsed.spans, rootSpans: parsed.rootSpans, http: overview.http, annotations: overview.annotations };
  } else {
    const access = found ?? NOTHING;
    const full = (span: Span): boolean => access.showsInFull(tracedService(profile, span.service));
    const copies = new Map<Span, VisibleSpan>(parsed.spans.map((span) => [span, full(span) ? { ...span, children: [] } : reduced(span)]));
    const copyOf = (span: Span): VisibleSpan => copies.get(span) ?? (full(span) ? { ...span, children: [] } : reduced(span));
    for (const [span, copy] of copies) copy.children = span.children.map(copyOf);
    const spans = parsed.spans.map(copyOf);
    const entry = parsed.spans.find((span) => span.id === overview.entrySpanId);
    view = {
      access: found,
      spans,
      rootSpans: parsed.rootSpans.map(copyOf),
      http: entry && full(entry) ? overview.http : null,
      annotations: annotationsOfSpans(spans.filter((span) => !span.redacted)),
    };
  }
  memo.set(loaded, view);
  return view;
}

/** Trace-level `http` and `annotations` of a listed trace's X-Ray summary, as the caller sees them (no spans needed). */
export function visibleSummaryFacts(context: RequestContext, profile: ProfileRuntime, summary: TraceSummary): Pick<TraceFacts, 'http' | 'annotations'> {
  const access = traceAccessOf(context, profile, summary.services) ?? NOTHING;
  if (access.everything) return { http: summary.http, annotations: summary.annotations };
  const full = (name: string | null): boolean => access.showsInFull(tracedService(profile, name));
  return {
    http: full(summary.entryService) ? summary.http : null,
    annotations: mergeAnnotationValues(summary.annotationValues.filter((value) => value.services.some(full))),
  };
}

/** The sources whose filter conditions hold on the service's own spans, as a FORBIDDEN message names them. */
const SERVICE_SCOPED_SOURCES = TRACE_SOURCE_NAMES.filter((name) => TRACE_SOURCES[name].filterConditionsHoldOn === 'service')
  .map((name) => `"${name}"`)
  .join(' or ');

/**
 * For a source whose http.* and annotation.* conditions hold on the whole trace (X-Ray: the entry
 * point's request, any segment's annotation; its entry's `filterConditionsHoldOn`): a caller that
 * sees other services' spans redacted could learn their URLs and annotations from which traces a
 * list returns, so it may not ask them there. (Sources whose conditions hold on the service's own
 * spans, such as aws/spans, need no check.)
 */
export function checkTraceFilterScope(context: RequestContext, service: ServiceDefinition, filter: TraceFilterSpec | null | undefined): void {
  const conditions = [
    filter?.httpStatus != null && 'httpStatus',
    filter?.httpMethod != null && 'httpMethod',
    filter?.urlContains != null && 'urlContains',
    (filter?.annotations?.length ?? 0) > 0 && 'annotations',
  ].filter((name): name is string => typeof name === 'string');
  if (conditions.length === 0) return;
  if (traceAccessOf(context, service.profile, [xrayNameOf(service)])?.everything) return;
  throw forbidden(
    `filter.${conditions[0]}: X-Ray matches ${conditions.join(', ')} on every service of a trace, and caller "${context.caller.name}" sees the spans of services outside its scope redacted (foreign_spans = "redacted"); filter on fault, error, throttle and durations, or use traces_source ${SERVICE_SCOPED_SOURCES}, where these conditions hold on the service's own spans`,
  );
}
