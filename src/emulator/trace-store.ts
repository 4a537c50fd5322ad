// In-memory X-Ray storage: segment documents grouped by trace, kept as the JSON strings that
// BatchGetTraces returns, with each trace's summary (what GetTraceSummaries answers) and its
// filter-expression view computed once per change.

import type { AnnotationScalar, FilterEdge, FilterServiceNode, FilterSubject } from './xray-filter-expression.ts';

type Json = Record<string, unknown>;

interface StoredSegment {
  id: string;
  document: string;
  parsed: Json;
  startTime: number;
}

interface ServiceId {
  Name: string;
  Names: string[];
  Type?: string;
  AccountId?: string;
}

/** A trace's precomputed view: the API summary plus what the time filters and filters need. */
export interface TraceRecord {
  id: string;
  /** Epoch seconds of the earliest segment start (the trace's start time). */
  startTime: number;
  /** Epoch seconds of the latest segment end (or start, for in-progress segments). */
  lastUpdateTime: number;
  /** Epoch seconds at which each segment ended (TimeRangeType Service). */
  segmentEndTimes: number[];
  duration: number;
  /** GetTraceSummaries' TraceSummary shape (timestamps as Date), without MatchedEventTime. */
  summary: Record<string, unknown>;
  subject: FilterSubject;
}

interface StoredTrace {
  id: string;
  segments: Map<string, StoredSegment>;
  /** Subsegments sent as their own documents, by id, embedded into their parent once it is known. */
  independent: Map<string, { parentId: string; doc: Json }>;
  revision: number;
  record: TraceRecord | undefined;
}

/** A segment or subsegment with the segment that owns it. */
interface TraceNode {
  doc: Json;
  owner: Json;
  isSegment: boolean;
}

export class TraceStore {
  readonly #traces = new Map<string, StoredTrace>();
  /** Trace records sorted by start time, rebuilt lazily after a change. */
  #byStart: TraceRecord[] | undefined;

  /**
   * Stores X-Ray segment documents (as PutTraceSegments would): grouped by trace_id; a document
   * with an id already stored replaces it (an in-progress segment being completed).
   */
  putSegments(documents: Array<Record<string, unknown>>): void {
    for (const document of documents) {
      const traceId = document['trace_id'];
      const id = document['id'];
      const name = document['name'];
      const startTime = document['start_time'];
      if (typeof traceId !== 'string' || typeof id !== 'string' || typeof name !== 'string' || typeof startTime !== 'number') {
        throw new TypeError(
          `segment documents need string trace_id, id and name and a numeric start_time: ${JSON.stringify(document).slice(0, 200)}`,
        );
      }
      let trace = this.#traces.get(traceId);
      if (trace === undefined) {
        trace = { id: traceId, segments: new Map(), independent: new Map(), revision: 0, record: undefined };
        this.#traces.set(traceId, trace);
      }
      if (document['type'] === 'subsegment') {
        // An independently sent subsegment: X-Ray embeds it in its parent's segment document.
        const parentId = document['parent_id'];
        if (typeof parentId !== 'string') throw new TypeError(`subsegment ${id} of trace ${traceId} needs a parent_id`);
        const embedded = structuredClone(document);
        delete embedded['type'];
        delete embedded['trace_id'];
        delete embedded['parent_id'];
        trace.independent.set(id, { parentId, doc: embedded });
      } else {
        trace.segments.set(id, { id, document: JSON.stringify(document), parsed: structuredClone(document), startTime });
      }
      placeIndependentSubsegments(trace);
      trace.revision++;
      trace.record = undefined;
    }
    if (documents.length > 0) this.#byStart = undefined;
  }

  has(traceId: string): boolean {
    return (this.#traces.get(traceId)?.segments.size ?? 0) > 0;
  }

  /** Traces with at least one segment. */
  get size(): number {
    return this.records().length;
  }

  /** BatchGetTraces' Trace shape, segments in start order; undefined for an unknown id. */
  getTrace(traceId: string): { Id: string; Duration: number; LimitExceeded: boolean; Segments: Array<{ Id: string; Document: string }> } | undefined {
    const trace = this.#traces.get(traceId);
    if (trace === undefined || trace.segments.size === 0) return undefined;
    const segments = [...trace.segments.values()].sort((a, b) => a.startTime - b.startTime);
    return {
      Id: trace.id,
      Duration: this.#record(trace).duration,
      LimitExceeded: false,
      Segments: segments.map((segment) => ({ Id: segment.id, Document: segment.document })),
    };
  }

  getRecord(traceId: string): TraceRecord | undefined {
    const trace = this.#traces.get(traceId);
    return trace === undefined || trace.segments.size === 0 ? undefined : this.#record(trace);
  }

  /** Every trace record, ascending by (start time, id). */
  records(): readonly TraceRecord[] {
    if (this.#byStart === undefined) {
      this.#byStart = [...this.#traces.values()]
        .filter((trace) => trace.segments.size > 0)
        .map((trace) => this.#record(trace))
        .sort((a, b) => a.startTime - b.startTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }
    return this.#byStart;
  }

  #record(trace: StoredTrace): TraceRecord {
    trace.record ??= buildRecord(trace);
    return trace.record;
  }
}

/**
 * Embeds each independently sent subsegment under its parent (a segment or another subsegment),
 * replacing an earlier copy with the same id; repeats while that makes nested parents findable.
 */
function placeIndependentSubsegments(trace: StoredTrace): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const [id, { parentId, doc }] of trace.independent) {
      for (const segment of trace.segments.values()) {
        const parent = findNode(segment.parsed, parentId);
        if (parent === undefined) continue;
        if (!Array.isArray(parent['subsegments'])) parent['subsegments'] = [];
        const children = parent['subsegments'] as unknown[];
        const index = children.findIndex((child) => isJson(child) && child['id'] === id);
        if (index >= 0 && children[index] === doc) break;
        if (index >= 0) children[index] = doc;
        else children.push(doc);
        segment.document = JSON.stringify(segment.parsed);
        changed = true;
        break;
      }
    }
  }
}

function findNode(doc: Json, id: string): Json | undefined {
  if (doc['id'] === id) return doc;
  const subsegments = doc['subsegments'];
  if (!Array.isArray(subsegments)) return undefined;
  for (const sub of subsegments) {
    const found = isJson(sub) ? findNode(sub, id) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

function buildRecord(trace: StoredTrace): TraceRecord {
  const segments = [...trace.segments.values()].sort((a, b) => a.startTime - b.startTime).map((s) => s.parsed);
  const nodes: TraceNode[] = [];
  for (const segment of segments) collectNodes(segment, segment, true, nodes);

  const root =
    segments.find((s) => s['parent_id'] === undefined && s['inferred'] !== true) ??
    segments.find((s) => s['inferred'] !== true) ??
    segments[0]!;
  const startTime = Math.min(...segments.map((s) => s['start_time'] as number));
  const segmentEndTimes = segments.map((s) => endTimeOf(s) ?? (s['start_time'] as number));
  const lastUpdateTime = Math.max(...segmentEndTimes);
  const duration = round(lastUpdateTime - startTime);
  const responseTime = elapsed(root);

  const serviceIds = collectServiceIds(segments, nodes);
  const nodeService = (owner: Json): ServiceId => serviceIdOf(owner);
  const annotations = collectAnnotations(nodes, nodeService);
  const users = collectUsers(segments);
  // As X-Ray's API reference says: HasFault and HasError when "the root segment document has a
  // 500/400 series error" (what the caller got: a downstream error the service handled does not
  // count, as the filter-expression guide says of `error`), HasThrottle when "one or more of the
  // segment documents has a 429 throttling error".
  const hasFault = root['fault'] === true;
  const hasError = root['error'] === true;
  const hasThrottle = nodes.some((n) => n.doc['throttle'] === true);
  const isPartial = segments.some((s) => s['in_progress'] === true);
  const http = httpOf(root);

  const summary: Record<string, unknown> = {
    Id: trace.id,
    StartTime: new Date(Math.round(startTime * 1000)),
    Duration: duration,
    ResponseTime: responseTime,
    HasFault: hasFault,
    HasError: hasError,
    HasThrottle: hasThrottle,
    IsPartial: isPartial,
    Http: http.api,
    Annotations: annotations.api,
    Users: users.map((u) => ({ UserName: u.name, ServiceIds: u.serviceIds })),
    ServiceIds: serviceIds.map((s) => s.id),
    ResourceARNs: distinct(segments.map((s) => s['resource_arn'])).map((arn) => ({ ARN: arn })),
    InstanceIds: distinct(segments.map((s) => nested(s, 'aws', 'ec2', 'instance_id'))).map((id) => ({ Id: id })),
    AvailabilityZones: distinct(segments.map((s) => nested(s, 'aws', 'ec2', 'availability_zone'))).map((name) => ({ Name: name })),
    EntryPoint: serviceIdOf(root),
    FaultRootCauses: rootCauses(segments, root, 'fault'),
    ErrorRootCauses: rootCauses(segments, root, 'error'),
    Revision: trace.revision,
  };

  const subject: FilterSubject = {
    fault: hasFault,
    error: hasError,
    throttle: hasThrottle,
    partial: isPartial,
    responseTime,
    duration,
    http: http.filter,
    users: users.map((u) => u.name),
    annotations: annotations.filter,
    services: serviceIds.map((s) => s.node),
    edges: collectEdges(segments, nodes),
  };
  return { id: trace.id, startTime, lastUpdateTime, segmentEndTimes, duration, summary, subject };
}

function collectNodes(doc: Json, owner: Json, isSegment: boolean, into: TraceNode[]): void {
  into.push({ doc, owner, isSegment });
  const subsegments = doc['subsegments'];
  if (!Array.isArray(subsegments)) return;
  for (const sub of subsegments) if (isJson(sub)) collectNodes(sub, owner, false, into);
}

/** A subsegment that calls another service (X-Ray shows it as an inferred node). */
function isDownstreamCall(node: TraceNode): boolean {
  return !node.isSegment && (node.doc['namespace'] === 'aws' || node.doc['namespace'] === 'remote');
}

function serviceIdOf(doc: Json): ServiceId {
  const name = String(doc['name']);
  const id: ServiceId = { Name: name, Names: [name] };
  const type = typeof doc['origin'] === 'string' ? doc['origin'] : downstreamType(doc);
  if (type !== undefined) id.Type = type;
  const account = stringAt(doc, 'aws', 'account_id');
  if (account !== undefined) id.AccountId = account;
  return id;
}

function downstreamType(doc: Json): string | undefined {
  if (doc['namespace'] === 'aws') return `AWS::${String(doc['name'])}`;
  if (doc['namespace'] === 'remote') return 'remote';
  return undefined;
}

/** One service per segment (inferred ones included), plus downstream calls with no segment of their own. */
function collectServiceIds(segments: Json[], nodes: TraceNode[]): Array<{ id: ServiceId; node: FilterServiceNode }> {
  const out: Array<{ id: ServiceId; node: FilterServiceNode }> = [];
  const seen = new Map<string, number>();
  const add = (doc: Json): void => {
    const id = serviceIdOf(doc);
    const key = `${id.Name}\u0000${id.Type ?? ''}`;
    const index = seen.get(key);
    if (index === undefined) {
      seen.set(key, out.length);
      out.push({ id, node: { name: id.Name, type: id.Type, subject: nodeSubject([doc]) } });
    } else {
      // Several segments of one service: the node's sub-filter sees all of them.
      const existing = out[index]!;
      existing.node = { ...existing.node, subject: mergeSubjects(existing.node.subject, nodeSubject([doc])) };
    }
  };
  for (const segment of segments) add(segment);
  const segmentNames = new Set(segments.map((s) => String(s['name'])));
  for (const node of nodes) {
    if (isDownstreamCall(node) && !segmentNames.has(String(node.doc['name']))) add(node.doc);
  }
  return out;
}

/** Caller -> callee pairs: a segment's parent subsegment's owner, and downstream subsegment calls. */
function collectEdges(segments: Json[], nodes: TraceNode[]): FilterEdge[] {
  const ownerOf = new Map<string, Json>();
  for (const node of nodes) ownerOf.set(String(node.doc['id']), node.owner);
  const edges: FilterEdge[] = [];
  for (const segment of segments) {
    const parentId = segment['parent_id'];
    const caller = typeof parentId === 'string' ? ownerOf.get(parentId) : undefined;
    if (caller !== undefined && caller !== segment) {
      edges.push({ from: String(caller['name']), to: String(segment['name']), subject: nodeSubject([segment]) });
    }
  }
  for (const node of nodes) {
    if (isDownstreamCall(node)) {
      edges.push({ from: String(node.owner['name']), to: String(node.doc['name']), subject: nodeSubject([node.doc]) });
    }
  }
  return edges;
}

/**
 * The filter view of one service node: its segments' own flags (`service("x") { fault }` "applies
 * to segments created by the service"; a subsegment's error is the callee's node's and the edge's,
 * as the service map counts it), the annotations of its segments and their subsegments.
 */
function nodeSubject(docs: Json[]): FilterSubject {
  const nodes: TraceNode[] = [];
  for (const doc of docs) collectNodes(doc, doc, true, nodes);
  const first = docs[0]!;
  const responseTime = elapsed(first);
  const annotations = collectAnnotations(nodes, serviceIdOf).filter;
  return {
    fault: docs.some((doc) => doc['fault'] === true),
    error: docs.some((doc) => doc['error'] === true),
    throttle: docs.some((doc) => doc['throttle'] === true),
    partial: docs.some((d) => d['in_progress'] === true),
    responseTime,
    duration: responseTime,
    http: httpOf(first).filter,
    users: docs.flatMap((d) => (typeof d['user'] === 'string' ? [d['user']] : [])),
    annotations,
    services: [],
    edges: [],
  };
}

function mergeSubjects(a: FilterSubject, b: FilterSubject): FilterSubject {
  const annotations = new Map(a.annotations);
  for (const [key, values] of b.annotations) annotations.set(key, [...(annotations.get(key) ?? []), ...values]);
  return {
    fault: a.fault || b.fault,
    error: a.error || b.error,
    throttle: a.throttle || b.throttle,
    partial: a.partial || b.partial,
    responseTime: maxDefined(a.responseTime, b.responseTime),
    duration: maxDefined(a.duration, b.duration),
    http: a.http.url !== undefined ? a.http : b.http,
    users: [...a.users, ...b.users],
    annotations,
    services: [],
    edges: [],
  };
}

function collectAnnotations(
  nodes: TraceNode[],
  serviceOf: (owner: Json) => ServiceId,
): { api: Record<string, Array<{ AnnotationValue: Record<string, AnnotationScalar>; ServiceIds: ServiceId[] }>>; filter: Map<string, AnnotationScalar[]> } {
  // Keys come from segment documents: a null-prototype map, so "__proto__" or "constructor" is just a key.
  const api: Record<string, Array<{ AnnotationValue: Record<string, AnnotationScalar>; ServiceIds: ServiceId[] }>> = Object.create(null);
  const filter = new Map<string, AnnotationScalar[]>();
  for (const node of nodes) {
    const annotations = node.doc['annotations'];
    if (!isJson(annotations)) continue;
    for (const [key, value] of Object.entries(annotations)) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
      const values = (api[key] ??= []);
      const service = serviceOf(node.owner);
      let entry = values.find((v) => Object.values(v.AnnotationValue)[0] === value);
      if (entry === undefined) {
        const annotationValue: Record<string, AnnotationScalar> =
          typeof value === 'string' ? { StringValue: value } : typeof value === 'number' ? { NumberValue: value } : { BooleanValue: value };
        entry = { AnnotationValue: annotationValue, ServiceIds: [] };
        values.push(entry);
        filter.set(key, [...(filter.get(key) ?? []), value]);
      }
      if (!entry.ServiceIds.some((s) => s.Name === service.Name && s.Type === service.Type)) entry.ServiceIds.push(service);
    }
  }
  return { api, filter };
}

function collectUsers(segments: Json[]): Array<{ name: string; serviceIds: ServiceId[] }> {
  const users: Array<{ name: string; serviceIds: ServiceId[] }> = [];
  for (const segment of segments) {
    const user = segment['user'];
    if (typeof user !== 'string') continue;
    const service = serviceIdOf(segment);
    const existing = users.find((u) => u.name === user);
    if (existing === undefined) users.push({ name: user, serviceIds: [service] });
    else if (!existing.serviceIds.some((s) => s.Name === service.Name)) existing.serviceIds.push(service);
  }
  return users;
}

function httpOf(doc: Json): { api: Record<string, unknown>; filter: FilterSubject['http'] } {
  const request = nested(doc, 'http', 'request') as Json | undefined;
  const response = nested(doc, 'http', 'response') as Json | undefined;
  const filter: FilterSubject['http'] = {};
  const api: Record<string, unknown> = {};
  const url = request?.['url'];
  const method = request?.['method'];
  const userAgent = request?.['user_agent'];
  const clientIp = request?.['client_ip'];
  const status = response?.['status'];
  if (typeof url === 'string') api['HttpURL'] = filter.url = url;
  if (typeof status === 'number') api['HttpStatus'] = filter.status = status;
  if (typeof method === 'string') api['HttpMethod'] = filter.method = method;
  if (typeof userAgent === 'string') api['UserAgent'] = filter.userAgent = userAgent;
  if (typeof clientIp === 'string') api['ClientIp'] = filter.clientIp = clientIp;
  return { api, filter };
}

/**
 * Root causes of a flag (fault or error): each flagged segment none of whose callees carries the
 * flag, with the path of flagged subsegments down to the deepest one and their exceptions.
 */
function rootCauses(segments: Json[], root: Json, flag: 'fault' | 'error'): unknown[] {
  const flagged = segments.filter((s) => s[flag] === true);
  if (flagged.length === 0) return [];
  const nodesOf = new Map<Json, Set<string>>();
  for (const segment of flagged) {
    const nodes: TraceNode[] = [];
    collectNodes(segment, segment, true, nodes);
    nodesOf.set(segment, new Set(nodes.map((n) => String(n.doc['id']))));
  }
  const causes = flagged.filter(
    (segment) => !flagged.some((other) => other !== segment && nodesOf.get(segment)!.has(String(other['parent_id']))),
  );
  return causes.map((segment) => {
    const path: unknown[] = [];
    let current: Json | undefined = segment;
    while (current !== undefined) {
      const exceptions = nested(current, 'cause', 'exceptions');
      path.push({
        Name: String(current['name']),
        Exceptions: Array.isArray(exceptions)
          ? exceptions.filter(isJson).map((e) => ({ Name: String(e['type'] ?? ''), Message: String(e['message'] ?? '') }))
          : [],
        Remote: Array.isArray(exceptions) && exceptions.some((e) => isJson(e) && e['remote'] === true),
      });
      const children: unknown[] = Array.isArray(current['subsegments']) ? current['subsegments'] : [];
      current = children.filter(isJson).find((child) => child[flag] === true);
    }
    const service = serviceIdOf(segment);
    return {
      Services: [{ ...service, EntityPath: path, Inferred: segment['inferred'] === true }],
      ClientImpacting: root[flag] === true,
    };
  });
}

function endTimeOf(doc: Json): number | undefined {
  const end = doc['end_time'];
  return typeof end === 'number' ? end : undefined;
}

function elapsed(doc: Json): number | undefined {
  const end = endTimeOf(doc);
  return end === undefined ? undefined : round(end - (doc['start_time'] as number));
}

/** Seconds with millisecond precision, as X-Ray reports durations. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

function nested(doc: Json, ...path: string[]): unknown {
  let current: unknown = doc;
  for (const key of path) {
    if (!isJson(current)) return undefined;
    current = current[key];
  }
  return current;
}

function stringAt(doc: Json, ...path: string[]): string | undefined {
  const value = nested(doc, ...path);
  return typeof value === 'string' ? value : undefined;
}

function distinct(values: unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string'))];
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
