// docs/configuration.md documents every config key there is, and no key that is not: each global
// table's rows and the profile table's rows are exactly the schema's keys, and every service key,
// scope key, [server.jwt] and [server.trusted_documents] key is named. A new key fails here until
// it is documented.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fileConfigSchema, profileConfigSchema, serverConfigSchema, serviceConfigSchema, tokenConfigSchema } from '../../src/config/config-schema.ts';

const DOC = readFileSync('docs/configuration.md', 'utf8');

/** The keys of an object schema, through the defaults, optionals and transforms around it. */
function keysOf(schema: z.ZodType): string[] {
  const def = schema._zod.def as { type: string; shape?: Record<string, unknown>; innerType?: z.ZodType; in?: z.ZodType };
  if (def.type === 'object') return Object.keys(def.shape!);
  const inner = def.innerType ?? def.in;
  if (!inner) throw new Error(`no object schema inside a ${def.type}`);
  return keysOf(inner);
}

/** The shape of an object schema, through what surrounds it. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  const def = schema._zod.def as { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType };
  if (def.type === 'object') return def.shape!;
  return shapeOf((def.innerType ?? def.in)!);
}

/** The text from a heading line to the next heading of the same or a higher level. */
function section(heading: string): string {
  const level = /^#+/.exec(heading)![0].length;
  const start = DOC.indexOf(`\n${heading}\n`);
  expect(start, `docs/configuration.md has "${heading}"`).toBeGreaterThanOrEqual(0);
  const next = new RegExp(`\\n#{1,${level}} `, 'g');
  next.lastIndex = start + 1;
  const end = next.exec(DOC)?.index;
  return DOC.slice(start, end);
}

/** The key each row of a section's table names: `key`, `[server.jwt]` as jwt, `[[server.tokens]]` as tokens. */
function tableKeys(text: string): string[] {
  return [...text.matchAll(/^\| `\[{0,2}(?:[a-z0-9_]+\.)*([a-z0-9_]+)\]{0,2}` \|/gm)].map((match) => match[1]!);
}

describe('docs/configuration.md', () => {
  it.each(['server', 'logs', 'metrics', 'traces', 'cache', 'limits', 'aws'] as const)('lists exactly the keys of [%s]', (table) => {
    const schema = shapeOf(fileConfigSchema)[table]!;
    expect(tableKeys(section(`### \`[${table}]\``)).sort()).toEqual(keysOf(schema).sort());
  });

  it('lists exactly the keys of a profile', () => {
    expect(tableKeys(section('## Profiles')).sort()).toEqual(keysOf(profileConfigSchema).sort());
  });

  it('names every key of a service', () => {
    const text = section('## Services');
    expect(keysOf(serviceConfigSchema).filter((key) => !text.includes(`\`${key}\``))).toEqual([]);
  });

  it('names every key of a token and its scope, of [server.jwt] and of [server.trusted_documents]', () => {
    const text = section('### `[server]`');
    const server = shapeOf(serverConfigSchema);
    const nested = [...keysOf(tokenConfigSchema), ...keysOf(server['jwt']!), ...keysOf(server['trusted_documents']!)];
    expect(nested.filter((key) => !text.includes(`\`${key}\``))).toEqual([]);
  });
});
