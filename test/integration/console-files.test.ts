// /console: the console's static files, served without a token (they hold no data) while every
// GraphQL request still needs one; strict CSP; and the committed bundle matches its sources.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { driftedConsoleFiles } from '../../src/console/build-console.ts';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gateway: TestGateway;
const TOKEN = 'files-test-token';

beforeAll(async () => {
  gateway = await createTestGateway({
    toml: `[server]
auth = "token"
token_sha256 = ["${createHash('sha256').update(TOKEN).digest('hex')}"]

[profiles.aws]
backend = "cloudwatch"
region = "us-east-1"
`,
  });
});
afterAll(async () => {
  await gateway?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => gateway.yoga.fetch(`http://tinkr.test${path}`, { headers });

it('redirects /console to /console/ so that relative asset URLs resolve', async () => {
  const response = await get('/console?x=1');
  expect(response.status).toBe(308);
  expect(response.headers.get('location')).toBe('/console/?x=1');
});

it('serves the page, script and stylesheet without a token, with a strict content security policy', async () => {
  const page = await get('/console/', { accept: 'text/html' });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
  const html = await page.text();
  expect(html).toContain('<script type="module" src="console.js"></script>');
  expect(html).not.toMatch(/https?:\/\//); // no CDN: works on a closed network

  const script = await get('/console/console.js');
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  const etag = script.headers.get('etag')!;
  expect((await get('/console/console.js', { 'if-none-match': etag })).status).toBe(304);

  const css = await get('/console/console.css');
  expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  expect(await css.text()).toContain('.uplot'); // uPlot's stylesheet is bundled in
});

it('keeps /graphql behind the token: the console gets no data without one', async () => {
  const anonymous = await gateway.yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ profiles { name } }' }),
  });
  expect(anonymous.status).toBe(401);
  const signedIn = await gateway.yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query: '{ profiles { name } }' }),
  });
  expect(await signedIn.json()).toEqual({ data: { profiles: [{ name: 'aws' }] }, extensions: expect.any(Object) });
});

it('answers 404 for any other path and 405 for other methods', async () => {
  const missing = await get('/console/../../package.json');
  expect(missing.status).not.toBe(200);
  expect((await get('/console/secrets.txt')).status).toBe(404);
  const post = await gateway.yoga.fetch('http://tinkr.test/console/', { method: 'POST', body: 'x' });
  expect(post.status).toBe(405);
});

it('serves no console when [server] console = false', async () => {
  const off = await createTestGateway({ toml: '[server]\nconsole = false\n[profiles.aws]\nbackend = "cloudwatch"\nregion = "us-east-1"\n' });
  try {
    expect((await off.yoga.fetch('http://tinkr.test/console/')).status).toBe(404);
  } finally {
    await off.close();
  }
});

it('has committed console.js and console.css equal to a fresh build of src/console/app (npm run build:console)', async () => {
  expect(await driftedConsoleFiles()).toEqual([]);
});
