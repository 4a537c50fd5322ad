// The per-request metrics DataLoader: every MetricSeries a query asks for, anywhere in it, is one
// key. A batch resolves each service's dimensions (ListMetrics discovery, cached across requests),
// de-duplicates identical series, groups them by (profile, aligned start, aligned end), cuts each
// group into GetMetricData calls of <= 500 queries and runs them in parallel: N services x M
// metrics in one window cost ceil(N*M/500) calls. Each call's exact input is shared across
// concurrent requests for a short TTL, so 50 viewers of one dashboard cost about what one costs.
import DataLoader from 'dataloader';
import { listAllMetrics, MetricCatalog, type MetricDescriptor } from '../../aws/metric-catalog.ts';
import {
  chunkSeries,
  getMetricDataPages,
  metricDataInput,
  seriesKey,
  queryId,
  type MetricMessage,
  type MetricSeriesData,
  type MetricSeriesSpec,
  type MetricStatusCode,
} from '../../aws/metric-data.ts';
import { InputError } from '../../aws/input-error.ts';
import { MetricConfigError, metricDefaults, metricTargetOf, sortDimensions, type MetricDimension, type MetricServiceInput, type ServiceMetricTarget } from '../../aws/metric-definitions.ts';
import { planMetricWindow, validateStat } from '../../aws/metric-period.ts';
import type { ServiceConfig } from '../../config/config-schema.ts';
import { RESOURCE_DIMENSION_KEYS } from '../../config/resource-types.ts';
import { explicitMetricDataInput, validateExplicitQueries, type ExplicitMetricQuery } from '../../aws/metric-queries.ts';
import { AnswerKind, loadSharedAnswer } from '../../sharing/answer-sharing.ts';
import type { ProfileRuntime, ServiceDefinition } from '../../runtime/gateway-runtime.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import { requestBudget } from '../../runtime/request-budget.ts';
import { Slot } from '../../runtime/slot.ts';

/** How long one GetMetricData answer is shared at most (also never longer than its period). */
export const METRIC_DATA_SHARE_MS = 60_000;

/** Metric names one `metrics` field may ask for. */
export const MAX_METRIC_NAMES = 100;
const METRIC_NAME = /^[^\u0000-\u001f\u007f]{1,255}$/;

/** One series as a resolver asks for it: dimensions are resolved in the batch. */
export interface MetricSeriesKey {
  service: ServiceDefinition;
  metricName: string;
  stat: string;
  period: number;
  /** Aligned window, epoch ms. */
  start: number;
  end: number;
}

export interface MetricPoint {
  timestamp: number;
  value: number;
}

export interface MetricSeriesResult {
  namespace: string;
  metricName: string;
  stat: string;
  period: number;
  unit: string | undefined;
  dimensions: readonly MetricDimension[];
  label: string | undefined;
  /** Ascending; empty when CloudWatch has no data in the window. */
  points: MetricPoint[];
  status: SeriesStatus;
  messages: MetricMessage[];
  /** The aligned window asked for. */
  start: number;
  end: number;
}

/**
 * CloudWatch's StatusCode, or NotListed: no datapoints, and ListMetrics lists no metric of this
 * name with these exact dimensions, so the series is empty because it does not exist (a mistyped
 * name, or a metric this kind of resource does not publish), not because the window was quiet.
 */
export type SeriesStatus = MetricStatusCode | 'NotListed';

export interface ServiceMetricsArgs {
  names?: readonly string[] | null;
  stat?: string | null;
  period?: number | null;
  /** The resolved (unaligned) window, epoch ms. */
  window: { start: number; end: number };
}

/** What a service's metrics depend on: its type, and the dimension values its config gives (`cluster`, `dimensions`, ...). */
export function metricServiceOf(service: { name: string; config: ServiceConfig }): MetricServiceInput {
  const { config } = service;
  const dimensions: Record<string, string> = {};
  for (const { key, dimension, type } of RESOURCE_DIMENSION_KEYS) {
    const value = config[key];
    if (type === config.resource_type && value !== undefined) dimensions[dimension] = value;
  }
  Object.assign(dimensions, config.dimensions);
  return { name: service.name, resourceType: config.resource_type, dimensions, metrics: config.metrics, namespace: config.namespace };
}

/** The series keys of `Service.metrics` / `Service.metric`: names (default: standard ones), stat and aligned window. */
export function planServiceMetrics(context: RequestContext, service: ServiceDefinition, args: ServiceMetricsArgs): MetricSeriesKey[] {
  const target = metricTargetOf(metricServiceOf(service));
  const names = args.names ? [...new Set(args.names)] : target.defaultMetrics;
  if (names.length > MAX_METRIC_NAMES) throw new InputError('names', `${names.length} metrics asked for; at most ${MAX_METRIC_NAMES} per field`);
  // A name CloudWatch rejects would fail the whole GetMetricData call, i.e. other fields' series too.
  for (const name of names) {
    if (!METRIC_NAME.test(name)) throw new InputError('names', `${JSON.stringify(name)} is not a CloudWatch metric name (1 to 255 printable characters)`);
  }
  const stat = args.stat === null || args.stat === undefined ? undefined : validateStat(args.stat);
  const plan = planMetricWindow(args.window, args.period, context.now);
  // A window reaching now gains datapoints; its shared answer is renewed at least every METRIC_DATA_SHARE_MS.
  if (args.window.end >= context.now) context.freshness.changesAt(Math.min(plan.end, context.now + METRIC_DATA_SHARE_MS));
  return names.map((metricName) => ({
    service,
    metricName,
    stat: stat ?? metricDefaults(target.namespace, metricName).stat,
    period: plan.period,
    start: plan.start,
    end: plan.end,
  }));
}

/** The series of a service's metrics, through the request's loader. A failure of any of them fails the list. */
export async function loadServiceMetrics(context: RequestContext, service: ServiceDefinition, args: ServiceMetricsArgs): Promise<MetricSeriesResult[]> {
  const keys = planServiceMetrics(context, service, args);
  requestBudget(context).chargeMetricSeries(context.runtime.config.limits, keys.map(keyOf));
  const results = await metricsLoader(context).loadMany(keys);
  const failure = results.find((result): result is Error => result instanceof Error);
  if (failure) throw failure;
  return results as MetricSeriesResult[];
}

const METRICS_LOADER = new Slot<RequestContext, DataLoader<MetricSeriesKey, MetricSeriesResult, string>>(
  'metric series of a request',
  (context) => new DataLoader((keys: readonly MetricSeriesKey[]) => loadBatch(context, keys), { cacheKeyFn: keyOf }),
);

export function metricsLoader(context: RequestContext): DataLoader<MetricSeriesKey, MetricSeriesResult, string> {
  return METRICS_LOADER.of(context);
}

function keyOf(key: MetricSeriesKey): string {
  return JSON.stringify([key.service.profile.name, key.service.name, key.metricName, key.stat, key.period, key.start, key.end]);
}

const METRIC_LISTINGS = new AnswerKind<MetricDescriptor[]>('ListMetrics');
const METRIC_DATA = new AnswerKind<Map<string, MetricSeriesData>>('GetMetricData');

/** A profile's ListMetrics catalog for this request: listings shared across requests for metrics.catalog_cache_ttl. */
export function metricCatalogOf(context: RequestContext, profile: ProfileRuntime): MetricCatalog {
  return new MetricCatalog((input) =>
    loadSharedAnswer(context, profile, METRIC_LISTINGS, {
      key: JSON.stringify(input),
      ttlMs: context.runtime.config.metrics.catalog_cache_ttl,
      load: (call) => listAllMetrics(profile.clients.cloudwatch, input, call),
    }),
  );
}

/**
 * `Query.metricCatalog`: the metrics CloudWatch lists in `namespace`; with a service, its own: those
 * with its resolved dimensions when the namespace is its resource type's, else those with a
 * dimension value equal to its name (or a configured dimension value).
 */
export async function loadMetricCatalog(context: RequestContext, profile: ProfileRuntime, namespace: string, service?: ServiceDefinition): Promise<MetricDescriptor[]> {
  const catalog = metricCatalogOf(context, profile);
  if (!service) return catalog.list({ namespace });
  let target: ServiceMetricTarget | undefined;
  try {
    target = metricTargetOf(metricServiceOf(service));
  } catch (error) {
    if (!(error instanceof MetricConfigError)) throw error;
  }
  if (target && target.namespace === namespace) {
    const dimensions = await catalog.dimensionsOf(service.name, target);
    return catalog.list({ namespace, dimensions });
  }
  const values = new Set([service.name, ...Object.values(service.config.dimensions ?? {})]);
  const metrics = await catalog.list({ namespace });
  return metrics.filter((metric) => metric.dimensions.some((d) => values.has(d.value)));
}

interface PlannedSeries {
  key: MetricSeriesKey;
  spec: MetricSeriesSpec;
  series: string;
}

interface WindowGroup {
  profile: ProfileRuntime;
  start: number;
  end: number;
  /** Distinct series by seriesKey. */
  series: Map<string, MetricSeriesSpec>;
}

async function loadBatch(context: RequestContext, keys: readonly MetricSeriesKey[]): Promise<Array<MetricSeriesResult | Error>> {
  // Each service's dimensions once per batch; discovery listings are shared by all services of a type.
  const dimensionsByService = new Map<string, Promise<{ target: ServiceMetricTarget; dimensions: readonly MetricDimension[] }>>();
  const planned = await Promise.all(
    keys.map(async (key): Promise<PlannedSeries | Error> => {
      const serviceId = JSON.stringify([key.service.profile.name, key.service.name]);
      let resolved = dimensionsByService.get(serviceId);
      if (!resolved) {
        resolved = (async () => {
          const target = metricTargetOf(metricServiceOf(key.service));
          return { target, dimensions: await metricCatalogOf(context, key.service.profile).dimensionsOf(key.service.name, target) };
        })();
        dimensionsByService.set(serviceId, resolved);
      }
      try {
        const { target, dimensions } = await resolved;
        const spec: MetricSeriesSpec = { namespace: target.namespace, metricName: key.metricName, dimensions, stat: key.stat, period: key.period };
        return { key, spec, series: seriesKey(spec) };
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    }),
  );

  const groups = new Map<string, WindowGroup>();
  for (const item of planned) {
    if (item instanceof Error) continue;
    const groupId = JSON.stringify([item.key.service.profile.name, item.key.start, item.key.end]);
    let group = groups.get(groupId);
    if (!group) {
      group = { profile: item.key.service.profile, start: item.key.start, end: item.key.end, series: new Map() };
      groups.set(groupId, group);
    }
    group.series.set(item.series, item.spec);
  }

  // series key -> its data (or the failure of its call), per group.
  const answers = new Map<string, Map<string, MetricSeriesData | Error>>();
  await Promise.all(
    [...groups].map(async ([groupId, group]) => {
      const bySeries = new Map<string, MetricSeriesData | Error>();
      answers.set(groupId, bySeries);
      context.usage.metricsRequested += group.series.size;
      // Sorted, so that the same set of series always makes the same calls (and shares them).
      const ordered = [...group.series].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      await Promise.all(
        chunkSeries(ordered).map(async (chunk) => {
          try {
            const data = await fetchChunk(context, group, chunk.map(([, spec]) => spec));
            chunk.forEach(([series], index) => bySeries.set(series, data.get(queryId(index)) ?? missingResult()));
          } catch (error) {
            const failure = error instanceof Error ? error : new Error(String(error));
            for (const [series] of chunk) bySeries.set(series, failure);
          }
        }),
      );
    }),
  );

  const results = planned.map((item) => {
    if (item instanceof Error) return item;
    const data = answers.get(JSON.stringify([item.key.service.profile.name, item.key.start, item.key.end]))?.get(item.series);
    if (data === undefined) return new Error(`metric series ${item.series} was not fetched`);
    if (data instanceof Error) return data;
    return toResult(item, data);
  });
  await markUnlisted(context, planned, results);
  return results;
}

/**
 * Empty series are checked against ListMetrics (one cached listing per profile, namespace and
 * dimension set; none at all when every series has data): a metric it does not list for these
 * dimensions is NotListed. When the listing fails the series stays as CloudWatch answered, with a
 * message saying the check could not be made.
 */
async function markUnlisted(
  context: RequestContext,
  planned: ReadonlyArray<PlannedSeries | Error>,
  results: Array<MetricSeriesResult | Error>,
): Promise<void> {
  const listings = new Map<string, Promise<ReadonlySet<string> | Error>>();
  await Promise.all(
    results.map(async (result, index) => {
      const item = planned[index];
      if (result instanceof Error || item instanceof Error || !item || result.points.length > 0 || result.status !== 'Complete') return;
      const { profile } = item.key.service;
      const listingKey = JSON.stringify([profile.name, item.spec.namespace, item.spec.dimensions]);
      let listing = listings.get(listingKey);
      if (!listing) {
        listing = metricCatalogOf(context, profile)
          .list({ namespace: item.spec.namespace, dimensions: item.spec.dimensions })
          .then(
            (metrics) => new Set(metrics.filter((metric) => sameDimensions(metric.dimensions, item.spec.dimensions)).map((metric) => metric.metricName)),
            (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
          );
        listings.set(listingKey, listing);
      }
      const names = await listing;
      const dimensions = item.spec.dimensions.map((d) => `${d.name}=${d.value}`).join(', ') || 'no dimensions';
      if (names instanceof Error) {
        result.messages = [...result.messages, { code: 'ListMetricsFailed', value: `no datapoints; whether the metric exists could not be checked: ${names.message}` }];
      } else if (!names.has(item.spec.metricName)) {
        result.status = 'NotListed';
        const known = [...names].sort();
        result.messages = [
          ...result.messages,
          {
            code: 'NotListed',
            value: `ListMetrics lists no ${item.spec.namespace} ${item.spec.metricName} with dimensions ${dimensions} (it lists metrics with data in the last 2 weeks)${known.length ? `; listed for these dimensions: ${known.join(', ')}` : '; none at all for these dimensions'}`,
          },
        ];
      }
    }),
  );
}

function sameDimensions(a: readonly MetricDimension[], b: readonly MetricDimension[]): boolean {
  return a.length === b.length && sortDimensions(a).every((d, i) => d.name === sortDimensions(b)[i]!.name && d.value === sortDimensions(b)[i]!.value);
}

/** One GetMetricData call (all pages), its exact input shared across requests for min(period, 60 s). */
function fetchChunk(context: RequestContext, group: WindowGroup, specs: MetricSeriesSpec[]): Promise<Map<string, MetricSeriesData>> {
  const input = metricDataInput(specs, group.start, group.end);
  return loadSharedAnswer(context, group.profile, METRIC_DATA, {
    key: JSON.stringify(input),
    ttlMs: Math.min(METRIC_DATA_SHARE_MS, ...specs.map((spec) => spec.period * 1000)),
    load: (call) => getMetricDataPages(group.profile.clients.cloudwatch, input, call),
  });
}

function missingResult(): MetricSeriesData {
  return { timestamps: [], values: [], status: 'Complete', label: undefined, messages: [] };
}

function toResult(item: PlannedSeries, data: MetricSeriesData): MetricSeriesResult {
  const points: MetricPoint[] = data.timestamps.map((timestamp, index) => ({ timestamp, value: data.values[index]! }));
  return {
    namespace: item.spec.namespace,
    metricName: item.spec.metricName,
    stat: item.spec.stat,
    period: item.spec.period,
    unit: metricDefaults(item.spec.namespace, item.spec.metricName).unit,
    dimensions: item.spec.dimensions,
    label: data.label,
    points,
    status: data.status,
    messages: data.messages,
    start: item.key.start,
    end: item.key.end,
  };
}

// --- explicit queries of explorers ----------------------------------------------------------------

export interface ExplicitMetricResult {
  id: string;
  label: string | undefined;
  expression: string | undefined;
  period: number;
  start: number;
  end: number;
  points: MetricPoint[];
  status: MetricStatusCode;
  messages: MetricMessage[];
}

/** One GetMetricData call with the explorer's own queries and expressions; results in the queries' order (returnData ones). */
export async function loadExplicitMetricData(
  context: RequestContext,
  profile: ProfileRuntime,
  args: { queries: readonly ExplicitMetricQuery[]; period: number | null; window: { start: number; end: number } },
): Promise<ExplicitMetricResult[]> {
  validateExplicitQueries(args.queries);
  const plan = planMetricWindow(args.window, args.period, context.now);
  if (args.window.end >= context.now) context.freshness.changesAt(Math.min(plan.end, context.now + METRIC_DATA_SHARE_MS));
  const input = explicitMetricDataInput(args.queries, plan.start, plan.end, plan.period);
  // Every query is a series CloudWatch computes, returned or not.
  const callKey = JSON.stringify(input);
  requestBudget(context).chargeMetricSeries(context.runtime.config.limits, args.queries.map((query) => `explicit:${profile.name}:${callKey}:${query.id}`));
  context.usage.metricsRequested += args.queries.filter((query) => query.returnData).length;
  const data = await loadSharedAnswer(context, profile, METRIC_DATA, {
    key: callKey,
    ttlMs: Math.min(METRIC_DATA_SHARE_MS, plan.period * 1000),
    load: (call) => getMetricDataPages(profile.clients.cloudwatch, input, call),
  });
  return args.queries
    .filter((query) => query.returnData)
    .map((query) => {
      const series = data.get(query.id) ?? missingResult();
      return {
        id: query.id,
        label: series.label ?? query.label,
        expression: query.expression,
        period: plan.period,
        start: plan.start,
        end: plan.end,
        points: series.timestamps.map((timestamp, index) => ({ timestamp, value: series.values[index]! })),
        status: series.status,
        messages: series.messages,
      };
    });
}
