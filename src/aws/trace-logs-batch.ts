// The lines of many traces (`Trace.logs`) as few Logs Insights queries: the traces that read the
// same log groups and whose windows are worth reading together are asked in one query that ORs
// their (escaped) ids, each with the @log/@logStream condition of its own sources (the services
// whose lines it may show), and each row goes back to every trace whose id it mentions, from one
// of its sources, inside that trace's own window. Each trace's answer is what its own query
// (buildTraceLogsQuery) returns: its newest `limit` lines and `truncated`; starved traces are asked
// again as in logs-insights-batch.ts.
//
// Which windows share a query (clusterTraceWindows): a trace's window is its own time plus a margin,
// and Logs Insights bills the bytes of every group over the whole window it reads. Traces sorted by
// start join the current query while the query's span stays within the sum of its members' own
// window lengths: the merged query never reads more time (so never more bytes of those groups)
// than the separate queries together would. Overlapping windows always merge; a gap is accepted
// only when overlaps elsewhere in the query have saved at least as much.
import type { LogEvent } from './log-event.ts';
import { buildTraceLogsQuery, MAX_QUERY_LIMIT, quoteLiteral } from './logs-insights-query.ts';
import { packMembers, RowRouter, runMergedEvents, sourcesCondition, type BatchedEventsResult, type BatchSource, type InsightsPartsRun, type MergedEventsKind, type PlacedQuery } from './logs-insights-batch.ts';

/** One trace's ask: its id, where its lines may be, its window and limit. */
export interface TraceLogsMember {
  /** An X-Ray trace id (validated by buildTraceLogsQuery). */
  traceId: string;
  /**
   * Where its lines may be: one source per service (its listed groups, and the @logStream pattern
   * its lines must match, if any); non-empty, each with groups (no SOURCE prefix).
   */
  sources: readonly BatchSource[];
  /** Epoch ms, read as whole seconds, both inclusive. */
  startMs: number;
  endMs: number;
  limit: number;
}

/** The two forms a trace id is written in: X-Ray's, and W3C's (OpenTelemetry logs). */
export function traceIdForms(traceId: string): [string, string] {
  return [traceId, traceId.slice(2).replace('-', '')];
}

const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** The groups a member's own query lists. */
export function memberGroups(member: Pick<TraceLogsMember, 'sources'>): string[] {
  return sortedUnique(member.sources.flatMap((source) => source.logGroups));
}

/** A trace's own query: the lines that mention it, from its sources. */
export function ownTraceLogsQuery(member: Pick<TraceLogsMember, 'traceId' | 'sources'>, limit: number): PlacedQuery {
  const logGroups = memberGroups(member);
  return { queryString: buildTraceLogsQuery({ traceId: member.traceId, limit, where: sourcesCondition(member.sources, logGroups) }), logGroups };
}

/**
 * The merged query of traces: lines that mention any of their ids, each id only from its trace's
 * sources. Traces with the same sources share one condition: `(ids of A) and (sources of A) or ...`.
 */
export function buildMergedTraceLogsQuery(members: readonly TraceLogsMember[], limit: number): PlacedQuery {
  const logGroups = sortedUnique(members.flatMap((member) => memberGroups(member)));
  const byCondition = new Map<string, TraceLogsMember[]>();
  for (const member of members) {
    const key = sourcesCondition(member.sources, logGroups) ?? '';
    byCondition.set(key, [...(byCondition.get(key) ?? []), member]);
  }
  const mentions = (set: readonly TraceLogsMember[]): string =>
    [...new Set(set.flatMap((member) => traceIdForms(member.traceId)))].map((form) => `@message like ${quoteLiteral(form, 'traceId')}`).join(' or ');
  const keys = [...byCondition.keys()].sort();
  const filters =
    keys.length === 1
      ? [`filter ${mentions(members)}`, ...(keys[0] ? [`filter ${keys[0]}`] : [])]
      : [`filter ${keys.map((key) => (key ? `((${mentions(byCondition.get(key)!)}) and (${key}))` : `(${mentions(byCondition.get(key)!)})`)).join(' or ')}`];
  const queryString = ['fields @timestamp, @message, @logStream, @log', ...filters, 'sort @timestamp desc', `limit ${limit}`].join(' | ');
  return { queryString, logGroups };
}

const TRACE_LOGS_KIND: MergedEventsKind<TraceLogsMember> = {
  merged: buildMergedTraceLogsQuery,
  own: ownTraceLogsQuery,
  // Its own filter: `@message like "<id>" or @message like "<w3c id>"` (a substring test, as here),
  // from one of its sources (its group and stream, as RowRouter decides for services).
  router: (set) => {
    const forms = set.map((member) => traceIdForms(member.traceId));
    const routers = set.map((member) => new RowRouter(member.sources));
    return (event: LogEvent) =>
      forms.flatMap(([xray, w3c], index) => ((event.message.includes(xray) || event.message.includes(w3c)) && (routers[index] as RowRouter).route(event.logGroup, event.logStream).length > 0 ? [index] : []));
  },
  window: (member) => ({ startMs: member.startMs, endMs: member.endMs }),
  answerGroups: memberGroups,
  pack: (items, memberOf) =>
    packMembers(items, (item) => ({ logGroups: memberGroups(memberOf(item)), streamPattern: undefined }), (set) => buildMergedTraceLogsQuery(set.map(memberOf), MAX_QUERY_LIMIT).queryString),
};

/**
 * Members (same groups) cut into sets whose windows are read by one query, by the cost rule above.
 * Each set is in start order; every member is in exactly one set.
 */
export function clusterTraceWindows<T extends { startMs: number; endMs: number }>(members: readonly T[]): T[][] {
  const sorted = [...members].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const length = (member: T): number => Math.floor(member.endMs / 1000) - Math.floor(member.startMs / 1000) + 1;
  const clusters: T[][] = [];
  let current: T[] = [];
  let from = 0;
  let to = 0;
  let own = 0;
  for (const member of sorted) {
    const start = Math.floor(member.startMs / 1000);
    const end = Math.floor(member.endMs / 1000);
    if (current.length > 0 && Math.max(to, end) - from + 1 <= own + length(member)) {
      current.push(member);
      to = Math.max(to, end);
      own += length(member);
      continue;
    }
    if (current.length > 0) clusters.push(current);
    current = [member];
    from = start;
    to = end;
    own = length(member);
  }
  if (current.length > 0) clusters.push(current);
  return clusters;
}

/**
 * The answers of traces whose ids, groups and windows are given: one merged query per cluster of
 * windows over the same groups (cut further when the query text would pass 10,000 characters).
 * Each entry is the trace's answer or the error of the query that served it.
 */
export async function runBatchedTraceLogs(run: InsightsPartsRun, members: readonly TraceLogsMember[], options: { mergedLimit?: number } = {}): Promise<Array<BatchedEventsResult | Error>> {
  const out: Array<BatchedEventsResult | Error> = new Array(members.length);
  const byGroups = new Map<string, Array<{ member: TraceLogsMember; index: number; startMs: number; endMs: number }>>();
  members.forEach((member, index) => {
    const key = JSON.stringify(memberGroups(member));
    byGroups.set(key, [...(byGroups.get(key) ?? []), { member, index, startMs: member.startMs, endMs: member.endMs }]);
  });
  const clusters = [...byGroups.values()].flatMap((group) => clusterTraceWindows(group));
  await Promise.all(
    clusters.map(async (cluster) => {
      const answers = await runMergedEvents(run, TRACE_LOGS_KIND, cluster.map((item) => item.member), options.mergedLimit);
      cluster.forEach((item, k) => {
        out[item.index] = answers[k] as BatchedEventsResult | Error;
      });
    }),
  );
  return out;
}

