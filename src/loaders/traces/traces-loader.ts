// The per-request trace loaders: every trace whose spans a query asks for (trace lists of many
// services, Query.trace, LogEvent.trace) goes through one loader per (source, profile), so X-Ray's T
// traces cost ceil(T/5) BatchGetTraces calls and aws/spans' one Logs Insights query per 100. Kept
// traces are shared by every request of the process; identical in-flight fetches too (answer-sharing.ts).
import DataLoader from 'dataloader';
import { InputError } from '../../aws/input-error.ts';
import { normalizeTraceId, parseTraceDocuments, traceOverview, type ParsedTrace, type TraceOverview } from '../../aws/segment-documents.ts';
import { batchGetTraces, fetchTraces, type TraceBatchResult } from '../../aws/trace-batch.ts';
import { ANSWER_SHARING, AnswerKind, loadSharedAnswer, profileScopedKey } from '../../sharing/answer-sharing.ts';
import type { ProfileRuntime } from '../../runtime/gateway-runtime.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import { Slot } from '../../runtime/slot.ts';

/** A trace's spans and what they say about the trace as a whole. */
export interface LoadedTrace {
  id: string;
  parsed: ParsedTrace;
  overview: TraceOverview;
  /** X-Ray dropped segments of this trace because it was too large. */
  limitExceeded: boolean;
}

/** A trace id argument in X-Ray's form (W3C ids are converted); InputError when it is neither. */
export function traceIdInput(id: string | number, argument = 'id'): string {
  const normalized = normalizeTraceId(String(id));
  if (!normalized) {
    throw new InputError(
      argument,
      `expected an X-Ray trace id ("1-" + 8 hex digits + "-" + 24 hex digits) or a W3C trace id (32 hex digits); got ${JSON.stringify(String(id)).slice(0, 80)}`,
    );
  }
  return normalized;
}

/**
 * Counts the trace-list (GetTraceSummaries) fetches of a request still in flight. The loader
 * dispatches its batch only when none is, so the trace ids of every list in the query end up in one
 * batch instead of one batch per list (which would cost more than ceil(T/5) calls).
 */
export class TraceListGate {
  #pending = 0;
  #waiters: Array<() => void> = [];

  track<T>(work: Promise<T>): Promise<T> {
    this.#pending++;
    const done = (): void => {
      this.#pending--;
      if (this.#pending === 0) for (const wake of this.#waiters.splice(0)) wake();
    };
    work.then(done, done);
    return work;
  }

  /** Resolves once no trace list is being fetched (now, if none is). */
  idle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  get pending(): number {
    return this.#pending;
  }
}

const TRACE_LIST_GATE = new Slot<RequestContext, TraceListGate>('trace lists of a request in flight', () => new TraceListGate());

export function traceListGate(context: RequestContext): TraceListGate {
  return TRACE_LIST_GATE.of(context);
}

/**
 * Runs `dispatch` once every trace list in flight has arrived and the resolvers it triggers have
 * asked for their traces (a macrotask later, after GraphQL's microtasks).
 */
export function afterTraceLists(gate: TraceListGate, dispatch: () => void): void {
  const attempt = (): void => {
    void gate.idle().then(() =>
      setImmediate(() => {
        if (gate.pending === 0) dispatch();
        else attempt();
      }),
    );
  };
  attempt();
}

export function toLoadedTrace(id: string, segments: Parameters<typeof parseTraceDocuments>[1], limitExceeded: boolean): LoadedTrace {
  const parsed = parseTraceDocuments(id, segments);
  return { id, parsed, overview: traceOverview(parsed), limitExceeded };
}

/** What a trace source does for the shared loader: which kept traces it reads, and how it fetches the rest. */
export interface TraceFetcher {
  readonly name: string;
  /** Traces kept across requests (by profile-scoped id); the fetcher remembers what may be kept. */
  readonly kept: AnswerKind<LoadedTrace>;
  /** Reads traces none of which is kept; an id in neither map has no trace in the source. */
  fetch(context: RequestContext, profile: ProfileRuntime, ids: string[]): Promise<{ found: Map<string, LoadedTrace>; failed: Map<string, Error> }>;
}

const TRACE_LOADERS = new Slot<RequestContext, Map<TraceFetcher, Map<ProfileRuntime, DataLoader<string, LoadedTrace | null>>>>(
  'trace loaders of a request',
  () => new Map(),
);

/**
 * The request's trace loader of `fetcher`'s source for `profile`: keys are X-Ray trace ids (already
 * normalized); a trace the source has not got loads as null, and a failed fetch fails only its own
 * ids. It dispatches once the request's trace lists have arrived, so their ids share one batch.
 */
export function batchedTraceLoader(context: RequestContext, profile: ProfileRuntime, fetcher: TraceFetcher): DataLoader<string, LoadedTrace | null> {
  let byProfile = TRACE_LOADERS.of(context).get(fetcher);
  if (!byProfile) {
    byProfile = new Map();
    TRACE_LOADERS.of(context).set(fetcher, byProfile);
  }
  let loader = byProfile.get(profile);
  if (!loader) {
    loader = createBatchedTraceLoader(context, profile, fetcher);
    byProfile.set(profile, loader);
  }
  return loader;
}

function createBatchedTraceLoader(context: RequestContext, profile: ProfileRuntime, fetcher: TraceFetcher): DataLoader<string, LoadedTrace | null> {
  const sharing = ANSWER_SHARING.of(context.runtime);
  const gate = traceListGate(context);
  return new DataLoader<string, LoadedTrace | null>(
    async (ids) => {
      const unique = [...new Set(ids)];
      const cached = await Promise.all(unique.map((id) => sharing.cached(fetcher.kept, profileScopedKey(profile, id))));
      const found = new Map<string, LoadedTrace>();
      const missing: string[] = [];
      unique.forEach((id, index) => {
        const trace = cached[index];
        if (trace) {
          found.set(id, trace);
          context.usage.cacheHits++;
        } else missing.push(id);
      });
      const fetched = missing.length > 0 ? await fetcher.fetch(context, profile, missing) : { found: new Map<string, LoadedTrace>(), failed: new Map<string, Error>() };
      for (const [id, trace] of fetched.found) found.set(id, trace);
      return ids.map((id) => fetched.failed.get(id) ?? found.get(id) ?? null);
    },
    { batchScheduleFn: (dispatch) => afterTraceLists(gate, dispatch) },
  );
}

const isComplete = (trace: LoadedTrace): boolean =>
  trace.parsed.spans.length > 0 && trace.parsed.unreadableDocuments === 0 && trace.parsed.spans.every((span) => !span.inProgress);

/** Complete traces by id (an in-progress one must be fetched afresh next time). */
const TRACE_DOCUMENTS = new AnswerKind<LoadedTrace>('X-Ray trace', { keep: isComplete });
/** One BatchGetTraces chunk: only shared while in flight (a retry must really ask again). */
const TRACE_BATCHES = new AnswerKind<TraceBatchResult>('BatchGetTraces');

/** X-Ray: T traces cost ceil(T/5) BatchGetTraces calls; a trace X-Ray did not return after one retry loads as null. */
export const XRAY_TRACES: TraceFetcher = {
  name: 'X-Ray BatchGetTraces',
  kept: TRACE_DOCUMENTS,
  async fetch(context, profile, ids) {
    const config = context.runtime.config.traces;
    const sharing = ANSWER_SHARING.of(context.runtime);
    const result = await fetchTraces(ids, {
      concurrency: config.batch_concurrency,
      fetchChunk: (chunk, round) =>
        loadSharedAnswer(context, profile, TRACE_BATCHES, {
          key: JSON.stringify([round, [...chunk].sort()]),
          ttlMs: 0,
          load: async (call) => {
            const batch = await batchGetTraces(profile.clients.xray, chunk, call);
            if (call.usage) call.usage.tracesFetched += batch.traces.size;
            return batch;
          },
        }),
    });
    const found = new Map<string, LoadedTrace>();
    for (const [id, fetched] of result.traces) {
      const loaded = toLoadedTrace(id, fetched.segments, fetched.limitExceeded);
      await sharing.remember(TRACE_DOCUMENTS, profileScopedKey(profile, id), loaded, config.document_cache_ttl);
      found.set(id, loaded);
    }
    const failed = new Map<string, Error>();
    for (const [id, error] of result.failed) failed.set(id, error instanceof Error ? error : new Error(String(error)));
    return { found, failed };
  },
};

/** The request's X-Ray trace loader for `profile`. */
export function tracesLoader(context: RequestContext, profile: ProfileRuntime): DataLoader<string, LoadedTrace | null> {
  return batchedTraceLoader(context, profile, XRAY_TRACES);
}
