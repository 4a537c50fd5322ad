// What CloudWatch metrics a service has: its resource type's namespace, standard metrics (with the
// statistic and unit that make sense for each, from the resource-type registry) and the dimensions
// that identify it. Dimensions the profile does not give are described as a ListMetrics discovery
// (see metric-catalog.ts).
import { RESOURCE_TYPE_REGISTRY, resourceTypeOf, type ResourceTypeName } from '../config/resource-types.ts';

export interface MetricDimension {
  name: string;
  value: string;
}

/** Default statistic when nothing is known about a metric. */
export const FALLBACK_STAT = 'Average';

/** How to find the missing dimension values of a service with ListMetrics. */
export interface DimensionDiscovery {
  namespace: string;
  /** ListMetrics filter on one metric every such resource publishes: keeps the listing short. */
  metricName: string;
  /** ListMetrics filter on a dimension name (no value), so one listing serves every service of the type. */
  filterDimension: string;
  /** The exact dimension set wanted; sets with more or fewer names are other views (cluster totals, target groups). */
  dimensionNames: readonly string[];
  /** Values already known; a candidate must carry them. */
  known: readonly MetricDimension[];
  /** Does a listed value identify this service, for the dimensions not known? */
  matches(name: string, value: string): boolean;
}

export interface ServiceMetricTarget {
  namespace: string;
  /** The metrics of `Service.metrics` without `names`. */
  defaultMetrics: readonly string[];
  /** Complete dimensions, or the known part when `discovery` is set. */
  dimensions: readonly MetricDimension[];
  discovery?: DimensionDiscovery;
}

/** A service the profile does not describe well enough to query CloudWatch (e.g. custom without namespace). */
export class MetricConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricConfigError';
  }
}

/** What the metrics of one service depend on (the loaders make it from the profile's service config). */
export interface MetricServiceInput {
  name: string;
  resourceType: ResourceTypeName;
  /** Dimension values the profile gives; they override the defaults. */
  dimensions: Readonly<Record<string, string>>;
  /** Replaces the standard metrics when not empty. */
  metrics?: readonly string[] | undefined;
  /** A custom service's namespace. */
  namespace?: string | undefined;
}

/** Namespace, standard metrics and dimensions of one service, from its resource type and profile overrides. */
export function metricTargetOf(service: MetricServiceInput): ServiceMetricTarget {
  const resource = resourceTypeOf(service.resourceType);
  if (!resource) {
    if (!service.namespace) {
      throw new MetricConfigError(
        `service "${service.name}" is a custom service without a CloudWatch namespace: set \`namespace\` (and \`metrics\`, \`dimensions\`) for it in the profile`,
      );
    }
    return {
      namespace: service.namespace,
      defaultMetrics: service.metrics ?? [],
      dimensions: sortDimensions(Object.entries(service.dimensions).map(([name, value]) => ({ name, value }))),
    };
  }
  const values = new Map<string, string>();
  // The name is the default only where it is the value (not an ALB's LoadBalancer, "app/<name>/<id>").
  if (resource.nameValue === 'equal') values.set(resource.nameDimension, service.name);
  for (const [name, value] of Object.entries(service.dimensions)) values.set(name, value);
  const dimensions = sortDimensions([...values].map(([name, value]) => ({ name, value })));
  const target: ServiceMetricTarget = {
    namespace: resource.namespace,
    // A profile's `metrics` list replaces the standard set.
    defaultMetrics: service.metrics?.length ? service.metrics : resource.standardMetrics.map((metric) => metric.name),
    dimensions,
  };
  const missing = resource.dimensionNames.filter((name) => !values.has(name));
  if (missing.length === 0) return target;
  const filterDimension = resource.dimensionNames.find((name) => values.has(name)) ?? resource.nameDimension;
  const nameValue = resource.nameValue;
  target.discovery = {
    namespace: resource.namespace,
    metricName: resource.standardMetrics[0].name,
    filterDimension,
    dimensionNames: [...new Set([...resource.dimensionNames, ...values.keys()])].sort(),
    known: dimensions,
    matches: (name, value) => (name === resource.nameDimension && nameValue !== 'equal' ? nameValue(service.name, value) : true),
  };
  return target;
}

/** Statistic and unit of a metric: the standard or well-known ones, else Average and no unit. */
export function metricDefaults(namespace: string, metricName: string): { stat: string; unit: string | undefined } {
  for (const resource of Object.values(RESOURCE_TYPE_REGISTRY)) {
    if (resource.namespace !== namespace) continue;
    const known = resource.standardMetrics.find((metric) => metric.name === metricName) ?? (Object.hasOwn(resource.knownMetrics, metricName) ? resource.knownMetrics[metricName] : undefined);
    if (known) return { stat: known.stat, unit: known.unit };
  }
  return { stat: FALLBACK_STAT, unit: undefined };
}

/** Dimensions in name order: CloudWatch ignores order, and a canonical order makes identical requests identical. */
export function sortDimensions(dimensions: readonly MetricDimension[]): MetricDimension[] {
  return [...dimensions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
