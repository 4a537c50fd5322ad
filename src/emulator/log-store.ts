// In-memory CloudWatch Logs data: log groups, their streams and their events. Each group keeps its
// events in one array ordered by timestamp (ties in arrival order) with a parallel array of
// timestamps, so time-range scans are a binary search plus a slice. In-order appends are O(1).
import { AwsError } from './emulator-types.ts';

export interface StoredLogEvent {
  timestamp: number;
  message: string;
  logStreamName: string;
  ingestionTime: number;
  /** UTF-8 size of the message: what a scan of this event adds to bytesScanned. */
  bytes: number;
  /** Arrival sequence number within the group: ties on timestamp keep this order. */
  sequence: number;
}

export interface LogStreamRecord {
  logStreamName: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  storedBytes: number;
}

export interface LogGroupRecord {
  logGroupName: string;
  creationTime: number;
  retentionInDays?: number;
  storedBytes: number;
  streams: Map<string, LogStreamRecord>;
  /** Ordered by timestamp, then sequence. */
  events: StoredLogEvent[];
  /** `events[i].timestamp`, kept apart for cache-friendly binary search. */
  timestamps: number[];
}

/** Log group names as AWS accepts them. */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
/** Default gap between an event's timestamp and its ingestion (a log agent's typical delay). */
const INGESTION_DELAY_MS = 200;

/** First index whose timestamp is >= `timestamp`. */
export function lowerBound(timestamps: readonly number[], timestamp: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((timestamps[mid] as number) < timestamp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose timestamp is > `timestamp`. */
export function upperBound(timestamps: readonly number[], timestamp: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((timestamps[mid] as number) <= timestamp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class LogStore {
  readonly #groups = new Map<string, LogGroupRecord>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** Creates a log group; an existing name is ResourceAlreadyExistsException, as in AWS. */
  createLogGroup(name: string, options: { creationTime?: number; retentionInDays?: number } = {}): void {
    if (!LOG_GROUP_NAME.test(name)) {
      throw new AwsError('InvalidParameterException', `Invalid log group name: ${name}`);
    }
    if (this.#groups.has(name)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
    const group: LogGroupRecord = {
      logGroupName: name,
      creationTime: options.creationTime ?? this.#now(),
      storedBytes: 0,
      streams: new Map(),
      events: [],
      timestamps: [],
    };
    if (options.retentionInDays !== undefined) group.retentionInDays = options.retentionInDays;
    this.#groups.set(name, group);
  }

  /**
   * Appends events (epoch ms) to a stream, creating the group and stream if missing. Events may
   * arrive in any order; in-order batches take the cheap append path.
   */
  putLogEvents(
    logGroupName: string,
    logStreamName: string,
    events: Array<{ timestamp: number; message: string; ingestionTime?: number }>,
  ): void {
    if (!this.#groups.has(logGroupName)) {
      const earliest = events.reduce((min, event) => Math.min(min, event.timestamp), Number.POSITIVE_INFINITY);
      this.createLogGroup(logGroupName, Number.isFinite(earliest) ? { creationTime: Math.min(earliest, this.#now()) } : {});
    }
    const group = this.#groups.get(logGroupName) as LogGroupRecord;
    let stream = group.streams.get(logStreamName);
    if (!stream) {
      const earliest = events.reduce((min, event) => Math.min(min, event.timestamp), Number.POSITIVE_INFINITY);
      stream = { logStreamName, creationTime: Number.isFinite(earliest) ? earliest : this.#now(), storedBytes: 0 };
      group.streams.set(logStreamName, stream);
    }
    for (const event of events) {
      const bytes = Buffer.byteLength(event.message, 'utf8');
      const stored: StoredLogEvent = {
        timestamp: event.timestamp,
        message: event.message,
        logStreamName,
        ingestionTime: event.ingestionTime ?? event.timestamp + INGESTION_DELAY_MS,
        bytes,
        sequence: group.events.length,
      };
      const last = group.timestamps[group.timestamps.length - 1];
      if (last === undefined || event.timestamp >= last) {
        group.events.push(stored);
        group.timestamps.push(event.timestamp);
      } else {
        const at = upperBound(group.timestamps, event.timestamp);
        group.events.splice(at, 0, stored);
        group.timestamps.splice(at, 0, event.timestamp);
      }
      group.storedBytes += bytes;
      stream.storedBytes += bytes;
      if (stream.firstEventTimestamp === undefined || event.timestamp < stream.firstEventTimestamp) stream.firstEventTimestamp = event.timestamp;
      if (stream.lastEventTimestamp === undefined || event.timestamp > stream.lastEventTimestamp) stream.lastEventTimestamp = event.timestamp;
    }
  }

  getLogGroup(name: string): LogGroupRecord | undefined {
    return this.#groups.get(name);
  }

  hasLogGroup(name: string): boolean {
    return this.#groups.has(name);
  }

  /** Every group, ordered by name as DescribeLogGroups lists them. */
  listLogGroups(): LogGroupRecord[] {
    return [...this.#groups.values()].sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : a.logGroupName > b.logGroupName ? 1 : 0));
  }

  /** Index range [from, to) of a group's events with startMs <= timestamp <= endMs. */
  rangeOf(group: LogGroupRecord, startMs: number, endMs: number): { from: number; to: number } {
    return { from: lowerBound(group.timestamps, startMs), to: upperBound(group.timestamps, endMs) };
  }

  /** Total number of events held, for diagnostics. */
  get eventCount(): number {
    let total = 0;
    for (const group of this.#groups.values()) total += group.events.length;
    return total;
  }
}
