// Logs Insights queries over Transaction Search's `aws/spans` log group: a service's traces (its
// entry spans, newest first, one per trace, with every TraceFilter option as a filter), the spans
// of a batch of traces (one query for all of them), and the service map (one stats query over the
// client spans that name what they call). Every user string is a quoted literal (quoteLiteral) or
// validated against a charset that cannot change the query's structure.
import { InputError } from './input-error.ts';
import { MAX_QUERY_LIMIT, MAX_QUERY_STRING, quoteLiteral } from './logs-insights-query.ts';
import { AWS_THROTTLING_ERRORS, HTTP_ATTRIBUTES, THROTTLED_EXCEPTION_PARSE_REGEX, THROTTLED_EXCEPTION_REGEX, toW3cTraceId } from './span-records.ts';
import type { TraceFilterSpec } from './xray-filter.ts';

/** Durations above this (a day) are certainly mistakes. */
const MAX_DURATION_MS = 86_400_000;
const ANNOTATION_KEY = /^[A-Za-z0-9_]+$/;
/** RFC 9110 `token`: what an HTTP method is made of. */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Trace ids per batch query: 34 characters each keeps the query far below 10,000 characters. */
export const MAX_TRACES_PER_SPANS_QUERY = 100;

const attr = (key: string): string => `attributes.${key}`;
const anyOf = (keys: readonly string[], condition: (field: string) => string): string => `(${keys.map((key) => condition(attr(key))).join(' or ')})`;

/** The span records a service recorded itself (Application Signals' aws.local.service, else the OTel resource's service.name). */
export function serviceCondition(service: string): string {
  const literal = quoteLiteral(service, 'service');
  return `(attributes.aws.local.service = ${literal} or resource.attributes.service.name = ${literal})`;
}

/** Spans that serve a request or start a trace: X-Ray's segments. */
export const ENTRY_SPAN_CONDITION =
  '(kind in ["SERVER", "CONSUMER"] or attributes.aws.span.kind = "LOCAL_ROOT" or not ispresent(parentSpanId) or parentSpanId = "")';

/** The spans that start a trace (no parent): X-Ray's root segment, whose flags are the trace's fault and error. */
export const ROOT_SPAN_CONDITION = '(not ispresent(parentSpanId) or parentSpanId = "")';

const status5xx = anyOf(HTTP_ATTRIBUTES.status, (field) => `${field} >= 500`);
const status4xx = anyOf(HTTP_ATTRIBUTES.status, (field) => `${field} >= 400`);
/** A remote call that failed with an AWS throttling exception (the record's text names its type). */
const throttledCall = `(kind in ["CLIENT", "PRODUCER"] and @message like /${THROTTLED_EXCEPTION_REGEX.replaceAll('/', '\\/')}/)`;
const throttled = `(${HTTP_ATTRIBUTES.status.map((key) => `${attr(key)} = 429`).join(' or ')} or (${throttledCall} and not ${status5xx}))`;

/** The span conditions of X-Ray's flags, as span-records.ts's spanFlags reads a span. */
export const FLAG_CONDITIONS = {
  fault: `(${status5xx} or (status.code = "ERROR" and not ${status4xx} and not ${throttled}))`,
  error: `(not ${status5xx} and (${status4xx} or ${throttled}))`,
  throttle: throttled,
} as const;

/**
 * The spans whose flags make a trace's (X-Ray's trace summary): fault and error on the root span,
 * throttle on any span.
 */
export function traceFlagCondition(flag: keyof typeof FLAG_CONDITIONS): string {
  return flag === 'throttle' ? FLAG_CONDITIONS.throttle : `(${ROOT_SPAN_CONDITION} and ${FLAG_CONDITIONS[flag]})`;
}

function durationNanos(ms: unknown, field: string): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new InputError(field, 'must be a finite number of milliseconds');
  if (ms < 0 || ms > MAX_DURATION_MS) throw new InputError(field, `must be between 0 and ${MAX_DURATION_MS} ms`);
  return String(Math.round(ms * 1e6));
}

function annotationValue(value: unknown, field: string): string {
  if (typeof value === 'string') return literal(value, field);
  if (typeof value === 'boolean') return value ? '"true"' : '"false"';
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Math.abs(value) >= 1e15 || (value !== 0 && Math.abs(value) < 1e-6)) throw new InputError(field, 'number out of range');
    return String(value);
  }
  throw new InputError(field, 'must be a string, a number or a boolean');
}

/** quoteLiteral: its InputError names the filter field. */
const literal = (value: string, field: string): string => quoteLiteral(value, field);

/** Trace-level flags a list must check on the whole trace (flagScope TRACE): true / false per flag given. */
export type TraceFlagsWanted = Partial<Record<'fault' | 'error' | 'throttle', boolean>>;

/**
 * The `filter` conditions of a TraceFilter on a service's entry spans. With flagScope SERVICE,
 * fault/error/throttle hold on the service's own entry span; with TRACE (the default, as X-Ray)
 * they are left out here and returned in `traceFlags`, to be checked on the trace's flags (the
 * root span's fault and error, any span's throttle; buildSpanTraceListQuery fetches those spans).
 */
export function spanFilterConditions(filter: TraceFilterSpec | null | undefined): { conditions: string[]; traceFlags: TraceFlagsWanted | undefined } {
  const f = filter ?? {};
  const conditions: string[] = [];
  const flags = (['fault', 'error', 'throttle'] as const).filter((flag) => f[flag] === true || f[flag] === false);
  let traceFlags: TraceFlagsWanted | undefined;
  if (f.flagScope === 'service') {
    for (const flag of flags) conditions.push(f[flag] ? FLAG_CONDITIONS[flag] : `not ${FLAG_CONDITIONS[flag]}`);
  } else if (flags.length > 0) {
    traceFlags = Object.fromEntries(flags.map((flag) => [flag, f[flag] === true]));
  }
  const min = f.minDurationMs ?? undefined;
  const max = f.maxDurationMs ?? undefined;
  if (min !== undefined) conditions.push(`durationNano >= ${durationNanos(min, 'filter.minDurationMs')}`);
  if (max !== undefined) conditions.push(`durationNano <= ${durationNanos(max, 'filter.maxDurationMs')}`);
  if (min !== undefined && max !== undefined && min > max) throw new InputError('filter.minDurationMs', `(${min}) must not be greater than maxDurationMs (${max})`);
  const status = f.httpStatus ?? undefined;
  if (status !== undefined) {
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new InputError('filter.httpStatus', 'must be an HTTP status code (100-599)');
    conditions.push(anyOf(HTTP_ATTRIBUTES.status, (field) => `${field} = ${status}`));
  }
  const method = f.httpMethod ?? undefined;
  if (method !== undefined) {
    if (!HTTP_TOKEN.test(method) || method.length > 32) throw new InputError('filter.httpMethod', 'must be an HTTP method such as GET or POST');
    const quoted = literal(method.toUpperCase(), 'filter.httpMethod');
    conditions.push(anyOf(HTTP_ATTRIBUTES.method, (field) => `${field} = ${quoted}`));
  }
  const url = f.urlContains ?? undefined;
  if (url !== undefined) {
    const quoted = literal(url, 'filter.urlContains');
    conditions.push(anyOf([...HTTP_ATTRIBUTES.url, ...HTTP_ATTRIBUTES.path], (field) => `${field} like ${quoted}`));
  }
  for (const [index, annotation] of (f.annotations ?? []).entries()) {
    const field = `filter.annotations[${index}]`;
    if (typeof annotation.key !== 'string' || !ANNOTATION_KEY.test(annotation.key)) throw new InputError(`${field}.key`, 'annotation keys use letters, digits and "_" only');
    conditions.push(`${attr(annotation.key)} = ${annotationValue(annotation.value, `${field}.value`)}`);
  }
  return { conditions, traceFlags };
}

function checkLength(query: string): string {
  if (query.length > MAX_QUERY_STRING) throw new InputError('filter', `the query would be ${query.length} characters; Logs Insights takes at most ${MAX_QUERY_STRING}`);
  return query;
}

export interface SpanTraceListQuery {
  /** The service's entry spans that pass the filter, newest first, one per trace. */
  queryString: string;
  /** The row limit of `queryString`: `limit + 1`, or Logs Insights' maximum when `traceFlags` must be checked on the rows. */
  rowLimit: number;
  /**
   * Set when fault/error/throttle apply to the whole trace (flagScope TRACE): `flagQuery` finds the
   * window's spans that give a trace one of those flags (root spans with a fault or error, any span
   * with a throttle), and a trace of `queryString` is listed when they say what `traceFlags` asks.
   * `flagQuery` is the same for every service of a dashboard, so one run serves them all.
   */
  traceFlags: TraceFlagsWanted | undefined;
  flagQuery: string | undefined;
}

/**
 * The newest traces of one service, or of several in one query (see SpanTraceListQuery); the text
 * is built and validated before any call. Several services: one row per (trace, service) up to
 * Logs Insights' row limit, each row's service in the column `entryService`.
 */
export function buildSpanTraceListQuery(services: string | readonly string[], filter: TraceFilterSpec | null | undefined, limit: number): SpanTraceListQuery {
  if (!Number.isInteger(limit) || limit < 1 || limit >= MAX_QUERY_LIMIT) throw new InputError('limit', `must be 1 to ${MAX_QUERY_LIMIT - 1}`);
  const names = typeof services === 'string' ? [services] : [...services];
  if (names.length === 0 || names.some((name) => name.length === 0)) throw new InputError('service', 'must not be empty');
  const { conditions, traceFlags } = spanFilterConditions(filter);
  const single = names.length === 1;
  const rowLimit = traceFlags === undefined && single ? limit + 1 : MAX_QUERY_LIMIT;
  let stages: string[];
  if (single) {
    stages = [
      'fields @timestamp, @message, traceId, startTimeUnixNano',
      `filter ${[serviceCondition(names[0]!), ENTRY_SPAN_CONDITION, ...conditions].join(' and ')}`,
      'sort startTimeUnixNano desc',
      'dedup traceId',
    ];
  } else {
    const list = `[${names.map((name) => quoteLiteral(name, 'service')).join(', ')}]`;
    stages = [
      'fields @timestamp, @message, traceId, startTimeUnixNano, coalesce(attributes.aws.local.service, resource.attributes.service.name) as entryService',
      `filter ${[`(attributes.aws.local.service in ${list} or resource.attributes.service.name in ${list})`, ENTRY_SPAN_CONDITION, ...conditions].join(' and ')}`,
      'sort startTimeUnixNano desc',
      'dedup traceId, entryService',
    ];
  }
  const queryString = checkLength([...stages, `limit ${rowLimit}`].join(' | '));
  if (traceFlags === undefined) return { queryString, rowLimit, traceFlags, flagQuery: undefined };
  const flagged = (Object.keys(traceFlags) as Array<keyof TraceFlagsWanted>).map(traceFlagCondition);
  const flagQuery = checkLength(['fields @timestamp, @message, traceId', `filter ${flagged.join(' or ')}`, `limit ${MAX_QUERY_LIMIT}`].join(' | '));
  return { queryString, rowLimit, traceFlags, flagQuery };
}

/** Every span record of the given traces (X-Ray or W3C ids), at most MAX_TRACES_PER_SPANS_QUERY of them. */
export function buildTraceSpansQuery(traceIds: readonly string[]): string {
  if (traceIds.length === 0 || traceIds.length > MAX_TRACES_PER_SPANS_QUERY) throw new RangeError(`a spans query takes 1..${MAX_TRACES_PER_SPANS_QUERY} trace ids; got ${traceIds.length}`);
  const hex = traceIds.map((id) => {
    const w3c = toW3cTraceId(id);
    if (!w3c) throw new InputError('traceId', `not an X-Ray or W3C trace id: ${JSON.stringify(id).slice(0, 80)}`);
    return `"${w3c}"`;
  });
  return ['fields @timestamp, @message', `filter traceId in [${[...new Set(hex)].join(', ')}]`, `limit ${MAX_QUERY_LIMIT}`].join(' | ');
}

/** Result columns of the service map query. */
export const SERVICE_MAP_COLUMNS = {
  source: 'source',
  target: 'target',
  targetType: 'targetType',
  resource: 'resource',
  requests: 'requests',
  faults: 'faults',
  errors: 'errors',
  throttles: 'throttles',
  p50: 'p50',
  p90: 'p90',
  p99: 'p99',
  avg: 'avgNano',
} as const;

/**
 * The service map of a window: every client/producer span that names what it calls
 * (aws.local.service -> aws.remote.service, and the AWS resource it addressed), counted per edge
 * with its faults, errors and throttles (read as span-records.ts's spanFlags reads one span: 5xx;
 * 4xx or throttled; 429 or an AWS throttling exception, found in the record text by the last
 * component of its type; an ERROR status without an HTTP error) and
 * latency percentiles in nanoseconds. Optionally only the edges that touch `service`.
 * Flags become 0/1 numbers with arithmetic on the status code (floor(s / 500) is 1 for 5xx), so
 * one `stats` counts them all.
 */
export function buildServiceMapQuery(service?: string): string {
  const c = SERVICE_MAP_COLUMNS;
  const scope = service === undefined ? '' : ` and (${serviceCondition(service)} or attributes.aws.remote.service = ${quoteLiteral(service, 'service')})`;
  const status = `coalesce(${HTTP_ATTRIBUTES.status.map(attr).join(', ')}, 0)`;
  // throttledCode: the code a throttling exception's type ends in (any event), else absent.
  const throttledException = AWS_THROTTLING_ERRORS.map((code) => `strcontains(exceptionCode, "${code}")`).join(' + ');
  return [
    `filter kind in ["CLIENT", "PRODUCER"] and ispresent(attributes.aws.remote.service)${scope}`,
    `parse @message /${THROTTLED_EXCEPTION_PARSE_REGEX.replaceAll('/', '\\/')}/`,
    `fields ${status} as httpStatus, coalesce(throttledCode, "") as exceptionCode, coalesce(status.code, "") as statusCode, coalesce(attributes.aws.local.service, resource.attributes.service.name) as ${c.source}, attributes.aws.remote.service as ${c.target}, coalesce(attributes.aws.remote.resource.type, "") as ${c.targetType}, coalesce(attributes.aws.remote.resource.identifier, "") as ${c.resource}`,
    `fields floor(httpStatus / 500) as is5xx, floor(httpStatus / 400) as is4xxOr5xx, least(1, floor(httpStatus / 429) - floor(httpStatus / 430) + ${throttledException}) * (1 - floor(httpStatus / 500)) as isThrottle, strcontains(statusCode, "ERROR") as isErrorStatus`,
    'fields is5xx + (1 - is4xxOr5xx) * (1 - isThrottle) * isErrorStatus as isFault, (1 - is5xx) * least(1, is4xxOr5xx + isThrottle) as isError',
    `stats count(*) as ${c.requests}, sum(isFault) as ${c.faults}, sum(isError) as ${c.errors}, sum(isThrottle) as ${c.throttles}, pct(durationNano, 50) as ${c.p50}, pct(durationNano, 90) as ${c.p90}, pct(durationNano, 99) as ${c.p99}, avg(durationNano) as ${c.avg} by ${c.source}, ${c.target}, ${c.targetType}, ${c.resource}`,
    `limit ${MAX_QUERY_LIMIT}`,
  ].join(' | ');
}
