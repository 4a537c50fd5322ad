// OpenTelemetry span records as CloudWatch Transaction Search stores them in the `aws/spans` log
// group (one JSON object per span, OpenTelemetry semantic conventions, W3C ids), parsed into the
// same Span / ParsedTrace / TraceOverview shapes as X-Ray's segment documents:
//   { resource: { attributes: { "service.name", "cloud.platform", ... } }, scope: { name, version },
//     traceId (32 hex), spanId (16 hex), parentSpanId, name, kind ("SERVER", "CLIENT", ...),
//     startTimeUnixNano, endTimeUnixNano, durationNano, status: { code: "UNSET"|"OK"|"ERROR", message },
//     attributes: { "aws.local.service", "aws.remote.service", "http.request.method", ... },
//     events: [ { name: "exception", timeUnixNano, attributes: { "exception.type", ... } } ] }
// Attribute keys are flat dotted keys ("http.response.status_code"), as the OTLP exporters write them.
// Pure: no SDK, no GraphQL.
import { parseExceptionStacktrace } from './exception-stacktrace.ts';
import { normalizeTraceId, overviewOfSpans, traceEntrySpan, type ParsedTrace, type Span, type SpanException, type SpanHttp, type TraceOverview } from './segment-documents.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
/** Numbers arrive as JSON numbers or (int64 in OTLP/JSON) as decimal strings. */
const num = (value: unknown): number | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return null;
};

/** A trace id as the 32 hex digits `aws/spans` stores (from an X-Ray or W3C id); undefined when neither. */
export function toW3cTraceId(id: string): string | undefined {
  const xray = normalizeTraceId(id);
  return xray === undefined ? undefined : xray.slice(2, 10) + xray.slice(11);
}

/** OpenTelemetry span kinds; X-Ray's segment is a span that serves a request (SERVER, CONSUMER) or starts the trace. */
export type OtelSpanKind = 'SERVER' | 'CLIENT' | 'INTERNAL' | 'PRODUCER' | 'CONSUMER' | 'UNSPECIFIED';

function spanKindOf(value: unknown): OtelSpanKind {
  const text = typeof value === 'string' ? value.toUpperCase().replace(/^SPAN_KIND_/, '') : typeof value === 'number' ? ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'][value] : undefined;
  return (['SERVER', 'CLIENT', 'INTERNAL', 'PRODUCER', 'CONSUMER'] as const).find((kind) => kind === text) ?? 'UNSPECIFIED';
}

function statusCodeOf(status: unknown): 'UNSET' | 'OK' | 'ERROR' {
  const code = isObject(status) ? status['code'] : undefined;
  const text = typeof code === 'string' ? code.toUpperCase().replace(/^STATUS_CODE_/, '') : typeof code === 'number' ? ['UNSET', 'OK', 'ERROR'][code] : undefined;
  return text === 'OK' || text === 'ERROR' ? text : 'UNSET';
}

/**
 * AWS error codes that mean "throttled" (X-Ray's `throttle`), besides HTTP 429. SDKs name the
 * exception with its package (`botocore.errorfactory.ThrottlingException`,
 * `software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException`,
 * `com.amazonaws.AmazonServiceException$ThrottlingException`, Go's `*types.ThrottlingException`):
 * the last component of the name is the code.
 */
export const AWS_THROTTLING_ERRORS = [
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
] as const;
const THROTTLING = new Set<string>(AWS_THROTTLING_ERRORS);
/** What separates the components of an exception type's name (packages, nested classes, Go's pointer mark). */
const TYPE_NAME_SEPARATORS = /[.$/:\\*]+/;

/** The last component of an exception type's name: "botocore.errorfactory.ThrottlingException" -> "ThrottlingException". */
export function exceptionTypeName(type: string): string {
  return type.split(TYPE_NAME_SEPARATORS).filter((part) => part !== '').at(-1) ?? type;
}

/** Whether an exception type (bare or qualified) is an AWS throttling error. */
export function isThrottlingException(type: string | null): boolean {
  return type !== null && THROTTLING.has(exceptionTypeName(type));
}

/**
 * The regular expression (RE2 and Java syntax) that finds a throttling exception type anywhere in a
 * span record's JSON text: `"exception.type":"<anything ending in a separator><code>"`, the same
 * test as isThrottlingException on every exception event (and an `exception.type` attribute).
 */
export const THROTTLED_EXCEPTION_REGEX = `"exception\\.type":\\s*"([^"]*[.$/:*\\\\])?(${AWS_THROTTLING_ERRORS.join('|')})"`;
/** THROTTLED_EXCEPTION_REGEX for Logs Insights' `parse`: the code in the one (named) group `throttledCode`. */
export const THROTTLED_EXCEPTION_PARSE_REGEX = `"exception\\.type":\\s*"(?:[^"]*[.$/:*\\\\])?(?<throttledCode>${AWS_THROTTLING_ERRORS.join('|')})"`;

/** Old and current HTTP semantic-convention names of each fact (both are in use), preferred first. */
export const HTTP_ATTRIBUTES = {
  method: ['http.request.method', 'http.method'],
  status: ['http.response.status_code', 'http.status_code'],
  url: ['url.full', 'http.url'],
  path: ['url.path', 'http.target', 'http.route'],
  userAgent: ['user_agent.original', 'http.user_agent'],
  contentLength: ['http.response.body.size', 'http.response_content_length'],
} as const;

/**
 * Where a server span names its caller, as X-Ray's `client_ip` (the original client, from
 * X-Forwarded-For when a proxy is in between, else the connection's peer): the current
 * `client.address`, the old `http.client_ip`, the forwarded-for header when the instrumentation
 * captures it, then the peer's address (current, then older names). Only read on server/consumer
 * spans: on a client span the peer is the server called.
 */
export const CLIENT_ADDRESS_ATTRIBUTES = ['client.address', 'http.client_ip', 'http.request.header.x-forwarded-for', 'network.peer.address', 'net.sock.peer.addr', 'net.peer.ip'] as const;

/** The first address of an X-Forwarded-For value (a string, or the list of header values OTel records). */
function firstForwardedAddress(value: unknown): string | null {
  const header = Array.isArray(value) ? value.find((item) => typeof item === 'string') : value;
  if (typeof header !== 'string') return null;
  return str(header.split(',')[0]?.trim());
}

function httpOf(attributes: Json, used: Set<string>, serverSide: boolean): SpanHttp | null {
  // The first of `keys` present; only the key read is marked used (the others stay in metadata).
  const pick = (keys: readonly string[]): unknown => {
    for (const key of keys) {
      if (attributes[key] === undefined || attributes[key] === null) continue;
      used.add(key);
      return attributes[key];
    }
    return undefined;
  };
  const method = str(pick(HTTP_ATTRIBUTES.method));
  const status = num(pick(HTTP_ATTRIBUTES.status));
  let url = str(pick(HTTP_ATTRIBUTES.url));
  if (url === null) {
    const path = str(pick(HTTP_ATTRIBUTES.path));
    if (path !== null) {
      const host = str(attributes['server.address'] ?? attributes['http.host'] ?? attributes[serverSide ? 'net.host.name' : 'net.peer.name']);
      const scheme = str(attributes['url.scheme'] ?? attributes['http.scheme']) ?? 'https';
      url = host ? `${scheme}://${host}${path}` : path;
    }
  }
  const userAgent = str(pick(HTTP_ATTRIBUTES.userAgent));
  let clientIp: string | null = null;
  if (serverSide) {
    for (const key of CLIENT_ADDRESS_ATTRIBUTES) {
      const value = key === 'http.request.header.x-forwarded-for' ? firstForwardedAddress(attributes[key]) : str(attributes[key]);
      if (value === null) continue;
      used.add(key);
      clientIp = value;
      break;
    }
  }
  const contentLength = num(pick(HTTP_ATTRIBUTES.contentLength));
  if (method === null && status === null && url === null) return null;
  return { method, url, status, userAgent, clientIp, contentLength };
}

/** db.* attributes under X-Ray's `sql` names (database_type, sanitized_query, ...). */
function sqlOf(attributes: Json, used: Set<string>): Record<string, unknown> | null {
  const system = str(attributes['db.system'] ?? attributes['db.system.name']);
  if (system === null) return null;
  const sql: Record<string, unknown> = { database_type: system };
  const map: Array<[string, string]> = [
    ['db.name', 'database'],
    ['db.namespace', 'database'],
    ['db.user', 'user'],
    ['db.connection_string', 'url'],
    ['db.statement', 'sanitized_query'],
    ['db.query.text', 'sanitized_query'],
    ['db.operation', 'operation'],
    ['db.operation.name', 'operation'],
    ['server.address', 'host'],
  ];
  for (const key of ['db.system', 'db.system.name']) if (attributes[key] !== undefined) used.add(key);
  for (const [key, name] of map) {
    if (attributes[key] === undefined) continue;
    used.add(key);
    sql[name] ??= attributes[key];
  }
  return sql;
}

/** AWS SDK call facts (rpc.* for aws-api, aws.*) under X-Ray's `aws` names; the Application Signals remote fields too. */
function awsOf(attributes: Json, used: Set<string>): Record<string, unknown> | null {
  const aws: Record<string, unknown> = {};
  const take = (key: string, name: string, value: unknown = attributes[key]): void => {
    if (value === undefined || value === null) return;
    used.add(key);
    aws[name] ??= value;
  };
  if (attributes['rpc.system'] === 'aws-api') {
    used.add('rpc.system');
    take('rpc.method', 'operation');
    take('rpc.service', 'service');
  }
  take('aws.request_id', 'request_id');
  take('aws.request.id', 'request_id');
  take('aws.requestId', 'request_id');
  take('aws.region', 'region');
  // X-Ray's table_name holds one table; a call on several (BatchGetItem) keeps its list in metadata.
  const tables = attributes['aws.dynamodb.table_names'];
  if (Array.isArray(tables) && tables.length === 1) take('aws.dynamodb.table_names', 'table_name', tables[0]);
  take('aws.table.name', 'table_name');
  take('aws.s3.bucket', 'bucket_name');
  take('aws.sqs.queue_url', 'queue_url');
  take('aws.sqs.queue.url', 'queue_url');
  take('aws.lambda.function.name', 'function_name');
  take('aws.remote.service', 'remote_service');
  take('aws.remote.operation', 'remote_operation');
  take('aws.remote.resource.type', 'remote_resource_type');
  take('aws.remote.resource.identifier', 'remote_resource_identifier');
  return Object.keys(aws).length === 0 ? null : aws;
}

/** The mapped attributes of an `exception` event (the rest stay in metadata). */
const EXCEPTION_ATTRIBUTES = new Set(['exception.type', 'exception.message', 'exception.stacktrace']);

/**
 * Span events named "exception" (OpenTelemetry's recordException) as X-Ray-style exceptions, each
 * with its stack innermost first and the causes its stack trace chains (exception-stacktrace.ts).
 */
function exceptionsOf(events: unknown, spanId: string, remote: boolean, sdkLanguage: unknown): SpanException[] {
  if (!Array.isArray(events)) return [];
  const out: SpanException[] = [];
  for (const event of events) {
    if (!isObject(event) || event['name'] !== 'exception') continue;
    const attributes = isObject(event['attributes']) ? event['attributes'] : {};
    const type = str(attributes['exception.type']);
    const message = str(attributes['exception.message']);
    const stacktrace = str(attributes['exception.stacktrace']);
    const parsed = stacktrace === null ? [{ type, message, stack: [] }] : parseExceptionStacktrace(stacktrace, { type, message, sdkLanguage });
    for (const exception of parsed) {
      out.push({ id: out.length === 0 ? spanId : `${spanId}-${out.length}`, type: exception.type, message: exception.message, remote, stack: exception.stack });
    }
  }
  return out;
}

/** Every event as recorded, less what `exceptions` already shows (an exception's type, message and stack trace). */
function unmappedEvents(events: unknown): unknown[] {
  if (!Array.isArray(events)) return [];
  return events.map((event) => {
    if (!isObject(event) || event['name'] !== 'exception' || !isObject(event['attributes'])) return event;
    const rest = Object.fromEntries(Object.entries(event['attributes']).filter(([key]) => !EXCEPTION_ATTRIBUTES.has(key)));
    const { attributes: _mapped, ...others } = event;
    return Object.keys(rest).length === 0 ? others : { ...others, attributes: rest };
  });
}

/** X-Ray's resource type for the platform a span's resource says it ran on. */
function originOf(resource: Json): string | null {
  switch (resource['cloud.platform']) {
    case 'aws_ecs':
      return 'AWS::ECS::Container';
    case 'aws_eks':
      return 'AWS::EKS::Container';
    case 'aws_lambda':
      return 'AWS::Lambda::Function';
    case 'aws_ec2':
      return 'AWS::EC2::Instance';
    case 'aws_elastic_beanstalk':
      return 'AWS::ElasticBeanstalk::Environment';
    default:
      return null;
  }
}

/** A span record with what the gateway reads of it; undefined when it is not a span. */
export interface SpanRecord {
  span: Span;
  otelKind: OtelSpanKind;
  /** The service that recorded the span (aws.local.service, else resource service.name). */
  service: string | null;
  /** What a CLIENT/PRODUCER span called (Application Signals' aws.remote.*). */
  remote: { service: string; operation: string | null; resourceType: string | null; resourceIdentifier: string | null } | null;
  /** Set for spans that start a trace or serve a request. */
  entry: boolean;
}

/**
 * The fault/error/throttle flags of a span, as AWS's OpenTelemetry -> X-Ray conversion sets a
 * segment's: 5xx is a fault; 4xx an error (429 also a throttle); otherwise an ERROR status is a
 * fault. A remote call (client/producer span) that failed with an AWS throttling exception is
 * throttled too (an error, unless its status is 5xx); a server span that failed because of one is
 * a fault like any failure of the service itself (X-Ray flags the throttled call, not its caller).
 */
export function spanFlags(
  status: number | null,
  statusCode: 'UNSET' | 'OK' | 'ERROR',
  exceptionTypes: ReadonlyArray<string | null>,
  remoteCall: boolean,
): { error: boolean; fault: boolean; throttle: boolean } {
  if (status !== null && status >= 500) return { error: false, fault: true, throttle: false };
  const throttle = status === 429 || (remoteCall && exceptionTypes.some(isThrottlingException));
  if ((status !== null && status >= 400) || throttle) return { error: true, fault: false, throttle };
  return { error: false, fault: statusCode === 'ERROR', throttle: false };
}

/** Record keys read into the span's own fields; any other key stays in metadata.otel. */
const RECORD_KEYS = new Set(['resource', 'scope', 'traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'startTimeUnixNano', 'endTimeUnixNano', 'durationNano', 'status', 'attributes', 'events']);
/** Attributes read into metadata.otel (service, operation) or annotations (the list of their keys). */
const RESERVED_ATTRIBUTES = new Set(['aws.local.service', 'aws.local.operation', 'aws.xray.annotations']);

/** Parses one `aws/spans` record (the JSON object or its text). */
export function parseSpanRecord(input: string | Json): SpanRecord | undefined {
  let record: unknown = input;
  if (typeof input === 'string') {
    try {
      record = JSON.parse(input);
    } catch {
      return undefined;
    }
  }
  if (!isObject(record)) return undefined;
  const traceHex = str(record['traceId'])?.toLowerCase();
  const spanId = str(record['spanId'])?.toLowerCase();
  const traceId = traceHex === undefined ? undefined : normalizeTraceId(traceHex);
  const startNano = num(record['startTimeUnixNano']);
  if (!traceId || !spanId || startNano === null) return undefined;
  const endNano = num(record['endTimeUnixNano']);
  const durationNano = num(record['durationNano']) ?? (endNano === null ? null : endNano - startNano);
  const attributes = isObject(record['attributes']) ? record['attributes'] : {};
  const resource = isObject(record['resource']) && isObject(record['resource']['attributes']) ? record['resource']['attributes'] : {};
  const otelKind = spanKindOf(record['kind']);
  const statusCode = statusCodeOf(record['status']);
  const parentSpanId = str(record['parentSpanId'])?.toLowerCase() ?? null;
  const entry = otelKind === 'SERVER' || otelKind === 'CONSUMER' || parentSpanId === null || attributes['aws.span.kind'] === 'LOCAL_ROOT';
  const remoteCall = otelKind === 'CLIENT' || otelKind === 'PRODUCER';
  const used = new Set<string>();
  const http = httpOf(attributes, used, entry && !remoteCall);
  const sql = sqlOf(attributes, used);
  const aws = awsOf(attributes, used);
  const remoteService = str(attributes['aws.remote.service']);
  const exceptions = exceptionsOf(record['events'], spanId, remoteCall, resource['telemetry.sdk.language']);
  // The raised exceptions' types (not their causes'), and an exception.type set as a span attribute.
  const raisedTypes = Array.isArray(record['events'])
    ? record['events'].filter((event): event is Json => isObject(event) && event['name'] === 'exception' && isObject(event['attributes'])).map((event) => str((event['attributes'] as Json)['exception.type']))
    : [];
  const flags = spanFlags(http?.status ?? null, statusCode, [...raisedTypes, str(attributes['exception.type'])], remoteCall);
  // X-Ray-indexed annotations: the attributes the ADOT SDK lists in aws.xray.annotations.
  const annotationKeys = Array.isArray(attributes['aws.xray.annotations']) ? attributes['aws.xray.annotations'].filter((key): key is string => typeof key === 'string') : [];
  // Keys come from the record: own keys only, and objects built with fromEntries (a "__proto__"
  // attribute stays an attribute; an assignment would set the object's prototype).
  const annotationEntries: Array<[string, unknown]> = [];
  for (const key of new Set(annotationKeys)) {
    if (!Object.hasOwn(attributes, key) || attributes[key] === undefined) continue;
    annotationEntries.push([key, attributes[key]]);
    used.add(key);
  }
  const annotations: Record<string, unknown> = Object.fromEntries(annotationEntries);
  const rest: Record<string, unknown> = Object.fromEntries(Object.entries(attributes).filter(([key]) => !used.has(key) && !RESERVED_ATTRIBUTES.has(key)));
  const service = str(attributes['aws.local.service']) ?? str(resource['service.name']);
  const startMs = Math.round(startNano / 1e3) / 1e3;
  const statusMessage = isObject(record['status']) ? str(record['status']['message']) : null;
  const metadata: Record<string, unknown> = {
    otel: {
      kind: otelKind,
      status: statusMessage === null ? { code: statusCode } : { code: statusCode, message: statusMessage },
      ...(service !== null ? { service } : {}),
      ...(str(attributes['aws.local.operation']) !== null ? { operation: attributes['aws.local.operation'] } : {}),
      ...(isObject(record['scope']) ? { scope: record['scope'] } : {}),
      ...Object.fromEntries(Object.entries(record).filter(([key]) => !RECORD_KEYS.has(key))),
    },
  };
  const events = unmappedEvents(record['events']);
  if (events.length > 0) (metadata['otel'] as Json)['events'] = events;
  if (Object.keys(rest).length > 0) metadata['attributes'] = rest;
  if (Object.keys(resource).length > 0) metadata['resource'] = resource;
  const span: Span = {
    id: spanId,
    parentId: parentSpanId,
    traceId,
    segmentId: spanId,
    kind: entry ? 'segment' : 'subsegment',
    inferred: false,
    name: str(record['name']) ?? '',
    service,
    namespace: otelKind === 'CLIENT' || otelKind === 'PRODUCER' ? (attributes['rpc.system'] === 'aws-api' || remoteService?.startsWith('AWS::') ? 'aws' : 'remote') : null,
    origin: entry ? originOf(resource) : null,
    startTime: startMs,
    endTime: durationNano === null ? null : Math.round((startNano + durationNano) / 1e3) / 1e3,
    durationMs: durationNano === null ? null : Math.round(durationNano / 1e3) / 1e3,
    inProgress: false,
    ...flags,
    http,
    sql,
    aws,
    annotations: Object.keys(annotations).length === 0 ? null : annotations,
    metadata,
    exceptions,
    children: [],
  };
  const remote = remoteService
    ? {
        service: remoteService,
        operation: str(attributes['aws.remote.operation']),
        resourceType: str(attributes['aws.remote.resource.type']),
        resourceIdentifier: str(attributes['aws.remote.resource.identifier']),
      }
    : null;
  return { span, otelKind, service, remote, entry };
}

/** A trace read from its span records. */
export interface SpanTrace {
  parsed: ParsedTrace;
  records: SpanRecord[];
}

/**
 * The tree of one trace from its records: parents from parentSpanId; a span whose parent is not in
 * the records (an untraced caller, a span not yet ingested) is a root that keeps its parentId. A span
 * recorded twice keeps its first record. Segment ids: the nearest entry span at or above each span.
 */
export function buildSpanTrace(traceId: string, records: readonly SpanRecord[], unreadableRecords = 0): SpanTrace {
  const byId = new Map<string, { record: SpanRecord; order: number }>();
  records.forEach((record, order) => {
    if (!byId.has(record.span.id)) byId.set(record.span.id, { record, order });
  });
  const ordered = [...byId.values()].sort((a, b) => a.record.span.startTime - b.record.span.startTime || a.order - b.order);
  for (const { record } of ordered) record.span.children = [];
  const roots: SpanRecord[] = [];
  const isAncestor = (candidate: string, of: string): boolean => {
    // Refuses parent links that would close a cycle (a corrupt trace).
    const seen = new Set<string>();
    let current: string | null = candidate;
    while (current !== null && !seen.has(current)) {
      if (current === of) return true;
      seen.add(current);
      current = byId.get(current)?.record.span.parentId ?? null;
    }
    return false;
  };
  const linked = new Set<string>();
  for (const { record } of ordered) {
    const parentId = record.span.parentId;
    const parent = parentId === null ? undefined : byId.get(parentId);
    if (parent && parentId !== record.span.id && !isAncestor(parentId as string, record.span.id)) {
      parent.record.span.children.push(record.span);
      linked.add(record.span.id);
    } else roots.push(record);
  }
  // Lost in a cycle: become roots so every span is in the tree once.
  for (const { record } of ordered) {
    if (linked.has(record.span.id) || roots.includes(record)) continue;
    roots.push(record);
  }
  const depth = new Map<string, number>();
  const walk = (span: Span, level: number, segmentId: string): void => {
    depth.set(span.id, level);
    span.segmentId = span.kind === 'segment' ? span.id : segmentId;
    for (const child of span.children) walk(child, level + 1, span.segmentId);
  };
  for (const root of roots) walk(root.span, 0, root.span.id);
  const orderOf = new Map(ordered.map(({ record }, index) => [record.span.id, index]));
  const spans = ordered
    .map(({ record }) => record.span)
    .sort((a, b) => a.startTime - b.startTime || (depth.get(a.id) ?? 0) - (depth.get(b.id) ?? 0) || orderOf.get(a.id)! - orderOf.get(b.id)!);
  return {
    parsed: {
      traceId,
      spans,
      rootSpans: roots.map((root) => root.span).sort((a, b) => a.startTime - b.startTime),
      unreadableDocuments: unreadableRecords,
    },
    records: ordered.map(({ record }) => record),
  };
}

/** The node a remote call leads to: the AWS resource (e.g. the DynamoDB table) or the called service. */
export function remoteNodeName(remote: NonNullable<SpanRecord['remote']>): string {
  return remote.resourceIdentifier ?? remote.service;
}

/** What GetTraceSummaries would have said about a trace, worked out from its span records. */
export function spanTraceOverview(trace: SpanTrace): TraceOverview {
  const services: string[] = [];
  const addService = (name: string | null): void => {
    if (name !== null && !services.includes(name)) services.push(name);
  };
  for (const record of trace.records) {
    if (record.entry) addService(record.service);
    if (record.remote && record.remote.service.startsWith('AWS::')) addService(remoteNodeName(record.remote));
  }
  return overviewOfSpans(trace.parsed, { entry: traceEntrySpan(trace.parsed), services });
}

/** Groups parsed records by trace (X-Ray form ids) and builds each trace. */
export function spanTracesFromRecords(records: Iterable<SpanRecord>): Map<string, SpanTrace> {
  const byTrace = new Map<string, SpanRecord[]>();
  for (const record of records) {
    const list = byTrace.get(record.span.traceId) ?? [];
    list.push(record);
    byTrace.set(record.span.traceId, list);
  }
  return new Map([...byTrace].map(([traceId, list]) => [traceId, buildSpanTrace(traceId, list)]));
}
