// traces_source "xray": the X-Ray APIs. A service's list is GetTraceSummaries with the TraceFilter
// as a filter expression (summaries carry the trace's facts, no extra call); traces by id come
// through the request's BatchGetTraces loader; the service map (no xray:GetServiceGraph in the IAM
// policy) is built from the window's newest traces (traces.map_sample_traces of them), read
// through that same loader and counted exactly over the sample, whose size the answer states.
import type { ParsedTrace } from '../../aws/segment-documents.ts';
import { serviceMapFromTraces } from '../../aws/service-map.ts';
import { buildTraceFilterExpression } from '../../aws/xray-filter.ts';
import type { TraceSource } from './trace-source.ts';
import { loadTraceSummaries } from './traces-list.ts';
import { tracesLoader } from './traces-loader.ts';

export const XRAY_TRACE_SOURCE: TraceSource = {
  traceLoader: tracesLoader,

  async listServiceTraces(context, profile, request) {
    const filterExpression = buildTraceFilterExpression(request.service, request.filter);
    const page = await loadTraceSummaries(context, profile, { ...request.window, filterExpression, limit: request.limit });
    return { traces: page.summaries.map((summary) => ({ id: summary.id, summary })), truncated: page.truncated };
  },

  async readServiceMap(context, profile, request) {
    const limit = context.runtime.config.traces.map_sample_traces;
    const page = await loadTraceSummaries(context, profile, {
      ...request.window,
      relative: false,
      filterExpression: request.service === undefined ? undefined : buildTraceFilterExpression(request.service, null),
      limit,
    });
    const loaded = await tracesLoader(context, profile).loadMany(page.summaries.map((summary) => summary.id));
    const traces: ParsedTrace[] = [];
    const failures: Error[] = [];
    // A failed batch leaves its traces out of the sample (sampledTraces says how many made it); all failed: the map fails.
    for (const trace of loaded) {
      if (trace instanceof Error) failures.push(trace);
      else if (trace) traces.push(trace.parsed);
    }
    if (traces.length === 0 && failures.length > 0) throw failures[0];
    return { graph: serviceMapFromTraces(traces, request.knownServices), sampledTraces: traces.length, sampleLimit: limit, truncated: page.truncated };
  },

  notFound: (_context, id) => ({ message: `X-Ray has no trace ${id} (unknown, older than 30 days, or not yet processed)`, extensions: { traceId: id } }),

  filterConditionsHoldOn: 'trace',
};
