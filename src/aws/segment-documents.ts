// X-Ray segment documents (the JSON strings BatchGetTraces returns) to spans that keep X-Ray's
// own tree: a subsegment's parent is the (sub)segment it is nested in; a segment's (or a
// separately sent subsegment's) parent is its `parent_id`, which for a downstream service's
// segment or an inferred segment is the id of the calling subsegment. Pure: no SDK, no GraphQL.
import type { TraceFacts } from './trace-summaries.ts';

export interface SpanHttp {
  method: string | null;
  url: string | null;
  status: number | null;
  userAgent: string | null;
  clientIp: string | null;
  contentLength: number | null;
}

export interface SpanStackFrame {
  path: string | null;
  line: number | null;
  label: string | null;
}

export interface SpanException {
  id: string | null;
  type: string | null;
  message: string | null;
  remote: boolean;
  stack: SpanStackFrame[];
}

export type SpanKind = 'segment' | 'subsegment';

export interface Span {
  id: string;
  parentId: string | null;
  traceId: string;
  /** The segment document this span came from (its own id for segments). */
  segmentId: string;
  kind: SpanKind;
  /** A segment X-Ray inferred for a downstream resource (DynamoDB table, S3 bucket, ...). */
  inferred: boolean;
  name: string;
  /**
   * The service whose work the span records: a segment's own name; a subsegment's segment's; for an
   * inferred segment, the service that made the call it was inferred from (its parent's). Null when
   * the trace does not say (a subsegment or inferred segment whose parent has not arrived).
   */
  service: string | null;
  namespace: string | null;
  origin: string | null;
  /** Epoch ms (microsecond precision). */
  startTime: number;
  endTime: number | null;
  durationMs: number | null;
  inProgress: boolean;
  error: boolean;
  fault: boolean;
  throttle: boolean;
  http: SpanHttp | null;
  sql: Record<string, unknown> | null;
  aws: Record<string, unknown> | null;
  annotations: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  exceptions: SpanException[];
  children: Span[];
}

export interface ParsedTrace {
  traceId: string;
  /** Every span (segments and subsegments), in start order. */
  spans: Span[];
  /** Spans without a parent in this trace, in start order, each with its `children`. */
  rootSpans: Span[];
  /** Segment documents that were not valid JSON objects (skipped). */
  unreadableDocuments: number;
}

const XRAY_TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const W3C_TRACE_ID = /^[0-9a-f]{32}$/;

/**
 * X-Ray's `1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx` form of a trace id given in that form or as a
 * W3C (OpenTelemetry) 32-hex id; undefined when `input` is neither.
 */
export function normalizeTraceId(input: string): string | undefined {
  const id = input.trim().toLowerCase();
  if (XRAY_TRACE_ID.test(id)) return id;
  if (W3C_TRACE_ID.test(id)) return `1-${id.slice(0, 8)}-${id.slice(8)}`;
  return undefined;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const obj = (value: unknown): Json | null => (isObject(value) ? value : null);
/** X-Ray's epoch seconds -> epoch ms, rounded to the microsecond (no binary-fraction noise). */
const toMs = (seconds: number): number => Math.round(seconds * 1e6) / 1e3;

function httpOf(doc: Json): SpanHttp | null {
  const http = obj(doc['http']);
  if (!http) return null;
  const request = obj(http['request']) ?? {};
  const response = obj(http['response']) ?? {};
  return {
    method: str(request['method']),
    url: str(request['url']),
    status: num(response['status']),
    userAgent: str(request['user_agent']),
    clientIp: str(request['client_ip']),
    contentLength: num(response['content_length']),
  };
}

function exceptionsOf(doc: Json): SpanException[] {
  // `cause` is either an object with the exceptions or, when they live in another (sub)segment, the
  // 16-hex id of that exception: nothing to show here then.
  const cause = obj(doc['cause']);
  const list = cause && Array.isArray(cause['exceptions']) ? cause['exceptions'] : [];
  return list.filter(isObject).map((exception) => ({
    id: str(exception['id']),
    type: str(exception['type']),
    message: str(exception['message']),
    remote: exception['remote'] === true,
    stack: (Array.isArray(exception['stack']) ? exception['stack'] : []).filter(isObject).map((frame) => ({
      path: str(frame['path']),
      line: num(frame['line']),
      label: str(frame['label']),
    })),
  }));
}

interface Ordered {
  span: Span;
  order: number;
}

function toSpan(doc: Json, traceId: string, parentId: string | null, segmentId: string, kind: SpanKind): Span | undefined {
  const id = str(doc['id']);
  const start = num(doc['start_time']);
  if (id === null || start === null) return undefined;
  const end = num(doc['end_time']);
  const inProgress = doc['in_progress'] === true || end === null;
  return {
    id,
    parentId,
    traceId,
    segmentId,
    kind,
    inferred: doc['inferred'] === true,
    name: str(doc['name']) ?? '',
    service: null,
    namespace: str(doc['namespace']),
    origin: str(doc['origin']),
    startTime: toMs(start),
    endTime: end === null ? null : toMs(end),
    durationMs: end === null ? null : Math.round((end - start) * 1e6) / 1e3,
    inProgress,
    error: doc['error'] === true,
    fault: doc['fault'] === true,
    throttle: doc['throttle'] === true,
    http: httpOf(doc),
    sql: obj(doc['sql']),
    aws: obj(doc['aws']),
    annotations: obj(doc['annotations']),
    metadata: obj(doc['metadata']),
    exceptions: exceptionsOf(doc),
    children: [],
  };
}

const byStart = (a: Ordered, b: Ordered): number => a.span.startTime - b.span.startTime || a.order - b.order;

/**
 * The span tree of one trace from its segments (`{ Id, Document }` as BatchGetTraces returns
 * them). A span whose parent is not in the trace (an untraced caller, a segment not yet arrived)
 * is a root that keeps its `parentId`.
 */
export function parseTraceDocuments(traceId: string, segments: ReadonlyArray<{ Id?: string | undefined; Document?: string | undefined }>): ParsedTrace {
  const byId = new Map<string, Ordered>();
  let order = 0;
  let unreadableDocuments = 0;

  const add = (doc: Json, parentId: string | null, segmentId: string, kind: SpanKind): void => {
    const span = toSpan(doc, traceId, parentId, segmentId, kind);
    if (!span) return;
    const existing = byId.get(span.id);
    // The same (sub)segment twice (embedded and sent on its own, or resent on completion): keep the
    // completed one, else the first.
    if (!existing || (existing.span.inProgress && !span.inProgress)) byId.set(span.id, { span, order: existing?.order ?? order++ });
    const nested = Array.isArray(doc['subsegments']) ? doc['subsegments'] : [];
    for (const child of nested) if (isObject(child)) add(child, span.id, segmentId, 'subsegment');
  };

  for (const segment of segments) {
    let doc: unknown;
    try {
      doc = JSON.parse(segment.Document ?? '');
    } catch {
      doc = undefined;
    }
    if (!isObject(doc)) {
      unreadableDocuments++;
      continue;
    }
    const kind: SpanKind = doc['type'] === 'subsegment' ? 'subsegment' : 'segment';
    const id = str(doc['id']) ?? segment.Id ?? '';
    // A separately sent subsegment belongs to the segment named by its parent chain; its own
    // document only names its parent, so record that parent as its segment until linked.
    add(doc, str(doc['parent_id']), kind === 'segment' ? id : (str(doc['parent_id']) ?? id), kind);
  }

  const ordered = [...byId.values()].sort(byStart);
  const roots: Ordered[] = [];
  const childrenOf = new Map<string, Ordered[]>();
  for (const entry of ordered) {
    const parentId = entry.span.parentId;
    if (parentId !== null && parentId !== entry.span.id && byId.has(parentId)) {
      const siblings = childrenOf.get(parentId) ?? [];
      siblings.push(entry);
      childrenOf.set(parentId, siblings);
    } else {
      roots.push(entry);
    }
  }

  // Walk from the roots; anything unreachable sits on a parent_id cycle (a corrupt trace): the
  // earliest span of each cycle becomes a root so that every span is in the tree exactly once.
  const depth = new Map<string, number>();
  const walk = (entry: Ordered, level: number): void => {
    depth.set(entry.span.id, level);
    const children = (childrenOf.get(entry.span.id) ?? []).filter((child) => !depth.has(child.span.id));
    entry.span.children = children.map((child) => child.span);
    for (const child of children) walk(child, level + 1);
  };
  for (const root of roots) walk(root, 0);
  for (const entry of ordered) {
    if (depth.has(entry.span.id)) continue;
    roots.push(entry);
    walk(entry, 0);
  }
  // Start order; a parent before a child that starts at the same instant (an inferred segment
  // starts with the subsegment it was inferred from).
  const flat = [...ordered].sort((a, b) => a.span.startTime - b.span.startTime || depth.get(a.span.id)! - depth.get(b.span.id)! || a.order - b.order);

  // Separately sent subsegments: their segment is the nearest segment above them.
  for (const entry of ordered) {
    if (entry.span.kind === 'segment') continue;
    let parent = entry.span.parentId === null ? undefined : byId.get(entry.span.parentId);
    const seen = new Set<string>();
    while (parent && parent.span.kind !== 'segment' && !seen.has(parent.span.id)) {
      seen.add(parent.span.id);
      parent = parent.span.parentId === null ? undefined : byId.get(parent.span.parentId);
    }
    if (parent && parent.span.kind === 'segment') entry.span.segmentId = parent.span.id;
  }

  // Whose work each span is: a segment's own; a subsegment's segment's; an inferred segment's caller's.
  const resolving = new Set<string>();
  const serviceOf = (span: Span): string | null => {
    if (span.kind === 'segment' && !span.inferred) return span.name || null;
    if (resolving.has(span.id)) return null;
    resolving.add(span.id);
    const owner = span.kind === 'segment' ? span.parentId : span.segmentId;
    const next = owner === null || owner === span.id ? undefined : byId.get(owner)?.span;
    span.service = next ? serviceOf(next) : null;
    resolving.delete(span.id);
    return span.service;
  };
  for (const entry of ordered) entry.span.service = serviceOf(entry.span);

  return {
    traceId,
    spans: flat.map((entry) => entry.span),
    rootSpans: roots.sort(byStart).map((entry) => entry.span),
    unreadableDocuments,
  };
}

/** TraceFacts worked out from the spans: the earliest root segment is the entry; services in start order. */
export interface TraceOverview extends TraceFacts {
  http: SpanHttp | null;
  /** The span whose HTTP and response time are the trace's (its entry point); null without spans. */
  entrySpanId: string | null;
}

/**
 * The span a trace's summary speaks for (X-Ray's root segment): the earliest segment with no parent
 * at all, else the earliest segment whose parent is not in the trace, else the earliest root.
 */
export function traceEntrySpan(trace: ParsedTrace): Span | undefined {
  const roots = trace.rootSpans.filter((span) => !span.inferred);
  return roots.find((span) => span.kind === 'segment' && span.parentId === null) ?? roots.find((span) => span.kind === 'segment') ?? trace.rootSpans[0];
}

/** What GetTraceSummaries would have said about a trace, worked out from its spans. */
export function traceOverview(trace: ParsedTrace): TraceOverview {
  const segments = trace.spans.filter((span) => span.kind === 'segment');
  return overviewOfSpans(trace, { entry: traceEntrySpan(trace), services: [...new Set(segments.map((span) => span.name))] });
}

/**
 * The overview every trace source shares: the time from the first span's start to the last span's
 * end, the entry span's response time and HTTP, and every annotation value of every span. The
 * flags are X-Ray's trace summary's: HasFault and HasError are the root segment's own (what the
 * caller got: a downstream fault the service handled does not make the trace faulty), HasThrottle
 * is any span's (AWS: "One or more of the segment documents has a 429 throttling error").
 */
export function overviewOfSpans(trace: ParsedTrace, parts: { entry: Span | undefined; services: string[] }): TraceOverview {
  let start: number | null = null;
  let end: number | null = null;
  for (const span of trace.spans) {
    if (start === null || span.startTime < start) start = span.startTime;
    if (span.endTime !== null && (end === null || span.endTime > end)) end = span.endTime;
  }
  return {
    startTime: start,
    durationMs: start === null || end === null ? null : Math.round((end - start) * 1e3) / 1e3,
    responseTimeMs: parts.entry?.durationMs ?? null,
    hasError: parts.entry?.error ?? false,
    hasFault: parts.entry?.fault ?? false,
    hasThrottle: trace.spans.some((span) => span.throttle),
    http: parts.entry?.http ?? null,
    services: parts.services,
    annotations: annotationsOfSpans(trace.spans),
    entrySpanId: parts.entry?.id ?? null,
  };
}

/** Every annotation value of `spans`: key -> value, or the list of distinct values when spans differ; null when none. */
export function annotationsOfSpans(spans: readonly Span[]): Record<string, unknown> | null {
  const annotations = new Map<string, unknown[]>();
  for (const span of spans) {
    for (const [key, value] of Object.entries(span.annotations ?? {})) {
      const values = annotations.get(key) ?? [];
      if (!values.some((known) => known === value)) values.push(value);
      annotations.set(key, values);
    }
  }
  return annotations.size === 0 ? null : Object.fromEntries([...annotations].map(([key, values]) => [key, values.length === 1 ? values[0] : values]));
}
