// Browsers against the CSRF rule, in headless Chromium (what a test with a hand-set Sec-Fetch-Site
// cannot prove: what a browser really sends). A page on the gateway's own origin runs the
// EventSource recipe of docs/clients.md (test/clients/event-source.js; EventSource can send no
// header) and a plain fetch GET; a page of another site (127.0.0.2, not listed in cors_origins)
// posts a form to the gateway and is refused; a page of a listed origin (localhost) reads a GET.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { listen, type RunningServer } from '../../src/server/http-server.ts';
import { createRuntime } from '../../src/server/start-gateway.ts';
import { createGatewayYoga } from '../../src/server/yoga.ts';
import { CHROMIUM, skipEachTestWithout } from '../support/required-tool.ts';
import { configFromToml } from '../support/test-gateway.ts';

const missing = skipEachTestWithout(CHROMIUM);
const chromiumPath = () => process.env.CHROMIUM_PATH ?? execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();

let runtime: GatewayRuntime;
let gateway: RunningServer;
/** Pages of other sites, on loopback: localhost (listed in cors_origins) and 127.0.0.2 (not listed). */
let pages: Server[] = [];
let listedPort: number;
let unlistedPort: number;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (missing) return;
  [listedPort, unlistedPort] = await Promise.all(
    ['127.0.0.1', '127.0.0.2'].map(async (host) => {
      const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>another site</title>'));
      pages.push(server);
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      return (server.address() as AddressInfo).port;
    }),
  ) as [number, number];
  runtime = await createRuntime(
    configFromToml(`[server]\nport = 0\ncors_origins = ["http://localhost:${listedPort}"]\n[logs]\ntail_interval = "500ms"\n[profiles.demo]\nbackend = "local"\n`),
  );
  gateway = await listen(createGatewayYoga({ runtime }), runtime, pino({ level: 'silent' }));
  browser = await puppeteer.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await Promise.all(pages.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

/** Posts a form (no preflight: a "simple" request) from the current page to the gateway; the navigation's status and text. */
async function postForm(): Promise<{ status: number; text: string }> {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.evaluate((action) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = action;
      const input = document.createElement('input');
      input.name = 'query';
      input.value = '{ profiles { name } }';
      form.append(input);
      document.body.append(form);
      form.submit();
    }, `${gateway.url}/graphql`),
  ]);
  return { status: response!.status(), text: await response!.text() };
}

it('runs the EventSource recipe on the gateway’s own origin: lines arrive, no header needed', async () => {
  await page.goto(`${gateway.url}/health`);
  const recipe = readFileSync('test/clients/event-source.js', 'utf8').replace(/^export /m, '');
  const line = await page.evaluate(
    (source) =>
      new Promise<{ timestamp: string; message: string }>((resolve, reject) => {
        const tailWithEventSource = new Function(`${source}; return tailWithEventSource;`)();
        const stop = tailWithEventSource(
          'checkout-web',
          (line: { timestamp: string; message: string }) => {
            stop();
            resolve(line);
          },
          (errors: unknown) => reject(new Error(JSON.stringify(errors))),
        );
      }),
    recipe,
  );
  expect(line.message.length).toBeGreaterThan(0);
  expect(Number.isNaN(Date.parse(line.timestamp))).toBe(false);
  // And a plain fetch GET from the same page.
  const answer = await page.evaluate(async () => (await fetch(`/graphql?query=${encodeURIComponent('{ profiles { name } }')}`)).json());
  expect(answer.data).toEqual({ profiles: [{ name: 'demo' }] });
});

it('refuses a form POST from a page of another site, and answers it from the gateway’s own page', async () => {
  await page.goto(`http://127.0.0.2:${unlistedPort}/`);
  const refused = await postForm();
  expect(refused.status).toBe(403);
  const error = (JSON.parse(refused.text) as { errors: Array<{ extensions: Record<string, unknown> }> }).errors[0]!;
  expect(error.extensions).toEqual({ code: 'CSRF_REFUSED', secFetchSite: 'cross-site', origin: `http://127.0.0.2:${unlistedPort}`, setting: 'server.cors_origins' });

  await page.goto(`${gateway.url}/health`);
  const accepted = await postForm();
  expect(accepted.status).toBe(200);
  expect(JSON.parse(accepted.text).data).toEqual({ profiles: [{ name: 'demo' }] });
});

it('lets a page of an origin in cors_origins read a GET, as urql sends it', async () => {
  await page.goto(`http://localhost:${listedPort}/`);
  const answer = await page.evaluate(async (url) => {
    const response = await fetch(`${url}/graphql?query=${encodeURIComponent('{ profiles { name } }')}`, { headers: { accept: 'application/graphql-response+json' } });
    return { status: response.status, body: await response.json() };
  }, gateway.url);
  expect(answer).toEqual({ status: 200, body: { data: { profiles: [{ name: 'demo' }] }, extensions: expect.any(Object) } });
});
