// Log lines as the gateway serves them, converted from Logs Insights' string cells or from
// FilterLogEvents' events: a real timestamp, the log group without its "<account>:" prefix, a
// level read from the line where it has one, and the X-Ray trace id the line mentions.
import { LEVEL_WORDS, LOG_LEVELS, type LogLevelName } from './logs-insights-query.ts';

export interface LogEvent {
  timestamp: Date;
  message: string;
  logStream: string | null;
  logGroup: string | null;
  level: LogLevelName | null;
  traceId: string | null;
  /** Result columns other than the standard ones; null when there are none. */
  fields: Record<string, string> | null;
  /** Logs Insights' `@ptr` (GetLogRecord), or FilterLogEvents' eventId. */
  ptr: string | null;
}

export interface LogQueryStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
  /** How many answers the scanned records and bytes are shared with (one query for many services); absent: 1. */
  sharedBy?: number;
  /** False when recordsMatched is a lower bound; absent: exact. */
  recordsMatchedExact?: boolean;
}

/** One Logs Insights result row as AWS returns it: every value a string. */
export type ResultRow = ReadonlyArray<{ field?: string | undefined; value?: string | undefined }>;

const TRACE_ID = /\b1-[0-9a-f]{8}-[0-9a-f]{24}\b/;
const STANDARD_FIELDS = new Set(['@timestamp', '@message', '@logStream', '@log', '@ptr']);

const WORD_TO_LEVEL = new Map<string, LogLevelName>(LOG_LEVELS.flatMap((level) => LEVEL_WORDS[level].map((word) => [word, level] as const)));
const PLAIN_LEVEL = new RegExp(`\\b(${[...WORD_TO_LEVEL.keys()].join('|')})\\b`);

/** "2026-11-25 10:00:00.000" (Logs Insights, UTC) -> Date; ISO strings and epoch ms are accepted too. */
export function parseInsightsTimestamp(value: string): Date {
  const insights = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)$/.exec(value);
  const date = insights ? new Date(`${insights[1]}T${insights[2]}Z`) : /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Logs Insights returned an unreadable @timestamp ${JSON.stringify(value)}`);
  return date;
}

/** The JSON object a line is, if it is one. */
function jsonObjectOf(message: string): Record<string, unknown> | undefined {
  const trimmed = message.trimStart();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function levelFromWord(word: unknown): LogLevelName | null {
  return typeof word === 'string' ? (WORD_TO_LEVEL.get(word.toUpperCase()) ?? null) : null;
}

/** The level of a line: JSON `level`/`severity`, else the first level word written in capitals. */
export function parseLevel(message: string, json = jsonObjectOf(message)): LogLevelName | null {
  if (json) {
    const level = levelFromWord(json['level'] ?? json['severity'] ?? json['lvl']);
    if (level) return level;
  }
  const match = PLAIN_LEVEL.exec(message.slice(0, 300));
  return match ? (WORD_TO_LEVEL.get(match[1] as string) ?? null) : null;
}

/** A W3C (OpenTelemetry) trace id: 32 hex digits, as OpenTelemetry log records write it. */
const W3C_TRACE_ID = /^[0-9a-f]{32}$/i;

/**
 * The trace id of a line in X-Ray's form: a `traceId`/`@xrayTraceId` field (X-Ray form, or the W3C
 * form of OpenTelemetry logs' `traceId`/`trace_id`, converted), else the first X-Ray id written in the line.
 */
export function findTraceId(message: string, fields: Record<string, string> | null, json = jsonObjectOf(message)): string | null {
  for (const candidate of [fields?.['@xrayTraceId'], fields?.['traceId'], json?.['traceId'], json?.['@xrayTraceId'], json?.['trace_id']]) {
    if (typeof candidate === 'string') {
      const match = TRACE_ID.exec(candidate);
      if (match) return match[0];
      const w3c = candidate.trim();
      if (W3C_TRACE_ID.test(w3c)) return `1-${w3c.slice(0, 8)}-${w3c.slice(8)}`.toLowerCase();
    }
  }
  return TRACE_ID.exec(message)?.[0] ?? null;
}

/** `@log` is "<account id>:<log group>"; the gateway shows the log group. */
export function logGroupOf(log: string | undefined): string | null {
  if (log === undefined) return null;
  const match = /^\d{12}:(.+)$/.exec(log);
  return match ? (match[1] as string) : log;
}

/** One Logs Insights row -> LogEvent. */
export function logEventFromRow(row: ResultRow): LogEvent {
  const cells = new Map<string, string>();
  for (const cell of row) if (cell.field !== undefined) cells.set(cell.field, cell.value ?? '');
  const message = cells.get('@message') ?? '';
  // fromEntries: a field named "__proto__" (a JSON line's key) stays a field instead of setting the prototype.
  const extra = [...cells].filter(([name]) => !STANDARD_FIELDS.has(name));
  const fields: Record<string, string> | null = extra.length === 0 ? null : Object.fromEntries(extra);
  const timestamp = cells.get('@timestamp');
  if (timestamp === undefined) throw new Error('a Logs Insights row without @timestamp');
  const json = jsonObjectOf(message);
  return {
    timestamp: parseInsightsTimestamp(timestamp),
    message,
    logStream: cells.get('@logStream') ?? null,
    logGroup: logGroupOf(cells.get('@log')),
    level: parseLevel(message, json),
    traceId: findTraceId(message, fields, json),
    fields,
    ptr: cells.get('@ptr') ?? null,
  };
}

/** One FilterLogEvents event -> LogEvent. */
export function logEventFromFilteredEvent(event: { timestamp?: number | undefined; message?: string | undefined; logStreamName?: string | undefined; eventId?: string | undefined }, logGroup: string): LogEvent {
  const message = event.message ?? '';
  const json = jsonObjectOf(message);
  return {
    timestamp: new Date(event.timestamp ?? 0),
    message,
    logStream: event.logStreamName ?? null,
    logGroup,
    level: parseLevel(message, json),
    traceId: findTraceId(message, null, json),
    fields: null,
    ptr: event.eventId ?? null,
  };
}
