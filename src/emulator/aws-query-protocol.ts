// CloudWatch's older awsQuery protocol: form-encoded `Action=...&Version=2010-08-01&...` with lists
// flattened as `X.member.N` (maps as `X.entry.N.key/value`), answered with XML documents.
import { AwsError } from './emulator-types.ts';
import { unknownOperation } from './aws-json-protocol.ts';
import {
  header,
  parseTimestamp,
  reviveTimestamps,
  type DecodedRequest,
  type IncomingWireRequest,
  type WireProtocol,
  type WireResponse,
} from './wire-protocol.ts';

const XMLNS = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

/** Form values are strings; these members are numbers or booleans in the CloudWatch model. */
const NUMBER_MEMBERS = new Set(['Period', 'MaxDatapoints', 'MaxResults', 'MaxRecords']);
const BOOLEAN_MEMBERS = new Set(['ReturnData', 'IncludeLinkedAccounts']);

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

function toXml(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join('');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, item]) => item !== undefined && item !== null)
      .map(([key, item]) => `<${key}>${toXml(item)}</${key}>`)
      .join('');
  }
  return escapeXml(String(value));
}

export const AWS_QUERY: WireProtocol = {
  name: 'awsQuery',
  encodeOutput(operation: string, output: unknown, requestId: string): WireResponse {
    const body =
      `<${operation}Response xmlns="${XMLNS}"><${operation}Result>${toXml(output ?? {})}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  },
  encodeError(_operation: string, error: AwsError, requestId: string): WireResponse {
    const type = error.status >= 500 ? 'Receiver' : 'Sender';
    const body =
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status: error.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  },
};

/** Turns flattened query keys (`A.member.1.B`, `A.entry.1.key`) into nested arrays and objects. */
export function unflattenQuery(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, raw] of params) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      const last = i === parts.length - 1;
      // `member` / `entry` mark a list (or map) whose next part is a 1-based index.
      if ((part === 'member' || part === 'entry') && i + 1 < parts.length) continue;
      const isIndex = /^\d+$/.test(part) && (parts[i - 1] === 'member' || parts[i - 1] === 'entry');
      const slot: string | number = isIndex ? Number(part) - 1 : part;
      if (last) {
        (node as Record<string | number, unknown>)[slot] = coerce(part, raw);
        break;
      }
      const nextIsList = parts[i + 1] === 'member' || parts[i + 1] === 'entry';
      const container = node as Record<string | number, unknown>;
      if (container[slot] === undefined) container[slot] = nextIsList ? [] : {};
      node = container[slot] as Record<string, unknown> | unknown[];
    }
  }
  return entriesToMaps(root) as Record<string, unknown>;
}

function coerce(member: string, raw: string): unknown {
  if (NUMBER_MEMBERS.has(member) && raw !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  if (BOOLEAN_MEMBERS.has(member)) return raw === 'true';
  return raw;
}

/** `X.entry.N.key/value` lists become plain maps; sparse list slots are dropped. */
function entriesToMaps(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.filter((item) => item !== undefined).map(entriesToMaps);
    const isMap =
      items.length > 0 &&
      items.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item) && 'key' in item && 'value' in item);
    if (isMap) return Object.fromEntries(items.map((item) => [(item as { key: string }).key, (item as { value: unknown }).value]));
    return items;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, entriesToMaps(item)]));
  }
  return value;
}

/** Decodes a form-encoded awsQuery request (CloudWatch only); undefined when it is not one. */
export function decodeAwsQueryRequest(request: IncomingWireRequest): DecodedRequest | undefined {
  const contentType = header(request, 'content-type') ?? '';
  if (request.method !== 'POST' || !contentType.startsWith('application/x-www-form-urlencoded')) return undefined;
  const params = new URLSearchParams(request.body.toString('utf8'));
  const action = params.get('Action');
  if (!action) {
    return { service: 'cloudwatch', operation: '', protocol: AWS_QUERY, error: new AwsError('MissingAction', 'Missing Action') };
  }
  const version = params.get('Version');
  if (version !== null && version !== '2010-08-01') {
    return { service: 'cloudwatch', operation: action, protocol: AWS_QUERY, error: unknownOperation(`${action} (version ${version})`) };
  }
  const input = reviveTimestamps(unflattenQuery(params), parseTimestamp);
  return { service: 'cloudwatch', operation: action, protocol: AWS_QUERY, input };
}
