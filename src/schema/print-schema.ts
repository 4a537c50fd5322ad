// The SDL that schema/schema.graphql must hold: printed from the Pothos schema, sorted.
import { printSchema } from 'graphql';
import { buildSchema } from './index.ts';

export const PRINTED_SCHEMA_FILE = 'schema/schema.graphql';

export function printGatewaySchema(): string {
  return `${printSchema(buildSchema())}\n`;
}

/** The first line where two SDL texts differ, or undefined when they are identical. */
export function firstSchemaDifference(committed: string, printed: string): { line: number; committed: string; printed: string } | undefined {
  if (committed === printed) return undefined;
  const a = committed.split('\n');
  const b = printed.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, committed: a[i] ?? '(end of file)', printed: b[i] ?? '(end of file)' };
  }
  return { line: a.length, committed: '', printed: '' };
}
