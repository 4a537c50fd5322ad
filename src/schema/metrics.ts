// Metrics: Service.metrics / Service.metric (CloudWatch GetMetricData through the per-request
// metrics loader) and Query.metricCatalog (ListMetrics). Every AWS-backed field is nullable so a
// failure nulls only itself; a series CloudWatch answered only partly (or not at all, Forbidden)
// keeps its place and says so on `status` and with a typed error at its `complete` field.
import { GraphQLError } from 'graphql';
import type { MetricDescriptor } from '../aws/metric-catalog.ts';
import type { MetricMessage } from '../aws/metric-data.ts';
import type { MetricDimension } from '../aws/metric-definitions.ts';
import type { ServiceDefinition } from '../runtime/gateway-runtime.ts';
import { loadMetricCatalog, loadServiceMetrics, type MetricPoint, type MetricSeriesResult } from '../loaders/metrics/metrics-loader.ts';
import type { RequestContext } from '../runtime/request-context.ts';
import { builder } from './builder.ts';
import { readableProfile, readableService, requireWholeProfile } from './caller-access.ts';
import { badUserInput, gatewayError, resolveOrError } from './graphql-errors.ts';
import { ServiceRef } from './service.ts';
import { resolveTimeRange, TimeRangeInput, type TimeRangeInputShape } from './time-range.ts';

export const MetricStatusEnum = builder.enumType('MetricStatus', {
  description: "CloudWatch's StatusCode of one series, or NOT_LISTED when an empty series names no existing metric.",
  values: {
    COMPLETE: { value: 'Complete', description: 'Every datapoint of the window (none at all when the metric had no data).' },
    PARTIAL_DATA: { value: 'PartialData', description: 'Only some datapoints: the series is incomplete.' },
    FORBIDDEN: { value: 'Forbidden', description: 'The gateway may not read this metric (e.g. a cross-account or KMS restriction).' },
    INTERNAL_ERROR: { value: 'InternalError', description: 'CloudWatch failed to compute this series.' },
    NOT_LISTED: {
      value: 'NotListed',
      description:
        'No datapoints because the metric does not exist for these dimensions: ListMetrics lists no metric of this name with this exact dimension set (a mistyped name, or a metric this kind of resource does not publish). `messages` names the metrics it does list.',
    },
  } as const,
});

export const DimensionRef = builder.objectRef<MetricDimension>('Dimension');
DimensionRef.implement({
  description: 'A CloudWatch dimension: one name/value pair of a metric\'s identity.',
  fields: (t) => ({ name: t.exposeString('name', { description: "Dimension name, e.g. \"ServiceName\"." }), value: t.exposeString('value', { description: "Dimension value, e.g. \"payments-api\"." }) }),
});

export const DataPointRef = builder.objectRef<MetricPoint>('DataPoint');
DataPointRef.implement({
  description: 'The statistic of one period.',
  fields: (t) => ({
    timestamp: t.field({ type: 'DateTime', description: 'Start of the period.', resolve: (point) => new Date(point.timestamp) }),
    value: t.exposeFloat('value', { description: "The statistic over the period, in the series' unit." }),
  }),
});

export const MetricMessageRef = builder.objectRef<MetricMessage>('MetricMessage');
MetricMessageRef.implement({
  description: 'A message CloudWatch attached to a series or to its GetMetricData call.',
  fields: (t) => ({ code: t.exposeString('code', { description: "CloudWatch's message code, or the gateway's (NotListed, ListMetricsFailed)." }), value: t.exposeString('value', { description: "The message text." }) }),
});

export const MetricSeriesRef = builder.objectRef<MetricSeriesResult>('MetricSeries');
MetricSeriesRef.implement({
  description: 'One CloudWatch metric of a service as a time series of one statistic per period.',
  fields: (t) => ({
    namespace: t.exposeString('namespace', { description: "CloudWatch namespace, e.g. \"AWS/ApplicationELB\"." }),
    metricName: t.exposeString('metricName', { description: "Metric name, e.g. \"RequestCount\"." }),
    stat: t.exposeString('stat', { description: 'Average, Sum, Minimum, Maximum, SampleCount or a percentile (p99).' }),
    period: t.exposeInt('period', { description: 'Seconds per datapoint.' }),
    unit: t.string({ nullable: true, description: 'The unit CloudWatch records this metric in, when known.', resolve: (series) => series.unit ?? null }),
    dimensions: t.field({ type: [DimensionRef], description: 'The exact dimension set queried (in name order).', resolve: (series) => [...series.dimensions] }),
    points: t.field({ type: [DataPointRef], description: 'Datapoints in time order; empty when the metric has no data in the window.', resolve: (series) => series.points }),
    status: t.field({ description: "Whether the series is whole: CloudWatch's StatusCode, or NOT_LISTED when it is empty because no such metric exists for these dimensions.", type: MetricStatusEnum, resolve: (series) => series.status }),
    complete: t.boolean({
      nullable: true,
      description:
        'True when CloudWatch returned the whole series. Otherwise null with a typed error at this path (extensions.code ACCESS_DENIED for FORBIDDEN, PARTIAL for PARTIAL_DATA, UPSTREAM_ERROR for INTERNAL_ERROR, NOT_FOUND for NOT_LISTED); the series and its siblings stay.',
      resolve: (series) => {
        if (series.status === 'Complete') return true;
        throw seriesStatusError(series);
      },
    }),
    label: t.string({ nullable: true, description: "CloudWatch's label of the series.", resolve: (series) => series.label ?? null }),
    messages: t.field({ type: [MetricMessageRef], description: 'Messages CloudWatch returned with the series or its call.', resolve: (series) => series.messages }),
    from: t.field({ type: 'DateTime', description: 'Start of the window asked for, aligned to the period.', resolve: (series) => new Date(series.start) }),
    to: t.field({ type: 'DateTime', description: 'End (exclusive) of the window asked for, aligned to the period.', resolve: (series) => new Date(series.end) }),
  }),
});

export const MetricDescriptorRef = builder.objectRef<MetricDescriptor>('MetricDescriptor');
MetricDescriptorRef.implement({
  description: 'A metric CloudWatch lists (it had data in the last two weeks), with its exact dimension set.',
  fields: (t) => ({
    namespace: t.exposeString('namespace', { description: "CloudWatch namespace, e.g. \"AWS/ECS\"." }),
    metricName: t.exposeString('metricName', { description: "Metric name, e.g. \"CPUUtilization\"." }),
    dimensions: t.field({ description: "The metric's exact dimension set (in name order).", type: [DimensionRef], resolve: (metric) => metric.dimensions }),
  }),
});

function seriesStatusError(series: MetricSeriesResult): GraphQLError {
  const what = `${series.namespace} ${series.metricName} (${series.dimensions.map((d) => `${d.name}=${d.value}`).join(', ')})`;
  const detail = series.messages.map((m) => `${m.code}: ${m.value}`).join('; ');
  const extensions = { status: series.status, messages: series.messages };
  switch (series.status) {
    case 'Forbidden':
      return gatewayError('ACCESS_DENIED', `CloudWatch did not let the gateway read ${what}${detail ? `: ${detail}` : ''}`, { action: 'cloudwatch:GetMetricData', ...extensions });
    case 'NotListed':
      return gatewayError('NOT_FOUND', `no such metric: ${detail}`, extensions);
    case 'PartialData':
      return new GraphQLError(`CloudWatch returned only part of ${what}${detail ? `: ${detail}` : ''}`, { extensions: { code: 'PARTIAL', ...extensions } });
    default:
      return gatewayError('UPSTREAM_ERROR', `CloudWatch failed to compute ${what}${detail ? `: ${detail}` : ''}`, extensions);
  }
}

interface MetricsFieldArgs {
  stat?: string | null;
  period?: number | null;
  range?: TimeRangeInputShape | null;
}

function windowOf(context: RequestContext, range: TimeRangeInputShape | null | undefined): { start: number; end: number } {
  return resolveTimeRange(range, { now: context.now, maxWindowMs: context.runtime.config.limits.max_window });
}

function loadMetrics(context: RequestContext, service: ServiceDefinition, names: readonly string[] | null | undefined, args: MetricsFieldArgs): Promise<MetricSeriesResult[]> {
  return resolveOrError(() =>
    loadServiceMetrics(context, service, { names: names ?? null, stat: args.stat ?? null, period: args.period ?? null, window: windowOf(context, args.range) }),
  );
}

builder.objectFields(ServiceRef, (t) => ({
  metrics: t.field({
    type: [MetricSeriesRef],
    nullable: true,
    description:
      "CloudWatch metrics of the service (default: its resource type's standard metrics, or the profile's `metrics`). All series of a query are fetched together: N services x M metrics in one window cost ceil(N*M/500) GetMetricData calls.",
    args: {
      names: t.arg.stringList({ description: 'Metric names; default: the standard metrics of the resource type.' }),
      stat: t.arg.string({ description: "Statistic for every series; default: each metric's own (Sum for counts, Average otherwise)." }),
      period: t.arg.int({ description: 'Seconds per datapoint (1, 5, 10, 20, 30 or a multiple of 60); default: about 1,440 points over the window.' }),
      range: t.arg({ type: TimeRangeInput, description: 'Default: the last hour. Aligned to the period.' }),
    },
    resolve: (service, args, context) => loadMetrics(context, service, args.names, args),
  }),
  metric: t.field({
    type: MetricSeriesRef,
    nullable: true,
    description: 'One CloudWatch metric of the service.',
    args: {
      name: t.arg.string({ description: "The metric name, e.g. \"TargetResponseTime\".", required: true }),
      stat: t.arg.string({ description: "Statistic: Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99; default: the metric's own." }),
      period: t.arg.int({ description: "Seconds per datapoint (1, 5, 10, 20, 30 or a multiple of 60); default: about 1,440 points over the window." }),
      range: t.arg({ description: "Default: the last hour. Aligned to the period.", type: TimeRangeInput }),
    },
    resolve: async (service, args, context) => (await loadMetrics(context, service, [args.name], args))[0] ?? null,
  }),
}));

builder.queryFields((t) => ({
  metricCatalog: t.field({
    type: [MetricDescriptorRef],
    nullable: true,
    description:
      "Metrics CloudWatch lists in a namespace (ListMetrics, cached); with `service`, those of that service (its resolved dimensions when the namespace is its resource type's, else metrics with a dimension value equal to the service's name).",
    args: {
      profile: t.arg.string({ description: "Profile name; default: the default profile." }),
      namespace: t.arg.string({ description: "CloudWatch namespace to list, e.g. \"AWS/ECS\".", required: true }),
      service: t.arg.string({ description: "Only the metrics of this service (its resolved dimensions); default: the whole namespace (needs a scope over the whole profile)." }),
    },
    resolve: (_root, args, context) =>
      resolveOrError(() => {
        const namespace = args.namespace.trim();
        if (!namespace || namespace.length > 255) throw badUserInput('namespace: must be 1 to 255 characters', 'namespace');
        const profile = readableProfile(context, args.profile);
        if (args.service == null) {
          requireWholeProfile(context, profile, 'metricCatalog without a service');
          return loadMetricCatalog(context, profile, namespace);
        }
        return loadMetricCatalog(context, profile, namespace, readableService(context, profile, args.service));
      }),
  }),
}));
