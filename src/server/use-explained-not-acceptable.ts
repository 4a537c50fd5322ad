// A response that cannot be sent in any media type the client accepts (an @defer/@stream query or a
// subscription asked for with `Accept: application/json`) is HTTP 406 with a body that says why and
// which Accept values would work, instead of yoga's empty 406.
import type { Plugin } from 'graphql-yoga';
import { NOT_ACCEPTABLE } from '../schema/graphql-errors.ts';

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

export function useExplainedNotAcceptable(): Plugin {
  return {
    onResultProcess({ request, result, resultProcessor, acceptableMediaTypes, setResultProcessor }) {
      if (resultProcessor) return;
      const streamed = isAsyncIterable(result);
      // Nothing will read the parts: stop the execution behind them.
      if (streamed) void (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
      const sent = request.headers.get('accept') ?? '(none)';
      const message = streamed
        ? `this operation answers in several parts (@defer, @stream or a subscription), which the Accept header "${sent}" does not allow: send "Accept: multipart/mixed" or "Accept: text/event-stream", or remove @defer/@stream`
        : `no media type the Accept header "${sent}" allows can carry this response: send "Accept: application/graphql-response+json" or "application/json"`;
      setResultProcessor(
        (_result, fetchAPI) =>
          new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: NOT_ACCEPTABLE, accept: acceptableMediaTypes } }] }), {
            status: 406,
            statusText: 'Not Acceptable',
            headers: { 'content-type': 'application/json; charset=utf-8', accept: acceptableMediaTypes.join(', ') },
          }),
        'application/json',
      );
    },
  };
}
