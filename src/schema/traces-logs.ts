// Traces <-> logs: `LogEvent.trace` resolves the trace id a log line mentions through the request's
// one trace loader (in the profile the line was read from); `Trace.logs` finds the lines that
// mention a trace in the log groups of the trace's services, around the trace's time.
import { DEFAULT_TRACE_LOG_LIMIT, loadLogsOfTrace, MAX_TRACE_LOG_LIMIT, profileOfLogEvent, servicesOfTrace, TRACE_LOG_MARGIN_MS } from '../loaders/logs/logs-loader.ts';
import { normalizeTraceId } from '../aws/segment-documents.ts';
import { builder } from './builder.ts';
import { readableProfile, visibleLogResult } from './caller-access.ts';
import { resolveOrError } from './graphql-errors.ts';
import { LogEventRef, LogQueryResultRef } from './logs-types.ts';
import { loadTrace, readableTraceById, TraceRef } from './traces.ts';

builder.objectField(LogEventRef, 'trace', (t) =>
  t.field({
    type: TraceRef,
    nullable: true,
    description:
      'The trace the line mentions, from the profile\'s trace source (null when it mentions none, or the source does not have it: not every request is traced). Checked as `trace(id:)` is: for a caller narrowed to some services, FORBIDDEN when the trace does not go through one of them (a trace the source does not have answers the same); the line itself stays.',
    resolve: (event, _args, context) =>
      resolveOrError(async () => {
        const id = event.traceId === null ? undefined : normalizeTraceId(event.traceId);
        if (!id) return null;
        const profile = readableProfile(context, (profileOfLogEvent(event) ?? context.runtime.profile()).name);
        return readableTraceById(context, profile, id, async () => null);
      }),
  }),
);

builder.objectField(TraceRef, 'logs', (t) =>
  t.field({
    type: LogQueryResultRef,
    nullable: true,
    description: `Log lines that mention this trace's id, in the lines of its services that the caller may read (each service's log groups and log-stream condition, as Service.logs reads them; nothing else is searched), from ${TRACE_LOG_MARGIN_MS / 60_000} minutes before it started to ${TRACE_LOG_MARGIN_MS / 60_000} minutes after it ended; newest first. A trace none of whose configured services the caller may read: no query, no lines (a caller that may read the whole profile searches every group of its prefix then).`,
    args: { limit: t.arg.int({ description: `1 to ${MAX_TRACE_LOG_LIMIT}; default ${DEFAULT_TRACE_LOG_LIMIT}.` }) },
    resolve: (trace, args, context) =>
      resolveOrError(async () => {
        const facts = trace.summary ?? (await loadTrace(context, trace)).overview;
        const { profile } = trace;
        const traced = servicesOfTrace(profile, facts);
        const services = traced.filter((service) => context.caller.mayReadService(profile.name, service.name));
        // Not one configured service: only a caller that may read every service searches the whole prefix.
        const everyGroup = traced.length === 0 && context.caller.mayReadEveryService(profile.name);
        const result = await loadLogsOfTrace(context, { profile, traceId: trace.id, facts, services, everyGroup, limit: args.limit });
        return visibleLogResult(context, profile, services, result);
      }),
  }),
);
