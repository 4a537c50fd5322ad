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

  it('answers a mistyped service name with NOT_FOUND naming the closest configured names, and calls no AWS', async () => {
    const result = await gateway.execute('{ service(name: "payment-api") { name logs { events { message } } } }');
    expect(result.data).toEqual({ service: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toBe(
      'no service "payment-api" in profile "aws-prod"; did you mean "payments-api"? A service the profile does not list is read only when asked for explicitly: service(name: "payment-api", adhoc: { logGroups: [...], namespace: "..." })',
    );
    expect(result.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', service: 'payment-api', profile: 'aws-prod', closest: ['payments-api'] });
    expect(result.extensions?.['cost']?.totalCalls).toBe(0);
  });

  it('serves a service the profile does not list only when asked for with adhoc, and says it is ad hoc', async () => {
    const result = await gateway.execute('{ service(name: "billing-jobs", adhoc: { resourceType: LAMBDA, logGroups: ["/aws/lambda/billing-jobs"] }) { name resourceType repo configured profile { name } } }');
    expect(result).toMatchObject({
      data: { service: { name: 'billing-jobs', resourceType: 'LAMBDA', repo: null, configured: false, profile: { name: 'aws-prod' } } },
    });
    const configured = await gateway.execute('{ service(name: "payments-api", adhoc: { namespace: "X" }) { name } }');
    expect(configured.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'adhoc' } });
    const invalid = await gateway.execute('{ service(name: "billing-jobs", adhoc: { logGroups: [] }) { name } }');
    expect(invalid.errors?.[0]?.message).toMatch(/^adhoc\.log_groups: /);
  });

  it('picks services by name, in order, from a named profile; an unknown name is NOT_FOUND', async () => {
    const result = await gateway.execute('query($p: String) { services(profile: $p, names: ["thumbnailer", "payments-api", "thumbnailer"]) { name configured } }', { p: 'aws-prod' });
    expect(result.data).toEqual({ services: [{ name: 'thumbnailer', configured: true }, { name: 'payments-api', configured: true }] });
    const unknown = await gateway.execute('{ services(names: ["thumbnailer", "thumbnailr"]) { name } }');
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', closest: ['thumbnailer'] } });
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
