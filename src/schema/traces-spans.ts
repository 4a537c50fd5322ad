// Span and its parts (HttpInfo, SpanException, StackFrame): X-Ray segments and subsegments as
// parsed from the segment documents, linked into X-Ray's own tree.
import type { Span, SpanException, SpanHttp, SpanStackFrame } from '../aws/segment-documents.ts';
import { builder } from './builder.ts';

/** HTTP facts of a trace (from its summary) or a span (from its document); unknown parts are null. */
export type HttpInfoModel = Omit<SpanHttp, 'contentLength'> & { contentLength?: number | null };

export const HttpInfoRef = builder.objectRef<HttpInfoModel>('HttpInfo');
HttpInfoRef.implement({
  description: 'The HTTP request and response X-Ray recorded.',
  fields: (t) => ({
    method: t.string({ nullable: true, resolve: (http) => http.method }),
    url: t.string({ nullable: true, resolve: (http) => http.url }),
    status: t.int({ nullable: true, description: 'Response status code.', resolve: (http) => http.status }),
    userAgent: t.string({ nullable: true, resolve: (http) => http.userAgent }),
    clientIp: t.string({ nullable: true, resolve: (http) => http.clientIp }),
    contentLength: t.float({ nullable: true, description: 'Response body length in bytes.', resolve: (http) => http.contentLength ?? null }),
  }),
});

export const StackFrameRef = builder.objectRef<SpanStackFrame>('StackFrame');
StackFrameRef.implement({
  description: 'One frame of an exception\'s stack trace.',
  fields: (t) => ({
    path: t.string({ nullable: true, resolve: (frame) => frame.path }),
    line: t.int({ nullable: true, resolve: (frame) => frame.line }),
    label: t.string({ nullable: true, description: 'Function or method name.', resolve: (frame) => frame.label }),
  }),
});

export const SpanExceptionRef = builder.objectRef<SpanException>('SpanException');
SpanExceptionRef.implement({
  description: 'An exception recorded in a span\'s `cause`.',
  fields: (t) => ({
    id: t.id({ nullable: true, resolve: (exception) => exception.id }),
    type: t.string({ nullable: true, resolve: (exception) => exception.type }),
    message: t.string({ nullable: true, resolve: (exception) => exception.message }),
    remote: t.boolean({ description: 'True when the exception was caused by a downstream service.', resolve: (exception) => exception.remote }),
    stack: t.field({ type: [StackFrameRef], resolve: (exception) => exception.stack }),
  }),
});

export const SpanKindEnum = builder.enumType('SpanKind', {
  description: 'Whether a span is a segment (one service\'s work) or a subsegment (a part of it, e.g. a downstream call).',
  values: {
    SEGMENT: { value: 'segment' },
    SUBSEGMENT: { value: 'subsegment' },
  } as const,
});

export const SpanRef = builder.objectRef<Span>('Span');
SpanRef.implement({
  description:
    'An X-Ray segment or subsegment. `parentId` follows X-Ray: a subsegment\'s parent is what it is nested in; a downstream service\'s (or an inferred) segment\'s parent is the calling subsegment.',
  fields: (t) => ({
    id: t.id({ resolve: (span) => span.id }),
    parentId: t.id({ nullable: true, resolve: (span) => span.parentId }),
    traceId: t.id({ resolve: (span) => span.traceId }),
    segmentId: t.id({ description: 'The segment this span belongs to (its own id for segments).', resolve: (span) => span.segmentId }),
    kind: t.field({ type: SpanKindEnum, resolve: (span) => span.kind }),
    inferred: t.boolean({ description: 'A segment X-Ray inferred for a downstream AWS resource.', resolve: (span) => span.inferred }),
    name: t.string({ resolve: (span) => span.name }),
    namespace: t.string({ nullable: true, description: '"aws" for AWS SDK calls, "remote" for other downstream calls.', resolve: (span) => span.namespace }),
    origin: t.string({ nullable: true, description: 'The resource type, e.g. "AWS::ECS::Container".', resolve: (span) => span.origin }),
    startTime: t.field({ type: 'DateTime', resolve: (span) => span.startTime }),
    endTime: t.field({ type: 'DateTime', nullable: true, resolve: (span) => span.endTime }),
    durationMs: t.float({ nullable: true, resolve: (span) => span.durationMs }),
    inProgress: t.boolean({ resolve: (span) => span.inProgress }),
    error: t.boolean({ description: 'A client error (4xx).', resolve: (span) => span.error }),
    fault: t.boolean({ description: 'A server error (5xx).', resolve: (span) => span.fault }),
    throttle: t.boolean({ description: 'Throttled (429).', resolve: (span) => span.throttle }),
    http: t.field({ type: HttpInfoRef, nullable: true, resolve: (span) => span.http }),
    sql: t.field({ type: 'JSON', nullable: true, resolve: (span) => span.sql }),
    aws: t.field({ type: 'JSON', nullable: true, resolve: (span) => span.aws }),
    annotations: t.field({ type: 'JSON', nullable: true, resolve: (span) => span.annotations }),
    metadata: t.field({ type: 'JSON', nullable: true, resolve: (span) => span.metadata }),
    exceptions: t.field({ type: [SpanExceptionRef], resolve: (span) => span.exceptions }),
    children: t.field({ type: [SpanRef], description: 'Child spans, in start order.', resolve: (span) => span.children }),
  }),
});
