// The per-request traces DataLoader: every trace whose spans a query asks for (trace lists of many
// services, Query.trace, LogEvent.trace) goes through one loader per profile, so T traces cost
// ceil(T/5) BatchGetTraces calls. Complete traces are cached by id for every request of the
// process (a complete trace never changes); identical in-flight batches are shared.
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import { parseTraceDocuments, traceOverview, type ParsedTrace, type TraceOverview } from '../aws/segment-documents.ts';
import { batchGetTraces, fetchTraces } from '../aws/trace-batch.ts';
import type { ProfileRuntime } from './gateway-runtime.ts';
import { requestScoped, type RequestContext } from './request-context.ts';
import { SharedCache } from './shared-cache.ts';

/** A trace's spans and what they say about the trace as a whole. */
export interface LoadedTrace {
  id: string;
  parsed: ParsedTrace;
  overview: TraceOverview;
  /** X-Ray dropped segments of this trace because it was too large. */
  limitExceeded: boolean;
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

export function traceListGate(context: RequestContext): TraceListGate {
  return requestScoped(context, 'traces:list-gate', () => new TraceListGate());
}

/**
 * Runs `dispatch` once every trace list in flight has arrived and the resolvers it triggers have
 * asked for their traces (a macrotask later, after GraphQL's microtasks).
 */
function afterTraceLists(gate: TraceListGate, dispatch: () => void): void {
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

function documentCache(profile: ProfileRuntime, ttlMs: number): LRUCache<string, LoadedTrace> {
  return profile.shared('traces:documents', () => new LRUCache<string, LoadedTrace>({ max: 5_000, ttl: Math.max(1, ttlMs) }));
}

function batchCache(profile: ProfileRuntime): SharedCache {
  return profile.shared('traces:batches', () => new SharedCache({ max: 500 }));
}

export function toLoadedTrace(id: string, segments: Parameters<typeof parseTraceDocuments>[1], limitExceeded: boolean): LoadedTrace {
  const parsed = parseTraceDocuments(id, segments);
  return { id, parsed, overview: traceOverview(parsed), limitExceeded };
}

const isComplete = (trace: LoadedTrace): boolean =>
  trace.parsed.spans.length > 0 && trace.parsed.unreadableDocuments === 0 && trace.parsed.spans.every((span) => !span.inProgress);

/**
 * The request's trace loader for `profile`: keys are X-Ray trace ids (already normalized); a
 * trace X-Ray did not return after one retry loads as null.
 */
export function tracesLoader(context: RequestContext, profile: ProfileRuntime): DataLoader<string, LoadedTrace | null> {
  return requestScoped(context, `traces:loader:${profile.name}`, () => {
    const config = context.runtime.config.traces;
    const documents = documentCache(profile, config.document_cache_ttl);
    const batches = batchCache(profile);
    const gate = traceListGate(context);
    return new DataLoader<string, LoadedTrace | null>(
      async (ids) => {
        const found = new Map<string, LoadedTrace>();
        let failed = new Map<string, unknown>();
        const missing: string[] = [];
        for (const id of new Set(ids)) {
          const cached = documents.get(id);
          if (cached) {
            found.set(id, cached);
            context.usage.cacheHits++;
          } else {
            missing.push(id);
          }
        }
        if (missing.length > 0) {
          const result = await fetchTraces(missing, {
            concurrency: config.batch_concurrency,
            fetchChunk: async (chunk, round) => {
              // Identical batches of concurrent requests share one call; not cached beyond it
              // (an in-progress trace must be fetched afresh next time, a retry must really ask again).
              const key = `${profile.region}:${round}:${[...chunk].sort().join(',')}`;
              const { value, shared } = await batches.get(key, 0, () => batchGetTraces(profile.clients.xray, chunk, { usage: context.usage }));
              if (shared) context.usage.cacheHits++;
              else context.usage.tracesFetched += value.traces.size;
              return value;
            },
          });
          failed = result.failed;
          for (const [id, fetched] of result.traces) {
            const loaded = toLoadedTrace(id, fetched.segments, fetched.limitExceeded);
            if (isComplete(loaded)) documents.set(id, loaded);
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
  });
}
