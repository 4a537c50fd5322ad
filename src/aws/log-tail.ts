// FilterLogEvents for a live tail: one log group, a time window in epoch MILLISECONDS, every page
// (a page may be short or even empty while nextToken goes on), optionally narrowed on the server by
// a log-stream prefix and a filter pattern. The exact filter is applied by `logLineMatcher`:
// filter patterns cannot express every LogFilter (no quote inside a phrase, no general regex).
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { callAws, type AwsCallOptions } from './aws-call.ts';
import { followPages } from './aws-pages.ts';
import { compileLinearRegex, type LinearRegex } from './linear-regex.ts';
import { levelWords, regexLiteral, type LogFilter } from './logs-insights-query.ts';

export interface FilteredLogEvent {
  eventId: string;
  /** Epoch ms. */
  timestamp: number;
  message: string;
  logStreamName: string | undefined;
}

export interface FilterLogEventsInput {
  logGroup: string;
  /** Epoch ms, inclusive. */
  startMs: number;
  /** Epoch ms, inclusive. */
  endMs?: number;
  logStreamNamePrefix?: string;
  filterPattern?: string;
  /** Stop after this many events (the rest is left for the next poll). */
  maxEvents?: number;
  /** Pages followed at most; a tail poll must end. */
  maxPages?: number;
}

export interface FilterLogEventsResult {
  events: FilteredLogEvent[];
  /** False when maxEvents or maxPages ended the paging before AWS's last page. */
  complete: boolean;
}

/** Admission of one call under a shared rate (the caller's process-wide FilterLogEvents limit). */
export interface CallRateGate {
  take(signal?: AbortSignal): Promise<() => void>;
}

export async function filterLogEvents(
  client: CloudWatchLogsClient,
  input: FilterLogEventsInput,
  options: AwsCallOptions & { gate?: CallRateGate } = {},
): Promise<FilterLogEventsResult> {
  const events: FilteredLogEvent[] = [];
  const maxEvents = input.maxEvents ?? 10_000;
  const maxPages = input.maxPages ?? 50;
  const fetchPage = async (nextToken: string | undefined) => {
    // Every page waits for the caller's shared FilterLogEvents rate, if any.
    const answered = await options.gate?.take(options.abortSignal);
    return callAws(
      'logs:FilterLogEvents',
      (sendOptions) =>
        client.send(
          new FilterLogEventsCommand({
            logGroupName: input.logGroup,
            startTime: Math.floor(input.startMs),
            ...(input.endMs !== undefined ? { endTime: Math.floor(input.endMs) } : {}),
            ...(input.logStreamNamePrefix ? { logStreamNamePrefix: input.logStreamNamePrefix } : {}),
            ...(input.filterPattern ? { filterPattern: input.filterPattern } : {}),
            limit: Math.min(10_000, maxEvents - events.length),
            ...(nextToken ? { nextToken } : {}),
          }),
          sendOptions,
        ),
      options,
    ).finally(() => answered?.());
  };
  const onPage = (output: Awaited<ReturnType<typeof fetchPage>>): boolean => {
    for (const event of output.events ?? []) {
      if (event.timestamp === undefined) continue;
      events.push({
        eventId: event.eventId ?? `${event.timestamp}:${event.logStreamName ?? ''}:${event.message ?? ''}`,
        timestamp: event.timestamp,
        message: event.message ?? '',
        logStreamName: event.logStreamName,
      });
    }
    return events.length < maxEvents;
  };
  const { nextToken } = await followPages(fetchPage, (output) => output.nextToken, onPage, maxPages);
  return { events, complete: nextToken === undefined };
}

/**
 * A FilterLogEvents pattern that narrows the server's answer to a superset of what `filter`
 * keeps: quoted phrases for contains/exclude when they can be written as one (no `"` or line
 * break), nothing otherwise. `levels` and `matches` are left to `logLineMatcher`.
 */
export function tailFilterPattern(filter: LogFilter | null | undefined): string | undefined {
  const phrase = (text: string): string | undefined => (/["\r\n]/.test(text) || text.trim() !== text || text === '' ? undefined : `"${text}"`);
  const terms: string[] = [];
  if (filter?.contains) {
    const term = phrase(filter.contains);
    if (term) terms.push(term);
  }
  if (filter?.exclude) {
    const term = phrase(filter.exclude);
    if (term) terms.push(`-${term}`);
  }
  const pattern = terms.join(' ');
  return pattern && pattern.length <= 1_024 ? pattern : undefined;
}

/**
 * The Logs Insights meaning of `filter` (and a @logStream regex) as a predicate on one line. The
 * user's regexes run on RE2 (linear time): a tail evaluates them inside the gateway.
 */
export function logLineMatcher(filter: LogFilter | null | undefined, streamPattern?: string): (message: string, logStream: string | undefined) => boolean {
  const toRegex = (source: string, argument: string): LinearRegex => {
    regexLiteral(source, argument); // the same validation as a query
    return source.startsWith('(?i)') ? compileLinearRegex(source.slice(4), { ignoreCase: true }) : compileLinearRegex(source);
  };
  const stream = streamPattern !== undefined ? toRegex(streamPattern, 'log_stream_pattern') : undefined;
  const matches = filter?.matches != null ? toRegex(filter.matches, 'filter.matches') : undefined;
  const levels = filter?.levels?.length ? compileLinearRegex(`\\b(?:${filter.levels.flatMap(levelWords).join('|')})\\b`) : undefined;
  const contains = filter?.contains ?? undefined;
  const exclude = filter?.exclude ?? undefined;
  return (message, logStream) =>
    (!stream || stream.test(logStream ?? '')) &&
    (contains === undefined || message.includes(contains)) &&
    (exclude === undefined || !message.includes(exclude)) &&
    (!matches || matches.test(message)) &&
    (!levels || levels.test(message));
}
