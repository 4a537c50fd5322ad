// What CloudWatch metrics a service has: its resource type's namespace, standard metrics (with the
// statistic and unit that make sense for each) and the dimensions that identify it. Dimensions the
// profile does not give are described as a ListMetrics discovery (see metric-catalog.ts).
import type { ResourceTypeName, ServiceConfig } from '../config/config-schema.ts';

export interface MetricDimension {
  name: string;
  value: string;
}

export interface StandardMetric {
  name: string;
  /** The statistic a dashboard wants by default (Sum for counts, Average for gauges and latencies). */
  stat: string;
  unit: string;
}

export interface ResourceMetrics {
  namespace: string;
  metrics: readonly StandardMetric[];
  /** The dimension names that identify one resource, i.e. the exact dimension set of its metrics. */
  dimensionNames: readonly string[];
  /** The dimension whose value is the service's name unless the profile says otherwise. */
  nameDimension: string;
}

export const RESOURCE_METRICS: Readonly<Record<Exclude<ResourceTypeName, 'custom'>, ResourceMetrics>> = {
  ecs: {
    namespace: 'AWS/ECS',
    metrics: [
      { name: 'CPUUtilization', stat: 'Average', unit: 'Percent' },
      { name: 'MemoryUtilization', stat: 'Average', unit: 'Percent' },
    ],
    dimensionNames: ['ClusterName', 'ServiceName'],
    nameDimension: 'ServiceName',
  },
  alb: {
    namespace: 'AWS/ApplicationELB',
    metrics: [
      { name: 'RequestCount', stat: 'Sum', unit: 'Count' },
      { name: 'HTTPCode_ELB_5XX_Count', stat: 'Sum', unit: 'Count' },
      // The targets' own 5xx: what an incident behind the load balancer shows (ELB_5XX counts only its own).
      { name: 'HTTPCode_Target_5XX_Count', stat: 'Sum', unit: 'Count' },
      { name: 'TargetResponseTime', stat: 'Average', unit: 'Seconds' },
    ],
    dimensionNames: ['LoadBalancer'],
    nameDimension: 'LoadBalancer',
  },
  lambda: {
    namespace: 'AWS/Lambda',
    metrics: [
      { name: 'Errors', stat: 'Sum', unit: 'Count' },
      { name: 'Duration', stat: 'Average', unit: 'Milliseconds' },
      { name: 'Throttles', stat: 'Sum', unit: 'Count' },
    ],
    dimensionNames: ['FunctionName'],
    nameDimension: 'FunctionName',
  },
  rds: {
    namespace: 'AWS/RDS',
    metrics: [
      { name: 'DatabaseConnections', stat: 'Average', unit: 'Count' },
      { name: 'WriteLatency', stat: 'Average', unit: 'Seconds' },
      { name: 'ReadLatency', stat: 'Average', unit: 'Seconds' },
    ],
    dimensionNames: ['DBInstanceIdentifier'],
    nameDimension: 'DBInstanceIdentifier',
  },
};

/** Further well-known metrics, so that `names:` outside the standard set still get a sensible stat and unit. */
const KNOWN_METRICS: Readonly<Record<string, Readonly<Record<string, Omit<StandardMetric, 'name'>>>>> = {
  'AWS/ECS': { CPUReservation: { stat: 'Average', unit: 'Percent' }, MemoryReservation: { stat: 'Average', unit: 'Percent' } },
  'AWS/ApplicationELB': {
    HTTPCode_ELB_4XX_Count: { stat: 'Sum', unit: 'Count' },
    HTTPCode_Target_2XX_Count: { stat: 'Sum', unit: 'Count' },
    HTTPCode_Target_4XX_Count: { stat: 'Sum', unit: 'Count' },
    ActiveConnectionCount: { stat: 'Sum', unit: 'Count' },
    NewConnectionCount: { stat: 'Sum', unit: 'Count' },
  },
  'AWS/Lambda': { Invocations: { stat: 'Sum', unit: 'Count' }, ConcurrentExecutions: { stat: 'Maximum', unit: 'Count' } },
  'AWS/RDS': {
    CPUUtilization: { stat: 'Average', unit: 'Percent' },
    FreeableMemory: { stat: 'Average', unit: 'Bytes' },
    ReadIOPS: { stat: 'Average', unit: 'Count/Second' },
    WriteIOPS: { stat: 'Average', unit: 'Count/Second' },
  },
};

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

export interface MetricServiceInput {
  name: string;
  config: ServiceConfig;
}

/** Namespace, standard metrics and dimensions of one service, from its resource type and profile overrides. */
export function metricTargetOf(service: MetricServiceInput): ServiceMetricTarget {
  const { config } = service;
  if (config.resource_type === 'custom') {
    if (!config.namespace) {
      throw new MetricConfigError(
        `service "${service.name}" is a custom service without a CloudWatch namespace: set \`namespace\` (and \`metrics\`, \`dimensions\`) for it in the profile`,
      );
    }
    return {
      namespace: config.namespace,
      defaultMetrics: config.metrics ?? [],
      dimensions: sortDimensions(Object.entries(config.dimensions ?? {}).map(([name, value]) => ({ name, value }))),
    };
  }
  const resource = RESOURCE_METRICS[config.resource_type];
  const values = new Map<string, string>();
  // The name is the default only for ECS, Lambda and RDS: an ALB's LoadBalancer is "app/<name>/<id>".
  if (config.resource_type !== 'alb') values.set(resource.nameDimension, service.name);
  if (config.resource_type === 'ecs' && config.cluster) values.set('ClusterName', config.cluster);
  if (config.resource_type === 'alb' && config.load_balancer) values.set('LoadBalancer', config.load_balancer);
  for (const [name, value] of Object.entries(config.dimensions ?? {})) values.set(name, value);
  const dimensions = sortDimensions([...values].map(([name, value]) => ({ name, value })));
  const target: ServiceMetricTarget = {
    namespace: resource.namespace,
    // A profile's `metrics` list replaces the standard set.
    defaultMetrics: config.metrics?.length ? config.metrics : resource.metrics.map((metric) => metric.name),
    dimensions,
  };
  const missing = resource.dimensionNames.filter((name) => !values.has(name));
  if (missing.length === 0) return target;
  const filterDimension = resource.dimensionNames.find((name) => values.has(name)) ?? resource.nameDimension;
  target.discovery = {
    namespace: resource.namespace,
    metricName: resource.metrics[0]!.name,
    filterDimension,
    dimensionNames: [...new Set([...resource.dimensionNames, ...values.keys()])].sort(),
    known: dimensions,
    matches: (name, value) => (name === 'LoadBalancer' ? loadBalancerMatches(service.name, value) : true),
  };
  return target;
}

/** "public-alb" identifies "app/public-alb/50dc6c495c0c9188" (and a value equal to the name). */
export function loadBalancerMatches(serviceName: string, value: string): boolean {
  if (value === serviceName) return true;
  const parts = value.split('/');
  return parts.length === 3 && (parts[0] === 'app' || parts[0] === 'net') && parts[1] === serviceName;
}

/** Statistic and unit of a metric: the standard or well-known ones, else Average and no unit. */
export function metricDefaults(namespace: string, metricName: string): { stat: string; unit: string | undefined } {
  for (const resource of Object.values(RESOURCE_METRICS)) {
    if (resource.namespace !== namespace) continue;
    const standard = resource.metrics.find((metric) => metric.name === metricName);
    if (standard) return { stat: standard.stat, unit: standard.unit };
  }
  const known = KNOWN_METRICS[namespace]?.[metricName];
  return known ? { stat: known.stat, unit: known.unit } : { stat: FALLBACK_STAT, unit: undefined };
}

/** Dimensions in name order: CloudWatch ignores order, and a canonical order makes identical requests identical. */
export function sortDimensions(dimensions: readonly MetricDimension[]): MetricDimension[] {
  return [...dimensions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
