// Bundles the console's browser code (src/console/app, TypeScript) and its stylesheet (with
// uPlot's) into src/console/public/console.js and console.css with esbuild. The output is committed,
// so `npm start` and the Docker image (npm ci --ignore-scripts, production dependencies only) serve
// it without a build step; a test rebuilds it in memory and fails when the committed files drift.
//   node src/console/build-console.ts          (npm run build:console)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const APP = fileURLToPath(new URL('./app/', import.meta.url));
export const CONSOLE_PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));

/**
 * The notices the bundled packages' licences ask for. Their own copyright comments are plain
 * comments, which minifying drops (esbuild keeps only /*! and @license ones).
 */
const THIRD_PARTY_NOTICES = `/*! Third-party code in this file:
 * uPlot, (c) 2022 Leon Sorokin, MIT License: https://github.com/leeoniya/uPlot
 * elkjs (the Eclipse Layout Kernel), (c) 2017 Kiel University and others, Eclipse Public License 2.0
 * (or GPL-3.0-or-later); its source: https://github.com/kieler/elkjs
 */`;

export interface ConsoleBundle {
  'console.js': string;
  'console.css': string;
}

/** The bundle as text, deterministic for one esbuild version and one source tree. */
export async function bundleConsole(): Promise<ConsoleBundle> {
  const result = await build({
    entryPoints: { console: `${APP}main.ts` },
    bundle: true,
    write: false,
    outdir: CONSOLE_PUBLIC,
    format: 'esm',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'eof',
    footer: { js: THIRD_PARTY_NOTICES },
    charset: 'utf8',
    logLevel: 'silent',
  });
  const text = (suffix: string) => {
    const file = result.outputFiles.find((output) => output.path.endsWith(suffix));
    if (!file) throw new Error(`esbuild produced no ${suffix}`);
    return file.text;
  };
  return { 'console.js': text('console.js'), 'console.css': text('console.css') };
}

/** File names whose committed content differs from a fresh bundle. */
export async function driftedConsoleFiles(): Promise<string[]> {
  const bundle = await bundleConsole();
  return (Object.keys(bundle) as Array<keyof ConsoleBundle>).filter((name) => {
    try {
      return readFileSync(`${CONSOLE_PUBLIC}${name}`, 'utf8') !== bundle[name];
    } catch {
      return true;
    }
  });
}

if (import.meta.main) {
  const bundle = await bundleConsole();
  for (const [name, text] of Object.entries(bundle)) {
    writeFileSync(`${CONSOLE_PUBLIC}${name}`, text);
    console.log(`${CONSOLE_PUBLIC}${name}: ${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB`);
  }
}
