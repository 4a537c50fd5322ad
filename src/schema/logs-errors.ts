// Logs failures as coded GraphQL errors: bad filters are the user's (BAD_USER_INPUT), queries that
// end badly in Logs Insights are upstream ones; AWS call failures go through toGraphQLError.
import type { GraphQLError } from 'graphql';
import { LogQueryInputError } from '../aws/logs-insights-query.ts';
import { LogsInsightsQueryError } from '../aws/logs-insights-runner.ts';
import { badUserInput, gatewayError, resolveOrError, toGraphQLError } from './graphql-errors.ts';

export function toLogsGraphQLError(error: unknown): GraphQLError {
  if (error instanceof LogQueryInputError) return badUserInput(error.message, error.argument);
  if (error instanceof LogsInsightsQueryError) {
    return gatewayError(error.status === 'Timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_ERROR', error.message, { queryId: error.queryId, queryStatus: error.status });
  }
  return toGraphQLError(error);
}

/** resolveOrError for logs resolvers: the failure nulls only this field, with a code. */
export function resolveLogs<T>(run: () => Promise<T>): Promise<T> {
  return resolveOrError(run, toLogsGraphQLError);
}
