// Renders a simulated request as the X-Ray segment documents its services (and X-Ray itself, for
// inferred AWS resources) would have sent: one segment per ECS hop, a service and a function
// segment per Lambda invocation, subsegments for HTTP/AWS/SQL calls, inferred resource segments.
import { DEMO_ACCOUNT_ID, DEMO_REGION } from './demo-organisation.ts';
import type { SimException, SimHop, SimRequest, SimSpan } from './demo-traffic-model.ts';

type Doc = Record<string, unknown>;

const SERVICE_VERSIONS: Record<string, string> = {
  'checkout-web': '4.18.2',
  'payments-api': '2.31.0',
  'orders-service': '1.77.4',
  'inventory-service': '3.9.1',
  thumbnailer: '1.4.0',
  'email-sender': '0.12.3',
};
const XRAY_SDK = { sdk: 'X-Ray for Node.js', sdk_version: '3.10.3', package: 'aws-xray-sdk' };

/** Epoch ms -> X-Ray's epoch seconds, to the microsecond. */
const seconds = (ms: number): number => Math.round(ms * 1000) / 1_000_000;

/** A stable exception id derived from its owner's id (X-Ray exception ids are 16 hex digits). */
const exceptionId = (ownerId: string): string => ownerId.slice(8) + ownerId.slice(0, 8);

function flags(target: Doc, source: { error?: boolean; fault?: boolean; throttle?: boolean }): void {
  if (source.error) target['error'] = true;
  if (source.fault) target['fault'] = true;
  if (source.throttle) target['throttle'] = true;
}

function cause(ownerId: string, exception: SimException): Doc {
  const entry: Doc = { id: exceptionId(ownerId), message: exception.message, type: exception.type };
  if (exception.remote) entry['remote'] = true;
  if (exception.stack?.length) entry['stack'] = exception.stack;
  return { working_directory: '/app', exceptions: [entry] };
}

function subsegment(span: SimSpan): Doc {
  const doc: Doc = { id: span.id, name: span.name, start_time: seconds(span.start), end_time: seconds(span.end) };
  if (span.namespace) doc['namespace'] = span.namespace;
  if (span.http) {
    const http: Doc = {};
    if (span.http.method || span.http.url) http['request'] = span.http.url ? { method: span.http.method, url: span.http.url } : { method: span.http.method };
    if (span.http.status !== undefined) http['response'] = { status: span.http.status, content_length: span.http.contentLength ?? 0 };
    doc['http'] = http;
  }
  if (span.aws) doc['aws'] = span.aws;
  if (span.sql) doc['sql'] = span.sql;
  flags(doc, span);
  if (span.exception && (span.error || span.fault || span.throttle)) doc['cause'] = cause(span.id, span.exception);
  if (span.metadata) doc['metadata'] = span.metadata;
  if (span.subsegments?.length) doc['subsegments'] = span.subsegments.map(subsegment);
  return doc;
}

function inferredSegment(traceId: string, span: SimSpan): Doc | undefined {
  if (!span.inferred) return undefined;
  // X-Ray names the inferred node after the resource (table, bucket) the call addressed.
  const names = span.aws?.['resource_names'];
  const resource = (span.aws?.['table_name'] ?? span.aws?.['bucket_name'] ?? (Array.isArray(names) ? names[0] : undefined) ?? span.inferred.name) as string;
  const doc: Doc = {
    id: span.inferred.id,
    name: resource,
    trace_id: traceId,
    parent_id: span.id,
    start_time: seconds(span.start),
    end_time: seconds(span.end),
    inferred: true,
    origin: span.inferred.origin,
    http: { response: { status: span.http?.status ?? 200 } },
    aws: span.aws,
  };
  flags(doc, span);
  if (span.exception && (span.error || span.fault || span.throttle)) doc['cause'] = cause(span.inferred.id, span.exception);
  return doc;
}

function hopCommon(doc: Doc, hop: SimHop): void {
  if (Object.keys(hop.annotations).length > 0) doc['annotations'] = hop.annotations;
  if (hop.metadata) doc['metadata'] = hop.metadata;
  flags(doc, hop);
  if (hop.exception && (hop.error || hop.fault || hop.throttle)) doc['cause'] = cause(hop.id, hop.exception);
}

function ecsSegment(traceId: string, hop: SimHop, callerIp: string | undefined): Doc {
  const request: Doc = { method: hop.method, url: hop.url, user_agent: hop.userAgent, client_ip: hop.clientIp ?? callerIp };
  if (hop.forwarded) request['x_forwarded_for'] = true;
  const doc: Doc = {
    trace_id: traceId,
    id: hop.id,
    name: hop.service,
    start_time: seconds(hop.start),
    end_time: seconds(hop.end),
    origin: hop.origin,
    http: { request, response: { status: hop.status, content_length: hop.contentLength } },
    aws: { ecs: { container: hop.task?.hostname, container_arn: hop.task?.containerArn }, account_id: DEMO_ACCOUNT_ID, xray: XRAY_SDK },
    service: { version: SERVICE_VERSIONS[hop.service] ?? '1.0.0' },
  };
  if (hop.parentId) doc['parent_id'] = hop.parentId;
  hopCommon(doc, hop);
  if (hop.spans.length > 0) doc['subsegments'] = hop.spans.map(subsegment);
  return doc;
}

/** Lambda reports two segments: the Lambda service's (AWS::Lambda) and the function's. */
function lambdaSegments(traceId: string, hop: SimHop, out: Doc[]): void {
  const lambda = hop.lambda;
  if (!lambda) return;
  const arn = `arn:aws:lambda:${DEMO_REGION}:${DEMO_ACCOUNT_ID}:function:${lambda.fn}`;
  const service: Doc = {
    trace_id: traceId,
    id: lambda.serviceSegmentId,
    name: lambda.fn,
    start_time: seconds(hop.start - 0.4),
    end_time: seconds(hop.end + 1.6),
    origin: 'AWS::Lambda',
    resource_arn: arn,
    http: { response: { status: 200 } },
    aws: { request_id: lambda.requestId },
  };
  if (hop.parentId) service['parent_id'] = hop.parentId;
  // The invocation failed: the service segment says so as a fault, which an OpenTelemetry span can
  // carry (an ERROR status with HTTP 200); an X-Ray error without a 4xx status has no span form.
  if (lambda.failed) service['fault'] = true;
  out.push(service);

  const invocationStart = hop.start + lambda.initMs;
  const subsegments: Doc[] = [];
  if (lambda.coldStart) subsegments.push({ id: exceptionId(lambda.serviceSegmentId), name: 'Initialization', start_time: seconds(hop.start), end_time: seconds(invocationStart), aws: { function_arn: arn } });
  const invocation: Doc = { id: exceptionId(hop.id), name: 'Invocation', start_time: seconds(invocationStart), end_time: seconds(hop.end), aws: { function_arn: arn, resource_names: [lambda.fn], account_id: DEMO_ACCOUNT_ID } };
  if (hop.spans.length > 0) invocation['subsegments'] = hop.spans.map(subsegment);
  if (lambda.failed) invocation['fault'] = true;
  subsegments.push(invocation);
  subsegments.push({ id: exceptionId(lambda.requestId.replaceAll('-', '').slice(0, 16)), name: 'Overhead', start_time: seconds(hop.end), end_time: seconds(hop.end + 1.2), aws: { function_arn: arn } });

  const fn: Doc = {
    trace_id: traceId,
    id: hop.id,
    name: lambda.fn,
    parent_id: lambda.serviceSegmentId,
    start_time: seconds(hop.start),
    end_time: seconds(hop.end + 1.2),
    origin: 'AWS::Lambda::Function',
    resource_arn: arn,
    aws: { account_id: DEMO_ACCOUNT_ID, function_arn: arn, resource_names: [lambda.fn] },
    service: { version: SERVICE_VERSIONS[lambda.fn] ?? '$LATEST' },
    subsegments,
  };
  hopCommon(fn, hop);
  out.push(fn);
}

function renderHop(traceId: string, hop: SimHop, callerIp: string | undefined, out: Doc[]): void {
  if (hop.origin === 'AWS::ECS::Container') out.push(ecsSegment(traceId, hop, callerIp));
  else lambdaSegments(traceId, hop, out);
  const visit = (spans: readonly SimSpan[]): void => {
    for (const span of spans) {
      const inferred = inferredSegment(traceId, span);
      if (inferred) out.push(inferred);
      if (span.downstream) renderHop(traceId, span.downstream, hop.task?.ip, out);
      if (span.subsegments) visit(span.subsegments);
    }
  };
  visit(hop.spans);
}

/** Every segment document of a traced request, callers first. */
export function traceDocuments(request: SimRequest): Doc[] {
  const out: Doc[] = [];
  renderHop(request.traceId, request.root, undefined, out);
  return out;
}
