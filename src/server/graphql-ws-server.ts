// GraphQL over WebSocket (the graphql-ws protocol, Apollo Client's and urql's usual subscription
// transport) on the same path as HTTP, next to SSE. Auth happens in connection_init: the payload's
// `authorization` (or `headers.authorization`), else the upgrade request's Authorization header;
// a bad token closes the socket with 4403. The caller's scope, trusted documents, the audit log
// and cost reporting work as over HTTP because every operation runs through yoga's envelop.
// Bounded: a message larger than server.max_ws_message is refused by its frame header before it is
// buffered; sockets waiting for connection_init (each for server.ws_init_timeout), sockets per
// caller and operations per socket are capped ([limits]); a socket whose JWT has expired runs
// nothing more (its live operations end through useCredentialExpiry).
import type { IncomingMessage, Server } from 'node:http';
import { createHash } from 'node:crypto';
import { GraphQLError, type DocumentNode, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { Caller } from '../config/caller-scope.ts';
import type { GatewayRuntime } from '../runtime/gateway-runtime.ts';
import { defaultCaller } from '../runtime/request-context.ts';
import { gatewayError } from '../schema/graphql-errors.ts';
import { persistedDocumentId } from './trusted-documents.ts';
import { corsOriginAllowed } from './use-cors-refusal.ts';
import { AuthUnavailableError, verifyAuthorization, type BearerVerdict } from './use-bearer-auth.ts';
import type { GatewayAccess, GatewayYoga } from './yoga.ts';

export interface GraphQLWsOptions extends GatewayAccess {
  path: string;
  /** The DNS-rebinding Host check of a gateway without auth, as for HTTP requests. */
  hostAllowed?: (host: string | undefined) => boolean;
  yoga: GatewayYoga;
  runtime: GatewayRuntime;
}

/** Initial context of a WebSocket operation: the yoga context factory reads the caller and signal from it. */
export interface WebSocketOperationContext {
  webSocket: { caller: Caller; signal: AbortSignal; expiresAt?: number };
}

/**
 * Close codes besides graphql-ws's own (4400 bad message, 4401 operation before the ack, 4403 bad
 * token, 4406 subprotocol, 4408 no connection_init in time, 4409 duplicate id, 4429 second
 * connection_init, 4500 internal). graphql-ws clients give up at once on 1009 and retry the 44xx/45xx
 * below with backoff (a slot may free, the identity provider may answer again).
 */
export const WS_CLOSE = {
  /** RFC 6455 "Message Too Big": a frame announced more than server.max_ws_message bytes. */
  messageTooBig: 1009,
  /** The caller already has limits.max_ws_connections_per_caller sockets open. */
  tooManyConnections: 4430,
  /** The identity provider's key set cannot be fetched or used, so no token can be checked now (HTTP: 503 AUTH_UNAVAILABLE). */
  authUnavailable: 4503,
  /**
   * RFC 6455 "Policy Violation": a page on an origin not in server.cors_origins. The upgrade is
   * accepted only to close it with a reason a page can read (a refused handshake shows a browser's
   * page nothing but code 1006); graphql-ws clients give up at once on it. Nothing is read first.
   */
  originRefused: 1008,
} as const;

function authorizationOf(payload: unknown, upgradeHeader: string | undefined): string | undefined {
  const fromPayload = payload as { authorization?: unknown; Authorization?: unknown; headers?: { authorization?: unknown; Authorization?: unknown } } | undefined;
  const candidates = [fromPayload?.authorization, fromPayload?.Authorization, fromPayload?.headers?.authorization, fromPayload?.headers?.Authorization];
  const found = candidates.find((value): value is string => typeof value === 'string');
  return found ?? upgradeHeader;
}

/** A browser page may open a socket to any host; only same-origin pages and the CORS allowlist may talk to this one. */
function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true; // not a browser
  if (corsOriginAllowed(origin, allowed)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** A close reason: at most 123 bytes (RFC 6455), cut at a character boundary. */
export function closeReason(text: string): string {
  const bytes = Buffer.from(text);
  if (bytes.byteLength <= 123) return text;
  return `${new TextDecoder().decode(bytes.subarray(0, 120)).replace(/\uFFFD$/, '')}...`;
}

function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** What the gateway knows of one open socket. */
interface SocketState {
  /** Not yet authenticated by connection_init: counted against limits.max_ws_pending_connections. */
  pending: boolean;
  /** Set once connection_init is accepted; counted against limits.max_ws_connections_per_caller. */
  caller?: Caller;
  expiresAt?: number;
  abort: AbortController;
}

export function attachGraphQLWs(server: Server, options: GraphQLWsOptions): { close(): Promise<void> } {
  const { yoga, runtime } = options;
  const config = runtime.config.server;
  const limits = runtime.config.limits;
  const states = new Map<WebSocket, SocketState>();
  /** Upgrades from an origin outside server.cors_origins: accepted only to be closed with the reason. */
  const refusedOrigins = new WeakSet<IncomingMessage>();
  /** Open, authenticated sockets per caller identity (the name fair shares use too). */
  const perCaller = new Map<string, number>();
  let pending = 0;
  const refuse = (caller: string | null, reason: string, code: string) => options.audit?.refused({ caller, reason, code, path: options.path });

  const tooBigReason = `Message too big: over server.max_ws_message (${config.max_ws_message} bytes)`;
  /**
   * ws refuses a frame that announces more than maxPayload as soon as its header is read (nothing of
   * it is buffered) and closes with 1009; this class adds the reason, and keeps such client faults
   * (and every other malformed frame) out of graphql-ws's "internal error" console output: they go
   * to the audit log as refusals.
   */
  class GatewayWebSocket extends WebSocket {
    override close(code?: number, reason?: string | Buffer): void {
      super.close(code, code === WS_CLOSE.messageTooBig && !reason ? tooBigReason : reason);
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      const error = args[0] as { code?: unknown; message?: string } | undefined;
      if (event === 'error' && typeof error?.code === 'string' && error.code.startsWith('WS_ERR_')) {
        const caller = states.get(this)?.caller?.name ?? null;
        if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' || error.code === 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH') {
          refuse(caller, `WebSocket message over server.max_ws_message (${config.max_ws_message} bytes)`, 'LIMIT_EXCEEDED');
        } else refuse(caller, `malformed WebSocket frame: ${error.message}`, 'BAD_REQUEST');
        return true;
      }
      return super.emit(event, ...args);
    }
  }

  const wss = new WebSocketServer({
    server,
    path: options.path,
    WebSocket: GatewayWebSocket,
    maxPayload: config.max_ws_message,
    perMessageDeflate: false,
    verifyClient: ({ origin, req }: { origin: string; req: IncomingMessage }, done: (result: boolean, code?: number, message?: string, headers?: Record<string, string>) => void) => {
      if (options.hostAllowed && !options.hostAllowed(req.headers.host)) {
        refuse(null, `WebSocket for Host ${req.headers.host} refused`, 'FORBIDDEN_HOST');
        return done(false, 403, 'Forbidden host');
      }
      if (!originAllowed(origin || undefined, req.headers.host, config.cors_origins)) {
        refuse(null, `WebSocket from origin ${origin} refused: not in server.cors_origins`, 'CORS_ORIGIN_REFUSED');
        refusedOrigins.add(req);
        return done(true);
      }
      // Sockets that have not authenticated yet hold memory for nobody: a bounded number, for a bounded time.
      if (pending >= limits.max_ws_pending_connections) {
        refuse(null, `WebSocket refused: ${pending} connections are waiting for connection_init (limits.max_ws_pending_connections)`, 'LIMIT_EXCEEDED');
        return done(false, 503, 'Too many WebSocket connections waiting for connection_init (limits.max_ws_pending_connections)', { 'Retry-After': String(Math.ceil(config.ws_init_timeout / 1_000)) });
      }
      done(true);
    },
  });

  const settle = (state: SocketState): void => {
    if (state.pending) {
      state.pending = false;
      pending--;
    }
  };
  // Registered before graphql-ws's own listener, so the state exists when its hooks run.
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    if (refusedOrigins.has(request)) {
      // No state: graphql-ws's hooks refuse whatever the socket sends before the close lands.
      // The setting first: a long origin is what the 123-byte limit cuts.
      socket.close(WS_CLOSE.originRefused, closeReason(`CORS: server.cors_origins does not list this page's origin, ${String(request.headers.origin)}`));
      return;
    }
    const state: SocketState = { pending: true, abort: new AbortController() };
    states.set(socket, state);
    pending++;
    socket.once('close', () => {
      settle(state);
      states.delete(socket);
      state.abort.abort();
      if (state.caller) {
        const left = (perCaller.get(state.caller.name) ?? 1) - 1;
        if (left > 0) perCaller.set(state.caller.name, left);
        else perCaller.delete(state.caller.name);
      }
    });
  });

  const disposable = useServer<Record<string, unknown> | undefined>(
    {
      connectionInitWaitTimeout: config.ws_init_timeout,
      execute: (args) => (args.rootValue as { execute: (args: ExecutionArgs) => never }).execute(args),
      subscribe: (args) => (args.rootValue as { subscribe: (args: ExecutionArgs) => never }).subscribe(args),
      onConnect: async (ctx) => {
        const socket = ctx.extra.socket as WebSocket;
        const state = states.get(socket);
        if (!state) return false;
        let verdict: BearerVerdict = { caller: defaultCaller(runtime) };
        if (options.verify) {
          const header = authorizationOf(ctx.connectionParams, ctx.extra.request.headers.authorization);
          try {
            verdict = await verifyAuthorization(options.verify, header);
          } catch (error) {
            if (!(error instanceof AuthUnavailableError)) throw error;
            refuse(null, error.message, 'AUTH_UNAVAILABLE');
            socket.close(WS_CLOSE.authUnavailable, "AUTH_UNAVAILABLE: the identity provider's key set cannot be fetched or used; try again shortly");
            return false;
          }
          if ('problem' in verdict) {
            refuse(null, verdict.problem, 'UNAUTHENTICATED');
            return false; // graphql-ws closes with 4403 Forbidden
          }
        }
        if (socket.readyState !== WebSocket.OPEN) return false; // gone while its token was checked
        const { caller } = verdict;
        const open = perCaller.get(caller.name) ?? 0;
        if (open >= limits.max_ws_connections_per_caller) {
          refuse(caller.name, `WebSocket refused: ${open} open (limits.max_ws_connections_per_caller = ${limits.max_ws_connections_per_caller})`, 'LIMIT_EXCEEDED');
          socket.close(WS_CLOSE.tooManyConnections, `Too many connections: limits.max_ws_connections_per_caller = ${limits.max_ws_connections_per_caller}`);
          return false;
        }
        perCaller.set(caller.name, open + 1);
        settle(state);
        state.caller = caller;
        if (verdict.expiresAt !== undefined) state.expiresAt = verdict.expiresAt;
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const socket = states.get(ctx.extra.socket as WebSocket);
        if (!socket?.caller) return [forbidden('connection not initialised')];
        const { caller } = socket;
        if (socket.expiresAt !== undefined && Date.now() >= socket.expiresAt) {
          return [gatewayError('UNAUTHENTICATED', `the bearer token of this connection expired at ${new Date(socket.expiresAt).toISOString()}: reconnect with a fresh token`)];
        }
        // graphql-ws has already entered this operation's id: more than the maximum means one too many.
        const running = Object.keys(ctx.subscriptions).length;
        if (running > limits.max_operations_per_socket) {
          refuse(caller.name, `WebSocket operation refused: ${running - 1} running on the socket (limits.max_operations_per_socket)`, 'LIMIT_EXCEEDED');
          return [
            gatewayError('LIMIT_EXCEEDED', `this connection already runs ${running - 1} operations (limits.max_operations_per_socket = ${limits.max_operations_per_socket}): complete one first, or open another connection`, {
              limit: 'limits.max_operations_per_socket',
              max: limits.max_operations_per_socket,
            }),
          ];
        }
        // Trusted documents: an id in `extensions` (documentId or Apollo's persistedQuery), or text that
        // is a trusted document, or text from a caller who may send their own.
        let document: DocumentNode | undefined;
        const id = persistedDocumentId({ ...payload, query: payload.query ?? undefined, extensions: payload.extensions ?? undefined, documentId: payload.extensions?.documentId } as never);
        if (!payload.query && id) {
          document = options.trustedDocuments.get(id);
          if (!document) return [new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } })];
        } else if (payload.query) {
          const trusted = options.trustedDocuments.get(createHash('sha256').update(payload.query).digest('hex'));
          if (!trusted && config.trusted_documents.enforce && !caller.mayExplore()) {
            return [forbidden(`caller "${caller.name}" may send only trusted documents (by documentId); documents of its own need the explore scope`)];
          }
          document = trusted;
        } else {
          return [new GraphQLError('Must provide query string, documentId or a persistedQuery extension.', { extensions: { code: 'BAD_REQUEST' } })];
        }
        const initial: WebSocketOperationContext & Record<string, unknown> = {
          webSocket: { caller, signal: socket.abort.signal, ...(socket.expiresAt !== undefined ? { expiresAt: socket.expiresAt } : {}) },
          params: payload,
        };
        const enveloped = yoga.getEnveloped(initial as never);
        if (!document) {
          // Through envelop's parse, so the parse-time guards apply as over HTTP.
          try {
            document = enveloped.parse(payload.query);
          } catch (error) {
            return [error instanceof GraphQLError ? error : new GraphQLError(String(error), { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
          }
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length) return errors;
        return {
          schema: enveloped.schema,
          operationName: payload.operationName ?? null,
          document,
          variableValues: payload.variables ?? null,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
      },
    },
    wss,
  );
  return {
    close: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
