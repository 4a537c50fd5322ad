// What a trace source supplies: each source (X-Ray, aws/spans) is one entry of this shape in
// trace-sources.ts, so no other file asks which source a profile reads, only what it can do.
import type DataLoader from 'dataloader';
import type { ServiceMapGraph } from '../../aws/service-map.ts';
import type { TimeWindow } from '../../aws/time-window.ts';
import type { TraceSummary } from '../../aws/trace-summaries.ts';
import type { TraceFilterSpec } from '../../aws/xray-filter.ts';
import type { ProfileRuntime } from '../../runtime/gateway-runtime.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import type { LoadedTrace } from './traces-loader.ts';

/** A service's traces, newest first: with their summaries when the source lists them (X-Ray), else ids whose facts come with their spans. */
export interface ServiceTraceList {
  traces: Array<{ id: string; summary?: TraceSummary }>;
  truncated: boolean;
}

export interface ServiceTraceListRequest {
  /** The service's name in its traces (xrayNameOf). */
  service: string;
  /** Epoch ms; `relative` ("last 1h") windows may be aligned so requests share answers. */
  window: { start: number; end: number; relative: boolean };
  filter: TraceFilterSpec | null | undefined;
  limit: number;
}

/** A service map as a source reads it; the caller cuts it around a service and adds the window. */
export interface ServiceMapReading {
  graph: ServiceMapGraph;
  /** The traces the map was built from; null when every span of the window is counted. */
  sampledTraces: number | null;
  /** How many traces the sample takes at most; null without a sample. */
  sampleLimit: number | null;
  /** Not every call of the window is counted (more traces than the sample, a row limit, a timeout). */
  truncated: boolean;
}

export interface ServiceMapRequest {
  /** The aligned window (epoch ms). */
  window: TimeWindow;
  /** Only the calls that touch this service (its name in traces). */
  service: string | undefined;
  /** The profile's configured services by their names in traces. */
  knownServices: ReadonlySet<string>;
}

/** What NOT_FOUND says of a trace id the source has not got: the message and its extensions. */
export interface TraceNotFoundHint {
  message: string;
  extensions: Record<string, unknown>;
}

export interface TraceSource {
  /**
   * traces_source "auto": whether the profile's region has this source, with no AWS call beyond
   * the cached answers the gateway already asks for. Absent: never detected (the default is taken
   * when no source is found).
   */
  detect?: (context: RequestContext, profile: ProfileRuntime) => Promise<boolean>;
  /** The request's batched loader of whole traces by normalized id; a trace the source has not got loads as null. */
  traceLoader(context: RequestContext, profile: ProfileRuntime): DataLoader<string, LoadedTrace | null>;
  /** `Service.traces`: the service's traces in the window that pass the filter; InputError when the filter cannot be asked safely. */
  listServiceTraces(context: RequestContext, profile: ProfileRuntime, request: ServiceTraceListRequest): Promise<ServiceTraceList>;
  /** The calls between services in the window. */
  readServiceMap(context: RequestContext, profile: ProfileRuntime, request: ServiceMapRequest): Promise<ServiceMapReading>;
  /** What NOT_FOUND says for an id the source has not got (e.g. the window it searched). */
  notFound(context: RequestContext, id: string): TraceNotFoundHint;
  /**
   * Where a TraceFilter's http and annotation conditions hold: on the whole `trace` (X-Ray: a
   * caller that sees other services' spans redacted could learn their URLs from which traces a list
   * returns, so it may not ask them), or on the `service`'s own spans.
   */
  filterConditionsHoldOn: 'trace' | 'service';
}
