// The batching loader for Logs Insights (logs.batch = true): every Service.logs / Service.logVolume
// of a request goes through one DataLoader; the asks that share a profile, window, filter (and
// bucket) become as few Logs Insights queries as the limits allow (aws/logs-insights-batch.ts),
// each answer exactly what the service's own query would have returned. Trace.logs asks go through
// a third one: traces that read the same groups at close times share a query
// (aws/trace-logs-batch.ts).
//
// Around the batch, the one answer-sharing layer (answer-sharing.ts):
// - each service's answer is kept under its own exact key (its groups, stream, filter, limit and
//   window), so a later request for any subset of the services is served without a query;
//   absolute windows that ended before now - logs.ingestion_settle no longer change and are kept for
//   logs.past_window_ttl;
// - each merged query is coalesced with identical in-flight ones (viewers of one dashboard);
// - for relative windows, the answer is also kept as refresh state, keyed without the window: the
//   next ask of the same query runs only [previous end - settle margin, now] and merges
//   (aws/logs-insights-incremental.ts). Events keep limit + 1 lines so `truncated` stays exact.
// All of it lives in the sharing layer's store: bounded by bytes, shown in /metrics.
import DataLoader from 'dataloader';
import type { LogEvent } from '../../aws/log-event.ts';
import { runBatchedEvents, runBatchedVolume, type BatchSource, type BatchedEventsResult, type InsightsPartsRun, type VolumeAnswer } from '../../aws/logs-insights-batch.ts';
import { mergeEventsRefresh, mergeVolumeRefresh, refreshWindow, volumeRefreshPlan, type EventsSnapshot, type QueryWindow, type VolumeSnapshot } from '../../aws/logs-insights-incremental.ts';
import { PollSchedule } from '../../aws/logs-insights-poll-schedule.ts';
import { MAX_QUERY_LIMIT, type LogFilter } from '../../aws/logs-insights-query.ts';
import { runInsightsQueryOverGroups, type InsightsQueryPart, type LogEventsResult } from '../../aws/logs-insights-runner.ts';
import { runBatchedTraceLogs, type TraceLogsMember } from '../../aws/trace-logs-batch.ts';
import { ANSWER_SHARING, AnswerKind, profileScopedKey } from '../../sharing/answer-sharing.ts';
import type { GatewayRuntime, ProfileRuntime } from '../../runtime/gateway-runtime.ts';
import { insightsRunOptions } from '../../quota/logs-insights-limiter.ts';
import { RedisAnswerStore } from '../../sharing/redis-answer-store.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import { Slot } from '../../runtime/slot.ts';
import { afterTraceLists, traceListGate } from '../traces/traces-loader.ts';

/** How long a complete answer for a window that still moves is served to other requests. */
export const LIVE_ANSWER_TTL_MS = 10_000;

/** A window as asked (already aligned), and whether it is relative ("last 1h"). */
export interface AskWindow {
  start: number;
  end: number;
  relative: boolean;
}

/**
 * Where an ask's lines are, resolved inside the batch (DescribeLogGroups may be needed): asks enter
 * the loader in the same tick, so services with listed groups and services on the prefix meet in
 * one batch. Undefined: nothing to read (the answer is empty, no query).
 */
export type SourceResolver = () => Promise<BatchSource | undefined>;

interface AskBase {
  profile: ProfileRuntime;
  /** Names the ask within the request (profile, service): asks with equal ids and arguments are one. */
  id: string;
  resolveSource: SourceResolver;
  filter: LogFilter | null;
  window: AskWindow;
}

export interface EventsAsk extends AskBase {
  limit: number;
}

export interface VolumeAsk extends AskBase {
  bucketMs: number;
}

/** An ask with its source resolved. */
type Resolved<T> = T & { source: BatchSource };

/** A service's volume answer: lines per bin start, with how it was obtained. */
export interface VolumeResult {
  counts: Map<number, number>;
  statistics: VolumeAnswer['statistics'];
  status: VolumeAnswer['status'];
}

// --- what the sharing layer keeps ------------------------------------------------------------------

const MERGED_QUERIES = new AnswerKind<InsightsQueryPart[]>('Logs Insights merged query', { keep: (parts) => parts.every((part) => part.status === 'Complete'), replicas: true });
/**
 * Merged answers are kept only this long: each service's answer is kept on its own (a later request
 * may ask a subset); this lets replicas asking at the same moment take one replica's query.
 */
const MERGED_SHARE_TTL_MS = 5_000;
// Answers and refresh state are plain data: shared with the other replicas through Redis when set.
const EVENTS_ANSWERS = new AnswerKind<LogEventsResult>('Logs Insights service events answer', { keep: (answer) => answer.status === 'Complete', replicas: true });
const VOLUME_ANSWERS = new AnswerKind<VolumeResult>('Logs Insights service volume answer', { keep: (answer) => answer.status === 'Complete', replicas: true });
const TRACE_LOGS_ANSWERS = new AnswerKind<LogEventsResult>('Logs Insights trace lines answer', { keep: (answer) => answer.status === 'Complete', replicas: true });
const EVENTS_REFRESH_STATE = new AnswerKind<EventsSnapshot>('Logs Insights events refresh state', { replicas: 'latest' });
const VOLUME_REFRESH_STATE = new AnswerKind<VolumeSnapshot>('Logs Insights volume refresh state', { replicas: 'latest' });

/**
 * What this process learned about Logs Insights run times, per region: knowledge of AWS's speed,
 * not an answer, so it outlives a runtime (tests and the bench build several in one process).
 */
const POLL_SCHEDULES = new Map<string, PollSchedule>();
function pollScheduleOf(runtime: GatewayRuntime, profile: ProfileRuntime): PollSchedule {
  const key = `${profile.region}\u0000${runtime.config.logs.calls_per_second}`;
  let schedule = POLL_SCHEDULES.get(key);
  if (!schedule) {
    schedule = new PollSchedule({ callsPerSecond: runtime.config.logs.calls_per_second });
    POLL_SCHEDULES.set(key, schedule);
  }
  return schedule;
}

/** Counters of the cost engine, for /metrics and tests. */
export interface LogsBatchingStats {
  mergedQueries: number;
  servedFromAnswers: number;
  incrementalRefreshes: number;
  refreshFallbacks: number;
}
export const LOGS_BATCHING_STATS = new Slot<GatewayRuntime, LogsBatchingStats>('Logs Insights batching counters', () => ({
  mergedQueries: 0,
  servedFromAnswers: 0,
  incrementalRefreshes: 0,
  refreshFallbacks: 0,
}));

const second = (ms: number): number => Math.floor(ms / 1000);
const sourceKey = (source: BatchSource): unknown[] => [source.sourcePrefix ?? null, [...source.logGroups].sort(), source.streamPattern ?? null];
const filterKey = (filter: LogFilter | null): string => JSON.stringify(filter ? [filter.contains ?? null, filter.matches ?? null, filter.exclude ?? null, filter.levels ? [...new Set(filter.levels)].sort() : null] : null);

/** The merged-query runner of a profile: identical in-flight queries (other requests) share one run. */
function partsRunner(context: RequestContext, profile: ProfileRuntime): InsightsPartsRun {
  const sharing = ANSWER_SHARING.of(context.runtime);
  const stats = LOGS_BATCHING_STATS.of(context.runtime);
  return async (input) => {
    const key = profileScopedKey(profile, JSON.stringify([[...input.logGroups].sort(), input.queryString, second(input.startMs), second(input.endMs)]));
    const timeoutMs = context.runtime.config.logs.query_timeout;
    const answer = await sharing.share(
      MERGED_QUERIES,
      {
        key,
        ttlMs: MERGED_SHARE_TTL_MS,
        load: (call) => {
          const run = (): Promise<InsightsQueryPart[]> => {
            stats.mergedQueries++;
            return runInsightsQueryOverGroups(profile.clients.logsInsights, input, {
              ...insightsRunOptions(context, call),
              pollSchedule: pollScheduleOf(context.runtime, profile),
            });
          };
          // With REDIS_URL, replicas asking the same merged query at the same moment run it once.
          const store = sharing.store;
          if (!(store instanceof RedisAnswerStore)) return run();
          return store.once(`${MERGED_QUERIES.name}\u0000${key}`, { leaseMs: timeoutMs + 5_000, ttlMs: MERGED_SHARE_TTL_MS, keep: (parts) => MERGED_QUERIES.keeps(parts), signal: call.abortSignal }, run);
        },
      },
      { usage: context.usage, signal: context.signal },
    );
    return answer.value;
  };
}

/** How long a complete answer for `window` may be served: longer once the window no longer changes. */
function answerTtl(context: RequestContext, window: AskWindow): number {
  const logs = context.runtime.config.logs;
  return !window.relative && window.end < context.now - logs.ingestion_settle ? logs.past_window_ttl : LIVE_ANSWER_TTL_MS;
}

// --- events -------------------------------------------------------------------------------------------

function eventsAnswerKey(ask: Resolved<EventsAsk>): string {
  return profileScopedKey(ask.profile, JSON.stringify([...sourceKey(ask.source), filterKey(ask.filter), ask.limit, second(ask.window.start), second(ask.window.end)]));
}

function eventsStateKey(ask: Resolved<EventsAsk>): string {
  return profileScopedKey(ask.profile, JSON.stringify([...sourceKey(ask.source), filterKey(ask.filter), ask.limit, second(ask.window.end) - second(ask.window.start)]));
}

/** Lines kept (and asked) for a relative window: one more than the limit, so a merge knows `truncated`. */
const keptLines = (limit: number): number => Math.min(MAX_QUERY_LIMIT, limit + 1);

interface EventsWork {
  ask: Resolved<EventsAsk>;
  index: number;
  /** The window asked this time (the delta for a refresh). */
  window: QueryWindow;
  snapshot: EventsSnapshot | undefined;
}

function userAnswer(ask: Resolved<EventsAsk>, result: BatchedEventsResult, merged?: { events: LogEvent[]; truncated: boolean | undefined; recordsMatched: number; exact: boolean }): LogEventsResult {
  const events = merged ? merged.events : result.events;
  const truncated = events.length > ask.limit || (merged ? merged.truncated === true : result.truncated);
  return {
    events: events.slice(0, ask.limit),
    truncated,
    statistics: {
      ...result.statistics,
      ...(merged ? { recordsMatched: merged.recordsMatched, recordsMatchedExact: merged.exact } : {}),
    },
    logGroups: result.logGroups,
    status: result.status,
    queryString: result.queryString,
  };
}

/** The asks of one (profile, window, filter): cached answers, refreshes and batched queries. */
async function answerEvents(context: RequestContext, asks: ReadonlyArray<Resolved<EventsAsk>>): Promise<Array<LogEventsResult | Error>> {
  const sharing = ANSWER_SHARING.of(context.runtime);
  const stats = LOGS_BATCHING_STATS.of(context.runtime);
  const logs = context.runtime.config.logs;
  const first = asks[0] as Resolved<EventsAsk>;
  const run = partsRunner(context, first.profile);
  const out: Array<LogEventsResult | Error> = new Array(asks.length);
  const work: EventsWork[] = [];
  await Promise.all(
    asks.map(async (ask, index) => {
      const cached = await sharing.cached(EVENTS_ANSWERS, eventsAnswerKey(ask));
      if (cached) {
        stats.servedFromAnswers++;
        context.usage.cacheHits++;
        out[index] = cached;
        return;
      }
      const full = { startMs: ask.window.start, endMs: ask.window.end };
      const snapshot = ask.window.relative && logs.incremental_refresh ? await sharing.cached(EVENTS_REFRESH_STATE, eventsStateKey(ask)) : undefined;
      const delta = snapshot ? refreshWindow(snapshot.window, full, logs.ingestion_settle) : undefined;
      work.push({ ask, index, window: delta ?? full, snapshot: delta ? snapshot : undefined });
    }),
  );

  const settle = async (items: EventsWork[]): Promise<EventsWork[]> => {
    const fallbacks: EventsWork[] = [];
    const byWindow = new Map<string, EventsWork[]>();
    for (const item of items) {
      const key = `${second(item.window.startMs)}:${second(item.window.endMs)}`;
      byWindow.set(key, [...(byWindow.get(key) ?? []), item]);
    }
    await Promise.all(
      [...byWindow.values()].map(async (group) => {
        const window = (group[0] as EventsWork).window;
        const members = group.map((item) => ({ ...item.ask.source, limit: item.ask.window.relative ? keptLines(item.ask.limit) : item.ask.limit }));
        const results = await runBatchedEvents(run, { filter: first.filter, startMs: window.startMs, endMs: window.endMs, members });
        await Promise.all(
          group.map(async (item, k) => {
            const result = results[k] as BatchedEventsResult | Error;
            if (result instanceof Error) {
              out[item.index] = result;
              return;
            }
            const { ask } = item;
            let answer: LogEventsResult;
            let lines: LogEvent[];
            let linesTruncated: boolean;
            let matched: number | undefined;
            if (item.snapshot) {
              const merged = mergeEventsRefresh(item.snapshot, { startMs: ask.window.start, endMs: ask.window.end }, window, {
                events: result.events,
                truncated: result.truncated,
                recordsMatched: result.statistics.recordsMatchedExact ? result.statistics.recordsMatched : undefined,
                statistics: result.statistics,
              });
              if (!merged) {
                // The earlier answer cannot make this one exact: ask the whole window.
                stats.refreshFallbacks++;
                fallbacks.push({ ask, index: item.index, window: { startMs: ask.window.start, endMs: ask.window.end }, snapshot: undefined });
                return;
              }
              stats.incrementalRefreshes++;
              answer = userAnswer(ask, result, merged);
              lines = merged.events;
              linesTruncated = merged.truncated ?? true;
              matched = merged.exact ? merged.recordsMatched : undefined;
            } else {
              answer = userAnswer(ask, result);
              lines = result.events;
              linesTruncated = result.truncated;
              matched = result.statistics.recordsMatchedExact ? result.statistics.recordsMatched : undefined;
            }
            out[item.index] = answer;
            if (answer.status !== 'Complete') return;
            await sharing.remember(EVENTS_ANSWERS, eventsAnswerKey(ask), answer, answerTtl(context, ask.window));
            if (ask.window.relative && logs.incremental_refresh) {
              const snapshot: EventsSnapshot = {
                window: { startMs: ask.window.start, endMs: ask.window.end },
                limit: keptLines(ask.limit),
                events: lines,
                truncated: linesTruncated,
                recordsMatched: matched,
              };
              // Useless once the window has moved past all of it.
              await sharing.remember(EVENTS_REFRESH_STATE, eventsStateKey(ask), snapshot, ask.window.end - ask.window.start);
            }
          }),
        );
      }),
    );
    return fallbacks;
  };

  const fallbacks = await settle(work);
  if (fallbacks.length > 0) await settle(fallbacks);
  return out;
}

// --- volume -------------------------------------------------------------------------------------------

function volumeAnswerKey(ask: Resolved<VolumeAsk>): string {
  return profileScopedKey(ask.profile, JSON.stringify([...sourceKey(ask.source), filterKey(ask.filter), ask.bucketMs, second(ask.window.start), second(ask.window.end)]));
}

function volumeStateKey(ask: Resolved<VolumeAsk>): string {
  return profileScopedKey(ask.profile, JSON.stringify([...sourceKey(ask.source), filterKey(ask.filter), ask.bucketMs, second(ask.window.end) - second(ask.window.start)]));
}

async function answerVolume(context: RequestContext, asks: ReadonlyArray<Resolved<VolumeAsk>>): Promise<Array<VolumeResult | Error>> {
  const sharing = ANSWER_SHARING.of(context.runtime);
  const stats = LOGS_BATCHING_STATS.of(context.runtime);
  const logs = context.runtime.config.logs;
  const first = asks[0] as Resolved<VolumeAsk>;
  const run = partsRunner(context, first.profile);
  const out: Array<VolumeResult | Error> = new Array(asks.length);
  interface Work {
    ask: Resolved<VolumeAsk>;
    index: number;
    snapshot: VolumeSnapshot | undefined;
    plan: { delta: QueryWindow; head: QueryWindow | undefined } | undefined;
  }
  const work: Work[] = [];
  await Promise.all(
    asks.map(async (ask, index) => {
      const cached = await sharing.cached(VOLUME_ANSWERS, volumeAnswerKey(ask));
      if (cached) {
        stats.servedFromAnswers++;
        context.usage.cacheHits++;
        out[index] = cached;
        return;
      }
      const snapshot = ask.window.relative && logs.incremental_refresh ? await sharing.cached(VOLUME_REFRESH_STATE, volumeStateKey(ask)) : undefined;
      const plan = snapshot ? volumeRefreshPlan(snapshot, { startMs: ask.window.start, endMs: ask.window.end }, logs.ingestion_settle) : undefined;
      work.push({ ask, index, snapshot: plan ? snapshot : undefined, plan });
    }),
  );

  // Every window to ask (full, delta or head), each with the members that need it.
  const windows = new Map<string, { window: QueryWindow; items: Array<{ work: Work; role: 'full' | 'delta' | 'head' }> }>();
  const need = (window: QueryWindow, item: Work, role: 'full' | 'delta' | 'head'): void => {
    const key = `${second(window.startMs)}:${second(window.endMs)}`;
    const entry = windows.get(key) ?? { window, items: [] };
    entry.items.push({ work: item, role });
    windows.set(key, entry);
  };
  for (const item of work) {
    if (item.plan) {
      need(item.plan.delta, item, 'delta');
      if (item.plan.head) need(item.plan.head, item, 'head');
    } else need({ startMs: item.ask.window.start, endMs: item.ask.window.end }, item, 'full');
  }
  const answers = new Map<Work, Partial<Record<'full' | 'delta' | 'head', VolumeAnswer | Error>>>();
  await Promise.all(
    [...windows.values()].map(async ({ window, items }) => {
      const results = await runBatchedVolume(run, { filter: first.filter, startMs: window.startMs, endMs: window.endMs, bucketMs: first.bucketMs, members: items.map((item) => item.work.ask.source) });
      items.forEach((item, k) => answers.set(item.work, { ...answers.get(item.work), [item.role]: results[k] as VolumeAnswer | Error }));
    }),
  );
  await Promise.all(
    work.map(async (item) => {
      const got = answers.get(item) ?? {};
      const parts = [got.full, got.delta, got.head].filter((part) => part !== undefined);
      const failed = parts.find((part) => part instanceof Error);
      if (failed) {
        out[item.index] = failed;
        return;
      }
      const done = parts as VolumeAnswer[];
      const { ask } = item;
      let counts: Map<number, number>;
      if (item.plan && item.snapshot && got.delta && !(got.delta instanceof Error)) {
        stats.incrementalRefreshes++;
        counts = mergeVolumeRefresh(item.snapshot, { startMs: ask.window.start, endMs: ask.window.end }, item.plan, {
          delta: got.delta.counts,
          head: got.head && !(got.head instanceof Error) ? got.head.counts : undefined,
        });
      } else counts = (got.full as VolumeAnswer).counts;
      const scanned = done.reduce((sum, part) => ({ recordsScanned: sum.recordsScanned + part.statistics.recordsScanned, bytesScanned: sum.bytesScanned + part.statistics.bytesScanned }), {
        recordsScanned: 0,
        bytesScanned: 0,
      });
      let matched = 0;
      for (const count of counts.values()) matched += count;
      const result: VolumeResult = {
        counts,
        statistics: { ...scanned, recordsMatched: matched, recordsMatchedExact: true, sharedBy: Math.max(...done.map((part) => part.statistics.sharedBy)) },
        status: done.some((part) => part.status === 'Partial') ? 'Partial' : 'Complete',
      };
      out[item.index] = result;
      if (result.status !== 'Complete') return;
      await sharing.remember(VOLUME_ANSWERS, volumeAnswerKey(ask), result, answerTtl(context, ask.window));
      if (ask.window.relative && logs.incremental_refresh) {
        await sharing.remember(VOLUME_REFRESH_STATE, volumeStateKey(ask), { window: { startMs: ask.window.start, endMs: ask.window.end }, bucketMs: ask.bucketMs, counts }, ask.window.end - ask.window.start);
      }
    }),
  );
  return out;
}

// --- the request's loaders ----------------------------------------------------------------------------

/** Asks that may share a query: same profile, window and filter (and bucket for volume). */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), index]));
  return groups;
}

/**
 * Resolves every ask's source (in parallel: one DescribeLogGroups per profile and prefix, shared),
 * answers those without lines as `empty`, and the others per group of `keyOf`.
 */
async function batchOf<T extends AskBase, R>(
  asks: readonly T[],
  keyOf: (ask: T) => string,
  empty: (ask: T) => R,
  answer: (asks: Array<Resolved<T>>) => Promise<Array<R | Error>>,
): Promise<Array<R | Error>> {
  const out: Array<R | Error> = new Array(asks.length);
  const resolved: Array<Resolved<T> | undefined> = await Promise.all(
    asks.map(async (ask, index) => {
      try {
        const source = await ask.resolveSource();
        if (source) return { ...ask, source };
        out[index] = empty(ask);
      } catch (error) {
        out[index] = error instanceof Error ? error : new Error(String(error));
      }
      return undefined;
    }),
  );
  const pending = resolved.flatMap((ask, index) => (ask ? [{ ask, index }] : []));
  await Promise.all(
    [...groupBy(pending, ({ ask }) => keyOf(ask)).values()].map(async (positions) => {
      const group = positions.map((position) => pending[position] as { ask: Resolved<T>; index: number });
      const results = await answer(group.map(({ ask }) => ask)).catch((error: unknown) => group.map(() => (error instanceof Error ? error : new Error(String(error)))));
      group.forEach(({ index }, k) => {
        out[index] = results[k] as R | Error;
      });
    }),
  );
  return out;
}

const windowKey = (window: AskWindow): string => `${window.relative}:${second(window.start)}:${second(window.end)}`;

const emptyEvents = (): LogEventsResult => ({ events: [], truncated: false, statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 }, logGroups: [], status: 'Complete', queryString: '' });

const EVENTS_LOADER = new Slot<RequestContext, DataLoader<EventsAsk, LogEventsResult, string>>(
  'batched Logs Insights events asks of a request',
  (context) =>
    new DataLoader<EventsAsk, LogEventsResult, string>(
      (asks) =>
        batchOf(
          asks,
          (ask) => `${ask.profile.name}\u0000${windowKey(ask.window)}\u0000${filterKey(ask.filter)}`,
          emptyEvents,
          (group) => answerEvents(context, group),
        ),
      { cacheKeyFn: (ask) => JSON.stringify([ask.profile.name, ask.id, filterKey(ask.filter), ask.limit, windowKey(ask.window)]) },
    ),
);

const VOLUME_LOADER = new Slot<RequestContext, DataLoader<VolumeAsk, VolumeResult, string>>(
  'batched Logs Insights volume asks of a request',
  (context) =>
    new DataLoader<VolumeAsk, VolumeResult, string>(
      (asks) =>
        batchOf(
          asks,
          (ask) => `${ask.profile.name}\u0000${windowKey(ask.window)}\u0000${filterKey(ask.filter)}\u0000${ask.bucketMs}`,
          () => ({ counts: new Map(), statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0, sharedBy: 1, recordsMatchedExact: true }, status: 'Complete' }),
          (group) => answerVolume(context, group),
        ),
      { cacheKeyFn: (ask) => JSON.stringify([ask.profile.name, ask.id, filterKey(ask.filter), ask.bucketMs, windowKey(ask.window)]) },
    ),
);

// --- the lines of traces ----------------------------------------------------------------------------

export interface TraceLogsAsk {
  profile: ProfileRuntime;
  /** An X-Ray trace id, already validated. */
  traceId: string;
  /** Names where its lines are searched (its services) within the request: asks with equal ids and arguments are one. */
  id: string;
  /**
   * Where its lines may be, one source per service (DescribeLogGroups may be needed): listed groups
   * and a @logStream pattern; none (or none with groups): no query.
   */
  resolveSources: () => Promise<BatchSource[]>;
  /** Absolute window, epoch ms. */
  window: { start: number; end: number };
  limit: number;
}

/** Sources in a canonical order: the same services asked in another order are the same ask. */
const sourcesKey = (sources: readonly BatchSource[]): string[] => sources.map((source) => JSON.stringify(sourceKey(source))).sort();

function traceLogsAnswerKey(ask: TraceLogsAsk, sources: readonly BatchSource[]): string {
  return profileScopedKey(ask.profile, JSON.stringify([sourcesKey(sources), ask.traceId, ask.limit, second(ask.window.start), second(ask.window.end)]));
}

/** The asks of one profile: kept answers first, the others in as few merged queries as pay off. */
async function answerTraceLogs(context: RequestContext, asks: ReadonlyArray<TraceLogsAsk & { sources: BatchSource[] }>): Promise<Array<LogEventsResult | Error>> {
  const sharing = ANSWER_SHARING.of(context.runtime);
  const stats = LOGS_BATCHING_STATS.of(context.runtime);
  const out: Array<LogEventsResult | Error> = new Array(asks.length);
  const pending: Array<{ ask: TraceLogsAsk & { sources: BatchSource[] }; index: number }> = [];
  await Promise.all(
    asks.map(async (ask, index) => {
      const cached = await sharing.cached(TRACE_LOGS_ANSWERS, traceLogsAnswerKey(ask, ask.sources));
      if (cached) {
        stats.servedFromAnswers++;
        context.usage.cacheHits++;
        out[index] = cached;
      } else pending.push({ ask, index });
    }),
  );
  if (pending.length === 0) return out;
  const first = (pending[0] as (typeof pending)[number]).ask;
  const members: TraceLogsMember[] = pending.map(({ ask }) => ({ traceId: ask.traceId, sources: ask.sources, startMs: ask.window.start, endMs: ask.window.end, limit: ask.limit }));
  const results = await runBatchedTraceLogs(partsRunner(context, first.profile), members);
  await Promise.all(
    pending.map(async ({ ask, index }, k) => {
      const result = results[k] as LogEventsResult | Error;
      out[index] = result;
      if (result instanceof Error || result.status !== 'Complete') return;
      await sharing.remember(TRACE_LOGS_ANSWERS, traceLogsAnswerKey(ask, ask.sources), result, answerTtl(context, { ...ask.window, relative: false }));
    }),
  );
  return out;
}

/**
 * Trace.logs asks arrive as each trace list of the request answers (one GetTraceSummaries per
 * service, answered at different moments), not in one tick as a list of services does: the batch is
 * sent once no trace list of the request is in flight any more, as the span loader's is.
 */
const TRACE_LOGS_LOADER = new Slot<RequestContext, DataLoader<TraceLogsAsk, LogEventsResult, string>>('batched Logs Insights trace lines asks of a request', (context) =>
  new DataLoader<TraceLogsAsk, LogEventsResult, string>(
    async (asks) => {
      const out: Array<LogEventsResult | Error> = new Array(asks.length);
      const resolved = await Promise.all(
        asks.map(async (ask, index) => {
          try {
            const sources = (await ask.resolveSources()).filter((source) => source.logGroups.length > 0);
            if (sources.length > 0) return { ...ask, sources, index };
            out[index] = emptyEvents();
          } catch (error) {
            out[index] = error instanceof Error ? error : new Error(String(error));
          }
          return undefined;
        }),
      );
      const pending = resolved.filter((ask) => ask !== undefined);
      await Promise.all(
        [...groupBy(pending, (ask) => ask.profile.name).values()].map(async (positions) => {
          const group = positions.map((position) => pending[position] as (typeof pending)[number]);
          const results = await answerTraceLogs(context, group).catch((error: unknown) => group.map(() => (error instanceof Error ? error : new Error(String(error)))));
          group.forEach((ask, k) => {
            out[ask.index] = results[k] as LogEventsResult | Error;
          });
        }),
      );
      return out;
    },
    {
      batchScheduleFn: (dispatch) => afterTraceLists(traceListGate(context), dispatch),
      cacheKeyFn: (ask) => JSON.stringify([ask.profile.name, ask.traceId, ask.id, ask.limit, second(ask.window.start), second(ask.window.end)]),
    },
  ),
);

/** One trace's lines, batched with the request's other Trace.logs asks of the same profile. */
export function loadBatchedTraceLogs(context: RequestContext, ask: TraceLogsAsk): Promise<LogEventsResult> {
  return TRACE_LOGS_LOADER.of(context).load(ask);
}

/** One service's events answer, batched with the request's other asks of the same window and filter. */
export function loadBatchedEvents(context: RequestContext, ask: EventsAsk): Promise<LogEventsResult> {
  return EVENTS_LOADER.of(context).load(ask);
}

/** One service's volume answer, batched with the request's other asks of the same window, filter and bucket. */
export function loadBatchedVolume(context: RequestContext, ask: VolumeAsk): Promise<VolumeResult> {
  return VOLUME_LOADER.of(context).load(ask);
}
