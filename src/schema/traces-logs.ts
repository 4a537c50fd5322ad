// Traces <-> logs: `LogEvent.trace` resolves the trace id a log line mentions through the request's
// one trace loader; `Trace.logs` finds the lines that mention a trace in the log groups of the
// trace's services, around the trace's time (one Logs Insights query, the id validated and quoted).
import { normalizeTraceId } from '../aws/segment-documents.ts';
import { traceIdEpochMs } from '../aws/trace-summaries.ts';
import type { ProfileRuntime, ServiceDefinition } from '../loaders/gateway-runtime.ts';
import { loadTraceLogs, profileOfLogEvent, type LogEventModel, type LogQueryResultModel } from '../loaders/logs-loader.ts';
import { loadTraceFromSource } from '../loaders/traces-source.ts';
import { builder } from './builder.ts';
import { resolveOrError } from './graphql-errors.ts';
import { resolveLogs } from './logs-errors.ts';
import { LogEventRef, LogQueryResultRef } from './logs-types.ts';
import { loadTrace, TraceRef, type TraceModel } from './traces.ts';

/** Log lines are searched from this long before the trace started to this long after it ended. */
export const TRACE_LOG_MARGIN_MS = 5 * 60_000;
export const DEFAULT_TRACE_LOG_LIMIT = 100;
export const MAX_TRACE_LOG_LIMIT = 1_000;

/**
 * The profile a log line was read from. Lines found by `Trace.logs` are registered here; others
 * (from `Service.logs`, whose model carries no profile) belong to the default profile.
 */
const profileOfEvent = new WeakMap<LogEventModel, ProfileRuntime>();

/** The profile's services whose X-Ray name is one of `names`. */
function servicesNamed(profile: ProfileRuntime, names: readonly string[]): ServiceDefinition[] {
  const wanted = new Set(names);
  return [...profile.services.values()].filter((service) => wanted.has(service.config.trace_service ?? service.name));
}

builder.objectField(LogEventRef, 'trace', (t) =>
  t.field({
    type: TraceRef,
    nullable: true,
    description: 'The trace the line mentions, from the profile\'s trace source (null when it mentions none, or the source does not have it: not every request is traced).',
    resolve: (event, _args, context) =>
      resolveOrError(async () => {
        const id = event.traceId === null ? undefined : normalizeTraceId(event.traceId);
        if (!id) return null;
        const profile = profileOfEvent.get(event) ?? profileOfLogEvent(event) ?? context.runtime.profile();
        const loaded = await loadTraceFromSource(context, profile, id);
        return loaded ? ({ id, profile, loaded } satisfies TraceModel) : null;
      }),
  }),
);

builder.objectField(TraceRef, 'logs', (t) =>
  t.field({
    type: LogQueryResultRef,
    nullable: true,
    description: `Log lines that mention this trace's id, in the log groups of its services, from ${TRACE_LOG_MARGIN_MS / 60_000} minutes before it started to ${TRACE_LOG_MARGIN_MS / 60_000} minutes after it ended; newest first.`,
    args: { limit: t.arg.int({ description: `1 to ${MAX_TRACE_LOG_LIMIT}; default ${DEFAULT_TRACE_LOG_LIMIT}.` }) },
    resolve: (trace, args, context) =>
      resolveLogs(async (): Promise<LogQueryResultModel> => {
        const facts = trace.summary ?? (await loadTrace(context, trace)).overview;
        const start = facts.startTime ?? traceIdEpochMs(trace.id) ?? context.now;
        const end = start + (facts.durationMs ?? 0);
        const result = await loadTraceLogs(context, {
          profile: trace.profile,
          services: servicesNamed(trace.profile, facts.services),
          traceId: trace.id,
          range: { start: Math.floor(start - TRACE_LOG_MARGIN_MS), end: Math.min(context.now, Math.ceil(end + TRACE_LOG_MARGIN_MS)) },
          limit: args.limit ?? DEFAULT_TRACE_LOG_LIMIT,
        });
        for (const event of result.events) profileOfEvent.set(event, trace.profile);
        return result;
      }),
  }),
);
