// Clients get AWS failures with the code and a sanitised message; the whole of AWS's text (account
// ids, endpoints, addresses) goes to the server's own log, once per failed field.
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { upstreamCauseOf } from '../schema/graphql-errors.ts';

export function useUpstreamErrorLog(logger: Logger): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone(payload) {
          return handleStreamOrSingleExecutionResult(payload, ({ result }) => {
            for (const error of result.errors ?? []) {
              const original = upstreamCauseOf(error);
              if (!original) continue;
              logger.warn(
                { action: original.action, awsCode: original.code, requestId: original.requestId, httpStatus: original.httpStatus, path: error.path?.join('.'), detail: original.message },
                'AWS call failed',
              );
            }
          });
        },
      };
    },
  };
}
