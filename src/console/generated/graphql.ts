/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** An annotation that must have a value: `annotation.<key> = <value>`. */
export type AnnotationFilter = {
  /** Letters, digits and "_" (X-Ray's annotation key charset). */
  key: string;
  /** A string, number or boolean. */
  value: unknown;
};

/** Where a profile reads its data. */
export type Backend =
  /** AWS CloudWatch Logs, CloudWatch and X-Ray of the profile's region. */
  | 'CLOUDWATCH'
  /** The embedded AWS emulator with the demo organisation. */
  | 'LOCAL';

/** Which lines to keep; every given part must hold. Strings are taken literally (they cannot change the query). */
export type LogFilter = {
  /** A literal the line contains (case-sensitive). */
  contains?: string | null | undefined;
  /** A literal the line must not contain. */
  exclude?: string | null | undefined;
  /** Lines of any of these levels (the level word in the line). */
  levels?: Array<LogLevel> | null | undefined;
  /** A regular expression the line matches (Logs Insights syntax: no lookaround or backreferences; a leading `(?i)` ignores case). */
  matches?: string | null | undefined;
};

/** Severity of a log line, read from its JSON `level` or the first level word written in capitals (WARNING counts as WARN, CRITICAL as FATAL). */
export type LogLevel =
  | 'DEBUG'
  | 'ERROR'
  | 'FATAL'
  | 'INFO'
  | 'TRACE'
  | 'WARN';

/** Whether a Logs Insights answer is whole. */
export type LogQueryStatus =
  /** Logs Insights finished every part of the query. */
  | 'COMPLETE'
  /** The query timeout (logs.query_timeout) passed first: the lines found so far. */
  | 'PARTIAL';

/** CloudWatch's StatusCode of one series. */
export type MetricStatus =
  /** Every datapoint of the window (none at all when the metric had no data). */
  | 'COMPLETE'
  /** The gateway may not read this metric (e.g. a cross-account or KMS restriction). */
  | 'FORBIDDEN'
  /** CloudWatch failed to compute this series. */
  | 'INTERNAL_ERROR'
  /** Only some datapoints: the series is incomplete. */
  | 'PARTIAL_DATA';

/** What kind of AWS resource a service is; it decides the standard metrics. */
export type ResourceType =
  /** An Application Load Balancer (AWS/ApplicationELB: LoadBalancer). */
  | 'ALB'
  /** Anything else: namespace and dimensions from the profile. */
  | 'CUSTOM'
  /** An ECS service (AWS/ECS: ClusterName, ServiceName). */
  | 'ECS'
  /** A Lambda function (AWS/Lambda: FunctionName). */
  | 'LAMBDA'
  /** An RDS instance (AWS/RDS: DBInstanceIdentifier). */
  | 'RDS';

/** Whether a span is a segment (one service's work) or a subsegment (a part of it, e.g. a downstream call). */
export type SpanKind =
  | 'SEGMENT'
  | 'SUBSEGMENT';

/** A time window: either `last` (relative to now, e.g. "15m", "1h", "7d") or `from`/`to` (absolute; `to` defaults to now). Without either: the last hour. */
export type TimeRange = {
  /** Start of the window (inclusive). */
  from?: string | null | undefined;
  /** How far back from now: a number followed by ms, s, m, h, d or w (e.g. "15m", "1h", "7d"). */
  last?: string | null | undefined;
  /** End of the window; defaults to now. */
  to?: string | null | undefined;
};

/** Conditions a trace must meet (all given ones); becomes an X-Ray filter expression. */
export type TraceFilter = {
  /** Annotations that must have these values. */
  annotations?: Array<AnnotationFilter> | null | undefined;
  /** true: traces with an error (4xx); false: without. */
  error?: boolean | null | undefined;
  /** true: traces with a fault (5xx); false: without. */
  fault?: boolean | null | undefined;
  /** Where `fault`, `error` and `throttle` must hold: anywhere in the trace (default, as X-Ray does) or in this service's own segments. */
  flagScope?: TraceFlagScope | null | undefined;
  /** HTTP method of the entry point, e.g. "POST". */
  httpMethod?: string | null | undefined;
  /** Response status of the entry point. */
  httpStatus?: number | null | undefined;
  /** Trace duration at most this many ms. */
  maxDurationMs?: number | null | undefined;
  /** Trace duration at least this many ms. */
  minDurationMs?: number | null | undefined;
  /** true: throttled traces (429); false: not throttled. */
  throttle?: boolean | null | undefined;
  /** Text the entry point's URL contains. */
  urlContains?: string | null | undefined;
};

/** Where a trace filter's fault/error/throttle conditions apply. */
export type TraceFlagScope =
  /** The service's own segments (X-Ray's `service("x") { fault }`). */
  | 'SERVICE'
  /** Any segment of the trace (X-Ray's `fault`). */
  | 'TRACE';

/** Where a profile's traces are read from (the profile's `traces_source`, with "auto" resolved). */
export type TracesSource =
  /** OpenTelemetry span records in Transaction Search's `aws/spans` log group, with Logs Insights. */
  | 'SPANS'
  /** The X-Ray APIs: GetTraceSummaries and BatchGetTraces. */
  | 'XRAY';

export type ConsoleProfilesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleProfilesQuery = { profiles: Array<{ name: string, backend: Backend, region: string, isDefault: boolean }> };

export type ConsoleOverviewQueryVariables = Exact<{
  profile?: string | null | undefined;
  range?: TimeRange | null | undefined;
}>;


export type ConsoleOverviewQuery = { services: Array<{ name: string, resourceType: ResourceType, repo: string | null, metrics: Array<{ namespace: string, metricName: string, label: string | null, stat: string, period: number, unit: string | null, status: MetricStatus, from: string, to: string, points: Array<{ timestamp: string, value: number }> }> | null, traces: { truncated: boolean, traces: Array<{ id: string, startTime: string | null, durationMs: number | null, hasFault: boolean, hasError: boolean, hasThrottle: boolean, http: { method: string | null, url: string | null, status: number | null } | null }> } | null } & ({ errorVolume: Array<{ start: string, count: number }> | null } | { errorVolume?: never })> };

export type ConsoleServiceQueryVariables = Exact<{
  name: string;
  profile?: string | null | undefined;
  range?: TimeRange | null | undefined;
}>;


export type ConsoleServiceQuery = { service: { name: string, resourceType: ResourceType, repo: string | null, configured: boolean, metrics: Array<{ namespace: string, metricName: string, label: string | null, stat: string, period: number, unit: string | null, status: MetricStatus, from: string, to: string, points: Array<{ timestamp: string, value: number }> }> | null, traces: { truncated: boolean, traces: Array<{ id: string, startTime: string | null, durationMs: number | null, hasFault: boolean, hasError: boolean, hasThrottle: boolean, http: { method: string | null, url: string | null, status: number | null } | null }> } | null } & ({ errorLogs: { status: LogQueryStatus, truncated: boolean, logGroups: Array<string>, statistics: { recordsMatched: number, bytesScanned: number }, events: Array<{ timestamp: string, level: LogLevel | null, message: string, logStream: string | null, traceId: string | null }> } | null } | { errorLogs?: never }) & ({ errorVolume: Array<{ start: string, count: number }> | null } | { errorVolume?: never }) | null };

export type ConsoleTailSubscriptionVariables = Exact<{
  service: string;
  profile?: string | null | undefined;
}>;


export type ConsoleTailSubscription = { tail: { timestamp: string, level: LogLevel | null, message: string, logStream: string | null, traceId: string | null } };

export type ConsoleTraceQueryVariables = Exact<{
  id: string;
  profile?: string | null | undefined;
  logLimit?: number | null | undefined;
}>;


export type ConsoleTraceQuery = { trace: { id: string, startTime: string | null, durationMs: number | null, responseTimeMs: number | null, hasError: boolean, hasFault: boolean, hasThrottle: boolean, services: Array<string>, annotations: unknown, http: { method: string | null, url: string | null, status: number | null } | null, spans: Array<{ id: string, parentId: string | null, segmentId: string, name: string, kind: SpanKind, namespace: string | null, origin: string | null, inferred: boolean, startTime: string, endTime: string | null, durationMs: number | null, inProgress: boolean, error: boolean, fault: boolean, throttle: boolean, sql: unknown, aws: unknown, annotations: unknown, metadata: unknown, http: { method: string | null, url: string | null, status: number | null, clientIp: string | null, userAgent: string | null, contentLength: number | null } | null, exceptions: Array<{ id: string | null, type: string | null, message: string | null, remote: boolean, stack: Array<{ path: string | null, line: number | null, label: string | null }> }> }> | null } & ({ logs: { status: LogQueryStatus, truncated: boolean, logGroups: Array<string>, events: Array<{ timestamp: string, level: LogLevel | null, logGroup: string | null, logStream: string | null, message: string }> } | null } | { logs?: never }) | null };

export type ConsoleMetricSeriesFragment = { namespace: string, metricName: string, label: string | null, stat: string, period: number, unit: string | null, status: MetricStatus, from: string, to: string, points: Array<{ timestamp: string, value: number }> };

export type DashboardQueryVariables = Exact<{
  range?: TimeRange | null | undefined;
}>;


export type DashboardQuery = { services: Array<{ name: string, resourceType: ResourceType, repo: string | null, logs: { status: LogQueryStatus, truncated: boolean, logGroups: Array<string>, statistics: { recordsMatched: number, bytesScanned: number }, events: Array<{ timestamp: string, level: LogLevel | null, message: string, logStream: string | null, traceId: string | null }> } | null, metrics: Array<{ namespace: string, metricName: string, stat: string, period: number, unit: string | null, status: MetricStatus, dimensions: Array<{ name: string, value: string }>, points: Array<{ timestamp: string, value: number }> }> | null, traces: { truncated: boolean, traces: Array<{ id: string, startTime: string | null, durationMs: number | null, responseTimeMs: number | null, hasFault: boolean, http: { method: string | null, url: string | null, status: number | null } | null, spans: Array<{ id: string, parentId: string | null, name: string }> | null }> } | null }> };

export type DashboardDeferredLogsQueryVariables = Exact<{
  range?: TimeRange | null | undefined;
}>;


export type DashboardDeferredLogsQuery = { services: Array<{ name: string, resourceType: ResourceType, repo: string | null, metrics: Array<{ namespace: string, metricName: string, stat: string, period: number, unit: string | null, status: MetricStatus, dimensions: Array<{ name: string, value: string }>, points: Array<{ timestamp: string, value: number }> }> | null, traces: { truncated: boolean, traces: Array<{ id: string, startTime: string | null, durationMs: number | null, responseTimeMs: number | null, hasFault: boolean, http: { method: string | null, url: string | null, status: number | null } | null, spans: Array<{ id: string, parentId: string | null, name: string }> | null }> } | null } & ({ logs: { status: LogQueryStatus, truncated: boolean, logGroups: Array<string>, statistics: { recordsMatched: number, bytesScanned: number }, events: Array<{ timestamp: string, level: LogLevel | null, message: string, logStream: string | null, traceId: string | null }> } | null } | { logs?: never })> };

export type DashboardServiceFragment = { name: string, resourceType: ResourceType, repo: string | null, metrics: Array<{ namespace: string, metricName: string, stat: string, period: number, unit: string | null, status: MetricStatus, dimensions: Array<{ name: string, value: string }>, points: Array<{ timestamp: string, value: number }> }> | null, traces: { truncated: boolean, traces: Array<{ id: string, startTime: string | null, durationMs: number | null, responseTimeMs: number | null, hasFault: boolean, http: { method: string | null, url: string | null, status: number | null } | null, spans: Array<{ id: string, parentId: string | null, name: string }> | null }> } | null };

export type DashboardLogsFragment = { status: LogQueryStatus, truncated: boolean, logGroups: Array<string>, statistics: { recordsMatched: number, bytesScanned: number }, events: Array<{ timestamp: string, level: LogLevel | null, message: string, logStream: string | null, traceId: string | null }> };

export type ServiceMetricsQueryVariables = Exact<{
  profile?: string | null | undefined;
  names?: Array<string> | string | null | undefined;
  range?: TimeRange | null | undefined;
  period?: number | null | undefined;
}>;


export type ServiceMetricsQuery = { services: Array<{ name: string, resourceType: ResourceType, metrics: Array<{ namespace: string, metricName: string, stat: string, period: number, unit: string | null, status: MetricStatus, complete: boolean | null, dimensions: Array<{ name: string, value: string }>, points: Array<{ timestamp: string, value: number }> }> | null }> };

export type MetricCatalogQueryVariables = Exact<{
  profile?: string | null | undefined;
  namespace: string;
  service?: string | null | undefined;
}>;


export type MetricCatalogQuery = { metricCatalog: Array<{ namespace: string, metricName: string, dimensions: Array<{ name: string, value: string }> }> | null };

export type ProfilesQueryVariables = Exact<{ [key: string]: never; }>;


export type ProfilesQuery = { profiles: Array<{ name: string, backend: Backend, region: string, isDefault: boolean, services: Array<{ name: string, resourceType: ResourceType, repo: string | null }> }> };

export type ServiceErrorLogsQueryVariables = Exact<{
  profile?: string | null | undefined;
  names?: Array<string> | string | null | undefined;
  range?: TimeRange | null | undefined;
  limit?: number | null | undefined;
}>;


export type ServiceErrorLogsQuery = { services: Array<{ name: string } & ({ logs: { truncated: boolean, status: LogQueryStatus, events: Array<{ timestamp: string, level: LogLevel | null, message: string, logStream: string | null, logGroup: string | null, traceId: string | null }>, statistics: { bytesScanned: number } } | null } | { logs?: never }) & ({ logVolume: Array<{ start: string, count: number }> | null } | { logVolume?: never })> };

export type ServiceMapQueryVariables = Exact<{
  profile?: string | null | undefined;
  range?: TimeRange | null | undefined;
}>;


export type ServiceMapQuery = { serviceMap: { source: TracesSource, start: string, end: string, sampledTraces: number | null, sampleLimit: number | null, truncated: boolean, nodes: Array<{ name: string, type: string }>, edges: Array<{ source: string, target: string, requests: number, errors: number, faults: number, throttles: number, latency: { p50Ms: number | null, p90Ms: number | null, p99Ms: number | null, avgMs: number | null } }> } | null };

export type TailServiceLogsSubscriptionVariables = Exact<{
  service: string;
  profile?: string | null | undefined;
  filter?: LogFilter | null | undefined;
}>;


export type TailServiceLogsSubscription = { tail: { timestamp: string, level: LogLevel | null, message: string, logStream: string | null, logGroup: string | null, traceId: string | null } };

export type ServiceTracesQueryVariables = Exact<{
  profile?: string | null | undefined;
  names?: Array<string> | string | null | undefined;
  range?: TimeRange | null | undefined;
  filter?: TraceFilter | null | undefined;
  limit?: number | null | undefined;
}>;


export type ServiceTracesQuery = { services: Array<{ name: string, traces: { truncated: boolean, traces: Array<{ id: string, startTime: string | null, durationMs: number | null, responseTimeMs: number | null, hasError: boolean, hasFault: boolean, hasThrottle: boolean, services: Array<string>, http: { method: string | null, url: string | null, status: number | null } | null } & ({ spans: Array<{ id: string, parentId: string | null, name: string, kind: SpanKind, namespace: string | null, origin: string | null, inferred: boolean, startTime: string, durationMs: number | null, error: boolean, fault: boolean, throttle: boolean, exceptions: Array<{ type: string | null, message: string | null, remote: boolean }> }> | null } | { spans?: never })> } | null }> };

export type TraceDetailQueryVariables = Exact<{
  id: string;
  profile?: string | null | undefined;
  logLimit?: number | null | undefined;
}>;


export type TraceDetailQuery = { trace: { id: string, startTime: string | null, durationMs: number | null, hasFault: boolean, services: Array<string>, annotations: unknown, rootSpans: Array<{ id: string, name: string, kind: SpanKind, namespace: string | null, origin: string | null, inferred: boolean, startTime: string, durationMs: number | null, inProgress: boolean, error: boolean, fault: boolean, throttle: boolean, sql: unknown, aws: unknown, annotations: unknown, children: Array<{ id: string, name: string, kind: SpanKind, namespace: string | null, origin: string | null, inferred: boolean, startTime: string, durationMs: number | null, inProgress: boolean, error: boolean, fault: boolean, throttle: boolean, sql: unknown, aws: unknown, annotations: unknown, children: Array<{ id: string, name: string, kind: SpanKind, namespace: string | null, origin: string | null, inferred: boolean, startTime: string, durationMs: number | null, inProgress: boolean, error: boolean, fault: boolean, throttle: boolean, sql: unknown, aws: unknown, annotations: unknown, children: Array<{ id: string, name: string, kind: SpanKind, namespace: string | null, origin: string | null, inferred: boolean, startTime: string, durationMs: number | null, inProgress: boolean, error: boolean, fault: boolean, throttle: boolean, sql: unknown, aws: unknown, annotations: unknown, http: { method: string | null, url: string | null, status: number | null } | null, exceptions: Array<{ type: string | null, message: string | null, remote: boolean, stack: Array<{ path: string | null, line: number | null, label: string | null }> }> }>, http: { method: string | null, url: string | null, status: number | null } | null, exceptions: Array<{ type: string | null, message: string | null, remote: boolean, stack: Array<{ path: string | null, line: number | null, label: string | null }> }> }>, http: { method: string | null, url: string | null, status: number | null } | null, exceptions: Array<{ type: string | null, message: string | null, remote: boolean, stack: Array<{ path: string | null, line: number | null, label: string | null }> }> }>, http: { method: string | null, url: string | null, status: number | null } | null, exceptions: Array<{ type: string | null, message: string | null, remote: boolean, stack: Array<{ path: string | null, line: number | null, label: string | null }> }> }> | null, logs: { truncated: boolean, events: Array<{ timestamp: string, logGroup: string | null, level: LogLevel | null, message: string }> } | null } | null };

export type SpanTreeFragment = { id: string, name: string, kind: SpanKind, namespace: string | null, origin: string | null, inferred: boolean, startTime: string, durationMs: number | null, inProgress: boolean, error: boolean, fault: boolean, throttle: boolean, sql: unknown, aws: unknown, annotations: unknown, http: { method: string | null, url: string | null, status: number | null } | null, exceptions: Array<{ type: string | null, message: string | null, remote: boolean, stack: Array<{ path: string | null, line: number | null, label: string | null }> }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ConsoleMetricSeriesFragmentDoc = new TypedDocumentString(`
    fragment ConsoleMetricSeries on MetricSeries {
  namespace
  metricName
  label
  stat
  period
  unit
  status
  from
  to
  points {
    timestamp
    value
  }
}
    `, {"fragmentName":"ConsoleMetricSeries"}) as unknown as TypedDocumentString<ConsoleMetricSeriesFragment, unknown>;
export const DashboardServiceFragmentDoc = new TypedDocumentString(`
    fragment DashboardService on Service {
  name
  resourceType
  repo
  metrics(range: $range) {
    namespace
    metricName
    stat
    period
    unit
    status
    dimensions {
      name
      value
    }
    points {
      timestamp
      value
    }
  }
  traces(range: $range, filter: { fault: true }, limit: 5) {
    truncated
    traces {
      id
      startTime
      durationMs
      responseTimeMs
      hasFault
      http {
        method
        url
        status
      }
      spans {
        id
        parentId
        name
      }
    }
  }
}
    `, {"fragmentName":"DashboardService"}) as unknown as TypedDocumentString<DashboardServiceFragment, unknown>;
export const DashboardLogsFragmentDoc = new TypedDocumentString(`
    fragment DashboardLogs on LogQueryResult {
  status
  truncated
  logGroups
  statistics {
    recordsMatched
    bytesScanned
  }
  events {
    timestamp
    level
    message
    logStream
    traceId
  }
}
    `, {"fragmentName":"DashboardLogs"}) as unknown as TypedDocumentString<DashboardLogsFragment, unknown>;
export const SpanTreeFragmentDoc = new TypedDocumentString(`
    fragment SpanTree on Span {
  id
  name
  kind
  namespace
  origin
  inferred
  startTime
  durationMs
  inProgress
  error
  fault
  throttle
  http {
    method
    url
    status
  }
  sql
  aws
  annotations
  exceptions {
    type
    message
    remote
    stack {
      path
      line
      label
    }
  }
}
    `, {"fragmentName":"SpanTree"}) as unknown as TypedDocumentString<SpanTreeFragment, unknown>;
export const ConsoleProfilesDocument = new TypedDocumentString(`
    query ConsoleProfiles {
  profiles {
    name
    backend
    region
    isDefault
  }
}
    `) as unknown as TypedDocumentString<ConsoleProfilesQuery, ConsoleProfilesQueryVariables>;
export const ConsoleOverviewDocument = new TypedDocumentString(`
    query ConsoleOverview($profile: String, $range: TimeRange = { last: "1h" }) {
  services(profile: $profile) {
    name
    resourceType
    repo
    metrics(range: $range) {
      ...ConsoleMetricSeries
    }
    traces(range: $range, filter: { fault: true, flagScope: SERVICE }, limit: 5) {
      truncated
      traces {
        id
        startTime
        durationMs
        hasFault
        hasError
        hasThrottle
        http {
          method
          url
          status
        }
      }
    }
    ... @defer(label: "overviewErrorVolume") {
      errorVolume: logVolume(range: $range, filter: { levels: [ERROR] }) {
        start
        count
      }
    }
  }
}
    fragment ConsoleMetricSeries on MetricSeries {
  namespace
  metricName
  label
  stat
  period
  unit
  status
  from
  to
  points {
    timestamp
    value
  }
}`) as unknown as TypedDocumentString<ConsoleOverviewQuery, ConsoleOverviewQueryVariables>;
export const ConsoleServiceDocument = new TypedDocumentString(`
    query ConsoleService($name: String!, $profile: String, $range: TimeRange) {
  service(name: $name, profile: $profile) {
    name
    resourceType
    repo
    configured
    metrics(range: $range) {
      ...ConsoleMetricSeries
    }
    traces(range: $range, filter: { fault: true, flagScope: SERVICE }, limit: 10) {
      truncated
      traces {
        id
        startTime
        durationMs
        hasFault
        hasError
        hasThrottle
        http {
          method
          url
          status
        }
      }
    }
    ... @defer(label: "serviceErrorLogs") {
      errorLogs: logs(range: $range, filter: { levels: [ERROR, FATAL] }, limit: 50) {
        status
        truncated
        logGroups
        statistics {
          recordsMatched
          bytesScanned
        }
        events {
          timestamp
          level
          message
          logStream
          traceId
        }
      }
      errorVolume: logVolume(range: $range, filter: { levels: [ERROR, FATAL] }) {
        start
        count
      }
    }
  }
}
    fragment ConsoleMetricSeries on MetricSeries {
  namespace
  metricName
  label
  stat
  period
  unit
  status
  from
  to
  points {
    timestamp
    value
  }
}`) as unknown as TypedDocumentString<ConsoleServiceQuery, ConsoleServiceQueryVariables>;
export const ConsoleTailDocument = new TypedDocumentString(`
    subscription ConsoleTail($service: String!, $profile: String) {
  tail(service: $service, profile: $profile) {
    timestamp
    level
    message
    logStream
    traceId
  }
}
    `) as unknown as TypedDocumentString<ConsoleTailSubscription, ConsoleTailSubscriptionVariables>;
export const ConsoleTraceDocument = new TypedDocumentString(`
    query ConsoleTrace($id: ID!, $profile: String, $logLimit: Int = 200) {
  trace(id: $id, profile: $profile) {
    id
    startTime
    durationMs
    responseTimeMs
    hasError
    hasFault
    hasThrottle
    services
    annotations
    http {
      method
      url
      status
    }
    spans {
      id
      parentId
      segmentId
      name
      kind
      namespace
      origin
      inferred
      startTime
      endTime
      durationMs
      inProgress
      error
      fault
      throttle
      http {
        method
        url
        status
        clientIp
        userAgent
        contentLength
      }
      sql
      aws
      annotations
      metadata
      exceptions {
        id
        type
        message
        remote
        stack {
          path
          line
          label
        }
      }
    }
    ... @defer(label: "traceLogs") {
      logs(limit: $logLimit) {
        status
        truncated
        logGroups
        events {
          timestamp
          level
          logGroup
          logStream
          message
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleTraceQuery, ConsoleTraceQueryVariables>;
export const DashboardDocument = new TypedDocumentString(`
    query Dashboard($range: TimeRange = { last: "1h" }) {
  services {
    ...DashboardService
    logs(range: $range, filter: { levels: [ERROR] }, limit: 50) {
      ...DashboardLogs
    }
  }
}
    fragment DashboardService on Service {
  name
  resourceType
  repo
  metrics(range: $range) {
    namespace
    metricName
    stat
    period
    unit
    status
    dimensions {
      name
      value
    }
    points {
      timestamp
      value
    }
  }
  traces(range: $range, filter: { fault: true }, limit: 5) {
    truncated
    traces {
      id
      startTime
      durationMs
      responseTimeMs
      hasFault
      http {
        method
        url
        status
      }
      spans {
        id
        parentId
        name
      }
    }
  }
}
fragment DashboardLogs on LogQueryResult {
  status
  truncated
  logGroups
  statistics {
    recordsMatched
    bytesScanned
  }
  events {
    timestamp
    level
    message
    logStream
    traceId
  }
}`) as unknown as TypedDocumentString<DashboardQuery, DashboardQueryVariables>;
export const DashboardDeferredLogsDocument = new TypedDocumentString(`
    query DashboardDeferredLogs($range: TimeRange = { last: "1h" }) {
  services {
    ...DashboardService
    ... @defer(label: "logs") {
      logs(range: $range, filter: { levels: [ERROR] }, limit: 50) {
        ...DashboardLogs
      }
    }
  }
}
    fragment DashboardService on Service {
  name
  resourceType
  repo
  metrics(range: $range) {
    namespace
    metricName
    stat
    period
    unit
    status
    dimensions {
      name
      value
    }
    points {
      timestamp
      value
    }
  }
  traces(range: $range, filter: { fault: true }, limit: 5) {
    truncated
    traces {
      id
      startTime
      durationMs
      responseTimeMs
      hasFault
      http {
        method
        url
        status
      }
      spans {
        id
        parentId
        name
      }
    }
  }
}
fragment DashboardLogs on LogQueryResult {
  status
  truncated
  logGroups
  statistics {
    recordsMatched
    bytesScanned
  }
  events {
    timestamp
    level
    message
    logStream
    traceId
  }
}`) as unknown as TypedDocumentString<DashboardDeferredLogsQuery, DashboardDeferredLogsQueryVariables>;
export const ServiceMetricsDocument = new TypedDocumentString(`
    query ServiceMetrics($profile: String, $names: [String!], $range: TimeRange = { last: "1h" }, $period: Int) {
  services(profile: $profile, names: $names) {
    name
    resourceType
    metrics(range: $range, period: $period) {
      namespace
      metricName
      stat
      period
      unit
      status
      complete
      dimensions {
        name
        value
      }
      points {
        timestamp
        value
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ServiceMetricsQuery, ServiceMetricsQueryVariables>;
export const MetricCatalogDocument = new TypedDocumentString(`
    query MetricCatalog($profile: String, $namespace: String!, $service: String) {
  metricCatalog(profile: $profile, namespace: $namespace, service: $service) {
    namespace
    metricName
    dimensions {
      name
      value
    }
  }
}
    `) as unknown as TypedDocumentString<MetricCatalogQuery, MetricCatalogQueryVariables>;
export const ProfilesDocument = new TypedDocumentString(`
    query Profiles {
  profiles {
    name
    backend
    region
    isDefault
    services {
      name
      resourceType
      repo
    }
  }
}
    `) as unknown as TypedDocumentString<ProfilesQuery, ProfilesQueryVariables>;
export const ServiceErrorLogsDocument = new TypedDocumentString(`
    query ServiceErrorLogs($profile: String, $names: [String!], $range: TimeRange = { last: "15m" }, $limit: Int = 50) {
  services(profile: $profile, names: $names) {
    name
    ... @defer(label: "errorLogs") {
      logs(range: $range, filter: { levels: [ERROR, FATAL] }, limit: $limit) {
        events {
          timestamp
          level
          message
          logStream
          logGroup
          traceId
        }
        truncated
        status
        statistics {
          bytesScanned
        }
      }
      logVolume(range: $range, filter: { levels: [ERROR, FATAL] }) {
        start
        count
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ServiceErrorLogsQuery, ServiceErrorLogsQueryVariables>;
export const ServiceMapDocument = new TypedDocumentString(`
    query ServiceMap($profile: String, $range: TimeRange = { last: "1h" }) {
  serviceMap(profile: $profile, range: $range) {
    source
    start
    end
    sampledTraces
    sampleLimit
    truncated
    nodes {
      name
      type
    }
    edges {
      source
      target
      requests
      errors
      faults
      throttles
      latency {
        p50Ms
        p90Ms
        p99Ms
        avgMs
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ServiceMapQuery, ServiceMapQueryVariables>;
export const TailServiceLogsDocument = new TypedDocumentString(`
    subscription TailServiceLogs($service: String!, $profile: String, $filter: LogFilter) {
  tail(service: $service, profile: $profile, filter: $filter) {
    timestamp
    level
    message
    logStream
    logGroup
    traceId
  }
}
    `) as unknown as TypedDocumentString<TailServiceLogsSubscription, TailServiceLogsSubscriptionVariables>;
export const ServiceTracesDocument = new TypedDocumentString(`
    query ServiceTraces($profile: String, $names: [String!], $range: TimeRange = { last: "1h" }, $filter: TraceFilter = { fault: true }, $limit: Int = 10) {
  services(profile: $profile, names: $names) {
    name
    traces(range: $range, filter: $filter, limit: $limit) {
      truncated
      traces {
        id
        startTime
        durationMs
        responseTimeMs
        hasError
        hasFault
        hasThrottle
        http {
          method
          url
          status
        }
        services
        ... @defer(label: "spans") {
          spans {
            id
            parentId
            name
            kind
            namespace
            origin
            inferred
            startTime
            durationMs
            error
            fault
            throttle
            exceptions {
              type
              message
              remote
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ServiceTracesQuery, ServiceTracesQueryVariables>;
export const TraceDetailDocument = new TypedDocumentString(`
    query TraceDetail($id: ID!, $profile: String, $logLimit: Int = 100) {
  trace(id: $id, profile: $profile) {
    id
    startTime
    durationMs
    hasFault
    services
    annotations
    rootSpans {
      ...SpanTree
      children {
        ...SpanTree
        children {
          ...SpanTree
          children {
            ...SpanTree
          }
        }
      }
    }
    logs(limit: $logLimit) {
      truncated
      events {
        timestamp
        logGroup
        level
        message
      }
    }
  }
}
    fragment SpanTree on Span {
  id
  name
  kind
  namespace
  origin
  inferred
  startTime
  durationMs
  inProgress
  error
  fault
  throttle
  http {
    method
    url
    status
  }
  sql
  aws
  annotations
  exceptions {
    type
    message
    remote
    stack {
      path
      line
      label
    }
  }
}`) as unknown as TypedDocumentString<TraceDetailQuery, TraceDetailQueryVariables>;