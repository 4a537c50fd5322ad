// The shape of one simulated request as it travels through the demo organisation: one hop per
// service that handled it (an X-Ray segment) with its outgoing calls (subsegments) and what the
// service wrote to its logs along the way. Renderers turn it into log lines, segment documents
// and metric samples; nothing here knows any output format.
import type { EcsTask, LambdaFunctionName } from './demo-organisation.ts';

export type DemoLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Something a service logged while handling a hop. */
export interface LogNote {
  at: number;
  level: DemoLogLevel;
  /** The logging component, e.g. `payments` or `ledger`. */
  logger: string;
  msg: string;
  fields?: Record<string, string | number | boolean>;
}

export interface SimException {
  type: string;
  message: string;
  /** True when the exception came from a downstream service (X-Ray's `remote`). */
  remote?: boolean;
  stack?: Array<{ path: string; line: number; label: string }>;
}

/** An outgoing call made by a hop: an X-Ray subsegment. */
export interface SimSpan {
  id: string;
  name: string;
  namespace?: 'remote' | 'aws';
  start: number;
  end: number;
  http?: { method?: string; url?: string; status?: number; contentLength?: number };
  aws?: Record<string, unknown>;
  sql?: Record<string, unknown>;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  exception?: SimException;
  metadata?: Record<string, unknown>;
  /** The called service's own hop, whose segment's parent_id is this span's id. */
  downstream?: SimHop;
  /** The downstream AWS resource X-Ray infers from this call (its own segment document). */
  inferred?: { id: string; name: string; origin: string };
  subsegments?: SimSpan[];
}

export interface LambdaInvocation {
  fn: LambdaFunctionName;
  requestId: string;
  logStream: string;
  coldStart: boolean;
  initMs: number;
  memoryMb: number;
  maxMemoryUsedMb: number;
  /** Id of the `AWS::Lambda` service segment that wraps the function segment. */
  serviceSegmentId: string;
  /** Unhandled error thrown by the handler (Lambda reports `Errors`). */
  failed: boolean;
}

/** One service's handling of a request: an X-Ray segment. */
export interface SimHop {
  service: string;
  id: string;
  /** The caller's subsegment id (absent for the root hop). */
  parentId?: string;
  origin: 'AWS::ECS::Container' | 'AWS::Lambda::Function';
  start: number;
  end: number;
  method?: string;
  url?: string;
  /** The route template, e.g. `/v1/charges` or `/products/:sku`. */
  route: string;
  status: number;
  contentLength: number;
  userAgent?: string;
  clientIp?: string;
  forwarded?: boolean;
  task?: EcsTask;
  lambda?: LambdaInvocation;
  error: boolean;
  fault: boolean;
  throttle: boolean;
  exception?: SimException;
  spans: SimSpan[];
  annotations: Record<string, string | number | boolean>;
  metadata?: Record<string, unknown>;
  /** The service's own request id (correlates its log lines without a trace). */
  requestId: string;
  notes: LogNote[];
}

export interface SimRequest {
  traceId: string;
  /** Traced by X-Ray: about 1 in 10 requests, plus every faulty one. */
  sampled: boolean;
  /** The entry point: `checkout-web` (through the ALB) or `thumbnailer` (S3 events). */
  entry: 'checkout-web' | 'thumbnailer';
  /** The cross-team refund (demo-organisation.ts: REFUND_CHECK_SLOT_MS). */
  refundCheck?: true;
  start: number;
  /** When the last hop finished (async work such as email-sender included). */
  end: number;
  root: SimHop;
  /** Every hop, callers before callees. */
  hops: SimHop[];
  /** What the ALB answered the client (edge requests only). */
  edgeStatus?: number;
}

/** An edge request the ALB answered itself (target reset the connection): no hop, no trace. */
export interface AlbRejection {
  at: number;
  status: 502 | 503;
}
