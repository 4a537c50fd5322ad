// CORS refusals say CORS and name server.cors_origins: a preflight from a page on an origin that is
// not listed gets 403 with a JSON body saying so (a listed origin gets yoga's 204 and headers).
// WebSocket upgrades from such pages: test/integration/graphql-ws.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const PROFILE = '[profiles.p]\nbackend = "cloudwatch"\nregion = "us-east-1"\n';

function preflight(gateway: TestGateway, origin: string) {
  return gateway.yoga.fetch('http://tinkr.test/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type', 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'same-site' },
  });
}

describe.each([
  { name: 'without cors_origins', toml: PROFILE, listed: 'server.cors_origins is empty' },
  { name: 'with another origin listed', toml: `[server]\ncors_origins = ["https://dashboards.example.com"]\n${PROFILE}`, listed: 'it is not one of the 1 origins in server.cors_origins' },
  { name: 'with auth on', toml: `[server]\nhost = "0.0.0.0"\ntoken_sha256 = ["${'a'.repeat(64)}"]\n${PROFILE}`, listed: 'server.cors_origins is empty' },
])('a preflight from an unlisted origin, $name', ({ toml, listed }) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await createTestGateway({ toml });
  });
  afterAll(() => gateway.close());

  it('is 403 with a body that says CORS and names server.cors_origins', async () => {
    const response = await preflight(gateway, 'http://localhost:5173');
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toEqual({
      errors: [
        {
          message: `CORS: a cross-origin request from a page on origin http://localhost:5173 is refused: ${listed}; add the origin there to let its pages call this gateway`,
          extensions: { code: 'CORS_ORIGIN_REFUSED', origin: 'http://localhost:5173', setting: 'server.cors_origins' },
        },
      ],
    });
  });
});

it('lets yoga answer a preflight from a listed origin', async () => {
  const gateway = await createTestGateway({ toml: `[server]\ncors_origins = ["http://localhost:5173", "https://dashboards.example.com"]\n${PROFILE}` });
  try {
    const response = await preflight(gateway, 'http://localhost:5173');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  } finally {
    await gateway.close();
  }
});
