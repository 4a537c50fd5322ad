// What every wire protocol of the emulator provides: turn an HTTP request into (service, operation,
// input) and turn a handler's output or AwsError back into that protocol's HTTP response.
import type { AwsError, EmulatedService } from './emulator-types.ts';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export interface WireProtocol {
  readonly name: 'awsJson1_1' | 'awsJson1_0' | 'awsQuery' | 'rpcv2Cbor' | 'restJson1';
  encodeOutput(operation: string, output: unknown, requestId: string): WireResponse;
  encodeError(operation: string, error: AwsError, requestId: string): WireResponse;
}

export interface DecodedRequest {
  service: EmulatedService;
  /** Bare operation name, e.g. "StartQuery"; may be unknown to the handlers. */
  operation: string;
  protocol: WireProtocol;
  /** Parsed input; absent when `error` says why it could not be parsed. */
  input?: Record<string, unknown>;
  error?: AwsError;
}

export interface IncomingWireRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function header(request: IncomingWireRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Deep copy with every `Date` replaced by `convert(date)` (each protocol has its own time format). */
export function mapDates(value: unknown, convert: (date: Date) => unknown): unknown {
  if (value instanceof Date) return convert(value);
  if (Array.isArray(value)) return value.map((item) => mapDates(item, convert));
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    // fromEntries keeps a "__proto__" member an own member (an assignment would set the prototype).
    return Object.fromEntries(Object.entries(value).flatMap(([key, item]) => (item === undefined ? [] : [[key, mapDates(item, convert)]])));
  }
  return value;
}

/** Timestamp members of CloudWatch and X-Ray inputs (Logs uses plain epoch numbers instead). */
export const TIMESTAMP_INPUT_MEMBERS: ReadonlySet<string> = new Set(['StartTime', 'EndTime']);

/** Converts the known top-level timestamp members of an input into `Date`s. */
export function reviveTimestamps(
  input: Record<string, unknown>,
  parse: (raw: unknown) => Date | undefined,
): Record<string, unknown> {
  for (const member of TIMESTAMP_INPUT_MEMBERS) {
    if (member in input) {
      const date = parse(input[member]);
      if (date) input[member] = date;
    }
  }
  return input;
}

/** Epoch seconds (number or numeric string) or ISO-8601 -> Date; undefined when unparseable. */
export function parseTimestamp(raw: unknown): Date | undefined {
  if (typeof raw === 'number') return new Date(raw * 1000);
  if (typeof raw === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(raw)) return new Date(Number(raw) * 1000);
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }
  return undefined;
}
