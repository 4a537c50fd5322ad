// Bundles the console's browser code (src/console/app, TypeScript) and its stylesheet (with
// uPlot's) into src/console/public/console.js and console.css with esbuild. The output is committed,
// so `npm start` and the Docker image (npm ci --ignore-scripts, production dependencies only) serve
// it without a build step; a test rebuilds it in memory and fails when the committed files drift.
//   node src/console/build-console.ts          (npm run build:console)
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
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

/**
 * File name -> text: console.js and console.css, plus the chunks of what the console imports on
 * demand (the map's layout engine, ELK, is most of the bundle's bytes: it loads with the map page
 * only, so the other pages do not download it).
 */
export type ConsoleBundle = Record<string, string>;

/** The bundle's files beside index.html (which is written by hand). */
export const BUNDLE_FILE = /^[a-z][A-Za-z0-9.-]*\.(js|css)$/;

/** The bundle as text, deterministic for one esbuild version and one source tree. */
export async function bundleConsole(): Promise<ConsoleBundle> {
  const result = await build({
    entryPoints: { console: `${APP}main.ts` },
    bundle: true,
    write: false,
    outdir: CONSOLE_PUBLIC,
    format: 'esm',
    splitting: true,
    // Named by content: a chunk's name changes when its code does, so a browser never mixes versions.
    chunkNames: '[name]-[hash]',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'eof',
    footer: { js: THIRD_PARTY_NOTICES },
    charset: 'utf8',
    logLevel: 'silent',
  });
  const files: ConsoleBundle = {};
  for (const output of result.outputFiles) {
    const name = output.path.slice(output.path.lastIndexOf('/') + 1);
    if (!BUNDLE_FILE.test(name)) throw new Error(`esbuild produced ${name}, a name the console does not serve`);
    files[name] = output.text;
  }
  for (const name of ['console.js', 'console.css']) if (!Object.hasOwn(files, name)) throw new Error(`esbuild produced no ${name}`);
  return files;
}

/** The bundle's committed files. */
function committedBundleFiles(): string[] {
  return readdirSync(CONSOLE_PUBLIC).filter((name) => BUNDLE_FILE.test(name));
}

/** File names whose committed content differs from a fresh bundle, or that a fresh bundle no longer has. */
export async function driftedConsoleFiles(): Promise<string[]> {
  const bundle = await bundleConsole();
  const drifted = Object.keys(bundle).filter((name) => {
    try {
      return readFileSync(`${CONSOLE_PUBLIC}${name}`, 'utf8') !== bundle[name];
    } catch {
      return true;
    }
  });
  return [...drifted, ...committedBundleFiles().filter((name) => !Object.hasOwn(bundle, name))];
}

if (import.meta.main) {
  const bundle = await bundleConsole();
  for (const stale of committedBundleFiles()) if (!Object.hasOwn(bundle, stale)) unlinkSync(`${CONSOLE_PUBLIC}${stale}`);
  for (const [name, text] of Object.entries(bundle)) {
    writeFileSync(`${CONSOLE_PUBLIC}${name}`, text);
    console.log(`${CONSOLE_PUBLIC}${name}: ${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB`);
  }
}
