// The shipped documents (schema/operations) must be valid against the committed, printed schema as
// any standard GraphQL tool reads it: graphql's own buildSchema + validate, no gateway code.
import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

const OPERATIONS_DIR = 'schema/operations';
const printed = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));
const documents = readdirSync(OPERATIONS_DIR).filter((name) => name.endsWith('.graphql')).sort();

describe('schema/operations against schema/schema.graphql', () => {
  it('ships documents, some of them with @defer', () => {
    expect(documents.length).toBeGreaterThanOrEqual(6);
    expect(documents.some((name) => readFileSync(`${OPERATIONS_DIR}/${name}`, 'utf8').includes('@defer'))).toBe(true);
  });

  it('declares the @defer and @stream directives the server serves', () => {
    expect(printed.getDirective('defer')?.locations).toEqual(['FRAGMENT_SPREAD', 'INLINE_FRAGMENT']);
    expect(printed.getDirective('stream')?.args.map((arg) => arg.name).sort()).toEqual(['if', 'initialCount', 'label']);
  });

  it.each(documents)('%s validates', (name) => {
    const errors = validate(printed, parse(readFileSync(`${OPERATIONS_DIR}/${name}`, 'utf8')));
    expect(errors.map((error) => error.message)).toEqual([]);
  });
});

describe("the console's documents", () => {
  it('are shipped trusted documents with the same ids, so the console can send them by id', () => {
    const shipped = JSON.parse(readFileSync('src/generated/persisted-documents.json', 'utf8')) as Record<string, string>;
    const console = JSON.parse(readFileSync('src/console/generated/persisted-documents.json', 'utf8')) as Record<string, string>;
    expect(Object.keys(console).length).toBeGreaterThanOrEqual(5);
    for (const [id, text] of Object.entries(console)) expect(shipped[id], id).toBe(text);
  });
});
