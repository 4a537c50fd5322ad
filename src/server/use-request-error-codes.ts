// Every error a client gets carries `extensions.code`, request errors included: a variable that
// does not coerce (an Int beyond 32 bits, a missing non-null one) is BAD_USER_INPUT. With
// introspection off, validation messages do not name fields through "Did you mean ...?".
import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

export interface RequestErrorCodesOptions {
  /** Drop "Did you mean ...?" from validation errors (they reveal the schema). */
  hideSuggestions: boolean;
}

const SUGGESTION = / ?Did you mean .+\?$/;

function withoutSuggestion(error: GraphQLError): GraphQLError {
  if (!SUGGESTION.test(error.message)) return error;
  return new GraphQLError(error.message.replace(SUGGESTION, ''), { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions: error.extensions });
}

/** A request error (no path: it stopped the whole operation) without a code is the client's. */
function coded(error: GraphQLError): GraphQLError {
  if (error.extensions?.code !== undefined || error.path !== undefined) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, originalError: error.originalError, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
}

export function useRequestErrorCodes(options: RequestErrorCodesOptions): Plugin {
  return {
    onValidate() {
      if (!options.hideSuggestions) return undefined;
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map((error) => (error instanceof GraphQLError ? withoutSuggestion(error) : error)));
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) return;
          const single = result as ExecutionResult;
          if (single.errors?.some((error) => error.extensions?.code === undefined && error.path === undefined)) {
            setResult({ ...single, errors: single.errors.map(coded) });
          }
        },
      };
    },
  };
}
