// Smithy RPC v2 CBOR (newer botocore speaks it to CloudWatch): `POST /service/<Service>/operation/<Op>`
// with `smithy-protocol: rpc-v2-cbor`, CBOR bodies, timestamps as CBOR tag 1 (epoch seconds).
import { cbor, dateToTag, tagSymbol } from '@smithy/core/cbor';
import { AwsError, type EmulatedService } from './emulator-types.ts';
import { cloudWatchErrorShape, unknownOperation } from './aws-json-protocol.ts';
import {
  header,
  mapDates,
  parseTimestamp,
  reviveTimestamps,
  type DecodedRequest,
  type IncomingWireRequest,
  type WireProtocol,
  type WireResponse,
} from './wire-protocol.ts';

const SERVICES: Record<string, { service: EmulatedService; namespace: string }> = {
  GraniteServiceVersion20100801: { service: 'cloudwatch', namespace: 'com.amazonaws.cloudwatch' },
};

const PATH = /^\/service\/([^/]+)\/operation\/([^/?]+)$/;

function headers(requestId: string): Record<string, string> {
  return { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor', 'x-amzn-requestid': requestId };
}

export const RPC_V2_CBOR: WireProtocol = {
  name: 'rpcv2Cbor',
  encodeOutput(_operation: string, output: unknown, requestId: string): WireResponse {
    const body = cbor.serialize(mapDates(output ?? {}, dateToTag));
    return { status: 200, headers: headers(requestId), body };
  },
  encodeError(_operation: string, error: AwsError, requestId: string): WireResponse {
    const responseHeaders = headers(requestId);
    // CloudWatch is awsQuery-compatible in every protocol it speaks.
    responseHeaders['x-amzn-query-error'] = `${error.code};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
    const body = cbor.serialize({ __type: `com.amazonaws.cloudwatch#${cloudWatchErrorShape(error.code)}`, message: error.message });
    return { status: error.status, headers: responseHeaders, body };
  },
};

/** CBOR tag 1 values (epoch seconds) become Dates; other tags keep their payload. */
function untag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untag);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const tagged = value as { [tagSymbol]?: boolean; tag?: number | bigint; value?: unknown };
    if (tagged[tagSymbol]) return Number(tagged.tag) === 1 ? parseTimestamp(Number(tagged.value)) : untag(tagged.value);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, untag(item)]));
  }
  return value;
}

/** Decodes an RPC v2 CBOR request; undefined when the path or header says it is not one. */
export function decodeRpcV2CborRequest(request: IncomingWireRequest): DecodedRequest | undefined {
  const match = PATH.exec(request.path);
  if (!match || request.method !== 'POST' || header(request, 'smithy-protocol') !== 'rpc-v2-cbor') return undefined;
  const serviceName = decodeURIComponent(match[1] as string);
  const operation = decodeURIComponent(match[2] as string);
  const known = SERVICES[serviceName];
  if (!known) return { service: 'cloudwatch', operation, protocol: RPC_V2_CBOR, error: unknownOperation(`${serviceName}.${operation}`) };
  let input: Record<string, unknown> = {};
  try {
    if (request.body.length > 0) {
      const decoded = untag(cbor.deserialize(new Uint8Array(request.body)));
      if (decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded)) input = decoded as Record<string, unknown>;
    }
  } catch {
    return { service: known.service, operation, protocol: RPC_V2_CBOR, error: new AwsError('SerializationException', 'Malformed CBOR body') };
  }
  // Numeric timestamps (some clients send plain numbers) are revived too.
  reviveTimestamps(input, (raw) => (raw instanceof Date ? raw : parseTimestamp(raw)));
  return { service: known.service, operation, protocol: RPC_V2_CBOR, input };
}
