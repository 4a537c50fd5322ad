// The per-request traces DataLoader: every trace whose spans a query asks for (trace lists of many
// services, Query.trace, LogEvent.trace) goes through one loader per profile, so T traces cost
// ceil(T/5) BatchGetTraces calls. Complete traces are kept by id for every request of the process
// (a complete trace never changes); identical in-flight batches are shared (answer-sharing.ts).
import DataLoader from 'dataloader';
import { InputError } from '../aws/input-error.ts';
import { normalizeTraceId, parseTraceDocuments, traceOverview, type ParsedTrace, type TraceOverview } from '../aws/segment-documents.ts';
import { batchGetTraces, fetchTraces, type TraceBatchResult } from '../aws/trace-batch.ts';
import { ANSWER_SHARING, AnswerKind, loadSharedAnswer, profileScopedKey } from './answer-sharing.ts';
import type { ProfileRuntime } from './gateway-runtime.ts';
import type { RequestContext } from './request-context.ts';
import { Slot } from './slot.ts';

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

const isComplete = (trace: LoadedTrace): boolean =>
  trace.parsed.spans.length > 0 && trace.parsed.unreadableDocuments === 0 && trace.parsed.spans.every((span) => !span.inProgress);

/** Complete traces by id (an in-progress one must be fetched afresh next time). */
const TRACE_DOCUMENTS = new AnswerKind<LoadedTrace>('X-Ray trace', { keep: isComplete });
/** One BatchGetTraces chunk: only shared while in flight (a retry must really ask again). */
const TRACE_BATCHES = new AnswerKind<TraceBatchResult>('BatchGetTraces');

const TRACES_LOADERS = new Slot<RequestContext, Map<ProfileRuntime, DataLoader<string, LoadedTrace | null>>>('trace loaders of a request', () => new Map());

/**
 * The request's trace loader for `profile`: keys are X-Ray trace ids (already normalized); a
 * trace X-Ray did not return after one retry loads as null.
 */
export function tracesLoader(context: RequestContext, profile: ProfileRuntime): DataLoader<string, LoadedTrace | null> {
  const loaders = TRACES_LOADERS.of(context);
  let loader = loaders.get(profile);
  if (!loader) {
    loader = createTracesLoader(context, profile);
    loaders.set(profile, loader);
  }
  return loader;
}

function createTracesLoader(context: RequestContext, profile: ProfileRuntime): DataLoader<string, LoadedTrace | null> {
  const config = context.runtime.config.traces;
  const sharing = ANSWER_SHARING.of(context.runtime);
  const gate = traceListGate(context);
  return new DataLoader<string, LoadedTrace | null>(
    async (ids) => {
      const found = new Map<string, LoadedTrace>();
      let failed = new Map<string, unknown>();
      const missing: string[] = [];
      const unique = [...new Set(ids)];
      const cached = await Promise.all(unique.map((id) => sharing.cached(TRACE_DOCUMENTS, profileScopedKey(profile, id))));
      unique.forEach((id, index) => {
        const trace = cached[index];
        if (trace) {
          found.set(id, trace);
          context.usage.cacheHits++;
        } else {
          missing.push(id);
        }
      });
      if (missing.length > 0) {
        const result = await fetchTraces(missing, {
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
        failed = result.failed;
        for (const [id, fetched] of result.traces) {
          const loaded = toLoadedTrace(id, fetched.segments, fetched.limitExceeded);
          await sharing.remember(TRACE_DOCUMENTS, profileScopedKey(profile, id), loaded, config.document_cache_ttl);
          found.set(id, loaded);
        }
      }
      // A failed chunk fails only its own ids (DataLoader rejects just those loads).
      return ids.map((id) => {
        const error = failed.get(id);
        if (error !== undefined) return error instanceof Error ? error : new Error(String(error));
        return found.get(id) ?? null;
      });
    },
    { batchScheduleFn: (dispatch) => afterTraceLists(gate, dispatch) },
  );
}
