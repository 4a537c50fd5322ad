// A service's X-Ray trace list: GetTraceSummaries for the window and filter expression, shared
// across requests for a short TTL (relative windows aligned, so every viewer of a dashboard asks
// the same thing), and tracked by the request's trace-list gate so the span loader batches every
// list's traces at once. xray-trace-source.ts builds the filter expression.
import { alignWindow, SHARED_WINDOW_STEP_MS } from '../../aws/time-window.ts';
import { getTraceSummaries, type TraceSummaryPage } from '../../aws/trace-summaries.ts';
import { requestBudget } from '../../runtime/request-budget.ts';
import { AnswerKind, loadSharedAnswer } from '../../sharing/answer-sharing.ts';
import type { ProfileRuntime } from '../../runtime/gateway-runtime.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import { traceListGate } from './traces-loader.ts';

export interface TraceListQuery {
  /** Epoch ms. */
  start: number;
  end: number;
  /** A `last:` window, which may be aligned. */
  relative: boolean;
  filterExpression: string | undefined;
  limit: number;
}

const TRACE_SUMMARIES = new AnswerKind<TraceSummaryPage>('GetTraceSummaries');

/** Trace list sizes a field may ask for. */
export const MAX_TRACE_LIST_LIMIT = 1_000;

export function loadTraceSummaries(context: RequestContext, profile: ProfileRuntime, query: TraceListQuery): Promise<TraceSummaryPage> {
  const window = alignWindow(query, SHARED_WINDOW_STEP_MS, 'share');
  if (query.relative) context.freshness.changesAt(window.end);
  const input = { ...window, filterExpression: query.filterExpression, limit: query.limit };
  const key = JSON.stringify([input.start, input.end, input.filterExpression ?? null, input.limit]);
  requestBudget(context).chargeTraceList(context.runtime.config.limits, `${profile.name}:${key}`);
  const work = loadSharedAnswer(context, profile, TRACE_SUMMARIES, {
    key,
    ttlMs: context.runtime.config.traces.summary_cache_ttl,
    load: (call) => getTraceSummaries(profile.clients.xray, input, call),
  });
  return traceListGate(context).track(work);
}
