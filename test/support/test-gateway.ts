// A gateway for tests: config from TOML text, runtime (with the embedded emulator for `local`
// profiles), yoga, and `execute` through `yoga.fetch` without opening a port.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { loadConfig, type Config, type ConfigFlags } from '../../src/config/load-config.ts';
import type { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { createRuntime } from '../../src/server/start-gateway.ts';
import type { AuditLog } from '../../src/server/use-audit-log.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';

export interface GraphQLResponse<TData = Record<string, any>> {
  data?: TData | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
}

export interface TestGateway {
  runtime: GatewayRuntime;
  yoga: GatewayYoga;
  execute<TData = Record<string, any>, TVariables = Record<string, unknown>>(
    query: string | DocumentNode | TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
  ): Promise<GraphQLResponse<TData>>;
  close(): Promise<void>;
}

/** Loads TOML text as the server would (through a temporary file), with env and flags. */
export function configFromToml(toml: string, options: { env?: Record<string, string | undefined>; flags?: ConfigFlags } = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'tinkr-config-'));
  const file = join(dir, 'tinkr.toml');
  writeFileSync(file, toml);
  return loadConfig({ flags: { config: file, ...options.flags }, env: options.env ?? {} });
}

/** One GraphQL request through `yoga.fetch` (no port), answered as JSON. */
export async function executeOn<TData = Record<string, any>>(
  yoga: GatewayYoga,
  query: string | DocumentNode,
  variables?: unknown,
): Promise<GraphQLResponse<TData>> {
  const response = await yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: typeof query === 'string' ? query : print(query), variables }),
  });
  return (await response.json()) as GraphQLResponse<TData>;
}

export async function createTestGateway(options: { toml?: string; config?: Config; now?: () => number; audit?: AuditLog } = {}): Promise<TestGateway> {
  const config = options.config ?? configFromToml(options.toml ?? '');
  const runtime = await createRuntime(config);
  const yoga = createGatewayYoga({ runtime, ...(options.now ? { now: options.now } : {}), ...(options.audit ? { audit: options.audit } : {}) });
  return {
    runtime,
    yoga,
    execute: (query, variables) => executeOn<any>(yoga, query as string | DocumentNode, variables),
    close: () => runtime.close(),
  };
}

/** The seed's profile format, used by several tests. */
export const SEED_PROFILE_TOML = `[profiles.aws-prod]
backend = "cloudwatch"
region = "us-east-1"
log_group_prefix = "/ecs/"

[profiles.aws-prod.services.payments-api]
resource_type = "ecs"
repo = "acme/payments"
`;
