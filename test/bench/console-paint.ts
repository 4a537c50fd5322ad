// The console's overview in headless Chromium against a bench gateway: when the first payload
// (metrics and traces) was drawn and when the deferred ERROR counts were, as the page itself marks
// them (performance.mark after the frame that shows them).
import { execFileSync } from 'node:child_process';
import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM, missingTool } from '../support/required-tool.ts';

export interface ConsolePaint {
  /** ms from sending the overview's request to the metrics drawn. */
  firstPaintMs: number;
  /** ms from sending it to the last deferred part (ERROR counts) drawn. */
  deferredMs: number;
}

export interface ConsoleBrowser {
  overview(baseUrl: string): Promise<ConsolePaint>;
  close(): Promise<void>;
}

/** A headless Chromium, or the reason there is none (the bench reports the row as not measured). */
export async function openConsoleBrowser(): Promise<ConsoleBrowser | string> {
  let reason: string | undefined;
  try {
    reason = missingTool(CHROMIUM, { ...process.env, CI: '' });
  } catch (error) {
    reason = (error as Error).message;
  }
  if (reason) return reason;
  const executablePath = process.env['CHROMIUM_PATH'] ?? execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  const browser: Browser = await puppeteer.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return {
    async overview(baseUrl) {
      const page = await browser.newPage();
      try {
        await page.setViewport({ width: 1400, height: 900 });
        await page.goto(`${baseUrl}/console/#/overview?last=1h`);
        await page.waitForFunction(() => ['complete', 'error'].includes(document.getElementById('main')!.dataset.state ?? ''), { timeout: 30_000 });
        const marks = await page.evaluate(() =>
          Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, (mark as PerformanceMark).detail?.ms as number | undefined])),
        );
        const firstPaintMs = marks['tinkr:overview:first-paint'];
        const deferredMs = marks['tinkr:overview:deferred-painted'];
        if (firstPaintMs === undefined || deferredMs === undefined) {
          throw new Error(`the overview did not mark both paints: ${await page.$eval('#main', (main) => main.textContent?.slice(0, 200))}`);
        }
        return { firstPaintMs, deferredMs };
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}
