// The GraphQL Code Generator recipe of docs/clients.md (test/clients/codegen.ts) run as a frontend
// would: a copy of schema/schema.graphql and a document of its own, in a directory of its own.
// With the recipe's `scalars` mapping a DateTime field is a string; without it, unknown.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { afterAll, expect, it } from 'vitest';
import recipe from '../clients/codegen.ts';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function frontend(): string {
  // Inside the repository, so that the codegen finds its preset package as a frontend's would.
  mkdirSync(resolve('node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(resolve('node_modules/.cache/tinkr-codegen-'));
  made.push(dir);
  mkdirSync(join(dir, 'tinkr'));
  mkdirSync(join(dir, 'src'));
  copyFileSync(resolve('schema/schema.graphql'), join(dir, 'tinkr', 'schema.graphql'));
  writeFileSync(join(dir, 'src', 'lines.graphql'), 'query ErrorLines { service(name: "payments-api") { logs(limit: 5) { events { timestamp message fields } } } }\n');
  return dir;
}

async function generatedTypes(config: typeof recipe): Promise<string> {
  const files: Array<{ filename: string; content: string }> = await generate({ ...config, cwd: frontend(), silent: true }, false);
  const types = files.find((file) => file.filename.endsWith('src/gql/graphql.ts'));
  if (!types) throw new Error(`no src/gql/graphql.ts among ${files.map((file) => file.filename).join(', ')}`);
  return types.content;
}

const queryType = (timestamp: string) =>
  `export type ErrorLinesQuery = { service: { logs: { events: Array<{ timestamp: ${timestamp}, message: string, fields: unknown }> } | null } | null };`;

it('types a DateTime field as string with the recipe (JSON stays unknown: any JSON value)', async () => {
  const types = await generatedTypes(recipe);
  expect(types).toContain(queryType('string'));
  // The recipe's persisted documents: the manifest the operator adds to trusted_documents.manifests.
  expect(types).toContain('{"__meta__":{"hash":"sha256:');
});

it('types it unknown without the mapping (why the recipe has it)', async () => {
  const target = recipe.generates['src/gql/'] as { config?: unknown };
  const { config: _config, ...withoutMapping } = target;
  const types = await generatedTypes({ ...recipe, generates: { 'src/gql/': withoutMapping } });
  expect(types).toContain(queryType('unknown'));
});
