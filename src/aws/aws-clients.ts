// One set of SDK clients per profile (region, optional endpoint and assumed role). Credentials
// always come from the SDK's default chain (task role, instance profile, env, ~/.aws) unless the
// embedded emulator is the endpoint; the config never holds credentials.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { XRayClient } from '@aws-sdk/client-xray';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';

export interface AwsClients {
  region: string;
  logs: CloudWatchLogsClient;
  /**
   * Logs Insights calls (StartQuery, GetQueryResults, StopQuery) without SDK retries: the runner
   * retries them itself, through the process-wide rate limit, so no attempt escapes the limit.
   */
  logsInsights: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
  xray: XRayClient;
  destroy(): void;
}

export interface AwsClientOptions {
  region: string;
  /** An explicit endpoint (the embedded emulator); otherwise AWS_ENDPOINT_URL* or AWS's own. */
  endpoint?: string;
  /** Static credentials, only for the embedded emulator. */
  credentials?: AwsCredentialIdentity;
  /** A role to assume for cross-account reads. */
  roleArn?: string;
  /** SDK attempts per call, retries of throttling and 5xx included. */
  maxAttempts?: number;
  /** How long one call, all its attempts included, may take (default 15 s). */
  callTimeoutMs?: number;
}

/** A call that ran out of its own time (aws.call_timeout); AwsCallError classifies it as a timeout. */
export class AwsCallTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms (aws.call_timeout)`);
    this.name = 'TimeoutError';
  }
}

type Sendable = { send(command: never, options?: { abortSignal?: AbortSignal }): Promise<unknown> };

/**
 * Bounds every `send` of a client, retries included: the SDK's own timeouts apply per attempt, so a
 * hanging API would otherwise hold its caller for attempts x timeout.
 */
function boundCalls<C extends Sendable>(client: C, timeoutMs: number): C {
  const send = client.send.bind(client) as (command: unknown, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;
  const bounded = async (command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown> => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const abortSignal = options?.abortSignal ? AbortSignal.any([options.abortSignal, timeout]) : timeout;
    try {
      return await send(command, { ...options, abortSignal });
    } catch (error) {
      if (timeout.aborted && !options?.abortSignal?.aborted) throw new AwsCallTimeoutError(timeoutMs);
      throw error;
    }
  };
  (client as { send: unknown }).send = bounded;
  return client;
}

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const credentials =
    options.credentials ??
    (options.roleArn
      ? fromTemporaryCredentials({
          params: { RoleArn: options.roleArn, RoleSessionName: 'tinkr-gateway' },
          clientConfig: { region: options.region },
        })
      : undefined);
  const config = {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    // Dashboards fan out many parallel calls: keep connections open and bound each attempt.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 20_000, throwOnRequestTimeout: true, httpAgent: { keepAlive: true, maxSockets: 64 }, httpsAgent: { keepAlive: true, maxSockets: 64 } },
  };
  const timeoutMs = options.callTimeoutMs ?? 15_000;
  const logs = boundCalls(new CloudWatchLogsClient(config), timeoutMs);
  const logsInsights = boundCalls(new CloudWatchLogsClient({ ...config, maxAttempts: 1 }), timeoutMs);
  const cloudwatch = boundCalls(new CloudWatchClient(config), timeoutMs);
  const xray = boundCalls(new XRayClient(config), timeoutMs);
  return {
    region: options.region,
    logs,
    logsInsights,
    cloudwatch,
    xray,
    destroy() {
      logs.destroy();
      logsInsights.destroy();
      cloudwatch.destroy();
      xray.destroy();
    },
  };
}
