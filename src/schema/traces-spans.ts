// Span and its parts (HttpInfo, SpanException, StackFrame): X-Ray segments and subsegments as
// parsed from the segment documents, linked into X-Ray's own tree, as the caller sees them
// (trace-visibility.ts: other services' spans reduced to the call graph).
import type { SpanException, SpanHttp, SpanStackFrame } from '../aws/segment-documents.ts';
import { builder } from './builder.ts';
import type { VisibleSpan } from './trace-visibility.ts';

/** HTTP facts of a trace (from its summary) or a span (from its document); unknown parts are null. */
export type HttpInfoModel = Omit<SpanHttp, 'contentLength'> & { contentLength?: number | null };

export const HttpInfoRef = builder.objectRef<HttpInfoModel>('HttpInfo');
HttpInfoRef.implement({
  description: 'The HTTP request and response X-Ray recorded (for span records: the http.*, url.* and user_agent.* attributes).',
  fields: (t) => ({
    method: t.string({ description: "HTTP method, e.g. \"POST\".", nullable: true, resolve: (http) => http.method }),
    url: t.string({ description: "Request URL.", nullable: true, resolve: (http) => http.url }),
    status: t.int({ nullable: true, description: 'Response status code.', resolve: (http) => http.status }),
    userAgent: t.string({ description: "The client's User-Agent.", nullable: true, resolve: (http) => http.userAgent }),
    clientIp: t.string({ description: "The client's IP address.", nullable: true, resolve: (http) => http.clientIp }),
    contentLength: t.float({ nullable: true, description: 'Response body length in bytes.', resolve: (http) => http.contentLength ?? null }),
  }),
});

export const StackFrameRef = builder.objectRef<SpanStackFrame>('StackFrame');
StackFrameRef.implement({
  description: 'One frame of an exception\'s stack trace.',
  fields: (t) => ({
    path: t.string({ description: "Source file.", nullable: true, resolve: (frame) => frame.path }),
    line: t.int({ description: "Line in the source file.", nullable: true, resolve: (frame) => frame.line }),
    label: t.string({ nullable: true, description: 'Function or method name.', resolve: (frame) => frame.label }),
  }),
});

export const SpanExceptionRef = builder.objectRef<SpanException>('SpanException');
SpanExceptionRef.implement({
  description: 'An exception recorded in a segment\'s `cause`, or in an `exception` event of a span record.',
  fields: (t) => ({
    id: t.id({ description: "The exception's id in the segment document (a remote cause points to it).", nullable: true, resolve: (exception) => exception.id }),
    type: t.string({ description: "Exception type, e.g. \"ProvisionedThroughputExceededException\".", nullable: true, resolve: (exception) => exception.type }),
    message: t.string({ description: "Exception message.", nullable: true, resolve: (exception) => exception.message }),
    remote: t.boolean({ description: 'True when the exception was caused by a downstream service.', resolve: (exception) => exception.remote }),
    stack: t.field({ description: "Stack frames, innermost first (empty when none were recorded).", type: [StackFrameRef], resolve: (exception) => exception.stack }),
  }),
});

export const SpanKindEnum = builder.enumType('SpanKind', {
  description:
    'Whether a span is a segment (one service\'s work; for span records: a server or consumer span, or a trace root) or a subsegment (a part of it, e.g. a downstream call).',
  values: {
    SEGMENT: { value: 'segment', description: 'A service\'s own record of a request (or one X-Ray inferred for a downstream resource).' },
    SUBSEGMENT: { value: 'subsegment', description: 'A part of a segment\'s work: a downstream call, an AWS SDK call, a SQL query or a block of local work.' },
  } as const,
});

export const SpanRef = builder.objectRef<VisibleSpan>('Span');

const REDACTED = ' Null when `redacted`.';
SpanRef.implement({
  description:
    'An X-Ray segment or subsegment, or (traces_source "spans") one OpenTelemetry span record of aws/spans. `parentId` follows X-Ray: a subsegment\'s parent is what it is nested in; a downstream service\'s (or an inferred) segment\'s parent is the calling subsegment; a span record\'s parent is its parentSpanId. Span records keep their OpenTelemetry kind, status, attributes and resource in `metadata`.',
  fields: (t) => ({
    id: t.id({ description: "The segment or subsegment id (16 hex digits).", resolve: (span) => span.id }),
    parentId: t.id({ description: "The id of the span this one belongs to; null for a root.", nullable: true, resolve: (span) => span.parentId }),
    traceId: t.id({ description: "The trace's id in X-Ray form.", resolve: (span) => span.traceId }),
    segmentId: t.id({ description: 'The segment this span belongs to (its own id for segments).', resolve: (span) => span.segmentId }),
    kind: t.field({ description: "Segment (one service's work) or subsegment (a part of it).", type: SpanKindEnum, resolve: (span) => span.kind }),
    inferred: t.boolean({ description: 'A segment X-Ray inferred for a downstream AWS resource.', resolve: (span) => span.inferred }),
    name: t.string({ description: "The service name (segments) or the operation or downstream resource (subsegments).", resolve: (span) => span.name }),
    service: t.string({
      nullable: true,
      description:
        'The service whose work the span records: a segment\'s own name, a subsegment\'s segment\'s, and for an inferred segment (an AWS resource) the service that called it; for span records, the service that recorded it. Null when the trace does not say.',
      resolve: (span) => span.service,
    }),
    redacted: t.boolean({
      description:
        'True when the span belongs to a service outside the caller\'s scope and shows only what a call graph needs (service, name, kind, ids, parent, timing, flags, inferred, namespace, origin): http, sql, aws, annotations and metadata are null and exceptions empty. [server] foreign_spans = "full" (or the caller\'s scope\'s) shows them.',
      resolve: (span) => span.redacted === true,
    }),
    namespace: t.string({ nullable: true, description: '"aws" for AWS SDK calls, "remote" for other downstream calls.', resolve: (span) => span.namespace }),
    origin: t.string({ nullable: true, description: 'The resource type, e.g. "AWS::ECS::Container".', resolve: (span) => span.origin }),
    startTime: t.field({ description: "When the work started (microsecond precision).", type: 'DateTime', resolve: (span) => span.startTime }),
    endTime: t.field({ description: "When it ended; null while in progress.", type: 'DateTime', nullable: true, resolve: (span) => span.endTime }),
    durationMs: t.float({ description: "endTime - startTime in milliseconds; null while in progress.", nullable: true, resolve: (span) => span.durationMs }),
    inProgress: t.boolean({ description: "True when X-Ray has not received the span's end yet.", resolve: (span) => span.inProgress }),
    error: t.boolean({ description: 'A client error (4xx).', resolve: (span) => span.error }),
    fault: t.boolean({ description: 'A server error (5xx).', resolve: (span) => span.fault }),
    throttle: t.boolean({ description: 'Throttled (429).', resolve: (span) => span.throttle }),
    http: t.field({ description: `The HTTP request and response recorded on the span, if any.${REDACTED}`, type: HttpInfoRef, nullable: true, resolve: (span) => span.http }),
    sql: t.field({ description: `SQL query facts X-Ray recorded (url, database type, sanitized query, ...), if any.${REDACTED}`, type: 'JSON', nullable: true, resolve: (span) => span.sql }),
    aws: t.field({ description: `AWS facts X-Ray recorded (operation, region, table name, request id, ...), if any.${REDACTED}`, type: 'JSON', nullable: true, resolve: (span) => span.aws }),
    annotations: t.field({ description: `Indexed key/value annotations (usable in trace filters).${REDACTED}`, type: 'JSON', nullable: true, resolve: (span) => span.annotations }),
    metadata: t.field({ description: `Non-indexed metadata, by namespace.${REDACTED}`, type: 'JSON', nullable: true, resolve: (span) => span.metadata }),
    exceptions: t.field({ description: "Exceptions recorded in the span's cause (empty when none, and when `redacted`).", type: [SpanExceptionRef], resolve: (span) => span.exceptions }),
    children: t.field({ type: [SpanRef], description: 'Child spans, in start order.', resolve: (span) => span.children }),
  }),
});
