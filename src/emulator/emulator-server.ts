// The emulator's HTTP endpoint: decodes each request in its service's wire protocol, applies the
// knobs (counting, throttling, injected faults, latency) and answers with the handler's output or
// AwsError in that protocol's shape. SigV4 signatures are accepted without checking.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { AwsError, type EmulatedService, type ServiceHandlers } from './emulator-types.ts';
import {
  createEmulatorKnobs,
  takeFault,
  ThrottleWindows,
  type EmulatorKnobs,
  type EmulatorKnobsInput,
  type FaultRule,
  type Operation,
  type OperationCounters,
} from './emulator-knobs.ts';
import { decodeAwsJsonRequest } from './aws-json-protocol.ts';
import { decodeAwsQueryRequest } from './aws-query-protocol.ts';
import { decodeRpcV2CborRequest } from './rpc-v2-cbor-protocol.ts';
import { decodeRestJsonRequest } from './rest-json-protocol.ts';
import { answerControl, CONTROL_PATH, controlRefusal, MAX_CONTROL_BODY_BYTES, type ControlHeaders } from './emulator-control.ts';
import { header, type DecodedRequest, type IncomingWireRequest, type WireResponse } from './wire-protocol.ts';

/** Every AWS request the gateway sends is far smaller; AWS itself refuses bodies of a few MB. */
const MAX_AWS_BODY_BYTES = 1_048_576;

/** Reads a request body of at most `maxBytes`; past that, stops reading (drains) and calls `onTooLarge` once. */
function readCappedBody(req: IncomingMessage, maxBytes: number, onBody: (body: Buffer) => void, onTooLarge: () => void): void {
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) {
    req.resume();
    return onTooLarge();
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    bytes += chunk.length;
    if (bytes > maxBytes) {
      refused = true;
      chunks.length = 0;
      onTooLarge();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (!refused) onBody(Buffer.concat(chunks));
  });
}

export interface StartEmulatorOptions {
  host?: string;
  /** 0 (default) picks an ephemeral port. */
  port?: number;
  handlers: Record<EmulatedService, ServiceHandlers>;
  /** Knobs built by `createEmulatorKnobs` are used as is (so handlers can share them). */
  knobs?: EmulatorKnobsInput;
  /** Clock in epoch ms, passed to handlers as `context.now`. */
  now?: () => number;
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:4566`: the `endpoint` of every SDK client. */
  url: string;
  port: number;
  knobs: EmulatorKnobs;
  counters: OperationCounters;
  close(): Promise<void>;
}

/** Each service's throttling error, as the SDK's retry strategy recognises it. */
const THROTTLING: Record<EmulatedService, { code: string; status: number; message: string }> = {
  logs: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  cloudwatch: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  xray: { code: 'ThrottledException', status: 429, message: 'Rate exceeded' },
};

function serverFault(service: EmulatedService, status: number): AwsError {
  if (status === 503) {
    const code = service === 'cloudwatch' ? 'ServiceUnavailable' : 'ServiceUnavailableException';
    return new AwsError(code, 'The service is unavailable. Please try again shortly.', 503);
  }
  const code = service === 'cloudwatch' ? 'InternalServiceError' : 'InternalFailure';
  return new AwsError(code, 'The request processing has failed because of an unknown error, exception or failure.', status);
}

const SERVICE_PREFIX: Record<EmulatedService, string> = { logs: 'logs', cloudwatch: 'cloudwatch', xray: 'xray' };

/** AccessDeniedException as AWS words it (an account id and an ARN included, as in AWS's own message). */
function accessDenied(service: EmulatedService, operation: string, knobs: EmulatorKnobs): AwsError {
  const action = `${SERVICE_PREFIX[service]}:${operation}`;
  const message = `User: arn:aws:sts::${knobs.accountId}:assumed-role/tinkr-gateway/task is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
  return new AwsError(service === 'cloudwatch' ? 'AccessDenied' : 'AccessDeniedException', message, 403);
}

/** `amz-sdk-request: attempt=2; max=3` -> 2; a missing header counts as a first attempt. */
function attemptNumber(value: string | undefined): number {
  const match = value ? /attempt=(\d+)/.exec(value) : null;
  return match ? Number(match[1]) : 1;
}

function decode(request: IncomingWireRequest): DecodedRequest {
  return (
    decodeRpcV2CborRequest(request) ??
    decodeAwsJsonRequest(request) ??
    decodeAwsQueryRequest(request) ??
    decodeRestJsonRequest(request)
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startEmulator(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const knobs = createEmulatorKnobs(options.knobs);
  const now = options.now ?? Date.now;
  const throttles = new ThrottleWindows();
  const sockets = new Set<Socket>();
  const heldTimers = new Set<NodeJS.Timeout>();

  async function answer(request: IncomingWireRequest, socket: Socket): Promise<WireResponse | 'hold'> {
    const requestId = randomUUID();
    const decoded = decode(request);
    const { service, operation, protocol } = decoded;
    const handler = Object.hasOwn(options.handlers[service] ?? {}, operation) ? options.handlers[service][operation] : undefined;
    if (decoded.error) return protocol.encodeError(operation, decoded.error, requestId);
    if (!handler) return protocol.encodeError(operation, new AwsError('UnknownOperationException', `Unknown operation ${operation}`), requestId);

    const op = operation as Operation;
    knobs.counters.record(operation, attemptNumber(header(request, 'amz-sdk-request')), now());

    const fault: FaultRule | undefined = takeFault(knobs.faults[op], knobs.rng);
    if (fault?.kind === 'timeout') {
      // Hold the socket without answering, then drop it: the client sees a timeout or a reset.
      const timer = setTimeout(() => {
        heldTimers.delete(timer);
        socket.destroy();
      }, fault.holdMs ?? knobs.timeoutHoldMs);
      heldTimers.add(timer);
      return 'hold';
    }
    const admitted = throttles.admit(operation, knobs.throttle[op], now(), knobs.rng);
    const latency = knobs.latencyMs[op] ?? 0;
    if (latency > 0) await sleep(latency);
    if (fault?.kind === 'access-denied') return protocol.encodeError(operation, accessDenied(service, operation, knobs), requestId);
    if (fault) return protocol.encodeError(operation, serverFault(service, fault.status ?? 503), requestId);
    if (!admitted) {
      const t = THROTTLING[service];
      return protocol.encodeError(operation, new AwsError(t.code, t.message, t.status), requestId);
    }
    try {
      const output = await handler(decoded.input ?? {}, { operation, now: now() });
      return protocol.encodeOutput(operation, output, requestId);
    } catch (error) {
      if (error instanceof AwsError) return protocol.encodeError(operation, error, requestId);
      const message = error instanceof Error ? error.message : String(error);
      return protocol.encodeError(operation, new AwsError('InternalFailure', message, 500), requestId);
    }
  }

  function answerJson(res: ServerResponse, answer: { status: number; body: unknown }): void {
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }

  /** The control endpoint: refused on its headers before the body is read, and the body capped. */
  function onControlRequest(req: IncomingMessage, res: ServerResponse, path: string): void {
    const headers: ControlHeaders = {
      method: req.method ?? 'GET',
      remoteAddress: req.socket.remoteAddress,
      host: req.headers.host,
      origin: req.headers.origin,
      contentType: req.headers['content-type'],
    };
    const refusal = controlRefusal(headers);
    if (refusal) {
      req.resume();
      return answerJson(res, refusal);
    }
    readCappedBody(req, MAX_CONTROL_BODY_BYTES, (body) => answerJson(res, answerControl(knobs, { ...headers, path, body: body.toString('utf8') })), () =>
      answerJson(res, { status: 413, body: { message: `a control change is at most ${MAX_CONTROL_BODY_BYTES} bytes` } }),
    );
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname.startsWith(CONTROL_PATH)) return onControlRequest(req, res, url.pathname);
    const tooLarge = () => {
      res.writeHead(413, { 'content-type': 'text/plain' });
      res.end(`request body over ${MAX_AWS_BODY_BYTES} bytes`);
    };
    readCappedBody(req, MAX_AWS_BODY_BYTES, (body) => {
      const wire: IncomingWireRequest = { method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body };
      answer(wire, req.socket).then(
        (response) => {
          if (response === 'hold') return;
          const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : Buffer.from(response.body);
          res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    }, tooLarge);
  }

  const server = createServer(onRequest);
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    knobs,
    counters: knobs.counters,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of heldTimers) clearTimeout(timer);
        heldTimers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
