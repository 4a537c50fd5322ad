// Every package the shipped code imports must be a declared dependency: an undeclared one works only
// while another package happens to pull it in, and breaks `npm ci --omit=dev` (the Docker image).
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The package an import specifier names: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function importedPackages(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  return specifiers.map(packageOf).filter((name): name is string => name !== undefined);
}

/**
 * The web console's browser code and its build script run only at build time: esbuild bundles them
 * into the committed src/console/public, which the server serves as files. Their packages are
 * devDependencies.
 */
const BUILD_TIME = [join('src', 'console', 'app'), join('src', 'console', 'generated'), join('src', 'console', 'build-console.ts')];
const isBuildTime = (file: string): boolean => BUILD_TIME.some((path) => file.startsWith(path));

describe('package.json', () => {
  it('declares every package that src/ imports as a runtime dependency', () => {
    const undeclared = new Set<string>();
    for (const file of sourceFiles('src')) {
      if (file.startsWith(join('src', 'generated')) || isBuildTime(file)) continue; // codegen output (types only); build-time code
      for (const name of importedPackages(file)) if (!(name in pkg.dependencies)) undeclared.add(`${name} (${file})`);
    }
    expect([...undeclared]).toEqual([]);
  });

  it('declares no runtime dependency that src/ does not import', () => {
    // An unused runtime dependency still ships in the Docker image and in every audit.
    const imported = new Set(sourceFiles('src').filter((file) => !isBuildTime(file)).flatMap(importedPackages));
    expect(Object.keys(pkg.dependencies).filter((name) => !imported.has(name))).toEqual([]);
  });

  it("declares every package the console's build-time code imports", () => {
    const undeclared = new Set<string>();
    for (const file of sourceFiles('src').filter(isBuildTime)) {
      for (const name of importedPackages(file)) if (!(name in pkg.devDependencies) && !(name in pkg.dependencies)) undeclared.add(`${name} (${file})`);
    }
    expect([...undeclared]).toEqual([]);
  });

  it('reads scoped and deep specifiers as their package', () => {
    expect(packageOf('@smithy/core/cbor')).toBe('@smithy/core');
    expect(packageOf('graphql')).toBe('graphql');
    expect(packageOf('lru-cache/raw')).toBe('lru-cache');
    expect(packageOf('./x.ts')).toBeUndefined();
    expect(packageOf('node:fs')).toBeUndefined();
  });
});
