import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

// The GraphQL over HTTP spec's server audits (graphql-http), through yoga.fetch, with every plugin
// of the gateway on (auth, trusted documents, caching, compression).
let gateway: TestGateway;
beforeAll(async () => {
  gateway = await createTestGateway({ toml: '[profiles.demo]\nbackend = "local"\n' });
}, 120_000); // seeds the demo organisation: slow on a loaded machine
afterAll(() => gateway.close());

describe('graphql-http server audits', () => {
  let requests = 0;
  const audits = serverAudits({
    url: 'http://tinkr.test/graphql',
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
      requests++;
      return gateway.yoga.fetch(input instanceof Request ? input.url : String(input), init as Parameters<TestGateway['yoga']['fetch']>[1]);
    },
  });
  it('covers the spec\'s MUST and SHOULD audits', () => {
    expect(audits.filter((audit) => audit.name.startsWith('MUST')).length).toBeGreaterThan(10);
    expect(audits.filter((audit) => audit.name.startsWith('SHOULD')).length).toBeGreaterThan(10);
  });
  for (const audit of audits.filter((a) => a.name.startsWith('MUST') || a.name.startsWith('SHOULD'))) {
    it(audit.name, async () => {
      const result = await audit.fn();
      expect({ status: result.status, reason: 'reason' in result ? result.reason : undefined }).toEqual({ status: 'ok', reason: undefined });
    });
  }
  it('reached the gateway for every audit', () => {
    expect(requests).toBeGreaterThanOrEqual(audits.filter((a) => a.name.startsWith('MUST') || a.name.startsWith('SHOULD')).length);
  });
});
