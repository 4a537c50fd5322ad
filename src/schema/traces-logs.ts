// Traces <-> logs: `LogEvent.trace` resolves the trace id a log line mentions through the request's
// one trace loader (in the profile the line was read from); `Trace.logs` finds the lines that
// mention a trace in the log groups of the trace's services, around the trace's time.
import { DEFAULT_TRACE_LOG_LIMIT, loadLogsOfTrace, MAX_TRACE_LOG_LIMIT, profileOfLogEvent, TRACE_LOG_MARGIN_MS } from '../loaders/logs-loader.ts';
import { normalizeTraceId } from '../aws/segment-documents.ts';
import { builder } from './builder.ts';
import { readableProfile } from './caller-access.ts';
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
    description: `Log lines that mention this trace's id, in the log groups of its services, from ${TRACE_LOG_MARGIN_MS / 60_000} minutes before it started to ${TRACE_LOG_MARGIN_MS / 60_000} minutes after it ended; newest first.`,
    args: { limit: t.arg.int({ description: `1 to ${MAX_TRACE_LOG_LIMIT}; default ${DEFAULT_TRACE_LOG_LIMIT}.` }) },
    resolve: (trace, args, context) =>
      resolveOrError(async () => {
        const facts = trace.summary ?? (await loadTrace(context, trace)).overview;
        return loadLogsOfTrace(context, { profile: trace.profile, traceId: trace.id, facts, limit: args.limit });
      }),
  }),
);
