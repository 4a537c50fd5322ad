// CSRF prevention by Fetch Metadata: a browser's request that skips the CORS preflight (a GET, a
// form or text/plain POST) is refused when it comes from a page of another site, by its
// Sec-Fetch-Site (or, from browsers without it, its Origin); same-origin pages, origins listed in
// server.cors_origins and non-browser clients need no special header. The clients' own defaults
// (urql's GET, graphql-request's GET, EventSource) are tested in test/clients and test/browser.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const PROFILE = '[profiles.p]\nbackend = "cloudwatch"\nregion = "us-east-1"\n';
const QUERY_URL = 'http://tinkr.test/graphql?query=%7Bprofiles%7Bname%7D%7D';
const LISTED = 'https://dashboards.example.com';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await createTestGateway({ toml: `[server]\ncors_origins = ["${LISTED}"]\n${PROFILE}` });
});
afterAll(() => gateway.close());

const get = (headers: Record<string, string>) => gateway.yoga.fetch(QUERY_URL, { headers });
const post = (contentType: string, body: string, headers: Record<string, string>) =>
  gateway.yoga.fetch('http://tinkr.test/graphql', { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });

async function refusal(response: Response): Promise<{ message: string; extensions: Record<string, unknown> }> {
  expect(response.status).toBe(403);
  const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
  expect(body.errors).toHaveLength(1);
  return body.errors[0]!;
}

it('answers GETs from non-browser clients and same-origin pages without any special header', async () => {
  for (const headers of [{}, { 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, { origin: 'http://tinkr.test' }, { 'sec-fetch-site': 'same-origin', origin: 'http://tinkr.test' }] as Array<Record<string, string>>) {
    const response = await get(headers);
    expect({ headers, status: response.status }).toEqual({ headers, status: 200 });
    expect(await response.json()).toEqual({ data: { profiles: [{ name: 'p' }] }, extensions: expect.any(Object) });
  }
});

it('refuses a cross-site GET, saying why and what would be accepted', async () => {
  const error = await refusal(await get({ 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' }));
  expect(error).toEqual({
    message:
      'a browser sent this request from a page of another site (Sec-Fetch-Site: cross-site, no Origin): a GET or a form/text POST is accepted from the gateway\'s own origin, from an origin listed in server.cors_origins, from non-browser clients, or with the header "x-graphql-yoga-csrf" or "authorization" (which a page on another origin can send only after a CORS preflight); this refusal prevents cross-site request forgery (CSRF)',
    extensions: { code: 'CSRF_REFUSED', secFetchSite: 'cross-site', origin: null, setting: 'server.cors_origins' },
  });
});

it('refuses a same-site or cross-site page unless its Origin is in server.cors_origins', async () => {
  for (const site of ['same-site', 'cross-site']) {
    const unlisted = await refusal(await get({ 'sec-fetch-site': site, origin: 'https://other.example.com' }));
    expect(unlisted.extensions).toEqual({ code: 'CSRF_REFUSED', secFetchSite: site, origin: 'https://other.example.com', setting: 'server.cors_origins' });
    expect(unlisted.message).toContain(`(Sec-Fetch-Site: ${site}, Origin: https://other.example.com)`);
    expect((await get({ 'sec-fetch-site': site, origin: LISTED })).status).toBe(200);
  }
});

it('refuses, from a browser without Fetch Metadata, an Origin that is neither its own nor listed', async () => {
  for (const origin of ['https://evil.example', 'null', 'http://tinkr.test.evil.example']) {
    const error = await refusal(await get({ origin }));
    expect(error.message).toContain(`(Origin: ${origin}, no Sec-Fetch-Site)`);
    expect(error.extensions['secFetchSite']).toBeNull();
  }
  expect((await get({ origin: LISTED })).status).toBe(200);
});

it('refuses cross-site form and text/plain POSTs, and keeps x-graphql-yoga-csrf and Authorization working', async () => {
  const text = JSON.stringify({ query: '{ profiles { name } }' });
  const form = `query=${encodeURIComponent('{ profiles { name } }')}`;
  const crossSite = { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };
  // Past the check, yoga reads forms and has no parser for text/plain (415).
  for (const [type, body, accepted] of [['text/plain;charset=UTF-8', text, 415], ['application/x-www-form-urlencoded', form, 200]] as const) {
    expect((await refusal(await post(type, body, crossSite))).extensions['code']).toBe('CSRF_REFUSED');
    expect((await post(type, body, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(type, body, { 'sec-fetch-site': 'same-origin', origin: 'http://tinkr.test' })).status).toBe(accepted);
  }
  // Headers a page can send to another origin only after the CORS allowlist answered a preflight.
  expect((await get({ ...crossSite, 'x-graphql-yoga-csrf': '1' })).status).toBe(200);
  expect((await post('application/x-www-form-urlencoded', form, { ...crossSite, 'x-graphql-yoga-csrf': '1' })).status).toBe(200);
  expect((await post('application/x-www-form-urlencoded', form, { ...crossSite, authorization: 'Bearer any' })).status).toBe(200);
  // A JSON POST is never sent to another origin without a preflight: CORS guards it, not this rule.
  expect((await post('application/json', text, crossSite)).status).toBe(200);
});
