import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfilesDocument } from '../../src/generated/graphql.ts';
import { createTestGateway, SEED_PROFILE_TOML, type TestGateway } from '../support/test-gateway.ts';

const TOML = `${SEED_PROFILE_TOML.replace('log_group_prefix = "/ecs/"', 'log_group_prefix = "/ecs/"\nactive = true')}
[profiles.aws-prod.services.thumbnailer]
resource_type = "lambda"

[profiles.staging]
backend = "cloudwatch"
region = "eu-west-1"
`;

describe('profiles and services through yoga.fetch', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await createTestGateway({ toml: TOML });
  });
  afterAll(() => gateway.close());

  it('answers the seed query for a config in the seed format', async () => {
    const result = await gateway.execute('{ profiles { name backend region isDefault logGroupPrefix services { name resourceType repo configured } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      profiles: [
        {
          name: 'aws-prod',
          backend: 'CLOUDWATCH',
          region: 'us-east-1',
          isDefault: true,
          logGroupPrefix: '/ecs/',
          services: [
            { name: 'payments-api', resourceType: 'ECS', repo: 'acme/payments', configured: true },
            { name: 'thumbnailer', resourceType: 'LAMBDA', repo: null, configured: true },
          ],
        },
        { name: 'staging', backend: 'CLOUDWATCH', region: 'eu-west-1', isDefault: false, logGroupPrefix: null, services: [] },
      ],
    });
    expect(result.extensions?.cost).toEqual({
      calls: {},
      totalCalls: 0,
      logsBytesScanned: 0,
      logsRecordsScanned: 0,
      metricsRequested: 0,
      tracesFetched: 0,
      cacheHits: 0,
    });
  });

  it('answers the typed Profiles document generated from schema/operations', async () => {
    const result = await gateway.execute(ProfilesDocument);
    const profiles = result.data?.profiles ?? [];
    expect(profiles.map((profile) => [profile.name, profile.isDefault, profile.services.length])).toEqual([
      ['aws-prod', true, 2],
      ['staging', false, 0],
    ]);
  });

  it('serves an unknown service name as an ad-hoc CUSTOM service of the default profile', async () => {
    const result = await gateway.execute('{ service(name: "billing-jobs") { name resourceType repo configured profile { name } } }');
    expect(result).toMatchObject({
      data: { service: { name: 'billing-jobs', resourceType: 'CUSTOM', repo: null, configured: false, profile: { name: 'aws-prod' } } },
    });
  });

  it('picks services by name, in order, from a named profile', async () => {
    const result = await gateway.execute('query($p: String) { services(profile: $p, names: ["thumbnailer", "x", "thumbnailer"]) { name configured } }', { p: 'aws-prod' });
    expect(result.data).toEqual({ services: [{ name: 'thumbnailer', configured: true }, { name: 'x', configured: false }] });
  });

  it('names the known profiles when an unknown one is asked for', async () => {
    const result = await gateway.execute('{ profile(name: "prod") { name } }');
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([
      {
        message: 'no profile "prod"; profiles: aws-prod, staging',
        locations: [{ line: 1, column: 3 }],
        path: ['profile'],
        extensions: { code: 'NOT_FOUND', profile: 'prod', profiles: ['aws-prod', 'staging'] },
      },
    ]);
  });

  it('rejects an empty service name with BAD_USER_INPUT', async () => {
    const result = await gateway.execute('{ service(name: " ") { name } }');
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'name' });
  });

  it('serves /health and GraphiQL', async () => {
    const health = await gateway.yoga.fetch('http://tinkr.test/health');
    expect(health.status).toBe(200);
    const graphiql = await gateway.yoga.fetch('http://tinkr.test/graphql', { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    const html = await graphiql.text();
    expect(html).toContain('Tinkr gateway');
    // Served whole from the gateway: no script or style from a CDN, so it works on closed networks.
    expect(html).not.toMatch(/(src|href)=["']?https?:\/\//);
  });
});
