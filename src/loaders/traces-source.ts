// Which API a profile's traces come from. "xray" and "spans" are what the profile says; "auto"
// looks for Transaction Search's `aws/spans` log group with the DescribeLogGroups answers the logs
// already use (cached per profile for logs.log_group_cache_ttl): present -> spans, else X-Ray.
import { SPANS_LOG_GROUP } from '../aws/span-records.ts';
import type { ProfileRuntime } from './gateway-runtime.ts';
import { loadLogGroups } from './logs-loader.ts';
import type { RequestContext } from './request-context.ts';
import { spansTraceLoader } from './spans-traces.ts';
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
