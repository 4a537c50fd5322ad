// The call-count half of the benchmark, reusable by tests: runs dashboard queries against a gateway
// and an emulator, reads the AWS calls the emulator saw, and computes from the response itself the
// minimum number of calls any gateway would need for it.
import { readFileSync } from 'node:fs';
import { OPERATIONS, type Operation } from '../../src/emulator/emulator-knobs.ts';
import { errorsOf, type BenchGateway, type GraphQLPayload, type GraphQLRequest } from './bench-gateway.ts';
import type { CounterSnapshot, EmulatorProbe } from './emulator-probe.ts';

/** Metric queries one GetMetricData call takes; trace ids one BatchGetTraces call takes; log groups one StartQuery takes. */
const METRIC_QUERIES_PER_CALL = 500;
const TRACE_IDS_PER_CALL = 5;
const LOG_GROUPS_PER_QUERY = 50;

const DASHBOARD_FILE = new URL('../../schema/operations/dashboard.graphql', import.meta.url);

/** The dashboard document (both operations: `Dashboard` and `DashboardDeferredLogs`). */
export function dashboardDocument(): string {
  return readFileSync(DASHBOARD_FILE, 'utf8');
}

/** The dashboard request; `deferLogs` picks the operation that sends logs in a later payload. */
export function dashboardRequest(options: { deferLogs?: boolean } = {}): GraphQLRequest {
  return { query: dashboardDocument(), operationName: options.deferLogs ? 'DashboardDeferredLogs' : 'Dashboard' };
}

/** AWS calls (first attempts) per operation, as the emulator counted them. */
export type OperationCalls = Record<Operation, number>;

/** What the response shows was needed, and the fewest calls that could have fetched it. */
export interface DashboardMinimum {
  /** Distinct metric series in the response (N services x M metrics). */
  series: number;
  /** Distinct trace ids whose spans the query asked for. */
  traces: number;
  /**
   * Logs Insights queries when the services' logs share one query (the dashboard asks every service
   * for the same window and filter): one per 50 log groups of their union.
   */
  logQueries: number;
  /** Logs Insights queries when each service runs its own (logs.batch = false): one per service and 50 of its groups. */
  perServiceLogQueries: number;
  /** Trace lists (one GetTraceSummaries each, when a page holds the list). */
  traceLists: number;
  /** ceil(series / 500). */
  GetMetricData: number;
  /** ceil(traces / 5). */
  BatchGetTraces: number;
  /** = logQueries (one query for every service's logs). */
  StartQuery: number;
}

export interface DashboardCalls {
  calls: OperationCalls;
  /** Every HTTP attempt, retries included. */
  attempts: OperationCalls;
  minimum: DashboardMinimum;
  /** The responses (one per viewer). */
  responses: GraphQLPayload[];
  /** Sum of every response's extensions.cost calls, per IAM action ("cloudwatch:GetMetricData"). */
  reportedCalls: Record<string, number>;
}

interface ServiceData {
  name?: string;
  metrics?: Array<{ namespace: string; metricName: string; stat: string; period: number; dimensions?: Array<{ name: string; value: string }> }> | null;
  logs?: { logGroups?: string[] } | null;
  traces?: { traces: Array<{ id: string; spans?: unknown[] | null }> } | null;
}

function servicesOf(payloads: readonly GraphQLPayload[]): ServiceData[] {
  // The first payload holds `services`; deferred parts add fields to those same objects.
  const services = ((payloads[0]?.data?.services ?? []) as ServiceData[]).map((service) => ({ ...service }));
  for (const payload of payloads.slice(1)) {
    const pendingPaths = new Map((payload.pending ?? []).map((p) => [p.id, p.path]));
    for (const part of payload.incremental ?? []) {
      const path = part.path ?? (part.id !== undefined ? pendingPaths.get(part.id) ?? findPending(payloads, part.id) : undefined);
      const index = path?.[1];
      if (path?.[0] === 'services' && typeof index === 'number' && services[index] && part.data) Object.assign(services[index], part.data);
    }
  }
  return services;
}

function findPending(payloads: readonly GraphQLPayload[], id: string): Array<string | number> | undefined {
  for (const payload of payloads) for (const pending of payload.pending ?? []) if (pending.id === id) return pending.path;
  return undefined;
}

/** The minimum AWS calls for what a dashboard response (all its payloads) contains. */
export function minimumCallsOf(payloads: readonly GraphQLPayload[]): DashboardMinimum {
  const services = servicesOf(payloads);
  const series = new Set<string>();
  const traces = new Set<string>();
  let perServiceLogQueries = 0;
  const logGroups = new Set<string>();
  let traceLists = 0;
  for (const service of services) {
    for (const s of service.metrics ?? []) {
      const dimensions = [...(s.dimensions ?? [])].map((d) => `${d.name}=${d.value}`).sort();
      series.add(JSON.stringify([s.namespace, s.metricName, s.stat, s.period, dimensions]));
    }
    if (service.logs) {
      perServiceLogQueries += Math.ceil((service.logs.logGroups?.length ?? 1) / LOG_GROUPS_PER_QUERY);
      for (const group of service.logs.logGroups ?? []) logGroups.add(group);
    }
    if (service.traces) {
      traceLists++;
      for (const trace of service.traces.traces) if (trace.spans !== undefined) traces.add(trace.id);
    }
  }
  const logQueries = Math.ceil(logGroups.size / LOG_GROUPS_PER_QUERY);
  return {
    series: series.size,
    traces: traces.size,
    logQueries,
    perServiceLogQueries,
    traceLists,
    GetMetricData: Math.ceil(series.size / METRIC_QUERIES_PER_CALL),
    BatchGetTraces: Math.ceil(traces.size / TRACE_IDS_PER_CALL),
    StartQuery: logQueries,
  };
}

/** Calls (or attempts) per operation from a counter snapshot. */
export function countsOf(snapshot: CounterSnapshot, pick: 'calls' | 'attempts' = 'calls'): OperationCalls {
  return Object.fromEntries(OPERATIONS.map((op) => [op, snapshot[op][pick]])) as OperationCalls;
}

function reportedCallsOf(payloads: readonly GraphQLPayload[]): Record<string, number> {
  const sums: Record<string, number> = {};
  // With @defer each payload carries the cost so far: the last one with a cost holds the request's.
  const last = [...payloads].reverse().find((payload) => payload.extensions?.cost);
  for (const [action, count] of Object.entries((last?.extensions?.cost?.calls ?? {}) as Record<string, { calls: number }>)) {
    sums[action] = (sums[action] ?? 0) + count.calls;
  }
  return sums;
}

/**
 * Runs `viewers` identical dashboard queries at once (default 1) on `gateway` and returns the AWS
 * calls the emulator saw for them (counters are reset first, so run nothing else meanwhile) and the
 * minimum computed from the first response. Throws if any response has errors.
 */
export async function measureDashboardCalls(
  gateway: BenchGateway,
  emulator: EmulatorProbe,
  options: { viewers?: number; request?: GraphQLRequest } = {},
): Promise<DashboardCalls> {
  const request = options.request ?? dashboardRequest();
  await emulator.reset();
  const responses = await Promise.all(Array.from({ length: options.viewers ?? 1 }, () => gateway.execute(request)));
  const snapshot = await emulator.counters();
  const calls = countsOf(snapshot, 'calls');
  const attempts = countsOf(snapshot, 'attempts');
  const errors = errorsOf(responses);
  if (errors.length > 0) {
    const first = errors.slice(0, 3).map((e) => `${(e.path ?? []).join('.')}: ${e.message}${e.extensions?.code ? ` (${e.extensions.code})` : ''}`);
    throw new Error(`dashboard query returned ${errors.length} error(s): ${first.join('; ')}`);
  }
  const reportedCalls: Record<string, number> = {};
  for (const response of responses) {
    for (const [action, n] of Object.entries(reportedCallsOf([response]))) reportedCalls[action] = (reportedCalls[action] ?? 0) + n;
  }
  return { calls, attempts, minimum: minimumCallsOf([responses[0]!]), responses, reportedCalls };
}
