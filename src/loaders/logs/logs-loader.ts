// Logs for the schema: a service's log groups (DescribeLogGroups, cached per profile and
// coalesced), its Logs Insights queries (shared through answer-sharing.ts: once per request, one
// query for identical in-flight ones across requests, relative windows aligned to 10 s so
// concurrent dashboards meet), log volume, and the lines of a trace. Every query runs through the
// process-wide Logs Insights gate.
import { parseInsightsTimestamp, type LogEvent, type LogQueryStatistics } from '../../aws/log-event.ts';
import { describeLogGroups, type LogGroupInfo } from '../../aws/log-groups.ts';
import { InputError } from '../../aws/input-error.ts';
import { searchesPrefixForLogs, xrayNameOf } from '../../config/resource-types.ts';
import { TRACE_RECORD_LOG_GROUPS } from '../../config/trace-sources.ts';
import {
  buildEventsQuery,
  buildVolumeQuery,
  BUCKET_SYNTAX,
  formatBucket,
  MAX_QUERY_LIMIT,
  parseBucket,
  serviceLogSource,
  type LogFilter,
} from '../../aws/logs-insights-query.ts';
import { alignWindow, SHARED_WINDOW_STEP_MS, type RequestedWindow, type TimeWindow } from '../../aws/time-window.ts';
import { traceIdEpochMs, type TraceFacts } from '../../aws/trace-summaries.ts';
import { runInsightsQuery, runInsightsQueryOverGroups, runLogEventsQuery, type InsightsQueryPart, type InsightsRunStatus, type LogEventsResult } from '../../aws/logs-insights-runner.ts';
import type { BatchSource } from '../../aws/logs-insights-batch.ts';
import { ownTraceLogsQuery } from '../../aws/trace-logs-batch.ts';
import { AnswerKind, loadSharedAnswer } from '../../sharing/answer-sharing.ts';
import { requestBudget } from '../../runtime/request-budget.ts';
import { loadBatchedEvents, loadBatchedTraceLogs, loadBatchedVolume } from './logs-batching.ts';
import { insightsRunOptions as runOptions } from '../../quota/logs-insights-limiter.ts';
import type { ProfileRuntime, ServiceDefinition } from '../../runtime/gateway-runtime.ts';
import type { RequestContext } from '../../runtime/request-context.ts';

/** A log line as the schema serves it (`LogEvent`). */
export type LogEventModel = LogEvent;
/** The answer of one logical Logs Insights query (`LogQueryResult`), parts already merged. */
export type LogQueryResultModel = LogEventsResult & {
  /** The query this answer's ask runs on its own: a merged query also names other asks' streams, groups and trace ids. */
  ownQueryString?: string;
};
export type LogQueryStatisticsModel = LogQueryStatistics;

export interface LogBucketModel {
  start: Date;
  count: number;
}

/** A window in epoch ms; `relative` windows ("last 1h") may be aligned so requests share answers. */
export type LogTimeWindow = RequestedWindow;

/** How long a complete Logs Insights answer is shared across requests. */
const QUERY_SHARE_TTL_MS = 10_000;

const shareableWindow = (window: RequestedWindow): TimeWindow => alignWindow(window, SHARED_WINDOW_STEP_MS, 'share');

// --- which profile a line came from (LogEvent.trace looks the trace up in that profile) --------

const eventProfiles = new WeakMap<LogEventModel, ProfileRuntime>();

/** The profile whose logs a LogEvent was read from (every event this module or the tail returns). */
export function profileOfLogEvent(event: LogEventModel): ProfileRuntime | undefined {
  return eventProfiles.get(event);
}

/** Marks events as read from `profile`. */
export function registerLogEventProfile(events: readonly LogEventModel[], profile: ProfileRuntime): void {
  for (const event of events) eventProfiles.set(event, profile);
}

// --- log groups -----------------------------------------------------------------------------

const LOG_GROUPS = new AnswerKind<LogGroupInfo[]>('DescribeLogGroups', { replicas: true });

/** Every log group of `prefix` (none: the whole region), cached per profile for logs.log_group_cache_ttl. */
export function loadLogGroups(context: RequestContext, profile: ProfileRuntime, prefix: string | undefined): Promise<LogGroupInfo[]> {
  return loadSharedAnswer(context, profile, LOG_GROUPS, {
    key: prefix ?? '',
    ttlMs: context.runtime.config.logs.log_group_cache_ttl,
    load: (call) => describeLogGroups(profile.clients.logs, { ...call, prefix, abortSignal: AbortSignal.any([call.abortSignal, AbortSignal.timeout(30_000)]) }),
  });
}

/** The log groups a service's queries run over: its own, or every group of the profile's prefix. */
export async function serviceLogGroups(context: RequestContext, service: ServiceDefinition): Promise<string[]> {
  const source = serviceLogSource(service);
  if (source.logGroups) return source.logGroups;
  // Types whose logs are not found by name (an ALB's access logs go to S3): searching the region's
  // log groups for them would scan (and bill) everything for nothing. Name their groups to search them.
  if (!searchesPrefixForLogs(service.config)) return [];
  return logGroupsForLogs(await loadLogGroups(context, service.profile, service.profile.config.log_group_prefix));
}

/**
 * A service's log groups as named to a caller that may not list the profile's groups: its own
 * (log_groups), or "<prefix>*" ("*" without a prefix) for a search over the profile's prefix; none
 * for a type whose logs are not found by name.
 */
export function serviceLogGroupsNamed(service: ServiceDefinition): string[] {
  const source = serviceLogSource(service);
  if (source.logGroups) return source.logGroups;
  if (!searchesPrefixForLogs(service.config)) return [];
  return [`${service.profile.config.log_group_prefix ?? ''}*`];
}

/**
 * The groups of a prefix that hold log lines: a trace source's record groups (Transaction Search's
 * `aws/spans`) hold span records (read as traces), which a service's log search would only scan and
 * bill; name one in a service's log_groups to search it anyway.
 */
export function logGroupsForLogs(groups: readonly LogGroupInfo[]): string[] {
  return groups.filter((group) => !TRACE_RECORD_LOG_GROUPS.has(group.name)).map((group) => group.name);
}

// --- running queries, once per request and shared across requests ----------------------------

/** Complete answers only: a partial one (timed out, failed part) is asked again next time. */
const LOG_EVENTS_QUERIES = new AnswerKind<LogQueryResultModel>('Logs Insights events query', { keep: (value) => value.status === 'Complete', replicas: true });
const LOG_VOLUME_QUERIES = new AnswerKind<InsightsQueryPart[]>('Logs Insights volume query', {
  keep: (value) => value.every((part) => part.status === 'Complete'),
});

function queryKey(logGroups: readonly string[], queryString: string, window: { start: number; end: number }): string {
  return JSON.stringify([[...logGroups].sort(), queryString, Math.floor(window.start / 1000), Math.floor(window.end / 1000)]);
}

function emptyResult(queryString: string): LogQueryResultModel {
  return { events: [], truncated: false, statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 }, logGroups: [], status: 'Complete', queryString };
}

/** Runs one events query (any number of log groups) through the request loader and shared cache. */
export async function loadLogEventsQuery(
  context: RequestContext,
  profile: ProfileRuntime,
  query: { logGroups: readonly string[]; queryString: string; window: LogTimeWindow; limit: number },
): Promise<LogQueryResultModel> {
  if (query.logGroups.length === 0) return emptyResult(query.queryString);
  const window = shareableWindow(query.window);
  const key = queryKey(query.logGroups, query.queryString, window);
  requestBudget(context).chargeInsightsQuery(context.runtime.config.limits, `logs:${profile.name}:${key}`, query.logGroups.length, window.end - window.start);
  if (query.window.relative) context.freshness.changesAt(window.end);
  const result = await loadSharedAnswer(context, profile, LOG_EVENTS_QUERIES, {
    key,
    ttlMs: QUERY_SHARE_TTL_MS,
    load: (call) =>
      runLogEventsQuery(
        profile.clients.logsInsights,
        { logGroups: query.logGroups, queryString: query.queryString, startMs: window.start, endMs: window.end, limit: query.limit },
        runOptions(context, call),
      ),
  });
  registerLogEventProfile(result.events, profile);
  return result;
}

// --- what the schema asks for --------------------------------------------------------------------

/** A `limit` argument of a logs field: 1 to 10,000 lines. */
export function checkLogLimit(limit: number, argument = 'limit'): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw new InputError(argument, `must be from 1 to ${MAX_QUERY_LIMIT.toLocaleString('en-US')}; got ${limit}`);
  }
  return limit;
}

/**
 * Where a service's batched queries read: its own groups, the profile's prefix through the SOURCE
 * command (log_group_source = "source"), or the prefix's groups listed by DescribeLogGroups.
 * Undefined: nothing to read (a type whose logs are only where named, such as an ALB or an API
 * Gateway, without named groups).
 */
async function batchSourceOf(context: RequestContext, service: ServiceDefinition): Promise<BatchSource | undefined> {
  const source = serviceLogSource(service);
  const prefix = service.profile.config.log_group_prefix;
  if (!source.logGroups && service.profile.config.log_group_source === 'source' && prefix !== undefined && searchesPrefixForLogs(service.config)) {
    return { logGroups: [], sourcePrefix: prefix, streamPattern: source.streamPattern };
  }
  const logGroups = await serviceLogGroups(context, service);
  return logGroups.length === 0 ? undefined : { logGroups, streamPattern: source.streamPattern };
}

/**
 * batchSourceOf, started at once: the DescribeLogGroups of a cold logs field (the first step of
 * its critical path) leaves with the request's first AWS calls instead of a tick later, when the
 * batch runs. The batch awaits it; an ask the batch never runs (asked twice) must not leave it
 * unhandled.
 */
function eagerSourceOf(context: RequestContext, service: ServiceDefinition): Promise<BatchSource | undefined> {
  const source = batchSourceOf(context, service);
  source.catch(() => {});
  return source;
}

/** The request's AWS budget is charged per service ask, as if it ran its own query (before any query of the batch). */
function chargeAsk(context: RequestContext, service: ServiceDefinition, kind: string, source: BatchSource | undefined, window: TimeWindow, filter: LogFilter | null | undefined): BatchSource | undefined {
  if (source) requestBudget(context).chargeInsightsQuery(context.runtime.config.limits, `${kind}:${service.profile.name}:${serviceAskId(service)}:${JSON.stringify(filter ?? null)}:${window.start}:${window.end}`, Math.max(1, source.logGroups.length), window.end - window.start);
  return source;
}

/** What makes two asks of a request the same service (ad-hoc services carry their own groups). */
const serviceAskId = (service: ServiceDefinition): string => JSON.stringify([service.name, service.config.log_groups ?? null, service.config.log_stream_pattern ?? null, service.config.resource_type]);

/** `Service.logs`: the newest `limit` lines of a service that pass `filter`. */
export async function loadServiceLogs(
  context: RequestContext,
  service: ServiceDefinition,
  args: { window: LogTimeWindow; filter?: LogFilter | null; limit: number },
): Promise<LogQueryResultModel> {
  checkLogLimit(args.limit);
  const source = serviceLogSource(service);
  // Built (and validated) before any AWS call: a bad filter costs nothing.
  const queryString = buildEventsQuery({ streamPattern: source.streamPattern, filter: args.filter ?? null, limit: args.limit });
  if (!context.runtime.config.logs.batch) {
    // One query per service, as before batching (logs.batch = false).
    const logGroups = await serviceLogGroups(context, service);
    return loadLogEventsQuery(context, service.profile, { logGroups, queryString, window: args.window, limit: args.limit });
  }
  const window = shareableWindow(args.window);
  if (args.window.relative) context.freshness.changesAt(window.end);
  const where = eagerSourceOf(context, service);
  const result = await loadBatchedEvents(context, {
    profile: service.profile,
    id: serviceAskId(service),
    resolveSource: async () => chargeAsk(context, service, 'logs', await where, window, args.filter),
    filter: args.filter ?? null,
    window: { ...window, relative: args.window.relative === true },
    limit: args.limit,
  });
  registerLogEventProfile(result.events, service.profile);
  return { ...result, queryString: result.queryString === '' ? queryString : result.queryString, ownQueryString: queryString };
}

/** Bucket sizes offered by default, smallest first. */
const DEFAULT_BUCKETS_MS = [10_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];
/** Buckets a window is cut into at most by default, and at most when the user names the size. */
export const DEFAULT_MAX_BUCKETS = 120;
export const MAX_BUCKETS = 1_440;

/** The smallest default bucket size that cuts `windowMs` into at most 120 buckets. */
export function defaultBucketMs(windowMs: number): number {
  return DEFAULT_BUCKETS_MS.find((size) => windowMs / size <= DEFAULT_MAX_BUCKETS) ?? (DEFAULT_BUCKETS_MS[DEFAULT_BUCKETS_MS.length - 1] as number);
}

/** `Service.logVolume`: lines per bucket over the window (empty buckets as 0), oldest first. */
export async function loadLogVolume(
  context: RequestContext,
  service: ServiceDefinition,
  args: { window: LogTimeWindow; filter?: LogFilter | null; bucket?: string | null },
): Promise<LogBucketModel[]> {
  const window = shareableWindow(args.window);
  if (args.window.relative) context.freshness.changesAt(window.end);
  const bucketMs = args.bucket == null ? defaultBucketMs(window.end - window.start) : parseBucket(args.bucket);
  if (bucketMs === undefined) throw new InputError('bucket', `expected ${BUCKET_SYNTAX}; got ${JSON.stringify(args.bucket)}`);
  const buckets = Math.ceil((window.end - window.start) / bucketMs);
  if (buckets > MAX_BUCKETS) {
    throw new InputError('bucket', `${formatBucket(bucketMs)} cuts the window into ${buckets} buckets; at most ${MAX_BUCKETS}`);
  }
  const source = serviceLogSource(service);
  const queryString = buildVolumeQuery({ streamPattern: source.streamPattern, filter: args.filter ?? null, bucketMs });
  let counts = new Map<number, number>();
  if (context.runtime.config.logs.batch) {
    const where = eagerSourceOf(context, service);
    const ask = { profile: service.profile, id: serviceAskId(service), resolveSource: async () => chargeAsk(context, service, 'volume', await where, window, args.filter), filter: args.filter ?? null, window: { ...window, relative: args.window.relative === true }, bucketMs };
    counts = (await loadBatchedVolume(context, ask)).counts;
  } else {
    // One query per service, as before batching (logs.batch = false).
    const logGroups = await serviceLogGroups(context, service);
    if (logGroups.length > 0) {
      const key = queryKey(logGroups, queryString, window);
      requestBudget(context).chargeInsightsQuery(context.runtime.config.limits, `volume:${service.profile.name}:${key}`, logGroups.length, window.end - window.start);
      const parts = await loadSharedAnswer(context, service.profile, LOG_VOLUME_QUERIES, {
        key,
        ttlMs: QUERY_SHARE_TTL_MS,
        load: (call) =>
          runInsightsQueryOverGroups(service.profile.clients.logsInsights, { logGroups, queryString, startMs: window.start, endMs: window.end }, runOptions(context, call)),
      });
      const binColumn = `bin(${formatBucket(bucketMs)})`;
      for (const row of parts.flatMap((part) => part.rows)) {
        const bin = row.find((cell) => cell.field === binColumn)?.value;
        const count = Number(row.find((cell) => cell.field === 'events')?.value ?? 0);
        if (bin === undefined || !Number.isFinite(count)) continue;
        const start = parseInsightsTimestamp(bin).getTime();
        counts.set(start, (counts.get(start) ?? 0) + count);
      }
    }
  }
  const out: LogBucketModel[] = [];
  for (let start = Math.floor(window.start / bucketMs) * bucketMs; start < window.end; start += bucketMs) {
    out.push({ start: new Date(start), count: counts.get(start) ?? 0 });
  }
  return out;
}

/**
 * Where a trace's lines are searched: one source per service (its groups, or the profile's prefix
 * groups, with its @logStream pattern), or with `everyGroup` and no services, every group of the
 * profile's prefix without a stream condition. Services without groups to read (an ALB without
 * named groups) add nothing.
 */
async function traceLogSources(context: RequestContext, profile: ProfileRuntime, services: readonly ServiceDefinition[], everyGroup: boolean): Promise<BatchSource[]> {
  if (services.length === 0) {
    if (!everyGroup) return [];
    return [{ logGroups: logGroupsForLogs(await loadLogGroups(context, profile, profile.config.log_group_prefix)), streamPattern: undefined }];
  }
  const sources = await Promise.all(services.map(async (service) => ({ logGroups: await serviceLogGroups(context, service), streamPattern: serviceLogSource(service).streamPattern })));
  return sources.filter((source) => source.logGroups.length > 0);
}

/**
 * For `Trace.logs`: the newest `limit` lines that mention `traceId` (validated as an X-Ray id, then
 * a quoted literal) in the lines of `services` (each its own groups and @logStream condition, as
 * Service.logs reads it), or with `everyGroup` and no services, in every group of the profile's
 * prefix. No services (and not `everyGroup`): no query, an empty answer. With logs.batch, the
 * request's traces that read the same groups at close times share one query
 * (loaders/logs/logs-batching.ts); without, one query per trace. Either way through the shared cache
 * and the process-wide gate; > 50 groups fan out and merge.
 * Throws InputError (BAD_USER_INPUT) for a malformed id or limit, AwsCallError /
 * LogsInsightsQueryError for AWS failures (schema/graphql-errors.ts maps them).
 */
export async function loadTraceLogs(
  context: RequestContext,
  args: { profile: ProfileRuntime; services: readonly ServiceDefinition[]; everyGroup?: boolean; traceId: string; range: { start: number; end: number }; limit: number },
): Promise<LogQueryResultModel> {
  // Built (and validated) before any AWS call: a bad id costs nothing.
  const ownQuery = (sources: readonly BatchSource[]) => ownTraceLogsQuery({ traceId: args.traceId, sources }, args.limit);
  const bare = ownQuery([]).queryString;
  const everyGroup = args.everyGroup === true;
  if (args.services.length === 0 && !everyGroup) return emptyResult(bare);
  if (!context.runtime.config.logs.batch) {
    const sources = await traceLogSources(context, args.profile, args.services, everyGroup);
    const own = ownQuery(sources);
    return { ...(await loadLogEventsQuery(context, args.profile, { logGroups: own.logGroups, queryString: own.queryString, window: { start: args.range.start, end: args.range.end }, limit: args.limit })), ownQueryString: own.queryString };
  }
  const result = await loadBatchedTraceLogs(context, {
    profile: args.profile,
    traceId: args.traceId,
    id: JSON.stringify([args.services.map((service) => serviceAskId(service)).sort(), everyGroup]),
    resolveSources: async () => {
      const sources = await traceLogSources(context, args.profile, args.services, everyGroup);
      const placed = ownQuery(sources);
      // Charged as its own query would be (the same key: asked twice, charged once).
      if (placed.logGroups.length > 0) {
        const key = queryKey(placed.logGroups, placed.queryString, args.range);
        requestBudget(context).chargeInsightsQuery(context.runtime.config.limits, `logs:${args.profile.name}:${key}`, placed.logGroups.length, args.range.end - args.range.start);
      }
      return sources;
    },
    window: args.range,
    limit: args.limit,
  });
  registerLogEventProfile(result.events, args.profile);
  // The groups are the request's own answer by now (no AWS call).
  const own = ownQuery(await traceLogSources(context, args.profile, args.services, everyGroup)).queryString;
  return { ...result, queryString: result.queryString === '' ? own : result.queryString, ownQueryString: own };
}

/** Log lines are searched from this long before a trace started to this long after it ended. */
export const TRACE_LOG_MARGIN_MS = 5 * 60_000;
export const DEFAULT_TRACE_LOG_LIMIT = 100;
export const MAX_TRACE_LOG_LIMIT = 1_000;

/** The profile's configured services a trace went through (by X-Ray name). */
export function servicesOfTrace(profile: ProfileRuntime, facts: Pick<TraceFacts, 'services'>): ServiceDefinition[] {
  const names = new Set(facts.services);
  return [...profile.services.values()].filter((service) => names.has(xrayNameOf(service)));
}

/**
 * `Trace.logs`: the lines that mention a trace in the lines of `services` (those of the trace's
 * services the caller may read: the schema decides), from TRACE_LOG_MARGIN_MS before it started to
 * as long after it ended.
 */
export function loadLogsOfTrace(
  context: RequestContext,
  args: { profile: ProfileRuntime; traceId: string; facts: Pick<TraceFacts, 'startTime' | 'durationMs'>; services: readonly ServiceDefinition[]; everyGroup: boolean; limit?: number | null },
): Promise<LogQueryResultModel> {
  const limit = args.limit ?? DEFAULT_TRACE_LOG_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRACE_LOG_LIMIT) {
    return Promise.reject(new InputError('limit', `must be from 1 to ${MAX_TRACE_LOG_LIMIT.toLocaleString('en-US')}; got ${limit}`));
  }
  const start = args.facts.startTime ?? traceIdEpochMs(args.traceId) ?? context.now;
  const end = start + (args.facts.durationMs ?? 0);
  return loadTraceLogs(context, {
    profile: args.profile,
    services: args.services,
    everyGroup: args.everyGroup,
    traceId: args.traceId,
    range: { start: Math.floor(start - TRACE_LOG_MARGIN_MS), end: Math.min(context.now, Math.ceil(end + TRACE_LOG_MARGIN_MS)) },
    limit,
  });
}

// --- raw queries of explorers ---------------------------------------------------------------------

/** One raw query reads at most this many log groups: the rows of several queries cannot be merged (a `stats` would be wrong). */
export const MAX_RAW_QUERY_LOG_GROUPS = 50;
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** Complete answers only, as for the other queries. */
const RAW_QUERIES = new AnswerKind<RawInsightsResult>('Logs Insights raw query', { keep: (value) => value.status === 'Complete' });

export interface RawInsightsResult {
  rows: Array<Array<{ field: string; value: string }>>;
  fields: string[];
  truncated: boolean;
  status: InsightsRunStatus;
  statistics: LogQueryStatistics;
  logGroups: string[];
  queryString: string;
}

/** A Logs Insights query as the explorer wrote it, over named log groups or those under a prefix. */
export async function loadRawInsightsQuery(
  context: RequestContext,
  profile: ProfileRuntime,
  args: { queryString: string; logGroups?: readonly string[]; logGroupPrefix?: string; window: LogTimeWindow },
): Promise<RawInsightsResult> {
  let logGroups: string[];
  if (args.logGroups) {
    logGroups = [...new Set(args.logGroups)];
    const bad = logGroups.find((name) => !LOG_GROUP_NAME.test(name));
    if (bad !== undefined) throw new InputError('logGroups', `${JSON.stringify(bad)} is not a log group name (1 to 512 of letters, digits, ".", "-", "_", "/", "#")`);
  } else {
    logGroups = (await loadLogGroups(context, profile, args.logGroupPrefix)).map((group) => group.name);
    if (logGroups.length > MAX_RAW_QUERY_LOG_GROUPS) {
      throw new InputError('logGroupPrefix', `"${args.logGroupPrefix}" matches ${logGroups.length} log groups; one query reads at most ${MAX_RAW_QUERY_LOG_GROUPS}: use a longer prefix`);
    }
  }
  if (logGroups.length === 0) {
    return { rows: [], fields: [], truncated: false, status: 'Complete', statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 }, logGroups: [], queryString: args.queryString };
  }
  const window = shareableWindow(args.window);
  if (args.window.relative) context.freshness.changesAt(window.end);
  const key = queryKey(logGroups, args.queryString, window);
  requestBudget(context).chargeInsightsQuery(context.runtime.config.limits, `raw:${profile.name}:${key}`, logGroups.length, window.end - window.start);
  return loadSharedAnswer(context, profile, RAW_QUERIES, {
    key,
    ttlMs: QUERY_SHARE_TTL_MS,
    load: async (call) => {
      const part = await runInsightsQuery(
        profile.clients.logsInsights,
        { logGroups, queryString: args.queryString, startMs: window.start, endMs: window.end },
        runOptions(context, call),
      );
      const rows = part.rows.map((row) => row.map((column) => ({ field: column.field ?? '', value: column.value ?? '' })));
      const fields = [...new Set(rows.flatMap((row) => row.map((column) => column.field)))];
      // An aggregation's rows are groups, not records: only the row cap says it was cut.
      const aggregates = /(^|\|)\s*stats\b/i.test(args.queryString);
      const truncated = rows.length >= MAX_QUERY_LIMIT || (!aggregates && part.statistics.recordsMatched > rows.length);
      return { rows, fields, truncated, status: part.status, statistics: part.statistics, logGroups, queryString: args.queryString };
    },
  });
}
