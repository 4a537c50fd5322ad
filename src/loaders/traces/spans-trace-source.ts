// traces_source "spans": Transaction Search's `aws/spans` log group, read with Logs Insights
// (spans-traces.ts): a service's list from its entry spans, traces by id from their span records,
// and the service map from ONE stats query over the window's client spans (every span counted).
// `auto` takes it when the region has the aws/spans group.
import { MAX_QUERY_LIMIT } from '../../aws/logs-insights-query.ts';
import { serviceMapFromSpanStats } from '../../aws/service-map.ts';
import { buildServiceMapQuery } from '../../aws/spans-query.ts';
import { SPANS_LOG_GROUP } from '../../config/trace-sources.ts';
import { loadLogGroups } from '../logs/logs-loader.ts';
import { loadSpanTraceList, runSpansQuery, spansLookupWindow, spansTraceLoader } from './spans-traces.ts';
import type { TraceSource } from './trace-source.ts';

export const SPANS_TRACE_SOURCE: TraceSource = {
  async detect(context, profile) {
    // The DescribeLogGroups answer the logs already use (cached per profile for logs.log_group_cache_ttl);
    // without a prefix it lists every group of the region, aws/spans included.
    const prefix = profile.config.log_group_prefix;
    const groups = await loadLogGroups(context, profile, prefix === undefined || SPANS_LOG_GROUP.startsWith(prefix) ? prefix : SPANS_LOG_GROUP);
    return groups.some((group) => group.name === SPANS_LOG_GROUP);
  },

  traceLoader: spansTraceLoader,

  async listServiceTraces(context, profile, request) {
    const list = await loadSpanTraceList(context, profile, { ...request.window, service: request.service, filter: request.filter, limit: request.limit });
    return { traces: list.ids.map((id) => ({ id })), truncated: list.truncated };
  },

  async readServiceMap(context, profile, request) {
    const part = await runSpansQuery(context, profile, buildServiceMapQuery(request.service), request.window, context.runtime.config.traces.summary_cache_ttl);
    return {
      graph: serviceMapFromSpanStats(part.rows, request.knownServices),
      sampledTraces: null,
      sampleLimit: null,
      truncated: part.status !== 'Complete' || part.rows.length >= MAX_QUERY_LIMIT,
    };
  },

  notFound(context, id) {
    const window = spansLookupWindow(id, context.now, context.runtime.config.traces.spans_lookback);
    const from = new Date(window.start).toISOString();
    const to = new Date(window.end).toISOString();
    const why = window.aroundIdTime ? 'around the time its id carries' : 'traces.spans_lookback: its id carries no time of the last 31 days';
    return {
      message: `aws/spans has no span of trace ${id} from ${from} to ${to} (${why}): unknown, outside that window, or not yet ingested`,
      extensions: { traceId: id, searchedFrom: from, searchedTo: to },
    };
  },

  filterConditionsHoldOn: 'service',
};
