// A profile with more services than limits.max_services: the list is never cut silently; it is an
// error naming the limit, and servicesPage pages through every service with the total.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const COUNT = 260;
const name = (i: number): string => `svc-${String(i).padStart(3, '0')}`;
const TOML = `[profiles.big]
backend = "cloudwatch"
region = "us-east-1"
${Array.from({ length: COUNT }, (_, i) => `[profiles.big.services.${name(i)}]\nresource_type = "ecs"\n`).join('')}`;

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await createTestGateway({ toml: TOML });
});
afterAll(async () => {
  await gateway?.close();
});

describe('260 services, limits.max_services = 100', () => {
  it('refuses the unpaged list with BAD_USER_INPUT naming the limit instead of returning 100', async () => {
    const result = await gateway.execute('{ services { name } }');
    expect(result.data).toBeNull();
    expect(result.errors![0]!.message).toBe(
      'profile "big" has 260 services; one list holds at most 100 (limits.max_services): page through them with servicesPage(first, after), or pick some with names',
    );
    expect(result.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'limits.max_services', max: 100, total: 260 });
  });

  it('pages through every service exactly once, with the total', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: any = await gateway.execute('query($after: String) { servicesPage(first: 100, after: $after) { totalCount hasNextPage endCursor services { name } } }', { after });
      expect(result.errors).toBeUndefined();
      const page = result.data.servicesPage;
      expect(page.totalCount).toBe(COUNT);
      seen.push(...page.services.map((service: { name: string }) => service.name));
      pages++;
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: COUNT }, (_, i) => name(i)));
  });

  it('refuses a page larger than the limit and a cursor it did not give', async () => {
    const big = await gateway.execute('{ servicesPage(first: 101) { totalCount } }');
    expect(big.errors![0]).toMatchObject({ message: 'first: 101 is out of range; 1 to 100 (limits.max_services)', extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
    const bad = await gateway.execute('{ servicesPage(after: "nonsense") { totalCount } }');
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });
});
