// What every resolver gets: the process-wide runtime plus this request's own state (its AWS usage,
// its clock, its abort signal). Its DataLoaders live in typed slots (slot.ts) owned by the context.
import { AwsUsage } from '../aws/aws-usage.ts';
import { Caller } from '../config/caller-scope.ts';
import type { GatewayRuntime } from './gateway-runtime.ts';
import { ResponseFreshness } from './response-freshness.ts';

export interface RequestContext {
  runtime: GatewayRuntime;
  usage: AwsUsage;
  /** One clock per request, so every relative window of a query ends at the same instant. */
  now: number;
  /** Aborted when the client goes away or the request timeout passes. */
  signal: AbortSignal;
  /** Aborted when the client goes away (its HTTP request or WebSocket): what a live tail, which outlives the request timeout, ends with. */
  clientSignal: AbortSignal | undefined;
  /** Who is asking, and what they may read. */
  caller: Caller;
  /** Until when the answer stays the same (for HTTP caching). */
  freshness: ResponseFreshness;
}

/** The caller of a request that no token named: everything without auth, nothing with it. */
export function defaultCaller(runtime: GatewayRuntime): Caller {
  return runtime.config.server.auth === 'none' ? Caller.unrestricted('anonymous') : new Caller('unauthenticated', []);
}

export function createRequestContext(runtime: GatewayRuntime, options: { signal?: AbortSignal; now?: number; caller?: Caller } = {}): RequestContext {
  const timeout = AbortSignal.timeout(runtime.config.server.request_timeout);
  return {
    runtime,
    caller: options.caller ?? defaultCaller(runtime),
    usage: new AwsUsage(),
    freshness: new ResponseFreshness(),
    now: options.now ?? Date.now(),
    signal: AbortSignal.any([...(options.signal ? [options.signal] : []), timeout, runtime.abandonSignal]),
    clientSignal: options.signal,
  };
}
