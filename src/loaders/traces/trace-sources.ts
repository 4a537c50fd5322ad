// The trace-source registry: one entry per `traces_source` of config/trace-sources.ts (typed by its
// names, so a source without an entry does not compile), and the resolution of a profile's source
// ("auto": the first source that detects itself in the region, else the default). Everything that
// depends on the source asks its entry here. A new source: its names and facts in
// config/trace-sources.ts, its entry file beside xray-trace-source.ts, one line below.
import { xrayNameOf } from '../../config/resource-types.ts';
import { DEFAULT_TRACES_SOURCE, TRACE_SOURCE_NAMES, type TraceSourceName } from '../../config/trace-sources.ts';
import type { ProfileRuntime, ServiceDefinition } from '../../runtime/gateway-runtime.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import { SPANS_TRACE_SOURCE } from './spans-trace-source.ts';
import type { ServiceTraceList, ServiceTraceListRequest, TraceSource } from './trace-source.ts';
import type { LoadedTrace } from './traces-loader.ts';
import { XRAY_TRACE_SOURCE } from './xray-trace-source.ts';

export const TRACE_SOURCES: Readonly<Record<TraceSourceName, TraceSource>> = {
  xray: XRAY_TRACE_SOURCE,
  spans: SPANS_TRACE_SOURCE,
};

/** The source a profile reads: what it names, or for "auto" the first one the region has. */
export async function resolveTracesSource(context: RequestContext, profile: ProfileRuntime): Promise<TraceSourceName> {
  const configured = profile.config.traces_source;
  if (configured !== 'auto') return configured;
  for (const name of TRACE_SOURCE_NAMES) {
    const { detect } = TRACE_SOURCES[name];
    if (detect && (await detect(context, profile))) return name;
  }
  return DEFAULT_TRACES_SOURCE;
}

/** The registry entry of the profile's source. */
export async function traceSourceOf(context: RequestContext, profile: ProfileRuntime): Promise<TraceSource> {
  return TRACE_SOURCES[await resolveTracesSource(context, profile)];
}

/** One trace by (normalized) id through the request's loader of the profile's source; null when the source has none. */
export async function loadTraceFromSource(context: RequestContext, profile: ProfileRuntime, id: string): Promise<LoadedTrace | null> {
  return (await traceSourceOf(context, profile)).traceLoader(context, profile).load(id);
}

/** `Service.traces`: the service's traces (by its name in traces) in the window that pass `filter`, from the profile's source. */
export async function loadServiceTraces(
  context: RequestContext,
  service: ServiceDefinition,
  args: Omit<ServiceTraceListRequest, 'service'>,
): Promise<ServiceTraceList> {
  return (await traceSourceOf(context, service.profile)).listServiceTraces(context, service.profile, { ...args, service: xrayNameOf(service) });
}
