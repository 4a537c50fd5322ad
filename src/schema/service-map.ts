// The service map: Query.serviceMap (a profile's services, the AWS resources and remote endpoints
// they call, and the calls between them) and Service.dependencies (the part around one service).
import type { ServiceMapEdge, ServiceMapNode } from '../aws/service-map.ts';
import { xrayNameOf } from '../config/resource-types.ts';
import { TRACE_SOURCE_NAMES, TRACE_SOURCE_REGISTRY, type TraceSourceName } from '../config/trace-sources.ts';
import type { ProfileRuntime } from '../runtime/gateway-runtime.ts';
import type { RequestContext } from '../runtime/request-context.ts';
import { loadServiceMap, type ServiceMapModel } from '../loaders/traces/service-map.ts';
import { builder } from './builder.ts';
import { readableProfile } from './caller-access.ts';
import { resolveOrError } from './graphql-errors.ts';
import { ServiceRef } from './service.ts';
import { resolveTimeRange, TimeRangeInput, type TimeRangeInputShape } from './time-range.ts';

export const TracesSourceEnum = builder.enumType('TracesSource', {
  description: 'Where a profile\'s traces are read from (the profile\'s `traces_source`, with "auto" resolved).',
  values: Object.fromEntries(TRACE_SOURCE_NAMES.map((name) => [name.toUpperCase(), { value: name, description: TRACE_SOURCE_REGISTRY[name].label }])) as Record<
    Uppercase<TraceSourceName>,
    { value: TraceSourceName; description: string }
  >,
});

const LatencyRef = builder.objectRef<ServiceMapEdge['latency']>('LatencySummary');
LatencyRef.implement({
  description: 'Latency of the calls on an edge, in milliseconds (nearest-rank percentiles).',
  fields: (t) => ({
    p50Ms: t.float({ description: "Median call duration in milliseconds; null without calls.", nullable: true, resolve: (latency) => latency.p50Ms }),
    p90Ms: t.float({ description: "90th percentile call duration in milliseconds; null without calls.", nullable: true, resolve: (latency) => latency.p90Ms }),
    p99Ms: t.float({ description: "99th percentile call duration in milliseconds; null without calls.", nullable: true, resolve: (latency) => latency.p99Ms }),
    avgMs: t.float({ description: "Mean call duration in milliseconds; null without calls.", nullable: true, resolve: (latency) => latency.avgMs }),
  }),
});

const NodeRef = builder.objectRef<ServiceMapNode>('ServiceMapNode');
NodeRef.implement({
  description: 'A service, an AWS resource it calls (e.g. a DynamoDB table) or a remote endpoint that is not traced.',
  fields: (t) => ({
    name: t.string({ description: 'The service name, the AWS resource\'s name (table, bucket, function) or the endpoint\'s name.', resolve: (node) => node.name }),
    type: t.string({
      description: '"service" (traced), an AWS resource type such as "AWS::DynamoDB::Table", or "remote" (called but not traced: external APIs, databases).',
      resolve: (node) => node.type,
    }),
  }),
});

const EdgeRef = builder.objectRef<ServiceMapEdge>('ServiceMapEdge');
EdgeRef.implement({
  description: 'Calls from one node to another in the window.',
  fields: (t) => ({
    source: t.string({ description: 'The calling service.', resolve: (edge) => edge.source }),
    target: t.string({ description: 'The called node.', resolve: (edge) => edge.target }),
    requests: t.int({ description: 'Calls.', resolve: (edge) => edge.requests }),
    errors: t.int({ description: 'Calls that ended in a client error (4xx, throttles included).', resolve: (edge) => edge.errors }),
    faults: t.int({ description: 'Calls that ended in a server error (5xx).', resolve: (edge) => edge.faults }),
    throttles: t.int({ description: 'Calls that were throttled (429 or an AWS throttling error).', resolve: (edge) => edge.throttles }),
    latency: t.field({ description: "How long the calls took.", type: LatencyRef, resolve: (edge) => edge.latency }),
  }),
});

export const ServiceMapRef = builder.objectRef<ServiceMapModel>('ServiceMap');
ServiceMapRef.implement({
  description:
    'Nodes and edges of a window. From spans: one Logs Insights stats query over aws/spans, every client span counted. From X-Ray (no GetServiceGraph, which is outside the IAM policy): the window\'s newest traces, at most `sampleLimit` (traces.map_sample_traces), counted exactly over that sample.',
  fields: (t) => ({
    source: t.field({ description: "Where the map was read from: X-Ray traces or aws/spans.", type: TracesSourceEnum, resolve: (map) => map.source }),
    start: t.field({ description: "Start of the window the map covers.", type: 'DateTime', resolve: (map) => map.start }),
    end: t.field({ description: "End of the window the map covers.", type: 'DateTime', resolve: (map) => map.end }),
    nodes: t.field({ description: "The services (and AWS resources) seen in the window.", type: [NodeRef], resolve: (map) => map.nodes }),
    edges: t.field({ description: "Who called whom in the window, with counts and latencies.", type: [EdgeRef], resolve: (map) => map.edges }),
    sampledTraces: t.int({ nullable: true, description: 'X-Ray: the number of traces the map was built from; null for spans (every span of the window counted).', resolve: (map) => map.sampledTraces }),
    sampleLimit: t.int({ nullable: true, description: 'X-Ray: the most traces a map is built from; null for spans.', resolve: (map) => map.sampleLimit }),
    truncated: t.boolean({
      description: 'X-Ray: the window had more traces than the sample took; spans: the query hit Logs Insights\' 10,000-row limit or timed out.',
      resolve: (map) => map.truncated,
    }),
  }),
});

/** Hides what a caller narrowed to some services may not see: edges from services outside its scope, and to them. */
function scoped(context: RequestContext, profile: ProfileRuntime, map: ServiceMapModel): ServiceMapModel {
  if (context.caller.mayReadEveryService(profile.name)) return map;
  const services = new Map([...profile.services.values()].map((service) => [xrayNameOf(service), service.name]));
  const visible = (name: string, mustBeService: boolean): boolean => {
    const service = services.get(name);
    if (service !== undefined) return context.caller.mayReadService(profile.name, service);
    return !mustBeService && map.nodes.find((node) => node.name === name)?.type !== 'service';
  };
  const edges = map.edges.filter((edge) => visible(edge.source, true) && visible(edge.target, false));
  const names = new Set(edges.flatMap((edge) => [edge.source, edge.target]));
  return { ...map, edges, nodes: map.nodes.filter((node) => names.has(node.name)) };
}

function windowOf(context: RequestContext, range: TimeRangeInputShape | null | undefined) {
  return resolveTimeRange(range, { now: context.now, maxWindowMs: context.runtime.config.limits.max_window });
}

builder.queryFields((t) => ({
  serviceMap: t.field({
    type: ServiceMapRef,
    nullable: true,
    description: 'The profile\'s service map in the window (default: the last hour): services, the AWS resources and remote endpoints they call, and the calls between them.',
    args: { profile: t.arg.string({ description: "Profile name; default: the default profile." }), range: t.arg({ description: "Default: the last hour.", type: TimeRangeInput }) },
    resolve: (_root, args, context) =>
      resolveOrError(async () => {
        const profile = readableProfile(context, args.profile);
        return scoped(context, profile, await loadServiceMap(context, profile, windowOf(context, args.range)));
      }),
  }),
}));

builder.objectFields(ServiceRef, (t) => ({
  dependencies: t.field({
    type: ServiceMapRef,
    nullable: true,
    description: 'The part of the service map around this service in the window (default: the last hour): who calls it and what it calls.',
    args: { range: t.arg({ description: "Default: the last hour.", type: TimeRangeInput }) },
    resolve: (service, args, context) =>
      resolveOrError(async () =>
        scoped(context, service.profile, await loadServiceMap(context, service.profile, { ...windowOf(context, args.range), service: xrayNameOf(service) })),
      ),
  }),
}));
