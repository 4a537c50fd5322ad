// ListMetrics: what metrics exist with which exact dimension sets. Used to discover the dimension
// values a profile leaves out (an ECS service's ClusterName, an ALB's LoadBalancer) and for
// Query.metricCatalog. How a listing is obtained (and shared across requests) is the loaders'
// choice: MetricCatalog is handed a lister; one listing per resource type serves every service of it.
import { ListMetricsCommand, type CloudWatchClient, type ListMetricsCommandInput } from '@aws-sdk/client-cloudwatch';
import { RESOURCE_DIMENSION_KEYS, RESOURCE_TYPE_REGISTRY } from '../config/resource-types.ts';
import { callAws, type AwsCallOptions } from './aws-call.ts';
import { followPages } from './aws-pages.ts';
import { sortDimensions, type DimensionDiscovery, type MetricDimension, type ServiceMetricTarget } from './metric-definitions.ts';

/** Pages one listing may read (500 metrics each) before it stops: 100,000 metrics. */
export const MAX_LIST_PAGES = 200;

export interface MetricDescriptor {
  namespace: string;
  metricName: string;
  /** In name order. */
  dimensions: MetricDimension[];
}

export interface MetricListFilter {
  namespace: string;
  metricName?: string;
  /** Dimension filters; without a value, any value of that dimension. */
  dimensions?: ReadonlyArray<{ name: string; value?: string }>;
}

/** The ListMetrics input of a filter, in a canonical form (also the cache key). */
export function listMetricsInput(filter: MetricListFilter): ListMetricsCommandInput {
  const dimensions = [...(filter.dimensions ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    Namespace: filter.namespace,
    ...(filter.metricName ? { MetricName: filter.metricName } : {}),
    ...(dimensions.length ? { Dimensions: dimensions.map((d) => (d.value === undefined ? { Name: d.name } : { Name: d.name, Value: d.value })) } : {}),
  };
}

/** Every page of one ListMetrics listing, sorted (metric name, dimensions) so answers are stable. */
export async function listAllMetrics(client: CloudWatchClient, input: ListMetricsCommandInput, options: AwsCallOptions = {}): Promise<MetricDescriptor[]> {
  const metrics: MetricDescriptor[] = [];
  const fetchPage = (nextToken: string | undefined) =>
    callAws('cloudwatch:ListMetrics', (sdk) => client.send(new ListMetricsCommand({ ...input, ...(nextToken ? { NextToken: nextToken } : {}) }), sdk), options);
  const onPage = (output: Awaited<ReturnType<typeof fetchPage>>): void => {
    for (const metric of output.Metrics ?? []) {
      metrics.push({
        namespace: metric.Namespace ?? input.Namespace ?? '',
        metricName: metric.MetricName ?? '',
        dimensions: sortDimensions((metric.Dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' }))),
      });
    }
  };
  await followPages(fetchPage, (output) => output.NextToken, onPage, MAX_LIST_PAGES);
  return metrics.sort(compareDescriptors);
}

/**
 * The dimension set a discovery asks for, chosen deterministically among the listed ones: exactly
 * the wanted names (ClusterName+ServiceName, not ClusterName alone; LoadBalancer, not
 * TargetGroup+LoadBalancer), carrying the known values, matching the service; the first in
 * value order when several do (the same ECS service name in two clusters).
 */
export function chooseDimensionSet(metrics: readonly MetricDescriptor[], discovery: DimensionDiscovery): MetricDimension[] | undefined {
  const wanted = [...discovery.dimensionNames].sort();
  const candidates = metrics.filter((metric) => {
    if (metric.namespace !== discovery.namespace) return false;
    const names = metric.dimensions.map((d) => d.name);
    if (names.length !== wanted.length || names.some((name, i) => name !== wanted[i])) return false;
    return metric.dimensions.every((d) => {
      const known = discovery.known.find((k) => k.name === d.name);
      return known ? known.value === d.value : discovery.matches(d.name, d.value);
    });
  });
  candidates.sort(compareDescriptors);
  return candidates[0]?.dimensions;
}

/** Every page of the ListMetrics listing of `input` (canonical, see listMetricsInput). */
export type MetricLister = (input: ListMetricsCommandInput) => Promise<MetricDescriptor[]>;

/** ListMetrics listings through a lister (the loaders' shared one), and what they tell about a service. */
export class MetricCatalog {
  readonly #list: MetricLister;

  constructor(list: MetricLister) {
    this.#list = list;
  }

  /** Every metric matching the filter (all pages). */
  list(filter: MetricListFilter): Promise<MetricDescriptor[]> {
    return this.#list(listMetricsInput(filter));
  }

  /** The complete dimensions a discovery describes, or undefined when CloudWatch lists none (no data in 2 weeks). */
  async discover(discovery: DimensionDiscovery): Promise<MetricDimension[] | undefined> {
    const metrics = await this.list({ namespace: discovery.namespace, metricName: discovery.metricName, dimensions: [{ name: discovery.filterDimension }] });
    return chooseDimensionSet(metrics, discovery);
  }

  /** A service's complete dimensions: the known ones, or discovered; MetricDiscoveryError when none are listed. */
  async dimensionsOf(serviceName: string, target: ServiceMetricTarget): Promise<readonly MetricDimension[]> {
    if (!target.discovery) return target.dimensions;
    const found = await this.discover(target.discovery);
    if (found) return found;
    const missing = target.discovery.dimensionNames.filter((name) => !target.dimensions.some((d) => d.name === name));
    throw new MetricDiscoveryError(
      `no ${target.namespace} ${target.discovery.metricName} metric of service "${serviceName}" with dimensions ${target.discovery.dimensionNames.join(' + ')} in the last 2 weeks (ListMetrics), so its ${missing.join(', ')} is unknown: set it in the profile (${missing.map((name) => configKeyOf(target.namespace, name)).join(', ')})`,
    );
  }
}

function configKeyOf(namespace: string, dimension: string): string {
  const key = RESOURCE_DIMENSION_KEYS.find((entry) => entry.dimension === dimension && RESOURCE_TYPE_REGISTRY[entry.type].namespace === namespace);
  return key ? `\`${key.key}\`` : `\`dimensions = { ${dimension} = "..." }\``;
}

function compareDescriptors(a: MetricDescriptor, b: MetricDescriptor): number {
  const left = `${a.namespace}\u0000${a.metricName}\u0000${a.dimensions.map((d) => `${d.name}\u0001${d.value}`).join('\u0002')}`;
  const right = `${b.namespace}\u0000${b.metricName}\u0000${b.dimensions.map((d) => `${d.name}\u0001${d.value}`).join('\u0002')}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A service whose missing dimension values ListMetrics cannot find (no such metrics in the last 2 weeks). */
export class MetricDiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricDiscoveryError';
  }
}
