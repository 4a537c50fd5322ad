// X-Ray GetTraceSummaries for a window: the window is cut into pieces X-Ray accepts (it rejects
// more than 24 h; short pieces keep each scan cheap), queried newest piece first, each paged with
// NextToken until `limit` summaries are in hand.
import { GetTraceSummariesCommand, type TraceSummary as XRayTraceSummary, type XRayClient } from '@aws-sdk/client-xray';
import { callAws, type AwsCallOptions } from './aws-call.ts';
import { followPages } from './aws-pages.ts';

/** The longest window one GetTraceSummaries call is given. */
export const TRACE_SUMMARY_PIECE_MS = 6 * 3_600_000;

export interface TraceHttpSummary {
  method: string | null;
  url: string | null;
  status: number | null;
  userAgent: string | null;
  clientIp: string | null;
}

/** What is known of a whole trace, from its summary or worked out from its segment documents. */
export interface TraceFacts {
  /** Epoch ms. */
  startTime: number | null;
  /** From the earliest start to the latest end, in ms. */
  durationMs: number | null;
  /** The entry segment's duration, in ms. */
  responseTimeMs: number | null;
  hasError: boolean;
  hasFault: boolean;
  hasThrottle: boolean;
  http: TraceHttpSummary | null;
  /** Service graph node names (services and inferred resources). */
  services: string[];
  /** key -> value, or the list of distinct values when segments differ. */
  annotations: Record<string, unknown> | null;
}

/** One annotation value of a trace and the services whose segments carry it. */
export interface TraceAnnotationValue {
  key: string;
  value: unknown;
  services: string[];
}

/** One trace as GetTraceSummaries describes it (no segment documents). */
export interface TraceSummary extends TraceFacts {
  id: string;
  /** From the trace id's epoch seconds when X-Ray gives no StartTime. */
  startTime: number | null;
  isPartial: boolean;
  /** The service of the entry point (whose HTTP request `http` is); null when X-Ray does not say. */
  entryService: string | null;
  /** Every annotation value with the services that carry it (`annotations` merges them). */
  annotationValues: TraceAnnotationValue[];
}

export interface TraceSummaryQuery {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, inclusive. */
  end: number;
  filterExpression?: string | undefined;
  /** Summaries wanted at most (>= 1). */
  limit: number;
}

export interface TraceSummaryPage {
  /** Newest first, at most `limit`. */
  summaries: TraceSummary[];
  /** True when X-Ray had more matching traces than `limit` (or may have: a page ended exactly at the limit with more to scan). */
  truncated: boolean;
}

/** [start, end] cut into pieces of at most `pieceMs`, newest first. */
export function windowPieces(start: number, end: number, pieceMs = TRACE_SUMMARY_PIECE_MS): Array<{ start: number; end: number }> {
  const pieces: Array<{ start: number; end: number }> = [];
  for (let pieceEnd = end; pieceEnd > start; pieceEnd -= pieceMs) pieces.push({ start: Math.max(start, pieceEnd - pieceMs), end: pieceEnd });
  if (pieces.length === 0) pieces.push({ start, end });
  return pieces;
}

function annotationValue(value: { NumberValue?: number; BooleanValue?: boolean; StringValue?: string } | undefined): unknown {
  if (!value) return null;
  if (value.StringValue !== undefined) return value.StringValue;
  if (value.NumberValue !== undefined) return value.NumberValue;
  if (value.BooleanValue !== undefined) return value.BooleanValue;
  return null;
}

/** Epoch ms from an X-Ray trace id's 8-hex epoch seconds. */
export function traceIdEpochMs(id: string): number | null {
  const match = /^1-([0-9a-f]{8})-/i.exec(id);
  return match ? parseInt(match[1]!, 16) * 1000 : null;
}

export function toTraceSummary(summary: XRayTraceSummary): TraceSummary | undefined {
  if (!summary.Id) return undefined;
  const seconds = (value: number | undefined): number | null => (value === undefined ? null : Math.round(value * 1e6) / 1e3);
  const annotationValues: TraceAnnotationValue[] = Object.entries(summary.Annotations ?? {}).flatMap(([key, entries]) =>
    entries.map((entry) => ({
      key,
      value: annotationValue(entry.AnnotationValue as Parameters<typeof annotationValue>[0]),
      services: (entry.ServiceIds ?? []).map((service) => service.Name).filter((name): name is string => typeof name === 'string'),
    })),
  );
  const http = summary.Http;
  return {
    id: summary.Id,
    startTime: summary.StartTime ? summary.StartTime.getTime() : traceIdEpochMs(summary.Id),
    durationMs: seconds(summary.Duration),
    responseTimeMs: seconds(summary.ResponseTime),
    hasError: summary.HasError === true,
    hasFault: summary.HasFault === true,
    hasThrottle: summary.HasThrottle === true,
    isPartial: summary.IsPartial === true,
    http: http
      ? { method: http.HttpMethod ?? null, url: http.HttpURL ?? null, status: http.HttpStatus ?? null, userAgent: http.UserAgent ?? null, clientIp: http.ClientIp ?? null }
      : null,
    services: [...new Set((summary.ServiceIds ?? []).map((service) => service.Name).filter((name): name is string => typeof name === 'string'))],
    annotations: mergeAnnotationValues(annotationValues),
    entryService: summary.EntryPoint?.Name ?? null,
    annotationValues,
  };
}

/** key -> value, or the list of distinct values when several; null when there are none. */
export function mergeAnnotationValues(values: readonly TraceAnnotationValue[]): Record<string, unknown> | null {
  const byKey = new Map<string, unknown[]>();
  for (const { key, value } of values) {
    const known = byKey.get(key) ?? [];
    if (!known.includes(value)) known.push(value);
    byKey.set(key, known);
  }
  return byKey.size === 0 ? null : Object.fromEntries([...byKey].map(([key, list]) => [key, list.length === 1 ? list[0] : list]));
}

/**
 * Up to `query.limit` trace summaries of the window, newest pieces first. X-Ray's Sampling is off:
 * every matching trace is considered.
 */
export async function getTraceSummaries(client: XRayClient, query: TraceSummaryQuery, options: AwsCallOptions = {}): Promise<TraceSummaryPage> {
  const limit = Math.max(1, Math.floor(query.limit));
  const seen = new Set<string>();
  const summaries: TraceSummary[] = [];
  const pieces = windowPieces(query.start, query.end);
  let truncated = false;
  for (const [index, piece] of pieces.entries()) {
    const fetchPage = (nextToken: string | undefined) =>
      callAws(
        'xray:GetTraceSummaries',
        (sdk) =>
          client.send(
            new GetTraceSummariesCommand({
              StartTime: new Date(piece.start),
              EndTime: new Date(piece.end),
              TimeRangeType: 'TraceId',
              Sampling: false,
              ...(query.filterExpression ? { FilterExpression: query.filterExpression } : {}),
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
            sdk,
          ),
        options,
      );
    // False once `limit` summaries are in hand (then `truncated` says whether more matched).
    const onPage = (output: Awaited<ReturnType<typeof fetchPage>>): boolean => {
      // Pieces meet at their boundary (X-Ray's windows are inclusive): a trace there comes twice.
      const page = (output.TraceSummaries ?? []).map(toTraceSummary).filter((s): s is TraceSummary => s !== undefined && !seen.has(s.id));
      page.sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
      for (const summary of page) {
        if (summaries.length === limit) {
          truncated = true;
          return false;
        }
        seen.add(summary.id);
        summaries.push(summary);
      }
      if (summaries.length === limit && (output.NextToken || index < pieces.length - 1)) {
        truncated = true;
        return false;
      }
      return true;
    };
    await followPages(fetchPage, (output) => output.NextToken, onPage);
    if (truncated) break;
  }
  return { summaries, truncated };
}
