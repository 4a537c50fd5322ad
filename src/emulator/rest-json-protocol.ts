// X-Ray's restJson1: the operation is the HTTP route (`POST /TraceSummaries`, `POST /Traces`),
// bodies are JSON with epoch-second timestamps, and errors put their code in `x-amzn-errortype`.
import { AwsError } from './emulator-types.ts';
import {
  mapDates,
  parseTimestamp,
  reviveTimestamps,
  type DecodedRequest,
  type IncomingWireRequest,
  type WireProtocol,
  type WireResponse,
} from './wire-protocol.ts';

/** `METHOD path` -> operation, as in the X-Ray model's @http traits. */
const ROUTES: Record<string, string> = {
  'POST /TraceSummaries': 'GetTraceSummaries',
  'POST /Traces': 'BatchGetTraces',
};

function headers(requestId: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-amzn-requestid': requestId };
}

export const REST_JSON_1: WireProtocol = {
  name: 'restJson1',
  encodeOutput(_operation: string, output: unknown, requestId: string): WireResponse {
    return { status: 200, headers: headers(requestId), body: JSON.stringify(mapDates(output ?? {}, (date) => date.getTime() / 1000)) };
  },
  encodeError(_operation: string, error: AwsError, requestId: string): WireResponse {
    const responseHeaders = headers(requestId);
    responseHeaders['x-amzn-errortype'] = error.code;
    return { status: error.status, headers: responseHeaders, body: JSON.stringify({ message: error.message }) };
  },
};

/** Decodes an X-Ray request by route; any other path is an unknown operation in restJson1's shape. */
export function decodeRestJsonRequest(request: IncomingWireRequest): DecodedRequest {
  const path = request.path.replace(/\/+$/, '') || '/';
  const operation = ROUTES[`${request.method} ${path}`];
  if (!operation) {
    return {
      service: 'xray',
      operation: '',
      protocol: REST_JSON_1,
      error: new AwsError('UnknownOperationException', `No operation at ${request.method} ${request.path}`, 404),
    };
  }
  try {
    const text = request.body.toString('utf8').trim();
    const parsed: unknown = text === '' ? {} : JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return { service: 'xray', operation, protocol: REST_JSON_1, input: reviveTimestamps(parsed as Record<string, unknown>, parseTimestamp) };
  } catch {
    return { service: 'xray', operation, protocol: REST_JSON_1, error: new AwsError('SerializationException', 'Malformed JSON body') };
  }
}
