// awsJson1_1 (CloudWatch Logs) and awsJson1_0 (CloudWatch, query-compatible): the operation comes
// from `X-Amz-Target: <prefix>.<Operation>`, input and output are JSON documents, timestamps are
// epoch seconds, and errors are `{"__type": code, "message": ...}`.
import { AwsError, type EmulatedService } from './emulator-types.ts';
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

const TARGET_PREFIXES: Record<string, { service: EmulatedService; version: '1.0' | '1.1' }> = {
  Logs_20140328: { service: 'logs', version: '1.1' },
  GraniteServiceVersion20100801: { service: 'cloudwatch', version: '1.0' },
};

/**
 * CloudWatch's JSON and CBOR protocols name errors by their model shape (`__type`) and carry the
 * older awsQuery code in `x-amzn-query-error`; handlers throw the awsQuery code (as in the issue).
 */
const CLOUDWATCH_ERROR_SHAPES: Record<string, string> = {
  InvalidParameterValue: 'InvalidParameterValueException',
  InvalidParameterCombination: 'InvalidParameterCombinationException',
  MissingParameter: 'MissingRequiredParameterException',
  InternalServiceError: 'InternalServiceFault',
  InvalidFormat: 'InvalidFormatFault',
  LimitExceeded: 'LimitExceededFault',
  ValidationError: 'ValidationException',
  InvalidParameterInput: 'DashboardInvalidInputError',
};

/** The model shape name of a CloudWatch awsQuery error code (unmodeled codes stay as they are). */
export function cloudWatchErrorShape(code: string): string {
  return CLOUDWATCH_ERROR_SHAPES[code] ?? code;
}

class AwsJsonProtocol implements WireProtocol {
  readonly name: 'awsJson1_1' | 'awsJson1_0';
  readonly #contentType: string;
  /** CloudWatch's JSON protocol is awsQuery-compatible: errors also carry `x-amzn-query-error`. */
  readonly #queryCompatible: boolean;

  constructor(version: '1.0' | '1.1', queryCompatible: boolean) {
    this.name = version === '1.0' ? 'awsJson1_0' : 'awsJson1_1';
    this.#contentType = `application/x-amz-json-${version}`;
    this.#queryCompatible = queryCompatible;
  }

  encodeOutput(_operation: string, output: unknown, requestId: string): WireResponse {
    const body = JSON.stringify(mapDates(output ?? {}, (date) => date.getTime() / 1000));
    return { status: 200, headers: this.#headers(requestId), body };
  }

  encodeError(_operation: string, error: AwsError, requestId: string): WireResponse {
    const headers = this.#headers(requestId);
    const type = this.#queryCompatible ? cloudWatchErrorShape(error.code) : error.code;
    headers['x-amzn-errortype'] = type;
    if (this.#queryCompatible) headers['x-amzn-query-error'] = `${error.code};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
    return { status: error.status, headers, body: JSON.stringify({ __type: type, message: error.message }) };
  }

  #headers(requestId: string): Record<string, string> {
    return { 'content-type': this.#contentType, 'x-amzn-requestid': requestId };
  }
}

export const AWS_JSON_1_1 = new AwsJsonProtocol('1.1', false);
export const AWS_JSON_1_0_QUERY_COMPATIBLE = new AwsJsonProtocol('1.0', true);

/** Decodes a request that carries `X-Amz-Target`; undefined when it is not an awsJson request. */
export function decodeAwsJsonRequest(request: IncomingWireRequest): DecodedRequest | undefined {
  const target = header(request, 'x-amz-target');
  if (!target || request.method !== 'POST') return undefined;
  const dot = target.lastIndexOf('.');
  const prefix = dot > 0 ? target.slice(0, dot) : target;
  const operation = dot > 0 ? target.slice(dot + 1) : '';
  const known = TARGET_PREFIXES[prefix];
  if (!known) {
    // An unknown service prefix: answer in the Logs dialect (plain awsJson, no query error header).
    return { service: 'logs', operation, protocol: AWS_JSON_1_1, error: unknownOperation(target) };
  }
  const protocol = known.version === '1.1' ? AWS_JSON_1_1 : AWS_JSON_1_0_QUERY_COMPATIBLE;
  let input: Record<string, unknown>;
  try {
    const text = request.body.toString('utf8').trim();
    const parsed: unknown = text === '' ? {} : JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    input = parsed as Record<string, unknown>;
  } catch {
    return {
      service: known.service,
      operation,
      protocol,
      error: new AwsError('SerializationException', 'Start of structure or map found where not expected.'),
    };
  }
  if (known.service !== 'logs') reviveTimestamps(input, parseTimestamp);
  return { service: known.service, operation, protocol, input };
}

export function unknownOperation(what: string): AwsError {
  return new AwsError('UnknownOperationException', `Unknown operation ${what}`);
}
