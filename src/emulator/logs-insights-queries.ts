// The Logs Insights query registry: each query moves Scheduled -> Running -> Complete (or a forced
// Failed/Cancelled/Timeout) purely as a function of time, so nobody needs to poll for it to finish.
// Results are computed once, on first need, and revealed as a growing prefix while Running.
import { randomUUID } from 'node:crypto';
import type { EmulatorKnobs } from './emulator-knobs.ts';
import type { ParsedQuery } from './logs-insights-parser.ts';
import { executeInsightsQuery, type InsightsResult, type InsightsStatistics, type ResultField } from './logs-insights-engine.ts';
import type { LogStore } from './log-store.ts';

export type QueryStatus = 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled' | 'Timeout';

const TERMINAL: ReadonlySet<QueryStatus> = new Set(['Complete', 'Failed', 'Cancelled', 'Timeout']);

export interface QueryDefinition {
  queryString: string;
  parsed: ParsedQuery;
  logGroupNames: string[];
  startMs: number;
  endMs: number;
  limit?: number;
}

interface QueryRecord extends QueryDefinition {
  queryId: string;
  createdAt: number;
  scheduledMs: number;
  runMs: number;
  outcome: 'Complete' | 'Failed' | 'Cancelled' | 'Timeout';
  cancelledAt?: number;
  result?: InsightsResult;
}

export interface QuerySnapshot {
  status: QueryStatus;
  results: ResultField[][];
  statistics: InsightsStatistics;
}

export class InsightsQueryRegistry {
  readonly #queries = new Map<string, QueryRecord>();
  readonly #store: LogStore;
  readonly #knobs: EmulatorKnobs;

  constructor(store: LogStore, knobs: EmulatorKnobs) {
    this.#store = store;
    this.#knobs = knobs;
  }

  #finishedAt(query: QueryRecord): number {
    return query.cancelledAt ?? query.createdAt + query.scheduledMs + query.runMs;
  }

  status(query: QueryRecord, now: number): QueryStatus {
    if (query.cancelledAt !== undefined && now >= query.cancelledAt) return 'Cancelled';
    const elapsed = now - query.createdAt;
    if (elapsed < query.scheduledMs) return 'Scheduled';
    if (elapsed < query.scheduledMs + query.runMs) return 'Running';
    return query.outcome;
  }

  /** Queries not yet in a terminal state at `now`; drops finished queries past retention. */
  running(now: number): number {
    let count = 0;
    for (const [id, query] of this.#queries) {
      const status = this.status(query, now);
      if (!TERMINAL.has(status)) count++;
      else if (now - this.#finishedAt(query) > this.#knobs.queryResultRetentionMs) this.#queries.delete(id);
    }
    this.#knobs.counters.observeRunningQueries(count);
    return count;
  }

  start(definition: QueryDefinition, now: number): string {
    const queryId = randomUUID();
    const forced = this.#knobs.nextQueryOutcomes.shift();
    this.#queries.set(queryId, {
      ...definition,
      queryId,
      createdAt: now,
      scheduledMs: this.#knobs.queryScheduledMs,
      runMs: this.#knobs.queryRunMs,
      outcome: forced ?? 'Complete',
    });
    this.running(now);
    this.#knobs.counters.recordStartedQuery(definition.queryString);
    return queryId;
  }

  has(queryId: string): boolean {
    return this.#queries.has(queryId);
  }

  snapshot(queryId: string, now: number): QuerySnapshot | undefined {
    const query = this.#queries.get(queryId);
    if (!query) return undefined;
    const status = this.status(query, now);
    const empty: InsightsStatistics = { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0, logGroupsScanned: 0 };
    if (status === 'Scheduled') return { status, results: [], statistics: empty };
    query.result ??= executeInsightsQuery(query.parsed, {
      store: this.#store,
      logGroupNames: query.logGroupNames,
      startMs: query.startMs,
      endMs: query.endMs,
      accountId: this.#knobs.accountId,
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
    const full = query.result;
    if (status === 'Complete') return { status, results: full.results, statistics: full.statistics };
    // Running shows the share of the work done so far; a query that ends badly keeps what it had.
    const end = status === 'Running' ? now : this.#finishedAt(query);
    const fraction = query.runMs <= 0 ? 1 : Math.min(1, Math.max(0, (end - query.createdAt - query.scheduledMs) / query.runMs));
    const scale = (n: number): number => Math.floor(n * fraction);
    const statistics: InsightsStatistics = {
      recordsMatched: scale(full.statistics.recordsMatched),
      recordsScanned: scale(full.statistics.recordsScanned),
      bytesScanned: scale(full.statistics.bytesScanned),
      logGroupsScanned: full.statistics.logGroupsScanned,
    };
    if (status !== 'Running') return { status, results: [], statistics };
    return { status, results: full.results.slice(0, scale(full.results.length)), statistics };
  }

  /** StopQuery: true when the query was still Scheduled or Running. */
  stop(queryId: string, now: number): boolean | undefined {
    const query = this.#queries.get(queryId);
    if (!query) return undefined;
    if (TERMINAL.has(this.status(query, now))) return false;
    query.cancelledAt = now;
    query.outcome = 'Cancelled';
    this.running(now);
    return true;
  }
}
