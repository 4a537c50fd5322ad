// graphql-ws bounds: a message over server.max_ws_message is refused by its frame header before
// any of it is buffered (also before auth, and in fragments), sockets waiting for connection_init
// are capped process-wide, sockets per caller and operations per socket are capped, with the real
// graphql-ws client, each refusal saying which limit (and key) it hit.
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { WS_CLOSE } from '../../src/server/graphql-ws-server.ts';
import { listen, type RunningServer } from '../../src/server/http-server.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import type { AuditLog } from '../../src/server/use-audit-log.ts';
import { createGatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml } from '../support/test-gateway.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const ALICE = 'tkr_ws_alice';
const BOB = 'tkr_ws_bob';
// Each test its own caller: a socket another test closed may not be counted out yet.
const CAROL = 'tkr_ws_carol';
const DAVE = 'tkr_ws_dave';
const TAIL = 'subscription($service: String!) { tail(service: $service) { message } }';

let emulator: LocalEmulator;
let runtime: GatewayRuntime;
let server: RunningServer;
let wsUrl: string;
const refusals: Array<{ caller: string | null; reason: string; code: string }> = [];
const audit: AuditLog = { operation: () => {}, refused: (entry) => refusals.push(entry) };
const clients: Client[] = [];
const sockets: Array<WebSocket | Socket> = [];

beforeAll(async () => {
  emulator = await startLocalEmulator({ feedIntervalMs: 250 });
  const config = configFromToml(`[server]
port = 0
auth = "token"
# Sockets waiting for connection_init stay until the test is done with them.
ws_init_timeout = "60s"
[[server.tokens]]
name = "alice"
sha256 = "${sha(ALICE)}"
explore = true
[[server.tokens]]
name = "bob"
sha256 = "${sha(BOB)}"
explore = true
[[server.tokens]]
name = "carol"
sha256 = "${sha(CAROL)}"
explore = true
[[server.tokens]]
name = "dave"
sha256 = "${sha(DAVE)}"
explore = true
[limits]
max_ws_connections_per_caller = 2
max_operations_per_socket = 2
max_ws_pending_connections = 3
[logs]
tail_interval = "500ms"
[profiles.demo]
backend = "local"
`);
  runtime = new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() });
  server = await listen(createGatewayYoga({ runtime, audit }), runtime, pino({ level: 'silent' }));
  wsUrl = `${server.url.replace(/^http/, 'ws')}/graphql`;
});
afterAll(async () => {
  for (const socket of sockets) if (socket instanceof WebSocket) socket.terminate();
  else socket.destroy();
  await Promise.all(clients.map((client) => client.dispose()));
  await server?.close();
  await emulator?.close();
});

function client(token: string, extra: Partial<Parameters<typeof createClient>[0]> = {}): Client {
  const created = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` }, ...extra });
  clients.push(created);
  return created;
}

/** Resolves with how a non-lazy client's first connection went: acknowledged, or closed with a code and reason. */
function firstOutcome(c: Client): Promise<{ connected: true } | { code: number; reason: string }> {
  return new Promise((resolve) => {
    const offConnected = c.on('connected', () => {
      offConnected();
      offClosed();
      resolve({ connected: true });
    });
    const offClosed = c.on('closed', (event) => {
      offConnected();
      offClosed();
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason });
    });
  });
}

/** An upgraded raw TCP socket speaking graphql-transport-ws, to write frames byte by byte. */
async function rawSocket(): Promise<{ socket: Socket; received: () => Buffer; ended: Promise<void> }> {
  const { hostname, port } = new URL(server.url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
  });
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    [
      'GET /graphql HTTP/1.1',
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: graphql-transport-ws',
      '',
      '',
    ].join('\r\n'),
  );
  await new Promise<void>((resolve) => {
    const check = () => {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', check);
      expect(buffer.subarray(0, end).toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
      buffer = buffer.subarray(end + 4);
      resolve();
    };
    socket.on('data', check);
  });
  return { socket, received: () => buffer, ended };
}

/** A client frame header (masked, as RFC 6455 requires of clients) announcing `length` bytes. */
function frameHeader(length: number, options: { fin?: boolean; opcode?: number } = {}): Buffer {
  const first = ((options.fin ?? true) ? 0x80 : 0) | (options.opcode ?? 0x1);
  const mask = randomBytes(4);
  if (length < 126) return Buffer.concat([Buffer.from([first, 0x80 | length]), mask]);
  if (length < 65_536) {
    const header = Buffer.from([first, 0x80 | 126, 0, 0]);
    header.writeUInt16BE(length, 2);
    return Buffer.concat([header, mask]);
  }
  const header = Buffer.alloc(10);
  header[0] = first;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return Buffer.concat([header, mask]);
}

/** The close frame the server sent (unmasked): its code and reason. */
function closeFrameOf(bytes: Buffer): { code: number; reason: string } {
  for (let offset = 0; offset + 2 <= bytes.length; ) {
    const opcode = bytes[offset]! & 0x0f;
    let length = bytes[offset + 1]! & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(offset + 2);
      start += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(offset + 2));
      start += 8;
    }
    if (opcode === 0x8) return { code: bytes.readUInt16BE(start), reason: bytes.subarray(start + 2, start + length).toString('utf8') };
    offset = start + length;
  }
  throw new Error(`no close frame in ${bytes.length} bytes`);
}

describe('message size (server.max_ws_message, 1 MiB by default)', () => {
  it('refuses a frame announcing 90 MB by its header, before connection_init: close 1009 with the reason, the body never read', async () => {
    const before = refusals.length;
    const { socket, received, ended } = await rawSocket();
    // Only the header and a few bytes of the announced 90 MB: the server answers without waiting for the rest.
    socket.write(Buffer.concat([frameHeader(90_000_000), Buffer.from('{"type":"connection_init","payload":{"pad":"')]));
    await ended;
    expect(closeFrameOf(received())).toEqual({ code: WS_CLOSE.messageTooBig, reason: 'Message too big: over server.max_ws_message (1048576 bytes)' });
    expect(refusals.slice(before)).toEqual([{ caller: null, reason: 'WebSocket message over server.max_ws_message (1048576 bytes)', code: 'LIMIT_EXCEEDED', path: '/graphql' }]);
  });

  it('counts a fragmented message as a whole: a continuation that takes it past the cap is refused by its header', async () => {
    const { socket, received, ended } = await rawSocket();
    const part = Buffer.alloc(700_000, 0x20);
    // RFC 6455 masking with a zero key leaves the bytes as they are.
    const unmasked = (header: Buffer) => Buffer.concat([header.subarray(0, header.length - 4), Buffer.alloc(4)]);
    socket.write(Buffer.concat([unmasked(frameHeader(part.length, { fin: false })), part]));
    socket.write(unmasked(frameHeader(700_000, { opcode: 0x0 })));
    await ended;
    expect(closeFrameOf(received()).code).toBe(WS_CLOSE.messageTooBig);
  });

  it('accepts a connection_init just under the cap', async () => {
    const { socket, received } = await rawSocket();
    const message = Buffer.from(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${CAROL}`, pad: 'x'.repeat(1_000_000) } }));
    const header = frameHeader(message.length);
    const key = header.subarray(header.length - 4);
    const masked = Buffer.from(message.map((byte, index) => byte ^ key[index % 4]!));
    socket.write(Buffer.concat([header, masked]));
    await new Promise<void>((resolve) => {
      const check = () => {
        if (received().includes('connection_ack')) {
          socket.off('data', check);
          resolve();
        }
      };
      socket.on('data', check);
      check();
    });
    socket.destroy();
  });
});

describe('sockets waiting for connection_init (limits.max_ws_pending_connections)', () => {
  it('refuses the upgrade with 503 and Retry-After past the cap; a socket that authenticates frees its place', async () => {
    const open = (): Promise<{ socket: WebSocket; status: number; retryAfter?: string }> =>
      new Promise((resolve) => {
        const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
        sockets.push(socket);
        socket.on('error', () => {}); // a refused handshake reports an error too
        socket.on('open', () => resolve({ socket, status: 101 }));
        socket.on('unexpected-response', (_request, response) => resolve({ socket, status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] as string }));
      });
    const waiting = [await open(), await open(), await open()];
    expect(waiting.map((w) => w.status)).toEqual([101, 101, 101]);
    const refused = await open();
    expect({ status: refused.status, retryAfter: refused.retryAfter }).toEqual({ status: 503, retryAfter: '60' });
    expect(refusals.at(-1)).toMatchObject({ caller: null, code: 'LIMIT_EXCEEDED', reason: expect.stringContaining('limits.max_ws_pending_connections') });
    // One of them authenticates: it no longer waits, so one more may.
    const first = waiting[0]!.socket;
    const acked = new Promise<void>((resolve) => first.on('message', (data) => String(data).includes('connection_ack') && resolve()));
    first.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${CAROL}` } }));
    await acked;
    expect((await open()).status).toBe(101);
    for (const { socket } of [...waiting, refused]) socket.terminate();
  });
});

describe('per caller and per socket (limits.max_ws_connections_per_caller, limits.max_operations_per_socket)', () => {
  it("closes a caller's socket past its cap with 4430 naming the key; others are not affected; the client's retry gets in once one closes", { timeout: 60_000 }, async () => {
    const first = client(ALICE, { lazy: false });
    const second = client(ALICE, { lazy: false });
    expect(await Promise.all([firstOutcome(first), firstOutcome(second)])).toEqual([{ connected: true }, { connected: true }]);
    // Close codes not in graphql-ws's fatal list are retried by its client with backoff.
    const third = client(ALICE, { lazy: false, retryAttempts: 10 });
    const thirdConnected = new Promise<void>((resolve) => third.on('connected', () => resolve()));
    expect(await firstOutcome(third)).toEqual({ code: 4430, reason: 'Too many connections: limits.max_ws_connections_per_caller = 2' });
    expect(refusals.at(-1)).toMatchObject({ caller: 'alice', code: 'LIMIT_EXCEEDED', reason: expect.stringContaining('limits.max_ws_connections_per_caller = 2') });
    // Another caller has places of its own.
    expect(await firstOutcome(client(BOB, { lazy: false }))).toEqual({ connected: true });
    await first.dispose();
    await thirdConnected;
  });

  it("answers an operation past the socket's cap with an error message (LIMIT_EXCEEDED, the key, the max); its other operations go on", { timeout: 60_000 }, async () => {
    const c = client(DAVE);
    let onEvent = (): void => {};
    const nextEvent = () => new Promise<void>((resolve) => (onEvent = resolve));
    const running = (service: string) =>
      new Promise<() => void>((resolve, reject) => {
        const unsubscribe = c.subscribe(
          { query: TAIL, variables: { service } },
          {
            next: () => {
              onEvent();
              resolve(unsubscribe);
            },
            error: reject,
            complete: () => {},
          },
        );
      });
    const stopFirst = await running('checkout-web');
    const stopSecond = await running('orders-service');
    const refused = await new Promise<unknown>((resolve) => c.subscribe({ query: TAIL, variables: { service: 'payments-api' } }, { next: resolve, error: resolve, complete: () => {} }));
    expect(refused).toEqual([
      {
        message: 'this connection already runs 2 operations (limits.max_operations_per_socket = 2): complete one first, or open another connection',
        extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.max_operations_per_socket', max: 2 },
      },
    ]);
    // The two running tails still deliver after the refusal.
    await nextEvent();
    stopFirst();
    // One finished: a new one is accepted on the same socket.
    const stopThird = await running('payments-api');
    stopSecond();
    stopThird();
  });
});
