// The AWS latencies the benchmark injects into the emulator, and the critical path they imply for a
// dashboard: the longest chain of AWS calls that must follow one another. Everything else can run
// in parallel, so a perfect gateway answers in (almost) exactly this time.
import type { EmulatorKnobs, Operation } from '../../src/emulator/emulator-knobs.ts';

/** Per-operation latency (ms), in the range of what CloudWatch and X-Ray answer in from a VPC. */
export const BENCH_LATENCY_MS: Readonly<Record<Operation, number>> = {
  DescribeLogGroups: 50,
  StartQuery: 60,
  GetQueryResults: 40,
  FilterLogEvents: 70,
  ListMetrics: 60,
  GetMetricData: 80,
  GetTraceSummaries: 120,
  BatchGetTraces: 90,
};

/** How long one Logs Insights query runs (Running) before it is Complete. */
export const BENCH_QUERY_RUN_MS = 800;

/** Sets the benchmark's latencies on a running emulator's knobs. */
export function applyBenchLatencies(knobs: EmulatorKnobs): void {
  knobs.latencyMs = { ...BENCH_LATENCY_MS };
  knobs.queryRunMs = BENCH_QUERY_RUN_MS;
  knobs.queryScheduledMs = 0;
}

/** AWS calls (first attempts) per operation. */
export type CallCounts = Partial<Record<Operation, number>>;

export interface CriticalPath {
  /** ms: the longest chain. */
  ms: number;
  /** e.g. "DescribeLogGroups 50 + StartQuery 60 + query run 800 + GetQueryResults 40". */
  chain: string;
  /** Every family's chain, for the report. */
  chains: Array<{ family: string; ms: number; steps: string }>;
}

/**
 * The critical path of a dashboard whose cold run made `calls`. A step counts only when the gateway
 * needed it (e.g. no ListMetrics when every dimension is configured). Logs: the final poll is the
 * one that sees Complete, so it starts after the run ends (a poll sent earlier sees Running).
 * Paging (several sequential pages of one listing) is ignored: one call per step, the lower bound.
 */
export function criticalPathOf(calls: CallCounts, latency: Readonly<Record<Operation, number>> = BENCH_LATENCY_MS, queryRunMs = BENCH_QUERY_RUN_MS): CriticalPath {
  const chains: CriticalPath['chains'] = [];
  const chain = (family: string, steps: Array<[string, number, boolean]>): void => {
    const used = steps.filter(([, , needed]) => needed);
    if (used.length === 0) return;
    chains.push({ family, ms: used.reduce((sum, [, ms]) => sum + ms, 0), steps: used.map(([name, ms]) => `${name} ${ms}`).join(' + ') });
  };
  const made = (op: Operation): boolean => (calls[op] ?? 0) > 0;
  chain('metrics', [
    ['ListMetrics', latency.ListMetrics, made('ListMetrics')],
    ['GetMetricData', latency.GetMetricData, made('GetMetricData')],
  ]);
  if (made('StartQuery')) {
    chain('logs', [
      ['DescribeLogGroups', latency.DescribeLogGroups, made('DescribeLogGroups')],
      ['StartQuery', latency.StartQuery, true],
      ['query run', queryRunMs, true],
      ['GetQueryResults', latency.GetQueryResults, true],
    ]);
  }
  chain('traces', [
    ['GetTraceSummaries', latency.GetTraceSummaries, made('GetTraceSummaries')],
    ['BatchGetTraces', latency.BatchGetTraces, made('BatchGetTraces')],
  ]);
  const longest = chains.reduce<CriticalPath['chains'][number] | undefined>((best, c) => (!best || c.ms > best.ms ? c : best), undefined);
  return { ms: longest?.ms ?? 0, chain: longest ? `${longest.family}: ${longest.steps}` : '(no AWS calls)', chains };
}

/** The critical path of the part of a dashboard sent first with @defer on logs (metrics + traces). */
export function criticalPathWithoutLogs(calls: CallCounts, latency: Readonly<Record<Operation, number>> = BENCH_LATENCY_MS): CriticalPath {
  const { StartQuery: _s, GetQueryResults: _g, DescribeLogGroups: _d, ...rest } = calls;
  return criticalPathOf(rest, latency);
}

/**
 * Latencies as the gateway really got them in one run: per operation, the slowest call's duration
 * (injected latency + the emulator's own work + HTTP + SDK); the injected value where none was made.
 */
export function observedLatencies(calls: ReadonlyArray<{ operation: string; start: number; end: number }>): Record<Operation, number> {
  const observed: Record<Operation, number> = { ...BENCH_LATENCY_MS };
  const seen = new Set<string>();
  for (const call of calls) {
    const op = call.operation as Operation;
    if (!(op in observed)) continue;
    observed[op] = seen.has(op) ? Math.max(observed[op], call.end - call.start) : call.end - call.start;
    seen.add(op);
  }
  return observed;
}

/**
 * The earliest a dashboard's logs can be complete under the gateway's process-wide Logs Insights
 * call rate: `calls` StartQuery/GetQueryResults calls per `windowMs`, a call holding its place in
 * the window until `windowMs` after its answer (src/quota/logs-insights-limiter.ts). Q queries
 * need 2Q calls at least (StartQuery + the poll that sees Complete); every `calls` of them, the next
 * must wait for an earlier answer plus the window: k = floor((2Q - 1) / calls) such waits, each
 * after a call's latency. With k = 0 the rate costs nothing and the latency chain is the floor.
 */
export function logsRateFloorMs(calls: CallCounts, rate: { calls: number; windowMs: number }, latency: Readonly<Record<Operation, number>> = BENCH_LATENCY_MS, queryRunMs = BENCH_QUERY_RUN_MS): number {
  const queries = calls.StartQuery ?? 0;
  if (queries === 0) return 0;
  const waits = Math.floor((2 * queries - 1) / rate.calls);
  const describe = (calls.DescribeLogGroups ?? 0) > 0 ? latency.DescribeLogGroups : 0;
  const chain = describe + latency.StartQuery + queryRunMs + latency.GetQueryResults;
  return Math.max(chain, describe + latency.StartQuery + waits * (rate.windowMs + latency.GetQueryResults));
}
