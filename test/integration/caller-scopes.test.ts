import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigError } from '../../src/config/load-config.ts';
import { DEMO_SERVICES } from '../../src/emulator/demo-organisation.ts';
import type { AuditEntry, AuditLog } from '../../src/server/use-audit-log.ts';
import { configFromToml, createTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { startJwksServer, type JwksServer } from '../support/jwks-server.ts';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const PAYMENTS = 'tkr_payments_dashboard';
const EXPLORER = 'tkr_explorer';
const ADMIN = 'tkr_admin';

const PROFILES = `[profiles.demo]
backend = "local"
active = true

[profiles.other]
backend = "cloudwatch"
region = "eu-west-1"
[profiles.other.services.ledger]
resource_type = "ecs"
`;

const TOML = `[server]
host = "0.0.0.0"
token_sha256 = ["${sha(ADMIN)}"]

[[server.tokens]]
name = "payments-dashboard"
sha256 = "${sha(PAYMENTS)}"
profiles = ["demo"]
services = ["payments-*"]

[[server.tokens]]
name = "explorer"
sha256 = "${sha(EXPLORER)}"
explore = true

${PROFILES}`;

interface Answer {
  status: number;
  body: { data?: any; errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string } }>; extensions?: { cost?: { totalCalls: number } } };
}

function collectingAudit() {
  const operations: AuditEntry[] = [];
  const refused: Array<{ caller: string | null; reason: string }> = [];
  const audit: AuditLog = { operation: (entry) => operations.push(entry), refused: (entry) => refused.push(entry) };
  return { audit, operations, refused };
}

describe('scoped bearer tokens', () => {
  let gateway: TestGateway;
  const log = collectingAudit();
  beforeAll(async () => {
    gateway = await createTestGateway({ toml: TOML, audit: log.audit });
  }, 120_000); // seeds the demo organisation: slow on a loaded machine
  afterAll(() => gateway.close());

  async function ask(token: string, query: string, operationName?: string): Promise<Answer> {
    const response = await gateway.yoga.fetch('http://tinkr.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, ...(operationName ? { operationName } : {}) }),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  }

  it('lists only the profiles and services in the caller\'s scope', async () => {
    const { body } = await ask(PAYMENTS, '{ profiles { name services { name } } services { name } }');
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ profiles: [{ name: 'demo', services: [{ name: 'payments-api' }] }], services: [{ name: 'payments-api' }] });
    const admin = await ask(ADMIN, '{ profiles { name } services { name } }');
    expect(admin.body.data.profiles.map((p: { name: string }) => p.name)).toEqual(['demo', 'other']);
    expect(admin.body.data.services).toHaveLength(DEMO_SERVICES.length);
  });

  it('reads an allowed service with data', async () => {
    const { body } = await ask(PAYMENTS, '{ service(name: "payments-api") { name metric(name: "CPUUtilization", range: { last: "15m" }) { points { value } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.service.name).toBe('payments-api');
    expect(body.data.service.metric.points.length).toBeGreaterThan(0);
    expect(body.extensions?.cost?.totalCalls).toBeGreaterThan(0);
  });

  it('answers FORBIDDEN for a service outside the scope: no data, no AWS call, the same for a name that does not exist', async () => {
    const foreign = await ask(PAYMENTS, '{ service(name: "orders-service") { name logs { events { message } } metrics { points { value } } } }');
    expect(foreign.status).toBe(200);
    expect(foreign.body.data).toEqual({ service: null });
    expect(foreign.body.errors).toEqual([
      { message: 'service "orders-service" is outside the scope of caller "payments-dashboard"', path: ['service'], locations: expect.any(Array), extensions: { code: 'FORBIDDEN' } },
    ]);
    expect(foreign.body.extensions?.cost?.totalCalls).toBe(0);
    const missing = await ask(PAYMENTS, '{ service(name: "no-such-service") { name } }');
    expect(missing.body.errors?.[0]).toMatchObject({ message: 'service "no-such-service" is outside the scope of caller "payments-dashboard"', extensions: { code: 'FORBIDDEN' } });
    const listed = await ask(PAYMENTS, '{ services(names: ["payments-api", "orders-service"]) { name repo } }');
    expect(listed.body.data).toBeNull();
    expect(listed.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('answers FORBIDDEN for a profile outside the scope, before NOT_FOUND', async () => {
    for (const name of ['other', 'no-such-profile']) {
      const { body } = await ask(PAYMENTS, `{ profile(name: "${name}") { name } }`);
      expect(body.data).toBeNull();
      expect(body.errors?.[0]).toMatchObject({ message: `profile "${name}" is outside the scope of caller "payments-dashboard"`, extensions: { code: 'FORBIDDEN' } });
    }
    const admin = await ask(ADMIN, '{ profile(name: "no-such-profile") { name } }');
    expect(admin.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps whole-profile listings and ad-hoc services to callers that may explore', async () => {
    const groups = await ask(PAYMENTS, '{ logGroups { name } }');
    expect(groups.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const adHoc = await ask(PAYMENTS, '{ service(name: "payments-batch", adhoc: { logGroups: ["/ecs/payments-api"] }) { name configured } }');
    expect(adHoc.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(adHoc.body.errors?.[0]?.message).toMatch(/ad-hoc services need the explore scope/);
    // Without adhoc an unlisted name is NOT_FOUND, suggesting only names the caller may read.
    const typo = await ask(PAYMENTS, '{ service(name: "payments-batch") { name configured } }');
    expect(typo.body.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', closest: ['payments-api'] } });
    const explorer = await ask(EXPLORER, '{ service(name: "payments-batch", adhoc: { logGroups: ["/ecs/payments-api"] }) { name configured } logGroups { name } }');
    expect(explorer.body.errors).toBeUndefined();
    expect(explorer.body.data.service).toEqual({ name: 'payments-batch', configured: false });
    expect(explorer.body.data.logGroups.length).toBeGreaterThan(0);
  });

  it('shows a trace by id only when it goes through a service in scope; an unknown id looks the same', async () => {
    const list = await ask(PAYMENTS, '{ service(name: "payments-api") { traces(range: { last: "1h" }, limit: 1) { traces { id } } } }');
    const id = list.body.data.service.traces.traces[0].id as string;
    const own = await ask(PAYMENTS, `{ trace(id: "${id}") { id services } }`);
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.trace.services).toContain('payments-api');
    const unknown = await ask(PAYMENTS, '{ trace(id: "1-00000000-000000000000000000000000") { id } }');
    expect(unknown.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const adminUnknown = await ask(ADMIN, '{ trace(id: "1-00000000-000000000000000000000000") { id } }');
    expect(adminUnknown.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('audits every operation with the caller, the operation name and its cost, and every refused request', async () => {
    log.operations.length = 0;
    log.refused.length = 0;
    await ask(PAYMENTS, 'query PaymentsCpu { service(name: "payments-api") { metric(name: "CPUUtilization") { stat } } }', 'PaymentsCpu');
    await ask(PAYMENTS, 'query Snoop { service(name: "orders-service") { name } }');
    await ask('wrong-token', '{ profiles { name } }');
    expect(log.operations).toEqual([
      expect.objectContaining({ caller: 'payments-dashboard', operation: 'PaymentsCpu', kind: 'query', outcome: 'ok', cost: expect.objectContaining({ totalCalls: expect.any(Number), metricsRequested: 1 }) }),
      expect.objectContaining({ caller: 'payments-dashboard', operation: 'Snoop', outcome: 'errors', errors: ['FORBIDDEN'], cost: expect.objectContaining({ totalCalls: 0 }) }),
    ]);
    expect(log.refused).toEqual([expect.objectContaining({ caller: null, reason: 'invalid bearer token' })]);
  });

  it('audits a document that fails validation with its caller, and answers the validation error', async () => {
    log.operations.length = 0;
    const invalid = await ask(PAYMENTS, 'query Typo { service(name: "payments-api") { nme } }', 'Typo');
    expect(invalid.status).toBe(200); // application/json: errors in a 200, as GraphQL over HTTP allows for that media type
    expect(invalid.body.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(log.operations).toEqual([
      { caller: 'payments-dashboard', operation: 'Typo', kind: 'query', outcome: 'errors', errors: ['GRAPHQL_VALIDATION_FAILED'], cost: expect.objectContaining({ totalCalls: 0 }) },
    ]);
  });

  it('rejects scopes that name unknown profiles and tokens configured twice', () => {
    let problems: string[] = [];
    try {
      configFromToml(`[server]\nhost = "0.0.0.0"\n[[server.tokens]]\nname = "a"\nsha256 = "${sha('x')}"\nprofiles = ["prod"]\n[[server.tokens]]\nname = "a"\nsha256 = "${sha('x')}"\n${PROFILES}`);
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      expect.stringMatching(/server\.tokens\.1\.name: "a" is already the name of server\.tokens\.0$/),
      expect.stringMatching(/server\.tokens\.1\.sha256: this hash is configured twice/),
    ]);
    try {
      configFromToml(`[server]\nhost = "0.0.0.0"\n[[server.tokens]]\nname = "a"\nsha256 = "${sha('x')}"\nprofiles = ["prod"]\n${PROFILES}`);
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([expect.stringMatching(/server\.tokens\.0\.profiles\.0: no profile "prod"; profiles: demo, other$/)]);
  });
});

describe('JWT scopes from a configured claim', () => {
  let jwks: JwksServer;
  let gateway: TestGateway;
  let sign: (claims: Record<string, unknown>) => Promise<string>;

  beforeAll(async () => {
    jwks = await startJwksServer();
    sign = (claims) => jwks.sign({ claims: { sub: 'alice@example.com', ...claims } });
    gateway = await createTestGateway({
      toml: `[server]
host = "0.0.0.0"
auth = "jwt"
[server.jwt]
jwks_url = "${jwks.url}"
issuer = "https://idp.example.com/"
audience = "tinkr-gateway"
scope_claim = "groups"
[server.jwt.scopes.payments-team]
profiles = ["demo"]
services = ["payments-*", "checkout-*"]
[server.jwt.scopes.sre]
explore = true
${PROFILES}`,
    });
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
    await jwks?.close();
  });

  async function ask(claims: Record<string, unknown>, query: string): Promise<Answer['body']> {
    const response = await gateway.yoga.fetch('http://tinkr.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await sign(claims)}` },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as Answer['body'];
  }

  it('grants what the claim\'s values name (an array or a space-separated string)', async () => {
    for (const groups of [['payments-team', 'unrelated'], 'unrelated payments-team']) {
      const body = await ask({ groups }, '{ profiles { name } services { name } }');
      expect(body.data).toEqual({ profiles: [{ name: 'demo' }], services: [{ name: 'checkout-web' }, { name: 'payments-api' }] });
    }
    const forbidden = await ask({ groups: ['payments-team'] }, '{ service(name: "orders-service") { name } }');
    expect(forbidden.errors?.[0]).toMatchObject({ message: 'service "orders-service" is outside the scope of caller "jwt:alice@example.com"', extensions: { code: 'FORBIDDEN' } });
  });

  it('gives a token without a known value nothing, and unions several values', async () => {
    const none = await ask({ groups: ['marketing'] }, '{ profiles { name } }');
    expect(none.data).toEqual({ profiles: [] });
    const both = await ask({ groups: ['payments-team', 'sre'] }, '{ profiles { name } service(name: "orders-service") { name } }');
    expect(both.errors).toBeUndefined();
    expect(both.data.profiles).toHaveLength(2);
  });
});
