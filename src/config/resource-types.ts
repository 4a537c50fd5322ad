// One entry per resource type: everything the gateway knows about a kind of AWS resource (its
// CloudWatch namespace, standard metrics, identifying dimensions and how to discover them, where
// its logs are, how X-Ray names it). RESOURCE_TYPES, the config's `resource_type`, the GraphQL
// ResourceType enum, a service's metric target and its log source are all derived from here:
// adding a type is adding an entry (and demo data). Pure data: config stays a leaf.

export interface StandardMetric {
  name: string;
  /** The statistic a dashboard wants by default (Sum for counts, Average for gauges and latencies). */
  stat: string;
  unit: string;
}

export interface ResourceTypeDefinition {
  /** What it is, for the GraphQL enum ("An ECS service"). */
  label: string;
  namespace: string;
  /** `Service.metrics` without `names`; the first one is the one ListMetrics discovery filters on. */
  standardMetrics: readonly [StandardMetric, ...StandardMetric[]];
  /** Further well-known metrics, so `names:` outside the standard set get a sensible stat and unit. */
  knownMetrics: Readonly<Record<string, Omit<StandardMetric, 'name'>>>;
  /** The dimension names that identify one resource: the exact dimension set of its metrics. */
  dimensionNames: readonly [string, ...string[]];
  /** The dimension whose value names the resource. */
  nameDimension: string;
  /**
   * How a listed `nameDimension` value identifies the service when the profile does not give it:
   * 'equal' (the value is the service's name, the default), or a matcher (an ALB's LoadBalancer is
   * "app/<name>/<id>", found with ListMetrics).
   */
  nameValue: 'equal' | ((serviceName: string, value: string) => boolean);
  /** Service config keys (snake_case, as in TOML) that give a dimension's value, e.g. cluster -> ClusterName. */
  dimensionKeys: Readonly<Record<string, string>>;
  /**
   * Where its logs are when the profile names no log groups: 'stream' (log groups of the profile's
   * prefix, streams named after the service) or 'named-only' (not in CloudWatch Logs by default,
   * e.g. ALB access logs go to S3: searching the region would scan and bill everything for nothing).
   */
  logs: 'stream' | 'named-only';
  /** The name X-Ray gives the service's segments (trace_service overrides it). */
  xrayName: (serviceName: string) => string;
}

const sameName = (serviceName: string): string => serviceName;

/** "public-alb" identifies "app/public-alb/50dc6c495c0c9188" (and a value equal to the name). */
export function loadBalancerMatches(serviceName: string, value: string): boolean {
  if (value === serviceName) return true;
  const parts = value.split('/');
  return parts.length === 3 && (parts[0] === 'app' || parts[0] === 'net') && parts[1] === serviceName;
}

const REGISTRY = {
  ecs: {
    label: 'An ECS service',
    namespace: 'AWS/ECS',
    standardMetrics: [
      { name: 'CPUUtilization', stat: 'Average', unit: 'Percent' },
      { name: 'MemoryUtilization', stat: 'Average', unit: 'Percent' },
    ],
    knownMetrics: { CPUReservation: { stat: 'Average', unit: 'Percent' }, MemoryReservation: { stat: 'Average', unit: 'Percent' } },
    dimensionNames: ['ClusterName', 'ServiceName'],
    nameDimension: 'ServiceName',
    nameValue: 'equal',
    dimensionKeys: { cluster: 'ClusterName' },
    logs: 'stream',
    xrayName: sameName,
  },
  alb: {
    label: 'An Application Load Balancer',
    namespace: 'AWS/ApplicationELB',
    standardMetrics: [
      { name: 'RequestCount', stat: 'Sum', unit: 'Count' },
      { name: 'HTTPCode_ELB_5XX_Count', stat: 'Sum', unit: 'Count' },
      // The targets' own 5xx: what an incident behind the load balancer shows (ELB_5XX counts only its own).
      { name: 'HTTPCode_Target_5XX_Count', stat: 'Sum', unit: 'Count' },
      { name: 'TargetResponseTime', stat: 'Average', unit: 'Seconds' },
    ],
    knownMetrics: {
      HTTPCode_ELB_4XX_Count: { stat: 'Sum', unit: 'Count' },
      HTTPCode_Target_2XX_Count: { stat: 'Sum', unit: 'Count' },
      HTTPCode_Target_4XX_Count: { stat: 'Sum', unit: 'Count' },
      ActiveConnectionCount: { stat: 'Sum', unit: 'Count' },
      NewConnectionCount: { stat: 'Sum', unit: 'Count' },
    },
    dimensionNames: ['LoadBalancer'],
    nameDimension: 'LoadBalancer',
    nameValue: loadBalancerMatches,
    dimensionKeys: { load_balancer: 'LoadBalancer' },
    logs: 'named-only',
    xrayName: sameName,
  },
  lambda: {
    label: 'A Lambda function',
    namespace: 'AWS/Lambda',
    standardMetrics: [
      { name: 'Errors', stat: 'Sum', unit: 'Count' },
      { name: 'Duration', stat: 'Average', unit: 'Milliseconds' },
      { name: 'Throttles', stat: 'Sum', unit: 'Count' },
    ],
    knownMetrics: { Invocations: { stat: 'Sum', unit: 'Count' }, ConcurrentExecutions: { stat: 'Maximum', unit: 'Count' } },
    dimensionNames: ['FunctionName'],
    nameDimension: 'FunctionName',
    nameValue: 'equal',
    dimensionKeys: {},
    logs: 'stream',
    xrayName: sameName,
  },
  rds: {
    label: 'An RDS instance',
    namespace: 'AWS/RDS',
    standardMetrics: [
      { name: 'DatabaseConnections', stat: 'Average', unit: 'Count' },
      { name: 'WriteLatency', stat: 'Average', unit: 'Seconds' },
      { name: 'ReadLatency', stat: 'Average', unit: 'Seconds' },
    ],
    knownMetrics: {
      CPUUtilization: { stat: 'Average', unit: 'Percent' },
      FreeableMemory: { stat: 'Average', unit: 'Bytes' },
      ReadIOPS: { stat: 'Average', unit: 'Count/Second' },
      WriteIOPS: { stat: 'Average', unit: 'Count/Second' },
    },
    dimensionNames: ['DBInstanceIdentifier'],
    nameDimension: 'DBInstanceIdentifier',
    nameValue: 'equal',
    dimensionKeys: {},
    logs: 'stream',
    xrayName: sameName,
  },
  apigateway: {
    label: 'An API Gateway REST API',
    namespace: 'AWS/ApiGateway',
    standardMetrics: [
      { name: 'Count', stat: 'Sum', unit: 'Count' },
      { name: '5XXError', stat: 'Sum', unit: 'Count' },
      { name: '4XXError', stat: 'Sum', unit: 'Count' },
      { name: 'Latency', stat: 'Average', unit: 'Milliseconds' },
    ],
    knownMetrics: {
      IntegrationLatency: { stat: 'Average', unit: 'Milliseconds' },
      CacheHitCount: { stat: 'Sum', unit: 'Count' },
      CacheMissCount: { stat: 'Sum', unit: 'Count' },
    },
    dimensionNames: ['ApiName'],
    nameDimension: 'ApiName',
    nameValue: 'equal',
    dimensionKeys: {},
    // Execution logs live in "API-Gateway-Execution-Logs_<api id>/<stage>", access logs where the
    // stage sends them: neither is found by the service's name, so name the groups in the profile.
    logs: 'named-only',
    xrayName: sameName,
  },
} as const satisfies Record<string, ResourceTypeDefinition>;

export type KnownResourceType = keyof typeof REGISTRY;
export const RESOURCE_TYPE_REGISTRY: Readonly<Record<KnownResourceType, ResourceTypeDefinition>> = REGISTRY;
/** Service config keys that give a dimension value (`cluster`, `load_balancer`). */
export type ResourceDimensionKey = { [K in KnownResourceType]: keyof (typeof REGISTRY)[K]['dimensionKeys'] }[KnownResourceType];
/** Every ResourceDimensionKey with the dimension it gives and the type it belongs to. */
export const RESOURCE_DIMENSION_KEYS: ReadonlyArray<{ key: ResourceDimensionKey; dimension: string; type: KnownResourceType }> = (
  Object.entries(REGISTRY) as Array<[KnownResourceType, ResourceTypeDefinition]>
).flatMap(([type, definition]) => Object.entries(definition.dimensionKeys).map(([key, dimension]) => ({ key: key as ResourceDimensionKey, dimension, type })));
/** Every `resource_type`: the registry's, then `custom` (namespace and dimensions from the profile). */
export const RESOURCE_TYPES = [...(Object.keys(REGISTRY) as KnownResourceType[]), 'custom'] as const;
export type ResourceTypeName = KnownResourceType | 'custom';

/** The registry entry of a type; undefined for `custom`. */
export function resourceTypeOf(type: ResourceTypeName): ResourceTypeDefinition | undefined {
  return type === 'custom' ? undefined : RESOURCE_TYPE_REGISTRY[type];
}

/** The description of a type for the GraphQL enum, e.g. "An ECS service (AWS/ECS: ClusterName, ServiceName)." */
export function describeResourceType(type: ResourceTypeName): string {
  const definition = resourceTypeOf(type);
  if (!definition) return 'Anything else: namespace and dimensions from the profile.';
  return `${definition.label} (${definition.namespace}: ${definition.dimensionNames.join(', ')}).`;
}

/**
 * Whether a service that names no log groups has its logs searched in the profile's prefix: its
 * type's logs are found by stream name ('stream', and `custom`), or it gives a log_stream_pattern
 * to find them by. A 'named-only' type without one reads nothing.
 */
export function searchesPrefixForLogs(config: { resource_type: ResourceTypeName; log_stream_pattern?: string | undefined }): boolean {
  return resourceTypeOf(config.resource_type)?.logs !== 'named-only' || config.log_stream_pattern !== undefined;
}

/** The name X-Ray knows a service by: the profile's `trace_service`, else its type's rule. */
export function xrayNameOf(service: { name: string; config: { resource_type: ResourceTypeName; trace_service?: string | undefined } }): string {
  return service.config.trace_service ?? resourceTypeOf(service.config.resource_type)?.xrayName(service.name) ?? service.name;
}
