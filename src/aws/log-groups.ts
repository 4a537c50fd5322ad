// Log-group discovery: DescribeLogGroups, every page (50 a page), by name prefix; without a prefix
// every log group of the region.
import { DescribeLogGroupsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { callAws, type AwsCallOptions } from './aws-call.ts';
import { followPages } from './aws-pages.ts';

export interface LogGroupInfo {
  name: string;
  arn: string | null;
  storedBytes: number | null;
  retentionInDays: number | null;
  /** Epoch ms. */
  creationTime: number | null;
}

/** Pages followed at most (50 groups each): a runaway NextToken loop must end. */
const MAX_PAGES = 2_000;

export async function describeLogGroups(client: CloudWatchLogsClient, options: { prefix?: string | undefined } & AwsCallOptions): Promise<LogGroupInfo[]> {
  const groups: LogGroupInfo[] = [];
  const fetchPage = (nextToken: string | undefined) =>
    callAws(
      'logs:DescribeLogGroups',
      (sendOptions) =>
        client.send(
          new DescribeLogGroupsCommand({ limit: 50, ...(options.prefix ? { logGroupNamePrefix: options.prefix } : {}), ...(nextToken ? { nextToken } : {}) }),
          sendOptions,
        ),
      options,
    );
  const onPage = (output: Awaited<ReturnType<typeof fetchPage>>): void => {
    for (const group of output.logGroups ?? []) {
      if (!group.logGroupName) continue;
      groups.push({
        name: group.logGroupName,
        arn: group.logGroupArn ?? group.arn?.replace(/:\*$/, '') ?? null,
        storedBytes: group.storedBytes ?? null,
        retentionInDays: group.retentionInDays ?? null,
        creationTime: group.creationTime ?? null,
      });
    }
  };
  await followPages(fetchPage, (output) => output.nextToken, onPage, MAX_PAGES);
  return groups;
}
