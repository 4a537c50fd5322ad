import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type AwsCallError, callAws } from '../../src/aws/aws-call.ts';
import { AwsUsage } from '../../src/aws/aws-usage.ts';
import { toGraphQLError } from '../../src/schema/graphql-errors.ts';

function sdkError(name: string, status: number, attempts = 1, message = 'aws said no'): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts, requestId: 'req-1' } });
}

async function failWith(action: string, error: Error, usage = new AwsUsage()): Promise<AwsCallError> {
  try {
    await callAws(action, async () => Promise.reject(error), { usage });
  } catch (failure) {
    return failure as AwsCallError;
  }
  throw new Error('expected a failure');
}

describe('AWS failures as GraphQL errors', () => {
  it('counts every call and its attempts, failed ones too', async () => {
    const usage = new AwsUsage();
    await callAws('logs:StartQuery', async () => ({ $metadata: { attempts: 2 } }), { usage });
    await failWith('logs:StartQuery', sdkError('ThrottlingException', 400, 3), usage);
    await failWith('logs:StartQuery', Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }), usage);
    expect(usage.toJSON().calls).toEqual({ 'logs:StartQuery': { calls: 2, attempts: 5 } });
  });

  it.each([
    ['ThrottlingException', 400, 'THROTTLED', 'AWS throttled logs:StartQuery after 3 attempt(s); try again shortly'],
    ['LimitExceededException', 400, 'THROTTLED', 'AWS throttled logs:StartQuery after 3 attempt(s); try again shortly'],
    ['AccessDeniedException', 400, 'ACCESS_DENIED', 'AWS denied logs:StartQuery: grant the IAM action "logs:StartQuery" to the gateway\'s role'],
    ['TimeoutError', 0, 'UPSTREAM_TIMEOUT', 'logs:StartQuery did not answer in time'],
    ['ServiceUnavailableException', 503, 'UPSTREAM_ERROR', 'logs:StartQuery failed: ServiceUnavailableException: aws said no'],
    ['InvalidParameterException', 400, 'UPSTREAM_REJECTED', 'logs:StartQuery failed: InvalidParameterException: aws said no'],
    ['ResourceNotFoundException', 400, 'NOT_FOUND', 'logs:StartQuery failed: ResourceNotFoundException: aws said no'],
  ])('%s -> %s', async (name, status, code, message) => {
    const failure = await failWith('logs:StartQuery', sdkError(name, status, 3));
    const error = toGraphQLError(failure);
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toBe(message);
    expect(error.extensions).toEqual({ code, action: 'logs:StartQuery', awsCode: name, attempts: 3, requestId: 'req-1' });
  });

  it('says when the SDK found no credentials, without counting a call', async () => {
    const usage = new AwsUsage();
    const failure = await failWith('xray:BatchGetTraces', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), usage);
    expect(toGraphQLError(failure).extensions.code).toBe('AWS_CREDENTIALS_MISSING');
    expect(usage.toJSON().totalCalls).toBe(0);
  });
});
