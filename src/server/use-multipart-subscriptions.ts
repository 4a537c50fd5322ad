// Subscriptions over HTTP multipart, Apollo's protocol (Apollo Client's HttpLink asks with
// `Accept: multipart/mixed;boundary=graphql;subscriptionSpec=1.0`): one part per event,
// `{"payload": <execution result>}`, a heartbeat part `{}` every few seconds so proxies and the
// client see the connection alive, `{"payload": null, "errors": [...]}` when the stream itself
// fails, and the closing boundary when it ends. Chosen when the client prefers it to
// text/event-stream (yoga answers subscriptions over SSE only).
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { mediaRanges, rangeMatches } from './accept-header.ts';

export const MULTIPART_SUBSCRIPTION_TYPE = 'multipart/mixed;subscriptionSpec="1.0"';

export interface MultipartSubscriptionsOptions {
  /** Time between heartbeat parts (Apollo's router sends one every 5 s). */
  heartbeatMs?: number;
}

/** Whether the client prefers Apollo's multipart subscriptions to SSE (the first range of either). */
export function prefersMultipartSubscription(request: Request): boolean {
  for (const range of mediaRanges(request.headers.get('accept'))) {
    if (range.type === 'multipart/mixed' && range.params.get('subscriptionspec') === '1.0') return true;
    if (rangeMatches(range, 'text/event-stream')) return false;
  }
  return false;
}

/** An error as JSON, without yoga's internal extensions (the HTTP status it asked for). */
function publicError(error: unknown): unknown {
  const json = (typeof (error as { toJSON?: unknown })?.toJSON === 'function' ? (error as { toJSON(): unknown }).toJSON() : { message: String((error as Error)?.message ?? error) }) as {
    extensions?: Record<string, unknown>;
  };
  if (!json.extensions) return json;
  const { http: _http, unexpected: _unexpected, ...extensions } = json.extensions;
  return { ...json, extensions };
}

function payloadPart(result: ExecutionResult): string {
  return JSON.stringify({ payload: result.errors ? { ...result, errors: result.errors.map(publicError) } : result });
}

export function processMultipartSubscription(result: AsyncIterable<ExecutionResult>, heartbeatMs: number): Response {
  const encoder = new TextEncoder();
  const part = (json: string) => encoder.encode(`\r\n--graphql\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${json}`);
  const iterator = result[Symbol.asyncIterator]();
  let heartbeat: NodeJS.Timeout | undefined;
  let ended = false;
  const end = (controller: ReadableStreamDefaultController<Uint8Array>, last?: string) => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    if (last) controller.enqueue(part(last));
    controller.enqueue(encoder.encode('\r\n--graphql--\r\n'));
    controller.close();
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      heartbeat = setInterval(() => {
        // Only into an open stream with room: a slow reader is not buried in heartbeats.
        if (!ended && (controller.desiredSize ?? 0) > 0) controller.enqueue(part('{}'));
      }, heartbeatMs);
      heartbeat.unref();
    },
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (ended) return;
        if (next.done) end(controller);
        else controller.enqueue(part(payloadPart(next.value)));
      } catch (error) {
        // The stream itself failed: Apollo's transport error, then the end.
        end(controller, JSON.stringify({ payload: null, errors: [publicError(error)] }));
      }
    },
    async cancel() {
      ended = true;
      clearInterval(heartbeat);
      await iterator.return?.();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"', 'cache-control': 'no-cache', connection: 'keep-alive' },
  });
}

export function useMultipartSubscriptions(options: MultipartSubscriptionsOptions = {}): Plugin<{ request?: Request }> {
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const subscriptions = new WeakSet<Request>();
  return {
    onSubscribe({ args }) {
      if (args.contextValue.request) subscriptions.add(args.contextValue.request);
    },
    onResultProcess({ request, result, acceptableMediaTypes, setResultProcessor }) {
      if (!subscriptions.has(request) || !isAsyncIterable(result)) return;
      acceptableMediaTypes.push(MULTIPART_SUBSCRIPTION_TYPE);
      if (!prefersMultipartSubscription(request)) return;
      setResultProcessor((stream) => processMultipartSubscription(stream as AsyncIterable<ExecutionResult>, heartbeatMs), 'multipart/mixed');
    },
  };
}
