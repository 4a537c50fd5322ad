// docs/clients.md includes each client recipe (a file under test/clients) verbatim, after a
// `<!-- recipe: <path> -->` marker; the recipes themselves run in the tests that import them
// (client-recipes, codegen-recipe, the browser's clients-browser). This keeps the doc's code the code
// that runs: a recipe changed on one side only fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOC = 'docs/clients.md';
const RECIPES = 'test/clients';

/** The code block after each recipe marker, by the path the marker names. */
function includedRecipes(markdown: string): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  for (const match of markdown.matchAll(/<!-- recipe: (\S+) -->\n```[a-z]*\n([\s\S]*?)\n```/g)) {
    blocks.set(match[1]!, [...(blocks.get(match[1]!) ?? []), match[2]!]);
  }
  return blocks;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? testFiles(join(dir, entry.name)) : entry.name.endsWith('.test.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('docs/clients.md', () => {
  const markdown = readFileSync(DOC, 'utf8');
  const included = includedRecipes(markdown);
  const recipes = readdirSync(RECIPES).map((name) => `${RECIPES}/${name}`).sort();

  it('includes every recipe once, after its marker', () => {
    expect([...included.keys()].sort()).toEqual(recipes);
    expect([...included.values()].map((blocks) => blocks.length)).toEqual(recipes.map(() => 1));
    // Every marker is followed by its block (none left dangling by an edit).
    expect(markdown.match(/<!-- recipe: /g)?.length).toBe(recipes.length);
  });

  it.each(readdirSync(RECIPES))('shows %s exactly as the file is', (name) => {
    expect(included.get(`${RECIPES}/${name}`)?.[0]).toBe(readFileSync(join(RECIPES, name), 'utf8').replace(/\n$/, ''));
  });

  it.each(readdirSync(RECIPES))('runs %s in a test', (name) => {
    const runners = testFiles('test').filter((file) => readFileSync(file, 'utf8').includes(`clients/${name.replace(/\.ts$/, '')}`));
    expect(runners.length).toBeGreaterThan(0);
  });
});
