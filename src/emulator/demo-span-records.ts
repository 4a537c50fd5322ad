// The demo's traces as Transaction Search stores them in `aws/spans`: every segment and subsegment
// of a trace's X-Ray documents becomes one OpenTelemetry span record (what AWS does to X-Ray
// segments when Transaction Search is on), with W3C ids, semantic-convention attributes,
// Application Signals' aws.local.* / aws.remote.* fields, exception span events and the resource
// the service ran on. Inferred segments have no record: X-Ray infers them when it reads a trace;
// in spans the called resource is named by the client span's aws.remote.resource.* attributes.
import { DEMO_ACCOUNT_ID, DEMO_REGION } from './demo-organisation.ts';

type Doc = Record<string, unknown>;

export interface DemoSpanRecord {
  /** Epoch ms: the span's start (the record's @timestamp). */
  timestamp: number;
  message: string;
}

const isObject = (value: unknown): value is Doc => typeof value === 'object' && value !== null && !Array.isArray(value);
/** X-Ray epoch seconds (microsecond precision) -> epoch nanoseconds. */
const nanos = (seconds: number): number => Math.round(seconds * 1e6) * 1000;

/** Resource types of the AWS resources the demo's services call, by X-Ray subsegment name. */
const RESOURCE_TYPES: Record<string, string> = { DynamoDB: 'AWS::DynamoDB::Table', S3: 'AWS::S3::Bucket', SQS: 'AWS::SQS::Queue', SESv2: 'AWS::SES::Identity', Lambda: 'AWS::Lambda::Function' };

function exceptionEvents(doc: Doc, atNanos: number): Doc[] {
  const cause = isObject(doc['cause']) ? doc['cause'] : undefined;
  const exceptions = cause && Array.isArray(cause['exceptions']) ? cause['exceptions'].filter(isObject) : [];
  return exceptions.map((exception) => {
    const stack = Array.isArray(exception['stack']) ? exception['stack'].filter(isObject) : [];
    const attributes: Doc = { 'exception.type': exception['type'], 'exception.message': exception['message'] };
    if (stack.length > 0) {
      attributes['exception.stacktrace'] = [
        `${String(exception['type'])}: ${String(exception['message'])}`,
        ...stack.map((frame) => `    at ${String(frame['label'])} (${String(frame['path'])}:${String(frame['line'])})`),
      ].join('\n');
    }
    return { name: 'exception', timeUnixNano: atNanos, attributes };
  });
}

function httpAttributes(doc: Doc, attributes: Doc): number | undefined {
  const http = isObject(doc['http']) ? doc['http'] : undefined;
  if (!http) return undefined;
  const request = isObject(http['request']) ? http['request'] : {};
  const response = isObject(http['response']) ? http['response'] : {};
  if (typeof request['method'] === 'string') attributes['http.request.method'] = request['method'];
  if (typeof request['url'] === 'string') attributes['url.full'] = request['url'];
  if (typeof request['user_agent'] === 'string') attributes['user_agent.original'] = request['user_agent'];
  if (typeof request['client_ip'] === 'string') attributes['client.address'] = request['client_ip'];
  if (typeof response['content_length'] === 'number') attributes['http.response.body.size'] = response['content_length'];
  if (typeof response['status'] === 'number') {
    attributes['http.response.status_code'] = response['status'];
    return response['status'];
  }
  return undefined;
}

interface Owner {
  service: string;
  traceHex: string;
  resource: Doc;
}

function record(owner: Owner, doc: Doc, parentSpanId: string | undefined, kind: string, attributes: Doc): DemoSpanRecord {
  const start = typeof doc['start_time'] === 'number' ? doc['start_time'] : 0;
  const end = typeof doc['end_time'] === 'number' ? doc['end_time'] : start;
  const startNano = nanos(start);
  const endNano = nanos(end);
  const status = httpAttributes(doc, attributes);
  // OpenTelemetry: a server span's 4xx is the client's error (status unset); 5xx and failures are ERROR.
  const failed = doc['fault'] === true || (status !== undefined && status >= 500) || (kind !== 'SERVER' && doc['error'] === true && status === undefined);
  const span: Doc = {
    resource: { attributes: owner.resource },
    scope: { name: 'aws-xray-segment-conversion', version: '1.0.0' },
    traceId: owner.traceHex,
    spanId: doc['id'],
    ...(parentSpanId !== undefined ? { parentSpanId } : {}),
    flags: 256,
    name: doc['name'],
    kind,
    startTimeUnixNano: startNano,
    endTimeUnixNano: endNano,
    durationNano: endNano - startNano,
    attributes: { 'aws.local.service': owner.service, ...attributes },
    status: failed ? { code: 'ERROR' } : { code: 'UNSET' },
  };
  const events = exceptionEvents(doc, endNano);
  if (events.length > 0) span['events'] = events;
  return { timestamp: Math.floor(startNano / 1e6), message: JSON.stringify(span) };
}

function subsegmentRecords(owner: Owner, doc: Doc, parentSpanId: string, out: DemoSpanRecord[]): void {
  const attributes: Doc = {};
  const aws = isObject(doc['aws']) ? doc['aws'] : undefined;
  const name = String(doc['name'] ?? '');
  let kind = 'INTERNAL';
  if (doc['namespace'] === 'aws' && aws) {
    kind = 'CLIENT';
    const resourceType = RESOURCE_TYPES[name];
    const names = aws['resource_names'];
    const identifier = aws['table_name'] ?? aws['bucket_name'] ?? aws['queue_url'] ?? (Array.isArray(names) ? names[0] : undefined);
    Object.assign(attributes, {
      'rpc.system': 'aws-api',
      'rpc.service': name,
      'rpc.method': aws['operation'],
      'aws.request_id': aws['request_id'],
      'aws.region': aws['region'] ?? DEMO_REGION,
      'aws.remote.service': `AWS::${name}`,
      'aws.remote.operation': aws['operation'],
    });
    if (resourceType !== undefined && identifier !== undefined) {
      attributes['aws.remote.resource.type'] = resourceType;
      attributes['aws.remote.resource.identifier'] = identifier;
    }
    if (aws['table_name'] !== undefined) attributes['aws.dynamodb.table_names'] = [aws['table_name']];
    if (aws['bucket_name'] !== undefined) attributes['aws.s3.bucket'] = aws['bucket_name'];
  } else if (isObject(doc['sql'])) {
    kind = 'CLIENT';
    const sql = doc['sql'];
    const url = typeof sql['url'] === 'string' ? sql['url'] : '';
    Object.assign(attributes, {
      'db.system': String(sql['database_type'] ?? '').toLowerCase(),
      'db.statement': sql['sanitized_query'],
      'db.user': sql['user'],
      'db.name': url.split('/').pop(),
      'server.address': url.replace(/^[a-z]+:\/\//, '').split(/[:/]/)[0],
      'aws.remote.service': name,
      'aws.remote.operation': String(sql['sanitized_query'] ?? '').split(' ')[0],
    });
  } else if (doc['namespace'] === 'remote') {
    kind = 'CLIENT';
    const http = isObject(doc['http']) && isObject(doc['http']['request']) ? doc['http']['request'] : {};
    const path = typeof http['url'] === 'string' ? http['url'].replace(/^[a-z]+:\/\/[^/]+/, '') : '';
    attributes['aws.remote.service'] = name;
    attributes['aws.remote.operation'] = `${String(http['method'] ?? 'GET')} ${path.split('?')[0] || '/'}`;
  }
  out.push(record(owner, doc, parentSpanId, kind, attributes));
  const nested = Array.isArray(doc['subsegments']) ? doc['subsegments'].filter(isObject) : [];
  for (const child of nested) subsegmentRecords(owner, child, String(doc['id']), out);
}

/** The span records of one trace, from its segment documents (inferred segments skipped). */
export function traceSpanRecords(traceId: string, docs: readonly Doc[]): DemoSpanRecord[] {
  const traceHex = traceId.replace(/^1-/, '').replace('-', '');
  const out: DemoSpanRecord[] = [];
  for (const doc of docs) {
    if (doc['inferred'] === true) continue;
    const service = String(doc['name'] ?? '');
    const origin = doc['origin'];
    const version = isObject(doc['service']) ? doc['service']['version'] : undefined;
    const resource: Doc = {
      'service.name': service,
      'cloud.provider': 'aws',
      'cloud.platform': origin === 'AWS::ECS::Container' ? 'aws_ecs' : 'aws_lambda',
      'cloud.region': DEMO_REGION,
      'cloud.account.id': DEMO_ACCOUNT_ID,
      'telemetry.sdk.name': 'aws-xray-sdk',
    };
    if (typeof version === 'string') resource['service.version'] = version;
    const owner: Owner = { service, traceHex, resource };
    const attributes: Doc = { 'aws.span.kind': 'LOCAL_ROOT' };
    const annotations = isObject(doc['annotations']) ? doc['annotations'] : {};
    if (Object.keys(annotations).length > 0) {
      Object.assign(attributes, annotations);
      attributes['aws.xray.annotations'] = Object.keys(annotations);
    }
    if (typeof origin === 'string') attributes['aws.xray.origin'] = origin;
    // Segment metadata (not indexed) as plain attributes: `<namespace>.<key>`, the default namespace's keys bare.
    const metadata = isObject(doc['metadata']) ? doc['metadata'] : {};
    for (const [namespace, values] of Object.entries(metadata)) {
      if (!isObject(values)) continue;
      for (const [key, value] of Object.entries(values)) attributes[namespace === 'default' ? key : `${namespace}.${key}`] = value;
    }
    const parentId = typeof doc['parent_id'] === 'string' ? doc['parent_id'] : undefined;
    out.push(record(owner, doc, parentId, 'SERVER', attributes));
    const nested = Array.isArray(doc['subsegments']) ? doc['subsegments'].filter(isObject) : [];
    for (const child of nested) subsegmentRecords(owner, child, String(doc['id']), out);
  }
  return out;
}
