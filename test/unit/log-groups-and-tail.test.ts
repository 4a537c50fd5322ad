// DescribeLogGroups paging and FilterLogEvents paging / filter patterns, against aws-sdk-client-mock.
import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsUsage } from '../../src/aws/aws-usage.ts';
import { describeLogGroups } from '../../src/aws/log-groups.ts';
import { filterLogEvents, logLineMatcher, tailFilterPattern } from '../../src/aws/log-tail.ts';

const logsMock = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

beforeEach(() => logsMock.reset());

describe('describeLogGroups', () => {
  it('follows every page with the prefix', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `/ecs/svc-${String(i).padStart(3, '0')}`);
    logsMock.on(DescribeLogGroupsCommand).callsFake(({ nextToken }: { nextToken?: string }) => {
      const from = nextToken ? Number(nextToken) : 0;
      const page = names.slice(from, from + 50);
      return {
        logGroups: page.map((name) => ({ logGroupName: name, arn: `arn:aws:logs:us-east-1:123456789012:log-group:${name}:*`, storedBytes: 10, creationTime: 1, retentionInDays: 30 })),
        ...(from + 50 < names.length ? { nextToken: String(from + 50) } : {}),
      };
    });
    const usage = new AwsUsage();
    const groups = await describeLogGroups(client, { prefix: '/ecs/', usage });
    expect(groups.map((group) => group.name)).toEqual(names);
    expect(groups[0]).toEqual({ name: '/ecs/svc-000', arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/svc-000', storedBytes: 10, retentionInDays: 30, creationTime: 1 });
    expect(logsMock.commandCalls(DescribeLogGroupsCommand).map((call) => call.args[0].input)).toEqual([
      { limit: 50, logGroupNamePrefix: '/ecs/' },
      { limit: 50, logGroupNamePrefix: '/ecs/', nextToken: '50' },
      { limit: 50, logGroupNamePrefix: '/ecs/', nextToken: '100' },
    ]);
    expect(usage.toJSON().calls['logs:DescribeLogGroups']).toEqual({ calls: 3, attempts: 3 });
  });

  it('lists every group of the region without a prefix', async () => {
    logsMock.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/a' }] });
    expect(await describeLogGroups(client, {})).toEqual([{ name: '/a', arn: null, storedBytes: null, retentionInDays: null, creationTime: null }]);
    expect(logsMock.commandCalls(DescribeLogGroupsCommand)[0]!.args[0].input).toEqual({ limit: 50 });
  });
});

describe('filterLogEvents', () => {
  it('pages through short and empty pages in epoch milliseconds', async () => {
    logsMock
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [{ eventId: 'e1', timestamp: 1_000, message: 'a', logStreamName: 's' }], nextToken: 't1' })
      .resolvesOnce({ events: [], nextToken: 't2' })
      .resolvesOnce({ events: [{ eventId: 'e2', timestamp: 2_000, message: 'b', logStreamName: 's' }] });
    const result = await filterLogEvents(client, { logGroup: '/ecs/a', startMs: 500.7, endMs: 3_000, filterPattern: '"ERROR"', logStreamNamePrefix: 'ecs/a/' });
    expect(result).toEqual({
      complete: true,
      events: [
        { eventId: 'e1', timestamp: 1_000, message: 'a', logStreamName: 's' },
        { eventId: 'e2', timestamp: 2_000, message: 'b', logStreamName: 's' },
      ],
    });
    const inputs = logsMock.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input);
    expect(inputs[0]).toEqual({ logGroupName: '/ecs/a', startTime: 500, endTime: 3_000, logStreamNamePrefix: 'ecs/a/', filterPattern: '"ERROR"', limit: 10_000 });
    expect(inputs.map((input) => input.nextToken)).toEqual([undefined, 't1', 't2']);
  });

  it('stops at maxPages and says so', async () => {
    logsMock.on(FilterLogEventsCommand).resolves({ events: [], nextToken: 'more' });
    expect(await filterLogEvents(client, { logGroup: '/g', startMs: 0, maxPages: 3 })).toEqual({ events: [], complete: false });
    expect(logsMock.commandCalls(FilterLogEventsCommand)).toHaveLength(3);
  });
});

describe('tail filters', () => {
  it('narrows with a filter pattern only where one can be written exactly', () => {
    expect(tailFilterPattern({ contains: 'ERROR', exclude: 'healthcheck' })).toBe('"ERROR" -"healthcheck"');
    expect(tailFilterPattern({ contains: 'say "hi"' })).toBeUndefined();
    expect(tailFilterPattern({ contains: 'a\nb', exclude: 'x' })).toBe('-"x"');
    expect(tailFilterPattern({ matches: 'a|b', levels: ['ERROR'] })).toBeUndefined();
    expect(tailFilterPattern(null)).toBeUndefined();
  });

  it('keeps exactly what the Logs Insights query would keep', () => {
    const keep = logLineMatcher({ contains: 'pay', exclude: 'retry', matches: '(?i)LEDGER \\d+', levels: ['ERROR'] }, 'payments-api');
    expect(keep('ERROR pay ledger 42', 'ecs/payments-api/1')).toBe(true);
    expect(keep('ERROR pay ledger 42', 'ecs/orders/1')).toBe(false);
    expect(keep('ERROR pay ledger 42 retry', 'ecs/payments-api/1')).toBe(false);
    expect(keep('INFO pay ledger 42', 'ecs/payments-api/1')).toBe(false);
    expect(keep('ERROR pay ledger x', 'ecs/payments-api/1')).toBe(false);
    expect(() => logLineMatcher({ matches: '(?<=a)' })).toThrow(/lookbehind/);
  });
});
