// Service maps: nodes (services, AWS resources, untraced remote endpoints) and directed edges
// (caller -> callee) with request, error, fault and throttle counts and latency percentiles.
// Built from the rows of the aws/spans stats query, or from X-Ray traces (segments and their
// calling subsegments). Pure: no SDK, no GraphQL.
import type { ResultRow } from './log-event.ts';
import type { ParsedTrace, Span } from './segment-documents.ts';
import { SERVICE_MAP_COLUMNS } from './spans-query.ts';

export interface LatencySummary {
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  avgMs: number | null;
}

export interface ServiceMapEdge {
  source: string;
  target: string;
  requests: number;
  errors: number;
  faults: number;
  throttles: number;
  latency: LatencySummary;
}

/** "service" (a service of the profile, or one that calls out), an AWS resource type (e.g. AWS::DynamoDB::Table), or "remote" (called, not traced). */
export type ServiceMapNodeType = string;

export interface ServiceMapNode {
  name: string;
  type: ServiceMapNodeType;
}

export interface ServiceMapGraph {
  nodes: ServiceMapNode[];
  edges: ServiceMapEdge[];
}

const round3 = (value: number): number => Math.round(value * 1e3) / 1e3;

/** Nearest-rank percentile of sorted values (as Logs Insights' pct). */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/**
 * Nodes of the edges' ends, typed: "service" for a service of the profile or one that calls out (it
 * records its own spans), then the called resource's type, else "remote". The service test comes
 * first so that both sources agree: X-Ray reaches a traced Lambda function through its own segment
 * (no resource type), while its callers' spans name it as an AWS::Lambda::Function resource.
 */
function nodesOf(edges: readonly ServiceMapEdge[], types: Map<string, string>, services: ReadonlySet<string>): ServiceMapNode[] {
  const names = new Set<string>();
  for (const edge of edges) {
    names.add(edge.source);
    names.add(edge.target);
  }
  const sources = new Set(edges.map((edge) => edge.source));
  return [...names].sort().map((name) => ({ name, type: services.has(name) || sources.has(name) ? 'service' : (types.get(name) ?? 'remote') }));
}

const sortEdges = (edges: ServiceMapEdge[]): ServiceMapEdge[] => edges.sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target));

/** The map from the aws/spans stats query's rows (latencies in nanoseconds). */
export function serviceMapFromSpanStats(rows: readonly ResultRow[], services: ReadonlySet<string>): ServiceMapGraph {
  const c = SERVICE_MAP_COLUMNS;
  const types = new Map<string, string>();
  const byEdge = new Map<string, ServiceMapEdge>();
  for (const row of rows) {
    const cell = (name: string): string | undefined => row.find((entry) => entry.field === name)?.value || undefined;
    const number = (name: string): number | null => {
      const value = Number(cell(name));
      return cell(name) === undefined || !Number.isFinite(value) ? null : value;
    };
    const source = cell(c.source);
    const remote = cell(c.target);
    if (source === undefined || remote === undefined) continue;
    const target = cell(c.resource) ?? remote;
    const type = cell(c.targetType) ?? (remote.startsWith('AWS::') ? remote : undefined);
    if (type !== undefined) types.set(target, type);
    const ms = (name: string): number | null => {
      const nanos = number(name);
      return nanos === null ? null : round3(nanos / 1e6);
    };
    const edge: ServiceMapEdge = {
      source,
      target,
      requests: number(c.requests) ?? 0,
      errors: number(c.errors) ?? 0,
      faults: number(c.faults) ?? 0,
      throttles: number(c.throttles) ?? 0,
      latency: { p50Ms: ms(c.p50), p90Ms: ms(c.p90), p99Ms: ms(c.p99), avgMs: ms(c.avg) },
    };
    const key = JSON.stringify([source, target]);
    const known = byEdge.get(key);
    if (!known) {
      byEdge.set(key, edge);
      continue;
    }
    // The same pair reached under two remote names (rare): counts add up; percentiles cannot be merged, so the busier group's stay.
    const busier = known.requests >= edge.requests ? known : edge;
    byEdge.set(key, {
      ...busier,
      requests: known.requests + edge.requests,
      errors: known.errors + edge.errors,
      faults: known.faults + edge.faults,
      throttles: known.throttles + edge.throttles,
    });
  }
  const edges = sortEdges([...byEdge.values()]);
  return { nodes: nodesOf(edges, types, services), edges };
}

interface Call {
  source: string;
  target: string;
  durationMs: number | null;
  error: boolean;
  fault: boolean;
  throttle: boolean;
}

/**
 * The calls in one X-Ray trace: every subsegment that calls out (namespace remote/aws, or SQL)
 * from its segment's service to the segment it led to (a downstream service's or the resource X-Ray
 * inferred), else to the endpoint it names. The callee's flags, the caller's duration.
 */
function callsOf(trace: ParsedTrace, types: Map<string, string>): Call[] {
  const byId = new Map(trace.spans.map((span) => [span.id, span]));
  const calls: Call[] = [];
  for (const span of trace.spans) {
    if (span.kind !== 'subsegment' || (span.namespace === null && span.sql === null)) continue;
    const caller = byId.get(span.segmentId);
    if (!caller || caller.kind !== 'segment') continue;
    const callee: Span | undefined = span.children.find((child) => child.kind === 'segment');
    const target = callee?.name ?? span.name;
    if (callee?.inferred && callee.origin) types.set(target, callee.origin);
    else if (!callee && span.namespace === 'aws') types.set(target, `AWS::${span.name}`);
    const flags = callee ?? span;
    calls.push({ source: caller.name, target, durationMs: span.durationMs, error: flags.error, fault: flags.fault, throttle: flags.throttle });
  }
  return calls;
}

/** The map of a sample of X-Ray traces (exact counts and percentiles over the sample). */
export function serviceMapFromTraces(traces: readonly ParsedTrace[], services: ReadonlySet<string>): ServiceMapGraph {
  const types = new Map<string, string>();
  const byEdge = new Map<string, { source: string; target: string; calls: Call[] }>();
  for (const trace of traces) {
    for (const call of callsOf(trace, types)) {
      const key = JSON.stringify([call.source, call.target]);
      const entry = byEdge.get(key) ?? { source: call.source, target: call.target, calls: [] };
      entry.calls.push(call);
      byEdge.set(key, entry);
    }
  }
  const edges = sortEdges(
    [...byEdge.values()].map(({ source, target, calls }) => {
      const durations = calls.map((call) => call.durationMs).filter((ms): ms is number => ms !== null).sort((a, b) => a - b);
      return {
        source,
        target,
        requests: calls.length,
        errors: calls.filter((call) => call.error).length,
        faults: calls.filter((call) => call.fault).length,
        throttles: calls.filter((call) => call.throttle).length,
        latency: {
          p50Ms: percentile(durations, 50),
          p90Ms: percentile(durations, 90),
          p99Ms: percentile(durations, 99),
          avgMs: durations.length === 0 ? null : round3(durations.reduce((sum, ms) => sum + ms, 0) / durations.length),
        },
      };
    }),
  );
  return { nodes: nodesOf(edges, types, services), edges };
}

/** The part of a map that touches `service` (its callers, its callees), with those nodes. */
export function serviceMapAround(graph: ServiceMapGraph, service: string): ServiceMapGraph {
  const edges = graph.edges.filter((edge) => edge.source === service || edge.target === service);
  const names = new Set(edges.flatMap((edge) => [edge.source, edge.target]));
  return { nodes: graph.nodes.filter((node) => names.has(node.name)), edges };
}
