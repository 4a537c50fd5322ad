// The GraphQL types of logs: LogEvent, LogQueryResult, LogFilter, LogLevel, LogBucket, LogGroup.
// Their fields live here; the fields that run queries (Service.logs, Query.logGroups, tail) in
// logs.ts and logs-tail.ts. `LogEventRef`/`LogQueryResultRef` are what other families link to.
import type { LogGroupInfo } from '../aws/log-groups.ts';
import { LOG_LEVELS, type LogFilter, type LogLevelName } from '../aws/logs-insights-query.ts';
import type { LogBucketModel, LogEventModel, LogQueryResultModel, LogQueryStatisticsModel } from '../loaders/logs/logs-loader.ts';
import { builder } from './builder.ts';

const LEVEL_DESCRIPTIONS: Record<LogLevelName, string> = {
  TRACE: 'Finest detail (TRACE).',
  DEBUG: 'Diagnostics for developers (DEBUG).',
  INFO: 'Normal operation (INFO).',
  WARN: 'Something unexpected that the service handled (WARN, WARNING).',
  ERROR: 'A failed operation (ERROR).',
  FATAL: 'A failure the service cannot continue after (FATAL, CRITICAL).',
};

export const LogLevelEnum = builder.enumType('LogLevel', {
  description: 'Severity of a log line, read from its JSON `level` or the first level word written in capitals (WARNING counts as WARN, CRITICAL as FATAL).',
  values: Object.fromEntries(LOG_LEVELS.map((level) => [level, { value: level, description: LEVEL_DESCRIPTIONS[level] }])) as Record<
    LogLevelName,
    { value: LogLevelName; description: string }
  >,
});

export const LogQueryStatusEnum = builder.enumType('LogQueryStatus', {
  description: 'Whether a Logs Insights answer is whole.',
  values: {
    COMPLETE: { value: 'Complete', description: 'Logs Insights finished every part of the query.' },
    PARTIAL: { value: 'Partial', description: 'The query timeout (logs.query_timeout) passed first: the lines found so far.' },
  } as const,
});

export interface LogFilterInputShape {
  contains?: string | null;
  matches?: string | null;
  exclude?: string | null;
  levels?: LogLevelName[] | null;
}

export const LogFilterInput = builder.inputType('LogFilter', {
  description: 'Which lines to keep; every given part must hold. Strings are taken literally (they cannot change the query).',
  fields: (t) => ({
    contains: t.string({ description: 'A literal the line contains (case-sensitive).' }),
    matches: t.string({
      description: 'A regular expression the line matches (Logs Insights syntax: no lookaround or backreferences; a leading `(?i)` ignores case).',
    }),
    exclude: t.string({ description: 'A literal the line must not contain.' }),
    levels: t.field({ type: [LogLevelEnum], description: 'Lines of any of these levels (the level word in the line).' }),
  }),
});

/** The LogFilter argument as the aws modules take it. */
export function toLogFilter(input: LogFilterInputShape | null | undefined): LogFilter | null {
  if (!input) return null;
  return { contains: input.contains ?? null, matches: input.matches ?? null, exclude: input.exclude ?? null, levels: input.levels ?? null };
}

export const LogEventRef = builder.objectRef<LogEventModel>('LogEvent');

LogEventRef.implement({
  description: 'One log line.',
  fields: (t) => ({
    timestamp: t.field({ description: "When the line was written (its @timestamp).", type: 'DateTime', resolve: (event) => event.timestamp }),
    message: t.exposeString('message', { description: "The whole line (@message)." }),
    logStream: t.exposeString('logStream', { description: "The log stream of the line (@logStream).", nullable: true }),
    logGroup: t.exposeString('logGroup', { description: "The log group of the line (from @log, or the query's only log group).", nullable: true }),
    level: t.field({ description: "The severity read from the line; null when it names none.", type: LogLevelEnum, nullable: true, resolve: (event) => event.level }),
    traceId: t.exposeID('traceId', { nullable: true, description: 'The trace id the line mentions, in X-Ray\'s form (1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx; a W3C id in a traceId/trace_id field is converted), if any.' }),
    fields: t.field({ type: 'JSON', nullable: true, description: 'Result columns other than the standard ones.', resolve: (event) => event.fields }),
    ptr: t.exposeString('ptr', { nullable: true, description: "Logs Insights' @ptr (for GetLogRecord), or the event id of a tailed line." }),
  }),
});

export const LogQueryStatisticsRef = builder.objectRef<LogQueryStatisticsModel>('LogQueryStatistics').implement({
  description:
    'What Logs Insights scanned for an answer (bytesScanned is what AWS bills). When one query served several services (`sharedBy` > 1), recordsScanned and bytesScanned are those of the shared query, and recordsMatched is this service\'s own count. After an incremental refresh they are what was scanned this time.',
  fields: (t) => ({
    recordsMatched: t.exposeFloat('recordsMatched', {
      description: "Lines of this service that passed the filter in the window; a lower bound when `recordsMatchedExact` is false (lines beyond the limit of a shared query are never counted).",
    }),
    recordsMatchedExact: t.boolean({ description: 'False when recordsMatched is a lower bound.', resolve: (statistics) => statistics.recordsMatchedExact ?? true }),
    recordsScanned: t.exposeFloat('recordsScanned', { description: 'Records Logs Insights read for this answer (shared with `sharedBy` answers).' }),
    bytesScanned: t.exposeFloat('bytesScanned', { description: 'Bytes Logs Insights read (and AWS bills) for this answer, shared with `sharedBy` answers: do not add them up across services.' }),
    sharedBy: t.int({ description: 'How many answers (services, fields) the scanned records and bytes are shared with; 1: a query of its own.', resolve: (statistics) => statistics.sharedBy ?? 1 }),
  }),
});

export const LogQueryResultRef = builder.objectRef<LogQueryResultModel>('LogQueryResult').implement({
  description: 'Lines of one Logs Insights query, newest first.',
  fields: (t) => ({
    events: t.field({ description: "The lines, newest first, at most `limit`.", type: [LogEventRef], resolve: (result) => result.events }),
    truncated: t.exposeBoolean('truncated', { description: 'More lines matched than `limit`: narrow the window or the filter to see them.' }),
    statistics: t.field({ description: "What Logs Insights scanned for this answer, all parts together.", type: LogQueryStatisticsRef, resolve: (result) => result.statistics }),
    logGroups: t.exposeStringList('logGroups', {
      description:
        'The log groups searched. A caller that may read only some services of the profile sees the groups of those services only: their own log_groups, and a search over the profile\'s prefix as "<prefix>*" ("*" without a prefix), whose groups hold other teams\' streams.',
    }),
    status: t.field({ description: "COMPLETE, or PARTIAL when the query timeout passed first.", type: LogQueryStatusEnum, resolve: (result) => result.status }),
    queryString: t.exposeString('queryString', {
      description:
        'The Logs Insights query that ran (per chunk of <= 50 log groups). When one query served several services or traces, a caller that may read only some services of the profile sees the query its own ask runs alone (the shared one names the others).',
    }),
  }),
});

export const LogBucketRef = builder.objectRef<LogBucketModel>('LogBucket').implement({
  description: 'Lines in one time bucket.',
  fields: (t) => ({
    start: t.field({ description: "Start of the bucket.", type: 'DateTime', resolve: (bucket) => bucket.start }),
    count: t.exposeInt('count', { description: "Lines in the bucket (0 for an empty one)." }),
  }),
});

export const LogGroupRef = builder.objectRef<LogGroupInfo>('LogGroup').implement({
  description: 'A CloudWatch Logs log group.',
  fields: (t) => ({
    name: t.exposeString('name', { description: "Log group name, e.g. \"/ecs/payments-api\"." }),
    arn: t.exposeString('arn', { description: "The log group's ARN.", nullable: true }),
    storedBytes: t.exposeFloat('storedBytes', { description: "Bytes stored in the log group.", nullable: true }),
    retentionInDays: t.exposeInt('retentionInDays', { description: "Days lines are kept; null: forever.", nullable: true }),
    creationTime: t.field({ description: "When the log group was created.", type: 'DateTime', nullable: true, resolve: (group) => (group.creationTime === null ? null : new Date(group.creationTime)) }),
  }),
});
