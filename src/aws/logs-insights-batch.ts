// Many services' log queries as few Logs Insights queries: the services that share a window and a
// user filter are asked together over the union of their log groups, each one's log-group and
// @logStream condition OR-ed, and every row is routed back by @log and @logStream to the services
// it belongs to. Each service's answer is what its own query would have returned:
//
// - events: Logs Insights' `limit` is global, so the merged query asks for at least every member's
//   limit + 1 (to know `truncated`), by default for the most rows Logs Insights returns. When the merged answer is full, only the rows newer than the second of
//   its oldest row are known to be complete; the members that did not get limit + 1 rows there
//   ("starved") are asked again, together, only for the time up to that second, and so on. A round
//   that cannot move the window back (a single second holding more rows than the limit) falls back
//   to each starved member's own query. The engine (runMergedEvents) serves any kind of member
//   that has its own query, a merged query and a row router: services here, traces' lines in
//   trace-logs-batch.ts (members there have windows of their own).
// - volume: one `stats count(*) by bin(), @log[, @logStream]` query, split exactly by the same
//   routing; when the answer reaches Logs Insights' 10,000-row cap the split is not exact any more
//   and every member runs its own query instead.
//
// Statistics: recordsScanned/bytesScanned are those of the queries a member took part in, shared
// with `sharedBy` answers; recordsMatched is the member's own count when every one of its rows is
// known, else a lower bound (recordsMatchedExact: false).
import { LRUCache } from 'lru-cache';
import { RE2JS } from 're2js';
import { logEventFromRow, logGroupOf, parseInsightsTimestamp, type LogEvent, type LogQueryStatistics, type ResultRow } from './log-event.ts';
import {
  buildEventsQuery,
  buildVolumeQuery,
  filterStages,
  formatBucket,
  literalRegexSource,
  MAX_QUERY_LIMIT,
  MAX_QUERY_STRING,
  regexLiteral,
  withSourcePrefixes,
  type LogFilter,
} from './logs-insights-query.ts';
import { sumStatistics, type InsightsQueryPart, type InsightsRunStatus, type LogEventsResult } from './logs-insights-runner.ts';

/** Runs one query string over any number of log groups (the runner fans out > 50). */
export type InsightsPartsRun = (input: { logGroups: string[]; queryString: string; startMs: number; endMs: number }) => Promise<InsightsQueryPart[]>;

/** Where one member's lines are. */
export interface BatchSource {
  /** The member's log groups (non-empty unless `sourcePrefix` is set). */
  logGroups: readonly string[];
  /** Every log group whose name starts with this (the query's SOURCE command); `logGroups` is then empty. */
  sourcePrefix?: string | undefined;
  /** A validated regular expression @logStream must match; undefined: every stream. */
  streamPattern: string | undefined;
}

export interface EventsBatchMember extends BatchSource {
  limit: number;
}

/** Statistics of a member's answer, with how far they are its own. */
export interface BatchedStatistics extends LogQueryStatistics {
  /** How many answers the scanned records and bytes are shared with (1: its own query). */
  sharedBy: number;
  /** False when recordsMatched is a lower bound (the member's rows beyond limit + 1 were never read). */
  recordsMatchedExact: boolean;
}

export type BatchedEventsResult = LogEventsResult & { statistics: BatchedStatistics };

const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort();
const second = (ms: number): number => Math.floor(ms / 1000);

/** The members' common SOURCE prefix, or undefined for explicit lists; a mix is a programming error. */
function sourcePrefixOf(sources: readonly BatchSource[]): string | undefined {
  const prefixes = new Set(sources.map((source) => source.sourcePrefix));
  if (prefixes.size > 1) throw new Error('members of one Logs Insights query must all use the same SOURCE prefix or none');
  return sources[0]?.sourcePrefix;
}

/** A query over explicit groups, or with the SOURCE command of the members' prefix. */
function placed(queryString: string, sources: readonly BatchSource[]): { queryString: string; logGroups: string[] } {
  const prefix = sourcePrefixOf(sources);
  if (prefix !== undefined) return { queryString: withSourcePrefixes(queryString, [prefix]), logGroups: [] };
  return { queryString, logGroups: sortedUnique(sources.flatMap((source) => source.logGroups)) };
}

/** The group key a member is packed by (members of one key read the same groups). */
const packKey = (source: BatchSource): string => (source.sourcePrefix !== undefined ? `source:${source.sourcePrefix}` : JSON.stringify(sortedUnique(source.logGroups)));

/** `@log like /(?:^|:)(?:g1|g2)$/`: @log is "<account>:<group>"; the account is not known here. */
function logGroupCondition(logGroups: readonly string[]): string {
  const alternatives = logGroups.map((group) => literalRegexSource(group).replace(/#/g, '\\x23')).join('|');
  return `@log like /(?:^|:)(?:${alternatives})$/`;
}

/** The member's condition within `union`; undefined: the member takes every row of the union. */
export function memberCondition(source: BatchSource, union: readonly string[]): string | undefined {
  const parts: string[] = [];
  const own = new Set(source.logGroups);
  if (union.some((group) => !own.has(group))) parts.push(logGroupCondition(sortedUnique(own)));
  if (source.streamPattern !== undefined) parts.push(`@logStream like ${regexLiteral(source.streamPattern, 'log_stream_pattern')}`);
  return parts.length === 0 ? undefined : parts.join(' and ');
}

/** The condition `(c1) or (c2)` a row of `union` meets when it belongs to one of `sources`; undefined when one of them takes everything. */
export function sourcesCondition(sources: readonly BatchSource[], union: readonly string[]): string | undefined {
  const conditions = new Set<string>();
  for (const source of sources) {
    const condition = memberCondition(source, union);
    if (condition === undefined) return undefined;
    conditions.add(condition);
  }
  // In a canonical order: the same members asked in another order (another request, another
  // replica) make the same query text, so they share one run.
  const list = [...conditions].sort();
  return list.length === 1 ? list[0] : list.map((condition) => `(${condition})`).join(' or ');
}

/** The `| filter (c1) or (c2)` stage of a set of members; undefined when one of them takes everything. */
export function membersFilter(sources: readonly BatchSource[], union: readonly string[]): string | undefined {
  const condition = sourcesCondition(sources, union);
  return condition === undefined ? undefined : `filter ${condition}`;
}

/**
 * Decides in the process which members a row belongs to (RE2: linear time, no backtracking). The
 * answer depends only on the row's group and stream, and a query's rows come from few streams: each
 * (group, stream) is decided once (a 100-service answer of thousands of rows would otherwise run
 * rows x services regex matches on the response's critical path).
 */
export class RowRouter {
  readonly #members: Array<{ groups: Set<string>; prefix: string | undefined; stream: RE2JS | undefined }>;
  readonly #decided = new Map<string, number[]>();

  constructor(sources: readonly BatchSource[]) {
    this.#members = sources.map((source) => ({
      groups: new Set(source.logGroups),
      prefix: source.sourcePrefix,
      stream: source.streamPattern === undefined ? undefined : compileStreamPattern(source.streamPattern),
    }));
  }

  /** Indexes of the members a row of `logGroup`/`logStream` belongs to. */
  route(logGroup: string | null, logStream: string | null): readonly number[] {
    const key = `${logGroup ?? '\u0001'}\u0000${logStream ?? '\u0001'}`;
    let out = this.#decided.get(key);
    if (!out) {
      out = this.#decide(logGroup, logStream);
      this.#decided.set(key, out);
    }
    return out;
  }

  #decide(logGroup: string | null, logStream: string | null): number[] {
    const out: number[] = [];
    this.#members.forEach((member, index) => {
      if (logGroup === null || (member.prefix !== undefined ? !logGroup.startsWith(member.prefix) : !member.groups.has(logGroup))) return;
      if (member.stream && (logStream === null || !member.stream.matcher(logStream).find())) return;
      out.push(index);
    });
    return out;
  }
}

/** Compiled stream patterns (immutable, shared): a dashboard's services are routed on every request. At most 1,000 of <= 1,000 characters. */
const STREAM_PATTERNS = new LRUCache<string, RE2JS>({ max: 1_000 });

function compileStreamPattern(pattern: string): RE2JS {
  let compiled = STREAM_PATTERNS.get(pattern);
  if (!compiled) {
    const insensitive = pattern.startsWith('(?i)');
    compiled = RE2JS.compile(insensitive ? pattern.slice(4) : pattern, insensitive ? RE2JS.CASE_INSENSITIVE : 0);
    STREAM_PATTERNS.set(pattern, compiled);
  }
  return compiled;
}

/**
 * Members cut into query-sized sets: members with the same log groups together (so no query scans a
 * group most of its members do not need), each set's query string within Logs Insights' 10,000
 * characters. `build` returns the query text of a candidate set.
 */
export function packMembers<T>(members: readonly T[], sourceOf: (member: T) => BatchSource, build: (set: readonly T[]) => string): T[][] {
  const byGroups = new Map<string, T[]>();
  // Canonical order (as the filter's): the same members arriving in another order are cut into the same sets.
  const canonical = [...members].map((member) => ({ member, key: JSON.stringify(sourceOf(member)) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { member } of canonical) {
    const key = packKey(sourceOf(member));
    const group = byGroups.get(key);
    if (group) group.push(member);
    else byGroups.set(key, [member]);
  }
  const sets: T[][] = [];
  // A SOURCE query reads its prefix only: its members never share a query with listed groups.
  const lanes = new Map<string, T[]>();
  for (const [key, group] of byGroups) {
    const lane = key.startsWith('source:') ? key : 'list';
    lanes.set(lane, [...(lanes.get(lane) ?? []), ...group]);
  }
  const fits = (set: readonly T[]): boolean => build(set).length <= MAX_QUERY_STRING;
  for (const lane of lanes.values()) {
    // The longest run from `start` that fits (a member alone always does), found by doubling then
    // halving: O(n log n) query texts rather than one per member added (100 services: 7, not 100).
    for (let start = 0; start < lane.length; ) {
      const left = lane.length - start;
      let good = 1;
      let bad = left + 1;
      for (let size = Math.min(2, left); good < left; size = Math.min(left, good * 2)) {
        if (fits(lane.slice(start, start + size))) good = size;
        else {
          bad = size;
          break;
        }
      }
      while (bad - good > 1) {
        const size = Math.floor((good + bad) / 2);
        if (fits(lane.slice(start, start + size))) good = size;
        else bad = size;
      }
      sets.push(lane.slice(start, start + good));
      start += good;
    }
  }
  return sets;
}

// --- events -------------------------------------------------------------------------------------

/** The merged events query of a set of members. */
export function buildBatchedEventsQuery(options: { sources: readonly BatchSource[]; filter: LogFilter | null; limit: number }): { queryString: string; logGroups: string[] } {
  const union = sortedUnique(options.sources.flatMap((source) => source.logGroups));
  const members = membersFilter(options.sources, union);
  const stages = ['fields @timestamp, @message, @logStream, @log', ...filterStages(undefined, options.filter), ...(members ? [members] : []), 'sort @timestamp desc', `limit ${options.limit}`];
  return placed(stages.join(' | '), options.sources);
}

/** A member's own query (what it would run without batching), placed over its groups or prefix. */
export function ownEventsQuery(source: BatchSource, filter: LogFilter | null, limit: number): { queryString: string; logGroups: string[] } {
  return placed(buildEventsQuery({ streamPattern: source.streamPattern, filter, limit }), [source]);
}

export function ownVolumeQuery(source: BatchSource, filter: LogFilter | null, bucketMs: number): { queryString: string; logGroups: string[] } {
  return placed(buildVolumeQuery({ streamPattern: source.streamPattern, filter, bucketMs }), [source]);
}

/** A query's text and the log groups StartQuery lists (none: the text names them with SOURCE). */
export interface PlacedQuery {
  queryString: string;
  logGroups: string[];
}

/**
 * What the merged-events engine needs of one kind of member (a service's lines, a trace's lines):
 * every member's own query, the merged query of a set, and which members a row belongs to.
 */
export interface MergedEventsKind<M extends { limit: number }> {
  /** The merged query of a set (rows for any of them, newest first, at most `limit`). */
  merged(set: readonly M[], limit: number): PlacedQuery;
  /** A member's own query: what it would run without batching. */
  own(member: M, limit: number): PlacedQuery;
  /** Which members of `set` a row belongs to: exactly those whose own query's filter keeps it. */
  router(set: readonly M[]): (event: LogEvent) => readonly number[];
  /** A member's own window, epoch ms (sent as whole seconds, both inclusive). */
  window(member: M): { startMs: number; endMs: number };
  /** The log groups a member's answer names. */
  answerGroups(member: M): string[];
  /** Items (members, or what carries them) cut into sets that one query can serve. */
  pack<T>(items: readonly T[], memberOf: (item: T) => M): T[][];
}

interface MemberState<M extends { limit: number }> {
  member: M;
  index: number;
  /** The member's own window in whole seconds (epoch s, both inclusive). */
  fromSecond: number;
  toSecond: number;
  /** Rows known to be complete so far, newest first by round. */
  have: LogEvent[];
  /** limit + 1: enough to know `truncated`. */
  need: number;
  statistics: LogQueryStatistics;
  sharedBy: number;
  exact: boolean;
  /** The member's own match count when a query of its own told it. */
  matched: number | undefined;
  partial: boolean;
  queryString: string | undefined;
}

const newestFirst = (a: LogEvent, b: LogEvent): number => b.timestamp.getTime() - a.timestamp.getTime();

/** A part's rows as events; a row without @log comes from the part's group when it has only one. */
function eventsOf(part: InsightsQueryPart): LogEvent[] {
  return part.rows.map((row) => {
    const event = logEventFromRow(row as ResultRow);
    if (event.logGroup === null && part.logGroups.length === 1) event.logGroup = part.logGroups[0] as string;
    return event;
  });
}

function addScanned(state: MemberState<{ limit: number }>, statistics: LogQueryStatistics, sharedBy: number): void {
  state.statistics = sumStatistics([{ statistics: state.statistics }, { statistics }]);
  state.sharedBy = Math.max(state.sharedBy, sharedBy);
}

/** Parts full: rows older than the returned ones may exist. Returns the first ms known complete. */
function completeFrom(parts: readonly InsightsQueryPart[], limit: number): number | undefined {
  let from: number | undefined;
  for (const part of parts) {
    const full = part.rows.length >= limit || (part.status === 'Complete' && part.statistics.recordsMatched > part.rows.length);
    if (!full || part.rows.length === 0) continue;
    let oldest = Number.POSITIVE_INFINITY;
    for (const row of part.rows) {
      const cell = row.find((field) => field.field === '@timestamp')?.value;
      if (cell !== undefined) oldest = Math.min(oldest, parseInsightsTimestamp(cell).getTime());
    }
    // Query windows are whole seconds: rows from the next second of the oldest on are all here.
    const boundary = (Math.floor(oldest / 1000) + 1) * 1000;
    from = from === undefined ? boundary : Math.max(from, boundary);
  }
  return from;
}

/**
 * The events answers of `members` from as few queries as the limits allow, each exactly what the
 * member's own query returns. Members may have different windows: a merged query reads the span of
 * its members' windows and a row counts for a member only inside the member's own window (the
 * caller decides which windows are worth reading together). Each entry is the member's answer or
 * the error of the query that served it.
 */
export async function runMergedEvents<M extends { limit: number }>(
  run: InsightsPartsRun,
  kind: MergedEventsKind<M>,
  members: readonly M[],
  /**
   * Rows a merged query asks for (its `limit`), at least the members' limit + 1 each. Rows are not
   * billed but every follow-up scans its window again, so the default is Logs Insights' maximum.
   */
  mergedLimit?: number,
): Promise<Array<BatchedEventsResult | Error>> {
  const out: Array<BatchedEventsResult | Error> = new Array(members.length);
  const states: Array<MemberState<M>> = members.map((member, index) => {
    const window = kind.window(member);
    return {
      member,
      index,
      fromSecond: second(window.startMs),
      toSecond: second(window.endMs),
      have: [],
      need: member.limit + 1,
      statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
      sharedBy: 1,
      exact: true,
      matched: undefined,
      partial: false,
      queryString: undefined,
    };
  });
  // A limit of 10,000 cannot ask for limit + 1 rows: such members run their own query.
  const alone = states.filter((state) => state.member.limit >= MAX_QUERY_LIMIT);
  const batched = states.filter((state) => state.member.limit < MAX_QUERY_LIMIT);
  const fail = (set: ReadonlyArray<MemberState<M>>, error: unknown): void => {
    for (const state of set) out[state.index] = error instanceof Error ? error : new Error(String(error));
  };
  const finish = (state: MemberState<M>): void => {
    const events = [...state.have].sort(newestFirst);
    const { member } = state;
    out[state.index] = {
      events: events.slice(0, member.limit),
      truncated: events.length > member.limit || (state.matched ?? 0) > member.limit,
      statistics: { ...state.statistics, recordsMatched: state.exact ? (state.matched ?? events.length) : Math.max(events.length, state.matched ?? 0), sharedBy: state.sharedBy, recordsMatchedExact: state.exact },
      logGroups: kind.answerGroups(member),
      status: state.partial ? 'Partial' : 'Complete',
      queryString: state.queryString ?? '',
    };
  };

  /**
   * One member's own query over its window up to `endSecond` for its remaining rows. Asked first,
   * it is exactly the member's own query (its limit; `truncated` from the matched count); as a
   * follow-up, it asks for the rows still missing to reach limit + 1.
   */
  async function runAlone(state: MemberState<M>, endSecond: number): Promise<void> {
    const fresh = state.have.length === 0;
    const remaining = Math.min(MAX_QUERY_LIMIT, fresh ? state.member.limit : state.need - state.have.length);
    const { queryString, logGroups } = kind.own(state.member, remaining);
    state.queryString ??= queryString;
    const parts = await run({ logGroups, queryString, startMs: state.fromSecond * 1000, endMs: Math.min(state.toSecond, endSecond) * 1000 });
    const statistics = sumStatistics(parts);
    addScanned(state, statistics, 1);
    const rows = parts.flatMap(eventsOf).sort(newestFirst);
    state.have.push(...rows);
    state.partial ||= parts.some((part) => part.status === 'Partial');
    const full = parts.some((part) => part.rows.length >= remaining || (part.status === 'Complete' && part.statistics.recordsMatched > part.rows.length));
    if (full) {
      const counted = parts.every((part) => part.status === 'Complete' && (part.statistics.recordsMatched > 0 || part.rows.length === 0));
      if (counted) {
        // Its own query knows how many lines matched (what a per-member answer reports).
        state.matched = state.have.length - rows.length + statistics.recordsMatched;
      } else {
        // No count to tell: as the per-member runner does, a full answer is taken as cut.
        state.exact = false;
        state.matched = Math.max(state.have.length, state.member.limit + 1);
      }
    }
    finish(state);
  }

  /** Asks `set` together for its rows up to `endSecond` (inclusive), then follows up on the starved. */
  async function round(set: Array<MemberState<M>>, endSecond: number): Promise<void> {
    if (set.length === 1) return runAlone(set[0] as MemberState<M>, endSecond);
    const needed = set.reduce((sum, state) => sum + state.need - state.have.length, 0);
    const limit = Math.min(MAX_QUERY_LIMIT, Math.max(needed, mergedLimit ?? MAX_QUERY_LIMIT));
    const { queryString, logGroups } = kind.merged(set.map((state) => state.member), limit);
    const fromSecond = Math.min(...set.map((state) => state.fromSecond));
    const toSecond = Math.min(endSecond, Math.max(...set.map((state) => state.toSecond)));
    const parts = await run({ logGroups, queryString, startMs: fromSecond * 1000, endMs: toSecond * 1000 });
    const statistics = sumStatistics(parts);
    for (const state of set) {
      state.queryString ??= queryString;
      addScanned(state, statistics, set.length);
    }
    const partial = parts.some((part) => part.status === 'Partial');
    const from = partial ? undefined : completeFrom(parts, limit);
    const route = kind.router(set.map((state) => state.member));
    for (const part of parts) {
      for (const event of eventsOf(part)) {
        const at = event.timestamp.getTime();
        if (from !== undefined && at < from) continue;
        for (const index of route(event)) {
          const state = set[index] as MemberState<M>;
          // Only rows its own query would read: inside its own window, up to this round's end.
          if (second(at) >= state.fromSecond && second(at) <= Math.min(state.toSecond, endSecond)) state.have.push(event);
        }
      }
    }
    if (partial || from === undefined) {
      for (const state of set) {
        state.partial ||= partial;
        // A partial answer may have missed rows of any member.
        if (partial) state.exact = false;
        finish(state);
      }
      return;
    }
    const starved: Array<MemberState<M>> = [];
    for (const state of set) {
      if (state.have.length >= state.need) {
        state.exact = false;
        finish(state);
      } else if (state.fromSecond * 1000 >= from) {
        // Its whole window is at or after `from`: every row it has is here.
        finish(state);
      } else starved.push(state);
    }
    if (starved.length === 0) return;
    const nextEndSecond = second(from - 1);
    if (nextEndSecond >= toSecond) {
      // No progress possible in whole seconds: each starved member asks on its own.
      await Promise.all(starved.map((state) => runAlone(state, endSecond).catch((error: unknown) => fail([state], error))));
      return;
    }
    await round(starved, nextEndSecond).catch((error: unknown) => fail(starved, error));
  }

  await Promise.all([
    ...kind.pack(batched, (state) => state.member).map((set) => round(set, Number.POSITIVE_INFINITY).catch((error: unknown) => fail(set, error))),
    ...alone.map((state) => runAlone(state, Number.POSITIVE_INFINITY).catch((error: unknown) => fail([state], error))),
  ]);
  return out;
}
/** The events answers of services (same window and filter): rows routed by @log and @logStream. */
export function runBatchedEvents(
  run: InsightsPartsRun,
  input: {
    filter: LogFilter | null;
    startMs: number;
    endMs: number;
    members: readonly EventsBatchMember[];
    /** See runMergedEvents. */
    mergedLimit?: number;
  },
): Promise<Array<BatchedEventsResult | Error>> {
  const window = { startMs: input.startMs, endMs: input.endMs };
  const build = (set: readonly EventsBatchMember[], limit: number): PlacedQuery => buildBatchedEventsQuery({ sources: set, filter: input.filter, limit });
  const kind: MergedEventsKind<EventsBatchMember> = {
    merged: build,
    own: (member, limit) => ownEventsQuery(member, input.filter, limit),
    router: (set) => {
      const router = new RowRouter(set);
      return (event) => router.route(event.logGroup, event.logStream);
    },
    window: () => window,
    answerGroups: (member) => (member.sourcePrefix !== undefined ? [`${member.sourcePrefix}*`] : sortedUnique(member.logGroups)),
    pack: (items, memberOf) => packMembers(items, memberOf, (set) => build(set.map(memberOf), MAX_QUERY_LIMIT).queryString),
  };
  return runMergedEvents(run, kind, input.members, input.mergedLimit);
}

// --- volume -------------------------------------------------------------------------------------

/** Logs Insights returns at most 10,000 rows: a stats answer that long may have been cut. */
export const MAX_RESULT_ROWS = 10_000;

/** The merged volume query of a set of members: counts per bin, log group (and stream when it matters). */
export function buildBatchedVolumeQuery(options: { sources: readonly BatchSource[]; filter: LogFilter | null; bucketMs: number }): { queryString: string; logGroups: string[] } {
  const union = sortedUnique(options.sources.flatMap((source) => source.logGroups));
  const members = membersFilter(options.sources, union);
  // Split by stream too when a stream decides membership; by @log alone otherwise (fewer rows).
  const byStream = options.sources.some((source) => source.streamPattern !== undefined);
  const stages = [
    ...filterStages(undefined, options.filter),
    ...(members ? [members] : []),
    `stats count(*) as events by bin(${formatBucket(options.bucketMs)}), @log${byStream ? ', @logStream' : ''}`,
  ];
  return placed(stages.join(' | '), options.sources);
}

export interface VolumeAnswer {
  /** Lines per bin start (epoch ms). */
  counts: Map<number, number>;
  statistics: BatchedStatistics;
  status: InsightsRunStatus;
  queryString: string;
}

function volumeCountsOf(parts: readonly InsightsQueryPart[], bucketMs: number): Array<{ bin: number; logGroup: string | null; logStream: string | null; count: number }> {
  const binColumn = `bin(${formatBucket(bucketMs)})`;
  const out = [];
  for (const row of parts.flatMap((part) => part.rows)) {
    const cell = (name: string): string | undefined => row.find((field) => field.field === name)?.value;
    const bin = cell(binColumn);
    const count = Number(cell('events') ?? 0);
    if (bin === undefined || !Number.isFinite(count)) continue;
    out.push({ bin: parseInsightsTimestamp(bin).getTime(), logGroup: logGroupOf(cell('@log')), logStream: cell('@logStream') ?? null, count });
  }
  return out;
}

/**
 * The volume answers of `members` (same window, filter and bucket): one split query per packed set,
 * or each member's own query when the split would not be exact (the answer hit the row cap).
 */
export async function runBatchedVolume(
  run: InsightsPartsRun,
  input: { filter: LogFilter | null; startMs: number; endMs: number; bucketMs: number; members: readonly BatchSource[] },
): Promise<Array<VolumeAnswer | Error>> {
  const out: Array<VolumeAnswer | Error> = new Array(input.members.length);
  const indexed = input.members.map((member, index) => ({ ...member, index }));
  const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

  async function alone(member: (typeof indexed)[number]): Promise<void> {
    const { queryString, logGroups } = ownVolumeQuery(member, input.filter, input.bucketMs);
    try {
      const parts = await run({ logGroups, queryString, startMs: input.startMs, endMs: input.endMs });
      const counts = new Map<number, number>();
      for (const { bin, count } of volumeCountsOf(parts, input.bucketMs)) counts.set(bin, (counts.get(bin) ?? 0) + count);
      out[member.index] = {
        counts,
        statistics: { ...sumStatistics(parts), sharedBy: 1, recordsMatchedExact: true },
        status: parts.some((part) => part.status === 'Partial') ? 'Partial' : 'Complete',
        queryString,
      };
    } catch (error) {
      out[member.index] = asError(error);
    }
  }

  async function together(set: Array<(typeof indexed)[number]>): Promise<void> {
    if (set.length === 1) return alone(set[0] as (typeof indexed)[number]);
    const { queryString, logGroups } = buildBatchedVolumeQuery({ sources: set, filter: input.filter, bucketMs: input.bucketMs });
    let parts: InsightsQueryPart[];
    try {
      parts = await run({ logGroups, queryString, startMs: input.startMs, endMs: input.endMs });
    } catch (error) {
      for (const member of set) out[member.index] = asError(error);
      return;
    }
    // Cut at the row cap: the split is no longer exact, so each member asks on its own.
    if (parts.some((part) => part.rows.length >= MAX_RESULT_ROWS)) {
      await Promise.all(set.map(alone));
      return;
    }
    const router = new RowRouter(set);
    const counts = set.map(() => new Map<number, number>());
    const matched = set.map(() => 0);
    for (const { bin, logGroup, logStream, count } of volumeCountsOf(parts, input.bucketMs)) {
      for (const index of router.route(logGroup, logStream)) {
        const map = counts[index] as Map<number, number>;
        map.set(bin, (map.get(bin) ?? 0) + count);
        matched[index] = (matched[index] as number) + count;
      }
    }
    const statistics = sumStatistics(parts);
    const status = parts.some((part) => part.status === 'Partial') ? 'Partial' : 'Complete';
    set.forEach((member, k) => {
      out[member.index] = {
        counts: counts[k] as Map<number, number>,
        statistics: { ...statistics, recordsMatched: matched[k] as number, sharedBy: set.length, recordsMatchedExact: status === 'Complete' },
        status,
        queryString,
      };
    });
  }

  const sets = packMembers(indexed, (member) => member, (set) => buildBatchedVolumeQuery({ sources: set, filter: input.filter, bucketMs: input.bucketMs }).queryString);
  await Promise.all(sets.map(together));
  return out;
}
