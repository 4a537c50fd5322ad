import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type AwsCallError, callAws } from '../../src/aws/aws-call.ts';
import { AwsUsage } from '../../src/aws/aws-usage.ts';
import { toGraphQLError, upstreamCauseOf } from '../../src/schema/graphql-errors.ts';

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

describe('AWS text kept out of client messages', () => {
  it('keeps the code and the useful part; account ids, ARNs, endpoints and addresses go to the log only', async () => {
    const network = await failWith('cloudwatch:GetMetricData', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4410'), { name: 'Error', code: 'ECONNREFUSED' }));
    const refused = toGraphQLError(network);
    expect(refused.message).toBe('cloudwatch:GetMetricData failed: ECONNREFUSED');
    expect(refused.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', awsCode: 'ECONNREFUSED' });
    // Node's happy-eyeballs connect fails with an AggregateError that has a code and no message.
    const every = Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' });
    expect(toGraphQLError(await failWith('logs:StartQuery', every)).message).toBe('logs:StartQuery failed: ECONNREFUSED');
    expect(upstreamCauseOf(refused)?.message).toContain('127.0.0.1:4410');

    const rejected = toGraphQLError(
      await failWith(
        'logs:StartQuery',
        sdkError('InvalidParameterException', 400, 1, 'Log group arn:aws:logs:us-east-1:123456789012:log-group:/ecs/x:* of account 123456789012 via https://logs.us-east-1.amazonaws.com/ is invalid'),
      ),
    );
    expect(rejected.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', awsCode: 'InvalidParameterException' });
    expect(rejected.message).toBe('logs:StartQuery failed: InvalidParameterException: Log group <arn> of account <account> via <endpoint> is invalid');
    // graphql-js wraps a resolver's error with its path; the cause is still found for the log.
    const located = new GraphQLError(rejected.message, { path: ['service', 'logs'], originalError: rejected });
    expect(upstreamCauseOf(located)?.message).toContain('123456789012');
  });
});
