// The one way the aws modules call the SDK: it records the call (and its retry attempts) in the
// request's AwsUsage and turns SDK failures into AwsCallError, which names the IAM action.
import type { AwsUsage } from './aws-usage.ts';

export interface AwsCallOptions {
  usage?: AwsUsage;
  abortSignal?: AbortSignal;
}

interface SdkMetadata {
  $metadata?: { attempts?: number; httpStatusCode?: number; requestId?: string };
}

const THROTTLING_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'RequestThrottledException',
]);

const ACCESS_DENIED_CODES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnrecognizedClientException', 'ExpiredTokenException', 'InvalidClientTokenId']);

export type AwsFailureKind = 'throttled' | 'access-denied' | 'no-credentials' | 'timeout' | 'aborted' | 'not-found' | 'invalid-request' | 'upstream';

/** A failed AWS call: what was called, AWS's code and message, and what kind of failure it is. */
export class AwsCallError extends Error {
  readonly action: string;
  readonly code: string;
  readonly kind: AwsFailureKind;
  readonly httpStatus: number | undefined;
  readonly attempts: number;
  readonly requestId: string | undefined;

  constructor(action: string, cause: unknown) {
    const error = cause as Error & SdkMetadata & { Code?: string; code?: unknown };
    // A network failure never reached AWS: Node names it in `code` (ECONNREFUSED, ENOTFOUND, ...).
    const systemCode = typeof error?.code === 'string' && /^E[A-Z_]+$/.test(error.code) ? error.code : undefined;
    const code = error?.name && error.name !== 'Error' && error.name !== 'AggregateError' ? error.name : (error?.Code ?? systemCode ?? 'UnknownError');
    const text = error?.message || systemCode || String(cause);
    super(`${action} failed: ${text.includes(code) ? text : `${code}: ${text}`}`, { cause });
    this.name = 'AwsCallError';
    this.action = action;
    this.code = code;
    this.httpStatus = error?.$metadata?.httpStatusCode;
    this.attempts = error?.$metadata?.attempts ?? 1;
    this.requestId = error?.$metadata?.requestId;
    this.kind = classify(code, this.httpStatus);
  }
}

function classify(code: string, status: number | undefined): AwsFailureKind {
  if (code === 'CredentialsProviderError') return 'no-credentials';
  if (THROTTLING_CODES.has(code) || status === 429) return 'throttled';
  if (ACCESS_DENIED_CODES.has(code) || status === 403) return 'access-denied';
  if (code === 'AbortError') return 'aborted';
  if (code === 'TimeoutError' || code === 'RequestTimeout' || code === 'RequestTimeoutException' || code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ResourceNotFoundException' || code === 'ResourceNotFound') return 'not-found';
  if (status !== undefined && status >= 400 && status < 500) return 'invalid-request';
  return 'upstream';
}

/**
 * Runs one SDK call for IAM `action` ("logs:StartQuery"), counting it and its attempts.
 * `send` receives the SDK's per-call options (the abort signal).
 */
export async function callAws<T extends object>(
  action: string,
  send: (options: { abortSignal?: AbortSignal }) => Promise<T>,
  options: AwsCallOptions = {},
): Promise<T> {
  try {
    const output = await send(options.abortSignal ? { abortSignal: options.abortSignal } : {});
    options.usage?.recordCall(action, (output as SdkMetadata).$metadata?.attempts ?? 1);
    return output;
  } catch (error) {
    const failure = error instanceof AwsCallError ? error : new AwsCallError(action, error);
    // Without credentials the SDK never reached AWS: nothing was called.
    if (failure.kind !== 'no-credentials') options.usage?.recordCall(action, failure.attempts);
    throw failure;
  }
}
