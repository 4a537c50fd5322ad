// Service maps within the IAM policy (no xray:GetServiceGraph). With spans: ONE Logs Insights
// stats query over aws/spans for the window (client spans: aws.local.service -> aws.remote.service),
// every span counted. With X-Ray: the window's newest traces (traces.map_sample_traces of them,
// GetTraceSummaries) read through the request's BatchGetTraces loader, counted exactly over that
// sample, whose size the answer states. Shared across requests like the trace lists.
import { serviceMapAround, serviceMapFromSpanStats, serviceMapFromTraces, type ServiceMapGraph } from '../../aws/service-map.ts';
import type { ParsedTrace } from '../../aws/segment-documents.ts';
import { MAX_QUERY_LIMIT } from '../../aws/logs-insights-query.ts';
import { buildServiceMapQuery } from '../../aws/spans-query.ts';
import { alignWindow, SHARED_WINDOW_STEP_MS, type TimeWindow } from '../../aws/time-window.ts';
import { buildTraceFilterExpression } from '../../aws/xray-filter.ts';
import { xrayNameOf } from '../../config/resource-types.ts';
import type { ProfileRuntime } from '../../runtime/gateway-runtime.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import { runSpansQuery } from './spans-traces.ts';
import { loadTraceSummaries } from './traces-list.ts';
import { tracesLoader } from './traces-loader.ts';
import { resolveTracesSource, type ResolvedTracesSource } from './traces-source.ts';

export interface ServiceMapModel extends ServiceMapGraph {
  source: ResolvedTracesSource;
  /** Epoch ms of the window the map covers. */
  start: number;
  end: number;
  /** X-Ray: the traces the map was built from; null with spans (every span of the window counted). */
  sampledTraces: number | null;
  /** X-Ray: how many traces the sample takes at most. */
  sampleLimit: number | null;
  /** X-Ray: more traces were in the window than the sample; spans: the query hit its row limit or timed out. */
  truncated: boolean;
}

export interface ServiceMapQuery {
  start: number;
  end: number;
  relative: boolean;
  /** Only the edges that touch this service (its name in traces). */
  service?: string | undefined;
}

function alignedWindow(query: ServiceMapQuery): TimeWindow {
  return alignWindow(query, SHARED_WINDOW_STEP_MS, 'share');
}

function knownServices(profile: ProfileRuntime): Set<string> {
  return new Set([...profile.services.values()].map((service) => xrayNameOf(service)));
}

export async function loadServiceMap(context: RequestContext, profile: ProfileRuntime, query: ServiceMapQuery): Promise<ServiceMapModel> {
  const source = await resolveTracesSource(context, profile);
  const window = alignedWindow(query);
  if (source === 'spans') {
    const part = await runSpansQuery(context, profile, buildServiceMapQuery(query.service), window, context.runtime.config.traces.summary_cache_ttl);
    const graph = serviceMapFromSpanStats(part.rows, knownServices(profile));
    return {
      ...(query.service === undefined ? graph : serviceMapAround(graph, query.service)),
      source,
      ...window,
      sampledTraces: null,
      sampleLimit: null,
      truncated: part.status !== 'Complete' || part.rows.length >= MAX_QUERY_LIMIT,
    };
  }
  const limit = context.runtime.config.traces.map_sample_traces;
  const page = await loadTraceSummaries(context, profile, {
    ...window,
    relative: false,
    filterExpression: query.service === undefined ? undefined : buildTraceFilterExpression(query.service, null),
    limit,
  });
  const loader = tracesLoader(context, profile);
  const loaded = await loader.loadMany(page.summaries.map((summary) => summary.id));
  const traces: ParsedTrace[] = [];
  const failures: Error[] = [];
  // A failed batch leaves its traces out of the sample (sampledTraces says how many made it); all failed: the map fails.
  for (const trace of loaded) {
    if (trace instanceof Error) failures.push(trace);
    else if (trace) traces.push(trace.parsed);
  }
  if (traces.length === 0 && failures.length > 0) throw failures[0];
  const graph = serviceMapFromTraces(traces, knownServices(profile));
  return {
    ...(query.service === undefined ? graph : serviceMapAround(graph, query.service)),
    source,
    ...window,
    sampledTraces: traces.length,
    sampleLimit: limit,
    truncated: page.truncated,
  };
}
