// @defer/@stream answered in the format the client asks for. A client that names GraphQL 17's
// format in Accept (`incrementalSpec=v0.2`, as Apollo Client 4's GraphQL17Alpha9Handler sends:
// `multipart/mixed;incrementalSpec=v0.2`) is executed by graphql-js's own
// experimentalExecuteIncrementally, whose payloads carry `pending`, `incremental` and `completed`
// by id; every other client (Apollo's Defer20220824Handler sends `deferSpec=20220824`, urql,
// graphql-sse, plain `multipart/mixed`) keeps yoga's executor and its 2022 format (`path` and
// `label` in each incremental item, `hasNext`). The multipart answer's Content-Type names the
// format it carries.
import { experimentalExecuteIncrementally, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { mediaRanges } from './accept-header.ts';

/** Whether the request's Accept asks for GraphQL 17's incremental format. */
export function asksIncrementalSpecV02(request: Request): boolean {
  return mediaRanges(request.headers.get('accept')).some((range) => range.params.get('incrementalspec') === 'v0.2');
}

/** graphql-js's initial result and subsequent payloads as the one stream yoga's result processors read. */
async function* flatten(initialResult: unknown, subsequentResults: AsyncGenerator<unknown, void, void>): AsyncGenerator<unknown, void, void> {
  try {
    yield initialResult;
    yield* subsequentResults;
  } finally {
    // A client that went away stops the deferred work behind it.
    await subsequentResults.return();
  }
}

function executeIncrementalSpecV02(args: ExecutionArgs): unknown {
  const run = (result: Awaited<ReturnType<typeof experimentalExecuteIncrementally>>) =>
    'initialResult' in result ? flatten(result.initialResult, result.subsequentResults) : (result as ExecutionResult);
  // Deferred work starts with the rest, as yoga's executor starts it: a dashboard's Logs Insights
  // queries run while its metrics are fetched, not after the first payload has gone out.
  const result = experimentalExecuteIncrementally({ ...args, enableEarlyExecution: true });
  return result instanceof Promise ? result.then(run) : run(result);
}

export function useIncrementalDeliveryFormat(): Plugin<{ request?: Request }> {
  return {
    onExecute({ args, setExecuteFn }) {
      const request = args.contextValue.request;
      if (request && asksIncrementalSpecV02(request)) setExecuteFn(executeIncrementalSpecV02 as never);
    },
    onResponse({ request, response, setResponse }) {
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('multipart/mixed') || /subscriptionSpec/i.test(type)) return;
      const headers = new Headers(response.headers);
      headers.set('content-type', `${type}; ${asksIncrementalSpecV02(request) ? 'incrementalSpec=v0.2' : 'deferSpec=20220824'}`);
      setResponse(new Response(response.body, { status: response.status, headers }));
    },
  };
}
