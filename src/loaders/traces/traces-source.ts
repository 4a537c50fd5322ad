// Which API a profile's traces come from. "xray" and "spans" are what the profile says; "auto"
// looks for Transaction Search's `aws/spans` log group with the DescribeLogGroups answers the logs
// already use (cached per profile for logs.log_group_cache_ttl): present -> spans, else X-Ray.
import { SPANS_LOG_GROUP } from '../../aws/span-records.ts';
import type { TraceSummary } from '../../aws/trace-summaries.ts';
import { buildTraceFilterExpression, type TraceFilterSpec } from '../../aws/xray-filter.ts';
import { xrayNameOf } from '../../config/resource-types.ts';
import type { ProfileRuntime, ServiceDefinition } from '../../runtime/gateway-runtime.ts';
import { loadLogGroups } from '../logs/logs-loader.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import { loadSpanTraceList, spansTraceLoader } from './spans-traces.ts';
import { loadTraceSummaries } from './traces-list.ts';
import { tracesLoader, type LoadedTrace } from './traces-loader.ts';

export type ResolvedTracesSource = 'xray' | 'spans';

export async function resolveTracesSource(context: RequestContext, profile: ProfileRuntime): Promise<ResolvedTracesSource> {
  const configured = profile.config.traces_source;
  if (configured !== 'auto') return configured;
  // Without a prefix the logs list every group of the region: aws/spans is in that same answer.
  const prefix = profile.config.log_group_prefix;
  const groups = await loadLogGroups(context, profile, prefix === undefined || SPANS_LOG_GROUP.startsWith(prefix) ? prefix : SPANS_LOG_GROUP);
  return groups.some((group) => group.name === SPANS_LOG_GROUP) ? 'spans' : 'xray';
}

/** One trace by (normalized) id through the request's loader of the profile's source; null when the source has none. */
export async function loadTraceFromSource(context: RequestContext, profile: ProfileRuntime, id: string): Promise<LoadedTrace | null> {
  const source = await resolveTracesSource(context, profile);
  return (source === 'spans' ? spansTraceLoader(context, profile) : tracesLoader(context, profile)).load(id);
}

/** A service's traces, newest first: X-Ray's summaries, or ids from the spans (facts come with their spans). */
export interface ServiceTraceList {
  traces: Array<{ id: string; summary?: TraceSummary }>;
  truncated: boolean;
}

/**
 * `Service.traces`: the service's traces (by its X-Ray name) in the window that pass `filter`,
 * from the profile's source. For X-Ray the filter becomes a filter expression here; InputError
 * when it cannot be asked safely.
 */
export async function loadServiceTraces(
  context: RequestContext,
  service: ServiceDefinition,
  args: { window: { start: number; end: number; relative: boolean }; filter?: TraceFilterSpec | null; limit: number },
): Promise<ServiceTraceList> {
  const name = xrayNameOf(service);
  if ((await resolveTracesSource(context, service.profile)) === 'spans') {
    const list = await loadSpanTraceList(context, service.profile, { ...args.window, service: name, filter: args.filter, limit: args.limit });
    return { traces: list.ids.map((id) => ({ id })), truncated: list.truncated };
  }
  const filterExpression = buildTraceFilterExpression(name, args.filter);
  const page = await loadTraceSummaries(context, service.profile, { ...args.window, filterExpression, limit: args.limit });
  return { traces: page.summaries.map((summary) => ({ id: summary.id, summary })), truncated: page.truncated };
}
