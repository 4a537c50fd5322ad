import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigError } from '../../src/config/load-config.ts';
import { configFromToml, createTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { startJwksServer, type JwksServer } from '../support/jwks-server.ts';

const TOKEN = 'tkr_7f3b0c1e9a';
const TOKEN_SHA256 = createHash('sha256').update(TOKEN).digest('hex');
const PROFILE = '[profiles.p]\nbackend = "cloudwatch"\nregion = "us-east-1"\n';

function post(gateway: TestGateway, body: unknown, headers: Record<string, string> = {}) {
  return gateway.yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('bearer-token auth', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await createTestGateway({ toml: `[server]\nhost = "0.0.0.0"\ntoken_sha256 = ["${TOKEN_SHA256}"]\nintrospection = false\n${PROFILE}` });
  });
  afterAll(() => gateway.close());

  it('is on by default for a non-loopback host', () => {
    expect(gateway.runtime.config.server.auth).toBe('token');
  });

  it('rejects a request without a token or with a wrong one, with UNAUTHENTICATED', async () => {
    const missing = await post(gateway, { query: '{ profiles { name } }' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(await missing.json()).toEqual({ errors: [{ message: 'missing bearer token: send "Authorization: Bearer <token>"', extensions: { code: 'UNAUTHENTICATED' } }] });
    const wrong = await post(gateway, { query: '{ profiles { name } }' }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toBe('invalid bearer token');
  });

  it('accepts the token whose SHA-256 is configured', async () => {
    const ok = await post(gateway, { query: '{ profiles { name } }' }, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: unknown }).data).toEqual({ profiles: [{ name: 'p' }] });
  });

  it('keeps /health open', async () => {
    expect((await gateway.yoga.fetch('http://tinkr.test/health')).status).toBe(200);
  });

  it('turns introspection off when configured', async () => {
    const response = await post(gateway, { query: '{ __schema { types { name } } }' }, { authorization: `Bearer ${TOKEN}` });
    const body = (await response.json()) as { errors?: Array<{ message: string }> };
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('refuses to start on a non-loopback host without tokens unless auth = "none" is explicit', () => {
    let problems: string[] = [];
    try {
      configFromToml(`[server]\nhost = "0.0.0.0"\n${PROFILE}`);
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/server\.token_sha256: bearer-token auth is on \(host "0\.0\.0\.0" is not loopback\)/);
    expect(configFromToml(`[server]\nhost = "0.0.0.0"\nauth = "none"\n${PROFILE}`).server.auth).toBe('none');
    expect(configFromToml(PROFILE, { env: { TINKR_TOKEN_SHA256: TOKEN_SHA256 }, flags: { host: '0.0.0.0' } }).server.token_sha256).toEqual([TOKEN_SHA256]);
  });
});

describe('request guards', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await createTestGateway({ toml: `[limits]\nmax_depth = 4\nmax_aliases = 3\n${PROFILE}` });
  });
  afterAll(() => gateway.close());

  it('limits depth and aliases', async () => {
    const deep = await gateway.execute('{ profiles { services { profile { services { profile { name } } } } } }');
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);
    const aliased = await gateway.execute('{ a: profiles { name } b: profiles { name } c: profiles { name } d: profiles { name } }');
    expect(aliased.errors?.[0]?.message).toMatch(/aliases/i);
    const fine = await gateway.execute('{ a: profiles { name } b: profiles { name } }');
    expect(fine.errors).toBeUndefined();
  });
});

describe('JWT auth against a JWKS', () => {
  let jwks: JwksServer;
  let gateway: TestGateway;
  let sign: (claims: { iss?: string; aud?: string; exp?: string }) => Promise<string>;

  beforeAll(async () => {
    jwks = await startJwksServer();
    sign = (claims) => jwks.sign({ issuer: claims.iss, audience: claims.aud, expiresIn: claims.exp });
    gateway = await createTestGateway({
      toml: `[server]\nhost = "0.0.0.0"\nauth = "jwt"\n[server.jwt]\njwks_url = "${jwks.url}"\nissuer = "https://idp.example.com/"\naudience = "tinkr-gateway"\n${PROFILE}`,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await jwks?.close();
  });

  async function status(token: string): Promise<[number, string | undefined]> {
    const response = await post(gateway, { query: '{ profiles { name } }' }, { authorization: `Bearer ${token}` });
    const body = (await response.json()) as { errors?: Array<{ message: string }> };
    return [response.status, body.errors?.[0]?.message];
  }

  it('accepts a JWT signed by the JWKS for the configured issuer and audience', async () => {
    expect(await status(await sign({}))).toEqual([200, undefined]);
  });

  it('rejects a wrong audience, a wrong issuer, an expired token and garbage', async () => {
    expect(await status(await sign({ aud: 'someone-else' }))).toEqual([401, 'invalid bearer token: JWT claim "aud" is not accepted']);
    expect(await status(await sign({ iss: 'https://evil.example.com/' }))).toEqual([401, 'invalid bearer token: JWT claim "iss" is not accepted']);
    expect(await status(await sign({ exp: '-1m' }))).toEqual([401, 'invalid bearer token: the JWT has expired']);
    expect((await status('not.a.jwt'))[0]).toBe(401);
  });

  it('needs [server.jwt] when auth = "jwt"', () => {
    let problems: string[] = [];
    try {
      configFromToml(`[server]\nauth = "jwt"\n${PROFILE}`);
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/server\.jwt: auth = "jwt" needs \[server\.jwt\] with jwks_url, issuer and audience$/);
  });
});
