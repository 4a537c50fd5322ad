// The benchmark's gateway: built in-process against an emulator's URL, each with a fresh runtime
// (fresh caches and limiters) so that a "cold" run really does its AWS work; requests through
// `yoga.fetch` or over real HTTP (with @defer payloads timed as they arrive).
import pino from 'pino';
import { DEMO_SERVICES } from '../../src/emulator/demo-organisation.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { listen, type RunningServer } from '../../src/server/http-server.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml } from '../support/test-gateway.ts';

/** The demo profile, on loopback, with the gateway's default limits (what an operator runs). */
export const BENCH_TOML = `[server]
host = "127.0.0.1"
port = 0
log_level = "silent"

[profiles.demo]
backend = "local"
`;

/**
 * The demo's services without their ECS cluster and ALB name, so that the gateway must discover
 * those dimensions with ListMetrics (what a profile that names only services gets).
 */
export function discoveryToml(): string {
  const services = DEMO_SERVICES.map((service) => {
    const lines = [`[profiles.demo.services.${service.name}]`, `resource_type = "${service.resource_type}"`, `repo = "${service.repo}"`];
    if (service.log_groups) lines.push(`log_groups = ${JSON.stringify(service.log_groups)}`);
    return lines.join('\n');
  });
  return `${BENCH_TOML}\n${services.join('\n\n')}\n`;
}

export interface GraphQLPayload {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
  /** Incremental delivery (graphql 17): deferred parts and their completion. */
  incremental?: Array<{ id?: string; path?: Array<string | number>; data?: Record<string, any>; items?: unknown[]; errors?: GraphQLPayload['errors'] }>;
  completed?: Array<{ id: string; errors?: GraphQLPayload['errors'] }>;
  pending?: Array<{ id: string; path: Array<string | number>; label?: string }>;
  hasNext?: boolean;
}

export interface GraphQLRequest {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

export interface BenchGateway {
  runtime: GatewayRuntime;
  yoga: GatewayYoga;
  /** One request through `yoga.fetch` (no socket); a single JSON result. */
  execute(request: GraphQLRequest): Promise<GraphQLPayload>;
  /** Opens the real HTTP listener (once) and returns its base URL. */
  http(): Promise<string>;
  close(): Promise<void>;
}

/** A gateway with a fresh runtime (no cached AWS answers, idle limiters) against the emulator at `emulatorUrl`. */
export function createBenchGateway(emulatorUrl: string, toml: string = BENCH_TOML, options: { now?: () => number } = {}): BenchGateway {
  const config = configFromToml(toml);
  const runtime = new GatewayRuntime(config, { url: emulatorUrl, services: demoServiceConfigs() });
  // `now`: the requests' clock (a refresh "30 s later" without waiting 30 s).
  const yoga = createGatewayYoga({ runtime, ...(options.now ? { now: options.now } : {}) });
  let server: Promise<RunningServer> | undefined;
  return {
    runtime,
    yoga,
    async execute(request) {
      const response = await yoga.fetch('http://tinkr.bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify(request),
      });
      return (await response.json()) as GraphQLPayload;
    },
    http() {
      server ??= listen(yoga, runtime, pino({ level: 'silent' }));
      return server.then((running) => running.url);
    },
    async close() {
      // The listener's close also disposes yoga and closes the runtime.
      if (server !== undefined) await (await server).close();
      else await runtime.close();
    },
  };
}

/** Every GraphQL error of a response, including those of deferred parts. */
export function errorsOf(payloads: readonly GraphQLPayload[]): NonNullable<GraphQLPayload['errors']> {
  return payloads.flatMap((payload) => [
    ...(payload.errors ?? []),
    ...(payload.incremental ?? []).flatMap((part) => part.errors ?? []),
    ...(payload.completed ?? []).flatMap((part) => part.errors ?? []),
  ]);
}

export interface TimedHttpResponse {
  /** ms from sending the request to the first payload. */
  firstPayloadMs: number;
  /** ms from sending the request to the last payload. */
  lastPayloadMs: number;
  payloads: GraphQLPayload[];
}

/**
 * One request over real HTTP. With `stream`, asks for Server-Sent Events (how yoga delivers
 * @defer) and times each payload as it arrives; otherwise one JSON body.
 */
export async function postOverHttp(baseUrl: string, request: GraphQLRequest, options: { stream?: boolean; signal?: AbortSignal } = {}): Promise<TimedHttpResponse> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: options.stream ? 'text/event-stream' : 'application/graphql-response+json' },
    body: JSON.stringify(request),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!options.stream) {
    const payload = (await response.json()) as GraphQLPayload;
    const ms = performance.now() - started;
    return { firstPayloadMs: ms, lastPayloadMs: ms, payloads: [payload] };
  }
  if (!response.body) throw new Error(`HTTP ${response.status}: no body`);
  const payloads: GraphQLPayload[] = [];
  let firstPayloadMs = Number.NaN;
  let lastPayloadMs = Number.NaN;
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const lines = event.split('\n');
      const name = lines.find((line) => line.startsWith('event:'))?.slice(6).trim();
      const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
      if (name === 'next' || (name === undefined && data)) {
        const at = performance.now() - started;
        if (Number.isNaN(firstPayloadMs)) firstPayloadMs = at;
        lastPayloadMs = at;
        payloads.push(JSON.parse(data) as GraphQLPayload);
      }
    }
  }
  if (payloads.length === 0) throw new Error(`HTTP ${response.status}: no payload in the event stream`);
  return { firstPayloadMs, lastPayloadMs, payloads };
}

/** One AWS call as the gateway saw it: from the SDK call to its answer (retries included), ms on performance.now(). */
export interface TimedAwsCall {
  operation: string;
  start: number;
  end: number;
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string; override?: boolean },
    ): void;
  };
}

/**
 * Records every AWS call the gateway's SDK clients make (for the timeline of a cold run: where the
 * time between the AWS answers goes). Creates the profile's clients if they do not exist yet.
 */
export function recordAwsCalls(runtime: GatewayRuntime): TimedAwsCall[] {
  const calls: TimedAwsCall[] = [];
  // Every SDK client of the profile, whatever the aws modules add (e.g. a separate Logs Insights client).
  const clients = Object.values(runtime.profile().clients).filter((value): value is MiddlewareClient => typeof value === 'object' && value !== null && 'middlewareStack' in value);
  for (const client of clients) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const start = performance.now();
        try {
          return await next(args);
        } finally {
          calls.push({ operation: (context.commandName ?? 'Unknown').replace(/Command$/, ''), start, end: performance.now() });
        }
      },
      { step: 'initialize', name: 'benchCallTimes', override: true },
    );
  }
  return calls;
}
