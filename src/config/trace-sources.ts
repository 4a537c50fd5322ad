// The trace sources a profile may read (`traces_source`), as data: their names, what each reads
// (the GraphQL TracesSource enum's descriptions) and the log groups that hold its records. The
// config's `traces_source` enum and the GraphQL enum derive from here; what each source does
// (fetch by id, a service's list, the service map, the not-found hint) is its entry in
// src/loaders/traces/trace-sources.ts, typed by these names. Pure data: config stays a leaf.

export interface TraceSourceFacts {
  /** What it reads, for the GraphQL enum. */
  label: string;
  /**
   * Log groups whose records are this source's spans, not log lines: a service's log search over
   * the profile's prefix skips them (they would only be scanned and billed); named in a service's
   * log_groups they are searched anyway.
   */
  recordLogGroups: readonly string[];
}

/** The log group Transaction Search writes every span to (one per account and region). */
export const SPANS_LOG_GROUP = 'aws/spans';

const REGISTRY = {
  xray: { label: 'The X-Ray APIs: GetTraceSummaries and BatchGetTraces.', recordLogGroups: [] },
  spans: { label: 'OpenTelemetry span records in Transaction Search\'s `aws/spans` log group, with Logs Insights.', recordLogGroups: [SPANS_LOG_GROUP] },
} as const satisfies Record<string, TraceSourceFacts>;

export type TraceSourceName = keyof typeof REGISTRY;
export const TRACE_SOURCE_REGISTRY: Readonly<Record<TraceSourceName, TraceSourceFacts>> = REGISTRY;
/** Every source; `auto` tries those that can tell whether the region has them in this order. */
export const TRACE_SOURCE_NAMES = Object.keys(REGISTRY) as TraceSourceName[];
/** Every `traces_source`: the registry's, then `auto` (whichever the region has). */
export const TRACES_SOURCES = [...TRACE_SOURCE_NAMES, 'auto'] as const;
export type TracesSourceSetting = TraceSourceName | 'auto';
/** A profile's source when it names none. */
export const DEFAULT_TRACES_SOURCE: TraceSourceName = 'xray';

/** Every log group that holds some source's span records (never log lines). */
export const TRACE_RECORD_LOG_GROUPS: ReadonlySet<string> = new Set(Object.values(TRACE_SOURCE_REGISTRY).flatMap((source) => source.recordLogGroups));
