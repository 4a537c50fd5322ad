// Service maps within the IAM policy (no xray:GetServiceGraph), read by the profile's trace source
// (trace-sources.ts: with spans one Logs Insights stats query, every span counted; with X-Ray a
// sample of the window's newest traces, whose size the answer states), cut around one service when
// asked. Shared across requests like the trace lists.
import { serviceMapAround, type ServiceMapGraph } from '../../aws/service-map.ts';
import { alignWindow, SHARED_WINDOW_STEP_MS, type TimeWindow } from '../../aws/time-window.ts';
import { xrayNameOf } from '../../config/resource-types.ts';
import type { TraceSourceName } from '../../config/trace-sources.ts';
import type { ProfileRuntime } from '../../runtime/gateway-runtime.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import { resolveTracesSource, TRACE_SOURCES } from './trace-sources.ts';

export interface ServiceMapModel extends ServiceMapGraph {
  source: TraceSourceName;
  /** Epoch ms of the window the map covers. */
  start: number;
  end: number;
  /** The traces the map was built from (X-Ray's sample); null when every span of the window is counted. */
  sampledTraces: number | null;
  /** How many traces the sample takes at most; null without a sample. */
  sampleLimit: number | null;
  /** Not every call of the window is counted: more traces than the sample, or the query hit its row limit or timed out. */
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
  const { graph, ...reading } = await TRACE_SOURCES[source].readServiceMap(context, profile, { window, service: query.service, knownServices: knownServices(profile) });
  return { ...(query.service === undefined ? graph : serviceMapAround(graph, query.service)), source, ...window, ...reading };
}
