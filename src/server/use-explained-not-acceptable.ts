// A response that cannot be sent in any media type the client accepts (an @defer/@stream query or a
// subscription asked for with `Accept: application/json`) is HTTP 406 with a body that says why and
// which Accept values would work, instead of yoga's empty 406 (whose `accept` header repeated each
// type once per range the client sent).
import type { Plugin } from 'graphql-yoga';
import { NOT_ACCEPTABLE } from '../schema/graphql-errors.ts';

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

export function useExplainedNotAcceptable(): Plugin<{ request?: Request }> {
  const subscriptions = new WeakSet<Request>();
  return {
    onSubscribe({ args }) {
      if (args.contextValue.request) subscriptions.add(args.contextValue.request);
    },
    onResultProcess({ request, result, resultProcessor, acceptableMediaTypes, setResultProcessor }) {
      if (resultProcessor) return;
      const streamed = isAsyncIterable(result);
      // Nothing will read the parts: stop the execution behind them.
      if (streamed) void (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
      const sent = request.headers.get('accept') ?? '(none)';
      const accept = [...new Set(acceptableMediaTypes)];
      const message = !streamed
        ? `no media type the Accept header "${sent}" allows can carry this response: send "Accept: application/graphql-response+json" or "application/json"`
        : subscriptions.has(request)
          ? `this subscription answers in several parts, which the Accept header "${sent}" does not allow: send "Accept: text/event-stream" (GraphQL over SSE) or "Accept: multipart/mixed;subscriptionSpec=\\"1.0\\"" (Apollo's multipart subscriptions), or subscribe over WebSocket (graphql-ws)`
          : `this operation answers in several parts (@defer or @stream), which the Accept header "${sent}" does not allow: send "Accept: multipart/mixed" (the 2022 format; "multipart/mixed;incrementalSpec=v0.2" for GraphQL 17's) or "Accept: text/event-stream", or remove @defer/@stream`;
      setResultProcessor(
        (_result, fetchAPI) =>
          new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: NOT_ACCEPTABLE, accept } }] }), {
            status: 406,
            statusText: 'Not Acceptable',
            headers: { 'content-type': 'application/json; charset=utf-8', accept: accept.join(', ') },
          }),
        'application/json',
      );
    },
  };
}
