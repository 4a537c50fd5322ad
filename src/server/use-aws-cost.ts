// Puts what the request cost in AWS into every response: `extensions.cost`. With @defer/@stream
// each payload carries the cost so far, so the last one holds the whole request's cost.
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { RequestContext } from '../runtime/request-context.ts';

export function useAwsCost(): Plugin<RequestContext> {
  return {
    onExecute() {
      return {
        onExecuteDone(payload) {
          const usage = payload.args.contextValue.usage;
          return handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
            setResult({ ...result, extensions: { ...result.extensions, cost: usage.toJSON() } });
          });
        },
      };
    },
  };
}
