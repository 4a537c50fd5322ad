// Runs Logs Insights queries: StartQuery (epoch seconds, both inclusive), then GetQueryResults
// polled every 100 ms growing to 1 s until a terminal status or the query timeout (then the partial
// result is returned and the query optionally stopped). More than 50 log groups are split into
// queries of <= 50 run in parallel, merged by timestamp with the limit applied once.
// Every call waits for the process-wide gate (running-query slots, call rate) it is given.
import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { AwsCallError, callAws } from './aws-call.ts';
import type { AwsUsage } from './aws-usage.ts';
import { logEventFromRow, type LogEvent, type LogQueryStatistics, type ResultRow } from './log-event.ts';
import { isSourceQuery } from './logs-insights-query.ts';
import type { PollSchedule } from './logs-insights-poll-schedule.ts';

/** StartQuery takes at most 50 log groups. */
export const MAX_GROUPS_PER_QUERY = 50;
/** Polling starts fast and backs off: 100, 200, 400, 800, 1000, 1000, ... ms. */
export const FIRST_POLL_MS = 100;
export const MAX_POLL_MS = 1_000;
/** A poll that waited longer than this for the call rate is not used to learn run times. */
const HELD_BACK_MS = 50;

/**
 * Whom a query runs for: the gate shares its slots and calls fairly between identities (a token, a
 * JWT subject), then between one identity's requests.
 */
export interface InsightsCaller {
  identity: string;
  /** Unique per request of the process. */
  request: string;
}

/** Process-wide admission for Logs Insights work (implemented in quota/logs-insights-limiter.ts). */
export interface InsightsCallGate {
  /** Waits for one of the process's running-query slots (served fairly by caller); resolves to its release. */
  acquireQuerySlot(signal?: AbortSignal, caller?: InsightsCaller): Promise<() => void>;
  /**
   * Waits until one more StartQuery/GetQueryResults call keeps the process under its call rate
   * (served fairly by caller); resolves to the function to call once that call has answered.
   */
  takeCall(signal?: AbortSignal, caller?: InsightsCaller): Promise<() => void>;
}

/** StopQuery is an extra IAM permission: used when enabled, and never again once AWS denies it. */
export interface StopQueryPolicy {
  enabled: boolean;
  denied: boolean;
}

/** A query that ended in a status other than Complete. */
export class LogsInsightsQueryError extends Error {
  readonly status: 'Failed' | 'Cancelled' | 'Timeout' | 'Unknown';
  readonly queryId: string;
  constructor(status: LogsInsightsQueryError['status'], queryId: string) {
    const why = {
      Failed: 'failed in Logs Insights',
      Cancelled: 'was cancelled',
      Timeout: 'timed out in Logs Insights (its 60-minute limit)',
      Unknown: 'ended in an unknown state',
    }[status];
    super(`Logs Insights query ${queryId} ${why}`);
    this.name = 'LogsInsightsQueryError';
    this.status = status;
    this.queryId = queryId;
  }
}

export interface InsightsRunOptions {
  usage?: AwsUsage;
  /** Aborted when nobody waits for the answer any more: the query is abandoned (and stopped). */
  signal?: AbortSignal;
  /** How long a query may run after StartQuery before its partial result is returned. */
  timeoutMs: number;
  gate?: InsightsCallGate;
  /** Whom the gate counts the query's slot and calls for; without one, all such queries share one place in line. */
  caller?: InsightsCaller;
  stopQuery?: StopQueryPolicy;
  /** Told about each StopQuery sent for an abandoned query (shutdown waits for them). */
  onStopQuery?: (stopping: Promise<void>) => void;
  /** When to poll (learned run time, share of the call rate); default: 100 ms doubling to 1 s. */
  pollSchedule?: PollSchedule;
}

export interface InsightsQueryInput {
  /** Any number of log groups: more than 50 fan out. None: the query names them (SOURCE command). */
  logGroups: readonly string[];
  queryString: string;
  /** Epoch ms; sent as epoch seconds. */
  startMs: number;
  endMs: number;
}

export type InsightsRunStatus = 'Complete' | 'Partial';

export interface InsightsQueryPart {
  queryId: string;
  logGroups: string[];
  /** Partial: the query timeout passed first; rows are what Logs Insights had found by then. */
  status: InsightsRunStatus;
  rows: ResultRow[];
  statistics: LogQueryStatistics;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Throttling and AWS-side 5xx are worth another try (the Insights client makes no retries itself). */
const isRetryable = (error: unknown): boolean =>
  error instanceof AwsCallError && (error.kind === 'throttled' || (error.kind === 'upstream' && (error.httpStatus ?? 500) >= 500));

/** Backoff between retries of a throttled call: 250 ms doubling to 4 s, with jitter. */
function retryDelay(attempt: number): number {
  const base = Math.min(4_000, 250 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

function statisticsOf(output: { statistics?: { recordsMatched?: number; recordsScanned?: number; bytesScanned?: number } | undefined }): LogQueryStatistics {
  return {
    recordsMatched: output.statistics?.recordsMatched ?? 0,
    recordsScanned: output.statistics?.recordsScanned ?? 0,
    bytesScanned: output.statistics?.bytesScanned ?? 0,
  };
}

async function stopQuery(client: CloudWatchLogsClient, queryId: string, options: InsightsRunOptions): Promise<void> {
  const policy = options.stopQuery;
  if (!policy?.enabled || policy.denied) return;
  try {
    await callAws('logs:StopQuery', (sendOptions) => client.send(new StopQueryCommand({ queryId }), sendOptions), {
      ...(options.usage ? { usage: options.usage } : {}),
      abortSignal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    // Optional permission: denied once, never asked again; any other failure is ignored too.
    if (error instanceof AwsCallError && error.kind === 'access-denied') policy.denied = true;
  }
}

/** One query over <= 50 log groups. */
export async function runInsightsQuery(client: CloudWatchLogsClient, input: InsightsQueryInput, options: InsightsRunOptions): Promise<InsightsQueryPart> {
  const source = isSourceQuery(input.queryString);
  if (source ? input.logGroups.length > 0 : input.logGroups.length === 0 || input.logGroups.length > MAX_GROUPS_PER_QUERY) {
    throw new RangeError(source ? 'a SOURCE query takes no log group list' : `a Logs Insights query takes 1..${MAX_GROUPS_PER_QUERY} log groups; got ${input.logGroups.length}`);
  }
  const { signal, gate, caller } = options;
  const callOptions = { ...(options.usage ? { usage: options.usage } : {}), ...(signal ? { abortSignal: signal } : {}) };
  const release = gate ? await gate.acquireQuerySlot(signal, caller) : () => {};
  let released = false;
  const releaseOnce = (): void => {
    if (!released) {
      released = true;
      release();
    }
  };
  const startedAt = Date.now();
  const deadline = startedAt + options.timeoutMs;
  let queryId: string | undefined;
  try {
    // StartQuery: LimitExceededException (account concurrency) and throttling retried until the deadline.
    for (let attempt = 0; ; attempt++) {
      try {
        const answered = await gate?.takeCall(signal, caller);
        const output = await callAws(
          'logs:StartQuery',
          (sendOptions) =>
            client.send(
              new StartQueryCommand({
                ...(source ? {} : { logGroupNames: [...input.logGroups] }),
                queryString: input.queryString,
                startTime: Math.floor(input.startMs / 1000),
                endTime: Math.floor(input.endMs / 1000),
              }),
              sendOptions,
            ),
          callOptions,
        ).finally(() => answered?.());
        if (!output.queryId) throw new Error('StartQuery returned no queryId');
        queryId = output.queryId;
        break;
      } catch (error) {
        const delay = retryDelay(attempt);
        if (!isRetryable(error) || Date.now() + delay >= deadline) throw error;
        await sleep(delay, signal);
      }
    }

    const pollDeadline = Date.now() + options.timeoutMs;
    // The query's clock: it runs in AWS from about when StartQuery answered (a request that waited
    // long on its way in does not make the polls early).
    const polledFrom = Date.now();
    const timer = options.pollSchedule?.start(caller);
    // The last poll that saw the query running, ms after StartQuery answered (what the schedule learns).
    let runningAt: number | undefined;
    let delay = FIRST_POLL_MS;
    let last: { rows: ResultRow[]; statistics: LogQueryStatistics } = { rows: [], statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 } };
    // However the loop ends, the schedule stops counting this query (finished() is idempotent).
    try {
    for (let poll = 0; ; poll++) {
      const wait = timer ? timer.delay(poll, Date.now() - polledFrom) : delay;
      await sleep(Math.max(0, Math.min(wait, pollDeadline - Date.now())), signal);
      delay = Math.min(MAX_POLL_MS, delay * 2);
      const askedAt = Date.now();
      const answered = await gate?.takeCall(signal, caller);
      // When this poll left: a query seen complete by it was complete by then (what the schedule learns).
      const sentAfter = Date.now() - polledFrom;
      // A poll the gate held back (others' calls filled the rate) may find the query long complete:
      // its time says how busy the gateway was, not how long the query ran, so it teaches nothing.
      const heldBack = Date.now() - askedAt > HELD_BACK_MS;
      let output;
      try {
        const id = queryId;
        output = await callAws('logs:GetQueryResults', (sendOptions) => client.send(new GetQueryResultsCommand({ queryId: id }), sendOptions), callOptions).finally(
          () => answered?.(),
        );
      } catch (error) {
        // A throttled poll is a skipped poll: the query runs on, the next poll comes later.
        if (!isRetryable(error) || Date.now() >= pollDeadline) throw error;
        continue;
      }
      last = { rows: (output.results ?? []) as ResultRow[], statistics: statisticsOf(output) };
      const status = output.status ?? 'Unknown';
      if (status === 'Scheduled' || status === 'Running') runningAt = sentAfter;
      else timer?.finished(status === 'Complete' && !heldBack ? { runningAt, completeAt: sentAfter } : undefined);
      if (status === 'Complete') {
        releaseOnce();
        if (options.usage) addStatistics(options.usage, last.statistics);
        return { queryId, logGroups: [...input.logGroups], status: 'Complete', ...last };
      }
      if (status === 'Failed' || status === 'Cancelled' || status === 'Timeout' || status === 'Unknown') {
        releaseOnce();
        throw new LogsInsightsQueryError(status, queryId);
      }
      if (status !== 'Scheduled' && status !== 'Running') {
        releaseOnce();
        throw new LogsInsightsQueryError('Unknown', queryId);
      }
      if (Date.now() >= pollDeadline) {
        // Out of time: what it found so far, marked partial; the query is stopped (when allowed).
        const id = queryId;
        const stopping = stopQuery(client, id, options).finally(releaseOnce);
        options.onStopQuery?.(stopping);
        if (options.usage) addStatistics(options.usage, last.statistics);
        return { queryId, logGroups: [...input.logGroups], status: 'Partial', ...last };
      }
    }
    } finally {
      timer?.finished(undefined);
    }
  } catch (error) {
    if (queryId !== undefined && !released) {
      // Abandoned (nobody waits any more, or shutdown) or lost (GetQueryResults failed): the query
      // may still be running in AWS, so it is stopped before its slot is given back.
      const id = queryId;
      const stopping = stopQuery(client, id, options).finally(releaseOnce);
      options.onStopQuery?.(stopping);
    } else releaseOnce();
    throw error;
  }
}

function addStatistics(usage: AwsUsage, statistics: LogQueryStatistics): void {
  usage.logsBytesScanned += statistics.bytesScanned;
  usage.logsRecordsScanned += statistics.recordsScanned;
}

/** Splits log groups into StartQuery-sized chunks (<= 50 each, in order). */
export function chunkLogGroups(logGroups: readonly string[]): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < logGroups.length; i += MAX_GROUPS_PER_QUERY) chunks.push(logGroups.slice(i, i + MAX_GROUPS_PER_QUERY));
  return chunks;
}

/** The same query over any number of log groups: one query per chunk of <= 50, in parallel. */
export async function runInsightsQueryOverGroups(client: CloudWatchLogsClient, input: InsightsQueryInput, options: InsightsRunOptions): Promise<InsightsQueryPart[]> {
  if (input.logGroups.length === 0 && isSourceQuery(input.queryString)) return [await runInsightsQuery(client, input, options)];
  const chunks = chunkLogGroups(input.logGroups);
  if (chunks.length <= 1) return chunks.length === 0 ? [] : [await runInsightsQuery(client, input, options)];
  // One failed part fails the whole: the others are abandoned (and stopped) at once.
  const siblings = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, siblings.signal]) : siblings.signal;
  return Promise.all(
    chunks.map((logGroups) =>
      runInsightsQuery(client, { ...input, logGroups }, { ...options, signal }).catch((error: unknown) => {
        siblings.abort(error);
        throw error;
      }),
    ),
  );
}

export interface LogEventsResult {
  events: LogEvent[];
  /** More lines matched than were returned (some part hit its limit, or the merge cut some). */
  truncated: boolean;
  statistics: LogQueryStatistics;
  logGroups: string[];
  status: InsightsRunStatus;
  queryString: string;
}

/** Sums the statistics of several parts. */
export function sumStatistics(parts: readonly { statistics: LogQueryStatistics }[]): LogQueryStatistics {
  return parts.reduce(
    (sum, part) => ({
      recordsMatched: sum.recordsMatched + part.statistics.recordsMatched,
      recordsScanned: sum.recordsScanned + part.statistics.recordsScanned,
      bytesScanned: sum.bytesScanned + part.statistics.bytesScanned,
    }),
    { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
  );
}

/**
 * An events query (its text ends in `| sort @timestamp desc | limit <limit>`) over any number of
 * log groups: the parts merged newest first, the limit applied once.
 */
export async function runLogEventsQuery(
  client: CloudWatchLogsClient,
  input: InsightsQueryInput & { limit: number },
  options: InsightsRunOptions,
): Promise<LogEventsResult> {
  const parts = await runInsightsQueryOverGroups(client, input, options);
  const events = parts.flatMap((part) =>
    part.rows.map((row) => {
      const event = logEventFromRow(row);
      // Rows carry @log only when the query asks for it; a part over one log group knows it anyway.
      if (event.logGroup === null && part.logGroups.length === 1) event.logGroup = part.logGroups[0]!;
      return event;
    }),
  );
  // Newest first; a stable sort keeps each part's own order for equal timestamps.
  events.sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
  // A complete part knows how many lines matched; a partial (or statistics-less) one hit its limit or not.
  const partTruncated = parts.some((part) =>
    part.status === 'Complete' && part.statistics.recordsMatched > 0 ? part.statistics.recordsMatched > part.rows.length : part.rows.length >= input.limit,
  );
  return {
    events: events.slice(0, input.limit),
    truncated: partTruncated || events.length > input.limit,
    statistics: sumStatistics(parts),
    logGroups: [...input.logGroups],
    status: parts.some((part) => part.status === 'Partial') ? 'Partial' : 'Complete',
    queryString: input.queryString,
  };
}
