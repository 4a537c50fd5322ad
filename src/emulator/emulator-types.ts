// Contracts shared by the emulator's protocol layer (emulator-server.ts) and its per-service
// operation handlers. Handlers speak plain JS shapes named exactly as the AWS API members
// (PascalCase); the protocol layer owns every wire detail (JSON, XML, CBOR, REST paths).

/** An AWS error with AWS's own code; the protocol layer renders it in the service's error shape. */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
  }
}

/** What a handler gets besides its input. */
export interface OperationContext {
  /** The service-level operation name, e.g. "StartQuery". */
  operation: string;
  /** Wall clock of the emulator in epoch ms (tests may pin it). */
  now: number;
}

/**
 * An operation handler. `input` is the request shape with AWS member names; timestamps arrive as
 * `Date`. Return the output shape with AWS member names; return timestamps as `Date` so that each
 * protocol can serialise them its own way (epoch seconds in JSON, ISO-8601 in XML, CBOR tag 1).
 */
export type OperationHandler = (input: Record<string, unknown>, context: OperationContext) => unknown;

export type ServiceHandlers = Record<string, OperationHandler>;

export type EmulatedService = 'logs' | 'cloudwatch' | 'xray';
