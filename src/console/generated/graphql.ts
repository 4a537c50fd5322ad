/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Where a profile reads its data. */
export type Backend =
  /** AWS CloudWatch Logs, CloudWatch and X-Ray of the profile's region. */
  | 'CLOUDWATCH'
  /** The embedded AWS emulator with the demo organisation. */
  | 'LOCAL';

/** Severity of a log line, read from its JSON `level` or the first level word written in capitals (WARNING counts as WARN, CRITICAL as FATAL). */
export type LogLevel =
  /** Diagnostics for developers (DEBUG). */
  | 'DEBUG'
  /** A failed operation (ERROR). */
  | 'ERROR'
  /** A failure the service cannot continue after (FATAL, CRITICAL). */
  | 'FATAL'
  /** Normal operation (INFO). */
  | 'INFO'
  /** Finest detail (TRACE). */
  | 'TRACE'
  /** Something unexpected that the service handled (WARN, WARNING). */
  | 'WARN';

/** Whether a Logs Insights answer is whole. */
export type LogQueryStatus =
  /** Logs Insights finished every part of the query. */
  | 'COMPLETE'
  /** The query timeout (logs.query_timeout) passed first: the lines found so far. */
  | 'PARTIAL';

/** CloudWatch's StatusCode of one series, or NOT_LISTED when an empty series names no existing metric. */
export type MetricStatus =
  /** Every datapoint of the window (none at all when the metric had no data). */
  | 'COMPLETE'
  /** The gateway may not read this metric (e.g. a cross-account or KMS restriction). */
  | 'FORBIDDEN'
  /** CloudWatch failed to compute this series. */
  | 'INTERNAL_ERROR'
  /** No datapoints because the metric does not exist for these dimensions: ListMetrics lists no metric of this name with this exact dimension set (a mistyped name, or a metric this kind of resource does not publish). `messages` names the metrics it does list. */
  | 'NOT_LISTED'
  /** Only some datapoints: the series is incomplete. */
  | 'PARTIAL_DATA';

/** What kind of AWS resource a service is; it decides the standard metrics. */
export type ResourceType =
  /** An Application Load Balancer (AWS/ApplicationELB: LoadBalancer). */
  | 'ALB'
  /** An API Gateway REST API (AWS/ApiGateway: ApiName). */
  | 'APIGATEWAY'
  /** Anything else: namespace and dimensions from the profile. */
  | 'CUSTOM'
  /** An ECS service (AWS/ECS: ClusterName, ServiceName). */
  | 'ECS'
  /** A Lambda function (AWS/Lambda: FunctionName). */
  | 'LAMBDA'
  /** An RDS instance (AWS/RDS: DBInstanceIdentifier). */
  | 'RDS';

/** Whether a span is a segment (one service's work; for span records: a server or consumer span, or a trace root) or a subsegment (a part of it, e.g. a downstream call). */
export type SpanKind =
  /** A service's own record of a request (or one X-Ray inferred for a downstream resource). */
  | 'SEGMENT'
  /** A part of a segment's work: a downstream call, an AWS SDK call, a SQL query or a block of local work. */
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


export type ConsoleOverviewQuery = { services: Array<{ name: string, resourceType: ResourceType, repo: string | null, metrics: Array<{ namespace: string, metricName: string, label: string | null, stat: string, period: number, unit: string | null, status: MetricStatus, from: string, to: string, messages: Array<{ code: string, value: string }>, points: Array<{ timestamp: string, value: number }> }> | null, traces: { truncated: boolean, traces: Array<{ id: string, startTime: string | null, durationMs: number | null, hasFault: boolean, hasError: boolean, hasThrottle: boolean, http: { method: string | null, url: string | null, status: number | null } | null }> } | null } & ({ errorVolume: Array<{ start: string, count: number }> | null } | { errorVolume?: never })> };

export type ConsoleServiceQueryVariables = Exact<{
  name: string;
  profile?: string | null | undefined;
  range?: TimeRange | null | undefined;
}>;


export type ConsoleServiceQuery = { service: { name: string, resourceType: ResourceType, repo: string | null, configured: boolean, metrics: Array<{ namespace: string, metricName: string, label: string | null, stat: string, period: number, unit: string | null, status: MetricStatus, from: string, to: string, messages: Array<{ code: string, value: string }>, points: Array<{ timestamp: string, value: number }> }> | null, traces: { truncated: boolean, traces: Array<{ id: string, startTime: string | null, durationMs: number | null, hasFault: boolean, hasError: boolean, hasThrottle: boolean, http: { method: string | null, url: string | null, status: number | null } | null }> } | null } & ({ errorLogs: { status: LogQueryStatus, truncated: boolean, logGroups: Array<string>, statistics: { recordsMatched: number, bytesScanned: number }, events: Array<{ timestamp: string, level: LogLevel | null, message: string, logStream: string | null, traceId: string | null }> } | null } | { errorLogs?: never }) & ({ errorVolume: Array<{ start: string, count: number }> | null } | { errorVolume?: never }) | null };

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

export type ConsoleMetricSeriesFragment = { namespace: string, metricName: string, label: string | null, stat: string, period: number, unit: string | null, status: MetricStatus, from: string, to: string, messages: Array<{ code: string, value: string }>, points: Array<{ timestamp: string, value: number }> };

export type ConsoleTraceRowFragment = { id: string, startTime: string | null, durationMs: number | null, hasFault: boolean, hasError: boolean, hasThrottle: boolean, http: { method: string | null, url: string | null, status: number | null } | null };

export type ServiceMapQueryVariables = Exact<{
  profile?: string | null | undefined;
  range?: TimeRange | null | undefined;
}>;


export type ServiceMapQuery = { serviceMap: { source: TracesSource, start: string, end: string, sampledTraces: number | null, sampleLimit: number | null, truncated: boolean, nodes: Array<{ name: string, type: string }>, edges: Array<{ source: string, target: string, requests: number, errors: number, faults: number, throttles: number, latency: { p50Ms: number | null, p90Ms: number | null, p99Ms: number | null, avgMs: number | null } }> } | null };

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
  messages {
    code
    value
  }
  from
  to
  points {
    timestamp
    value
  }
}
    `, {"fragmentName":"ConsoleMetricSeries"}) as unknown as TypedDocumentString<ConsoleMetricSeriesFragment, unknown>;
export const ConsoleTraceRowFragmentDoc = new TypedDocumentString(`
    fragment ConsoleTraceRow on Trace {
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
    `, {"fragmentName":"ConsoleTraceRow"}) as unknown as TypedDocumentString<ConsoleTraceRowFragment, unknown>;
export const ConsoleProfilesDocument = new TypedDocumentString(`
    query ConsoleProfiles {
  profiles {
    name
    backend
    region
    isDefault
  }
}
    `, {"hash":"sha256:5741edf906f10f63e5140fa205ea2ca5dc833147913cc561526cb73e7a19d50d"}) as unknown as TypedDocumentString<ConsoleProfilesQuery, ConsoleProfilesQueryVariables>;
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
        ...ConsoleTraceRow
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
  messages {
    code
    value
  }
  from
  to
  points {
    timestamp
    value
  }
}
fragment ConsoleTraceRow on Trace {
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
}`, {"hash":"sha256:a7f99343a8684e5211809193d620c05da7b18b7b50e0a747ab056a9271466c93"}) as unknown as TypedDocumentString<ConsoleOverviewQuery, ConsoleOverviewQueryVariables>;
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
        ...ConsoleTraceRow
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
  messages {
    code
    value
  }
  from
  to
  points {
    timestamp
    value
  }
}
fragment ConsoleTraceRow on Trace {
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
}`, {"hash":"sha256:6d15c0c8ede5389a9f4d636145736b5309c4ee3d83c4bb20537e8e652fbc9df2"}) as unknown as TypedDocumentString<ConsoleServiceQuery, ConsoleServiceQueryVariables>;
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
    `, {"hash":"sha256:9fc2b5616b333c8d6133e21b6180178196fa0c3f18284b868d1eea48faec8738"}) as unknown as TypedDocumentString<ConsoleTailSubscription, ConsoleTailSubscriptionVariables>;
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
    `, {"hash":"sha256:23487aec9a9df09ef9ddeaadd118223e386f5fc59fb17773baf333e908e3b1ed"}) as unknown as TypedDocumentString<ConsoleTraceQuery, ConsoleTraceQueryVariables>;
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
    `, {"hash":"sha256:680b6dfab4b9e152f906ba2a5066381ec700bfc05361f87bff0a4f923263a1fa"}) as unknown as TypedDocumentString<ServiceMapQuery, ServiceMapQueryVariables>;