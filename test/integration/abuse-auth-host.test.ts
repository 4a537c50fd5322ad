// Fault/abuse suite: what reaches the gateway without credentials. Over a real loopback listener
// (raw paths and Host headers are what a browser or curl --path-as-is sends, not what fetch builds).
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { isLoopbackHost } from '../../src/config/config-schema.ts';
import { ConfigError } from '../../src/config/load-config.ts';
import { listen, type RunningServer } from '../../src/server/http-server.ts';
import { configFromToml, createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const TOKEN = 'tkr_abuse_1';
const TOKEN_SHA256 = createHash('sha256').update(TOKEN).digest('hex');
const PROFILE = '[profiles.p]\nbackend = "cloudwatch"\nregion = "us-east-1"\n';

interface RawResponse {
  status: number;
  contentType: string;
  body: string;
}

/** One request with the path and headers exactly as given. */
function raw(server: RunningServer, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: Number(port), method, path, headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function serve(toml: string): Promise<{ gateway: TestGateway; server: RunningServer }> {
  const gateway = await createTestGateway({ toml });
  const server = await listen(gateway.yoga, gateway.runtime, pino({ level: 'silent' }));
  return { gateway, server };
}

const HTML = { accept: 'text/html' };
const QUERY = JSON.stringify({ query: '{ profiles { name } }' });

describe('/metrics and the GraphiQL exception with token auth', () => {
  let on: { gateway: TestGateway; server: RunningServer };
  let off: { gateway: TestGateway; server: RunningServer };
  beforeAll(async () => {
    on = await serve(`[server]\nport = 0\nauth = "token"\ntoken_sha256 = ["${TOKEN_SHA256}"]\n${PROFILE}`);
    off = await serve(`[server]\nport = 0\nauth = "token"\ngraphiql = false\ntoken_sha256 = ["${TOKEN_SHA256}"]\n${PROFILE}`);
  });
  afterAll(async () => {
    for (const { server, gateway } of [on, off]) {
      await server?.close();
      await gateway?.close();
    }
  });

  it('answers /metrics only with a token, whatever the Accept header or path tricks', async () => {
    for (const path of ['/metrics', '/graphql/../metrics', '/graphql/%2e%2e/metrics', '/graphql/./../metrics?x=1', '//metrics']) {
      const response = await raw(on.server, 'GET', path, HTML);
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
      expect(response.body).not.toContain('tinkr_aws_calls_total');
    }
    const authorised = await raw(on.server, 'GET', '/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(authorised.status).toBe(200);
    expect(authorised.body).toContain('tinkr_process_resident_memory_bytes');
  });

  it('opens the GraphiQL page alone, and only when GraphiQL is on', async () => {
    const page = await raw(on.server, 'GET', '/graphql', HTML);
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    // A query in the page's URL only fills its editor: the page, no data.
    const prefilled = await raw(on.server, 'GET', '/graphql?query=%7Bprofiles%7Bname%7D%7D', HTML);
    expect(prefilled.contentType).toContain('text/html');
    expect(prefilled.status).toBe(200);
    expect(prefilled.body.includes('{"data"')).toBe(false);
    expect((await raw(on.server, 'GET', '/graphql?query=%7Bprofiles%7Bname%7D%7D', { accept: 'application/json' })).status).toBe(401);
    expect((await raw(off.server, 'GET', '/graphql', HTML)).status).toBe(401);
    expect((await raw(off.server, 'GET', '/graphql?documentId=x', HTML)).status).toBe(401);
  });
});

describe('Host check when auth is off (DNS rebinding)', () => {
  let loopback: { gateway: TestGateway; server: RunningServer };
  beforeAll(async () => {
    loopback = await serve(`[server]\nport = 0\nhost = "127.0.0.1"\nallowed_hosts = ["tinkr.internal"]\n${PROFILE}`);
  });
  afterAll(async () => {
    await loopback?.server.close();
    await loopback?.gateway.close();
  });

  it("serves loopback names, the listening host and allowed_hosts; refuses any other Host with FORBIDDEN_HOST", async () => {
    expect(loopback.gateway.runtime.config.server.auth).toBe('none');
    const post = (host: string) => raw(loopback.server, 'POST', '/graphql', { host, 'content-type': 'application/json' }, QUERY);
    for (const host of ['127.0.0.1', `127.0.0.1:${new URL(loopback.server.url).port}`, 'localhost:4000', 'LOCALHOST', '[::1]:4000', 'tinkr.internal', 'tinkr.internal:443']) {
      expect({ host, status: (await post(host)).status }).toEqual({ host, status: 200 });
    }
    for (const host of ['attacker.example', 'attacker.example:4000', '127.evil.example', '127.0.0.1.nip.io', 'localhost.attacker.example', 'tinkr.internal.attacker.example']) {
      const refused = await post(host);
      expect({ host, status: refused.status }).toEqual({ host, status: 403 });
      expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('FORBIDDEN_HOST');
    }
    // Health probes may name the gateway by any address.
    expect((await raw(loopback.server, 'GET', '/health', { host: 'attacker.example' })).status).toBe(200);
  });

  it('parses loopback as an address: --host 127.evil.example keeps auth on', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: true });
    for (const host of ['127.evil.example', '127.0.0.1.nip.io', '0.0.0.0', '::', '10.0.0.1', 'localhost.evil', '1270.0.0.1']) expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: false });
    expect(() => configFromToml(PROFILE, { flags: { host: '127.evil.example' } })).toThrow(ConfigError);
    expect(() => configFromToml(PROFILE, { flags: { host: '127.evil.example' } })).toThrow(/bearer-token auth is on/);
  });
});
