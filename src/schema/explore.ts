// Escape hatches for engineers with the explore scope: a raw Logs Insights query over named log
// groups or a prefix, GetMetricData with explicit namespace, dimensions and metric math, and a raw
// X-Ray filter expression. The raw strings go to AWS as the explorer wrote them; everything else
// (log group names, windows, ids) is checked and passed as structured parameters. Same errors,
// limits and `extensions.cost` as every other field.
import { MAX_QUERY_STRING } from '../aws/logs-insights-query.ts';
import type { ExplicitMetricQuery } from '../aws/metric-queries.ts';
import type { ProfileRuntime } from '../runtime/gateway-runtime.ts';
import { loadRawInsightsQuery, MAX_RAW_QUERY_LOG_GROUPS, type RawInsightsResult } from '../loaders/logs/logs-loader.ts';
import { loadExplicitMetricData, type ExplicitMetricResult } from '../loaders/metrics/metrics-loader.ts';
import type { RequestContext } from '../runtime/request-context.ts';
import { loadTraceSummaries, MAX_TRACE_LIST_LIMIT } from '../loaders/traces/traces-list.ts';
import { builder } from './builder.ts';
import { forbidden, readableProfile } from './caller-access.ts';
import { badUserInput, gatewayError, resolveOrError } from './graphql-errors.ts';
import { LogQueryStatisticsRef, LogQueryStatusEnum } from './logs-types.ts';
import { DimensionInput } from './service.ts';
import { DataPointRef, MetricMessageRef, MetricStatusEnum } from './metrics.ts';
import { resolveTimeRange, TimeRangeInput, type TimeRangeInputShape } from './time-range.ts';
import { TraceListRef } from './traces.ts';

/** The profile, when the caller may explore it. */
function explorableProfile(context: RequestContext, name: string | null | undefined, field: string): ProfileRuntime {
  const profile = readableProfile(context, name);
  if (!context.caller.mayExplore(profile.name)) throw forbidden(`${field} needs the explore scope, which caller "${context.caller.name}" lacks`);
  return profile;
}

function windowOf(context: RequestContext, range: TimeRangeInputShape | null | undefined) {
  return resolveTimeRange(range, { now: context.now, maxWindowMs: context.runtime.config.limits.max_window });
}

// --- raw Logs Insights --------------------------------------------------------------------------

const ResultFieldRef = builder.objectRef<{ field: string; value: string }>('InsightsResultField').implement({
  description: 'One column of a Logs Insights result row (values are always strings, as Logs Insights returns them).',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Column name, e.g. "@message" or "count(*)".' }),
    value: t.exposeString('value', { description: 'The value as Logs Insights returned it.' }),
  }),
});

const ResultRowRef = builder.objectRef<Array<{ field: string; value: string }>>('InsightsResultRow').implement({
  description: 'One row of a Logs Insights result.',
  fields: (t) => ({
    columns: t.field({ type: [ResultFieldRef], description: 'The columns in the order Logs Insights returned them.', resolve: (row) => row }),
    value: t.string({
      nullable: true,
      description: 'The value of one column, e.g. "@message" or "count()"; null when the row has no such column.',
      args: { field: t.arg.string({ required: true, description: 'The column name.' }) },
      resolve: (row, args) => row.find((column) => column.field === args.field)?.value ?? null,
    }),
  }),
});

const InsightsResultRef = builder.objectRef<RawInsightsResult>('InsightsQueryResult').implement({
  description: 'The answer of a raw Logs Insights query: its rows as Logs Insights returned them.',
  fields: (t) => ({
    rows: t.field({ type: [ResultRowRef], description: 'Result rows in the order Logs Insights returned them.', resolve: (result) => result.rows }),
    fields: t.stringList({ description: 'Every column name that occurs in the rows, in first-seen order.', resolve: (result) => result.fields }),
    truncated: t.boolean({ description: 'True when more records matched than rows were returned (a `limit` in the query, or the 10,000-row cap).', resolve: (result) => result.truncated }),
    status: t.field({ type: LogQueryStatusEnum, description: 'Whether Logs Insights finished before logs.query_timeout.', resolve: (result) => result.status }),
    statistics: t.field({ type: LogQueryStatisticsRef, description: 'What Logs Insights scanned (bytesScanned is what AWS bills).', resolve: (result) => result.statistics }),
    logGroups: t.stringList({ description: 'The log groups queried.', resolve: (result) => result.logGroups }),
    queryString: t.exposeString('queryString', { description: 'The query as sent to Logs Insights.' }),
  }),
});

// --- explicit GetMetricData ---------------------------------------------------------------------

const MetricStatInput = builder.inputType('MetricStatInput', {
  description: 'A metric by its full identity.',
  fields: (t) => ({
    namespace: t.string({ required: true, description: 'e.g. "AWS/DynamoDB".' }),
    metricName: t.string({ required: true, description: 'e.g. "ThrottledRequests".' }),
    dimensions: t.field({ type: [DimensionInput], description: 'The exact dimension set (CloudWatch matches it exactly); default: none.' }),
    stat: t.string({ required: true, description: 'Average, Sum, Minimum, Maximum, SampleCount or a percentile (p99).' }),
  }),
});

const MetricDataQueryInput = builder.inputType('MetricDataQueryInput', {
  description: 'One query of a GetMetricData call: a metric, or a metric math expression over the ids of the other queries.',
  fields: (t) => ({
    id: t.string({ required: true, description: 'Starts with a lowercase letter; letters, digits and "_". Expressions refer to queries by it.' }),
    metric: t.field({ type: MetricStatInput, description: 'The metric to read; give this or `expression`.' }),
    expression: t.string({ description: 'Metric math sent to CloudWatch as written, e.g. "100 * errors / requests" or "SUM([a, b])".' }),
    label: t.string({ description: 'A label for the series.' }),
    returnData: t.boolean({ defaultValue: true, description: 'False: used by expressions only, not returned.' }),
  }),
});

const MetricQueryResultRef = builder.objectRef<ExplicitMetricResult>('MetricQueryResult').implement({
  description: 'The series of one query of an explicit GetMetricData call.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The query\'s id as given.' }),
    label: t.string({ nullable: true, description: 'The label CloudWatch gave the series (the query\'s label, if any).', resolve: (result) => result.label ?? null }),
    expression: t.string({ nullable: true, description: 'The expression, for expression queries.', resolve: (result) => result.expression ?? null }),
    period: t.exposeInt('period', { description: 'Seconds per datapoint.' }),
    from: t.field({ type: 'DateTime', description: 'Start of the window asked for, aligned to the period.', resolve: (result) => new Date(result.start) }),
    to: t.field({ type: 'DateTime', description: 'End (exclusive) of the window asked for, aligned to the period.', resolve: (result) => new Date(result.end) }),
    points: t.field({ type: [DataPointRef], description: 'Datapoints in time order.', resolve: (result) => result.points }),
    status: t.field({ type: MetricStatusEnum, description: 'CloudWatch\'s StatusCode of the series.', resolve: (result) => result.status }),
    messages: t.field({ type: [MetricMessageRef], description: 'Messages CloudWatch attached to the series or the call.', resolve: (result) => result.messages }),
  }),
});

interface MetricDataQueryShape {
  id: string;
  metric?: { namespace: string; metricName: string; dimensions?: Array<{ name: string; value: string }> | null; stat: string } | null;
  expression?: string | null;
  label?: string | null;
  returnData?: boolean | null;
}

function toExplicitQuery(query: MetricDataQueryShape): ExplicitMetricQuery {
  return {
    id: query.id,
    label: query.label ?? undefined,
    returnData: query.returnData ?? true,
    expression: query.expression ?? undefined,
    metric: query.metric
      ? {
          namespace: query.metric.namespace,
          metricName: query.metric.metricName,
          // Canonical (name) order, as CloudWatch identifies a metric.
          dimensions: [...(query.metric.dimensions ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
          stat: query.metric.stat,
        }
      : undefined,
  };
}

// --- the fields -----------------------------------------------------------------------------------

builder.queryFields((t) => ({
  insightsQuery: t.field({
    type: InsightsResultRef,
    nullable: true,
    description:
      'Explore scope: a Logs Insights query written by hand (sent as written) over named log groups or the log groups under a prefix (at most 50).',
    args: {
      profile: t.arg.string({ description: 'Default: the default profile; needs the explore scope there.' }),
      query: t.arg.string({ required: true, description: 'Logs Insights query language, e.g. "fields @timestamp, @message | filter @message like /timeout/ | limit 20".' }),
      logGroups: t.arg.stringList({ description: 'Log group names; give this or `logGroupPrefix`.' }),
      logGroupPrefix: t.arg.string({ description: 'Every log group whose name starts with this (DescribeLogGroups).' }),
      range: t.arg({ type: TimeRangeInput, description: 'Default: the last hour.' }),
    },
    resolve: (_root, args, context) =>
      resolveOrError(async () => {
        const profile = explorableProfile(context, args.profile, 'insightsQuery');
        if (!args.query.trim()) throw badUserInput('query: must not be empty', 'query');
        if (args.query.length > MAX_QUERY_STRING) throw badUserInput(`query: ${args.query.length} characters; Logs Insights takes at most ${MAX_QUERY_STRING.toLocaleString('en-US')}`, 'query');
        if ((args.logGroups == null) === (args.logGroupPrefix == null)) throw badUserInput('give exactly one of logGroups and logGroupPrefix', 'logGroups');
        if (args.logGroups && (args.logGroups.length === 0 || args.logGroups.length > MAX_RAW_QUERY_LOG_GROUPS)) {
          throw gatewayError('LIMIT_EXCEEDED', `logGroups: ${args.logGroups.length} log groups; one query reads 1 to ${MAX_RAW_QUERY_LOG_GROUPS}`, { argument: 'logGroups' });
        }
        if (args.logGroupPrefix != null && !args.logGroupPrefix.trim()) throw badUserInput('logGroupPrefix: must not be empty', 'logGroupPrefix');
        return loadRawInsightsQuery(context, profile, {
          queryString: args.query,
          ...(args.logGroups ? { logGroups: args.logGroups } : { logGroupPrefix: args.logGroupPrefix! }),
          window: windowOf(context, args.range),
        });
      }),
  }),
  metricData: t.field({
    type: [MetricQueryResultRef],
    nullable: true,
    description: 'Explore scope: one GetMetricData call with explicit metrics (namespace, name, dimensions, statistic) and metric math expressions over their ids.',
    args: {
      profile: t.arg.string({ description: 'Default: the default profile; needs the explore scope there.' }),
      queries: t.arg({ type: [MetricDataQueryInput], required: true, description: '1 to 500 queries, ids unique; at least one with returnData.' }),
      period: t.arg.int({ description: 'Seconds per datapoint (1, 5, 10, 20, 30 or a multiple of 60); default: about 1,440 points over the window.' }),
      range: t.arg({ type: TimeRangeInput, description: 'Default: the last hour. Aligned to the period.' }),
    },
    resolve: (_root, args, context) =>
      resolveOrError(async () => {
        const profile = explorableProfile(context, args.profile, 'metricData');
        return loadExplicitMetricData(context, profile, { queries: args.queries.map(toExplicitQuery), period: args.period ?? null, window: windowOf(context, args.range) });
      }),
  }),
  traceSearch: t.field({
    type: TraceListRef,
    nullable: true,
    description: 'Explore scope: traces matching an X-Ray filter expression written by hand (sent as written), newest first.',
    args: {
      profile: t.arg.string({ description: 'Default: the default profile; needs the explore scope there.' }),
      filterExpression: t.arg.string({ required: true, description: 'X-Ray filter expression, e.g. \'service("payments-api") AND responsetime > 2\'.' }),
      range: t.arg({ type: TimeRangeInput, description: 'Default: the last hour.' }),
      limit: t.arg.int({ defaultValue: 20, description: `1 to ${MAX_TRACE_LIST_LIMIT}.` }),
    },
    resolve: (_root, args, context) =>
      resolveOrError(async () => {
        const profile = explorableProfile(context, args.profile, 'traceSearch');
        const limit = args.limit ?? 20;
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRACE_LIST_LIMIT) throw badUserInput(`limit: must be 1 to ${MAX_TRACE_LIST_LIMIT}; got ${limit}`, 'limit');
        if (!args.filterExpression.trim() || args.filterExpression.length > 2_000) throw badUserInput('filterExpression: must be 1 to 2,000 characters', 'filterExpression');
        const page = await loadTraceSummaries(context, profile, { ...windowOf(context, args.range), filterExpression: args.filterExpression, limit });
        return { traces: page.summaries.map((summary) => ({ id: summary.id, profile, summary })), truncated: page.truncated };
      }),
  }),
}));
