// Turns what can go wrong into GraphQL errors with a stable `extensions.code`, so a dashboard can
// tell "you asked wrongly" from "AWS said no" from "AWS was slow".
import { GraphQLError } from 'graphql';
import { AwsCallError } from '../aws/aws-call.ts';
import { InputError } from '../aws/input-error.ts';
import { LogsInsightsQueryError } from '../aws/logs-insights-runner.ts';
import { MetricDiscoveryError } from '../aws/metric-catalog.ts';
import { MetricConfigError } from '../aws/metric-definitions.ts';
import { SharingCapacityError } from '../sharing/answer-sharing.ts';
import { ShutdownError, UnknownProfileError } from '../runtime/gateway-runtime.ts';
import { TailLimitError } from '../loaders/logs/log-tail-stream.ts';
import { CostLimitError } from '../runtime/request-budget.ts';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'THROTTLED'
  | 'ACCESS_DENIED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_REJECTED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'AWS_CREDENTIALS_MISSING'
  | 'LIMIT_EXCEEDED'
  | 'NOT_ACCEPTABLE'
  | 'OVERLOADED'
  | 'SHUTTING_DOWN'
  | 'COST_LIMIT';

/** A limit of `[limits]` refused the operation; `extensions.limit` names the key. */
export const LIMIT_EXCEEDED: ErrorCode = 'LIMIT_EXCEEDED';

/** HTTP 406: the response cannot be sent in any media type the request's Accept header allows. */
export const NOT_ACCEPTABLE: ErrorCode = 'NOT_ACCEPTABLE';

const upstreamCauses = new WeakMap<GraphQLError, AwsCallError>();

/**
 * The AWS failure behind a coded error (its whole text, for the server's log). Looked up through
 * originalError, as graphql-js wraps a resolver's error with its path. Kept out of originalError
 * itself: yoga masks errors whose cause is not a GraphQLError.
 */
export function upstreamCauseOf(error: GraphQLError): AwsCallError | undefined {
  for (let current: unknown = error; current instanceof GraphQLError; current = current.originalError) {
    const cause = upstreamCauses.get(current);
    if (cause) return cause;
  }
  return undefined;
}

export function gatewayError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, cause?: AwsCallError): GraphQLError {
  const error = new GraphQLError(message, { extensions: { code, ...extensions } });
  if (cause) upstreamCauses.set(error, cause);
  return error;
}

/**
 * AWS's text without what a client must not see: account ids, ARNs, endpoints, addresses and
 * host names of network errors (`connect ECONNREFUSED 127.0.0.1:4410` becomes `ECONNREFUSED`).
 * The whole text stays on the error's originalError, which the server logs.
 */
export function sanitizeAwsMessage(message: string): string {
  return message
    .replace(/\barn:aws[a-z-]*:[^\s"',;)]+/g, '<arn>')
    .replace(/\bhttps?:\/\/[^\s"',;)]+/g, '<endpoint>')
    .replace(/\b(?:connect |getaddrinfo |read |write )?(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE)\b(?: [^\s,;]+)?/g, '$1')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<address>')
    .replace(/\b\d{12}\b/g, '<account>');
}

export function badUserInput(message: string, argument?: string): GraphQLError {
  return gatewayError('BAD_USER_INPUT', message, argument ? { argument } : {});
}

/** Any failure from the loaders or aws modules as a GraphQL error with a code. */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof TailLimitError) return gatewayError('LIMIT_EXCEEDED', error.message, { limit: error.limit, max: error.max });
  if (error instanceof CostLimitError) return gatewayError('COST_LIMIT', error.message, { limit: error.limit, max: error.max, requested: error.requested });
  if (error instanceof ShutdownError) return gatewayError('SHUTTING_DOWN', 'the gateway is shutting down: reconnect (another replica answers) or retry shortly');
  if (error instanceof UnknownProfileError) {
    return gatewayError('NOT_FOUND', error.message, { profile: error.profile, profiles: error.known });
  }
  if (error instanceof InputError) return badUserInput(error.message, error.argument);
  if (error instanceof MetricConfigError) return badUserInput(error.message);
  if (error instanceof MetricDiscoveryError) return gatewayError('NOT_FOUND', error.message);
  if (error instanceof LogsInsightsQueryError) {
    return gatewayError(error.status === 'Timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_ERROR', error.message, { queryId: error.queryId, queryStatus: error.status });
  }
  if (error instanceof SharingCapacityError) {
    return gatewayError('OVERLOADED', error.message, { limit: error.limit });
  }
  if (error instanceof AwsCallError) {
    const aws = { action: error.action, awsCode: error.code, attempts: error.attempts, ...(error.requestId ? { requestId: error.requestId } : {}) };
    switch (error.kind) {
      case 'throttled':
        return gatewayError('THROTTLED', `AWS throttled ${error.action} after ${error.attempts} attempt(s); try again shortly`, aws, error);
      case 'access-denied':
        return gatewayError('ACCESS_DENIED', `AWS denied ${error.action}: grant the IAM action "${error.action}" to the gateway's role`, aws, error);
      case 'no-credentials':
        return gatewayError(
          'AWS_CREDENTIALS_MISSING',
          `no AWS credentials for ${error.action}: the SDK's default chain (ECS task role, instance profile, AWS_* environment, ~/.aws) found none`,
          aws,
        );
      case 'timeout':
      case 'aborted':
        return gatewayError('UPSTREAM_TIMEOUT', `${error.action} did not answer in time`, aws, error);
      case 'not-found':
        return gatewayError('NOT_FOUND', sanitizeAwsMessage(error.message), aws, error);
      case 'invalid-request':
        return gatewayError('UPSTREAM_REJECTED', sanitizeAwsMessage(error.message), aws, error);
      default:
        return gatewayError('UPSTREAM_ERROR', sanitizeAwsMessage(error.message), aws, error);
    }
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return gatewayError('UPSTREAM_TIMEOUT', 'the request ran out of time before AWS answered');
  }
  // Anything else is a bug: yoga masks its message.
  return error instanceof Error ? (error as GraphQLError) : new GraphQLError(String(error));
}

/** Wraps a resolver so that its failure becomes a coded GraphQL error on its own field only. */
export async function resolveOrError<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toGraphQLError(error);
  }
}
