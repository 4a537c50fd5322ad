import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstSchemaDifference, printGatewaySchema, PRINTED_SCHEMA_FILE } from '../../src/schema/print-schema.ts';

describe('schema/schema.graphql', () => {
  it('is exactly the schema printed from the Pothos code (run `npm run print-schema` after changing types)', () => {
    const committed = readFileSync(PRINTED_SCHEMA_FILE, 'utf8');
    const difference = firstSchemaDifference(committed, printGatewaySchema());
    expect(difference, `schema drift at line ${difference?.line}: run npm run print-schema`).toBeUndefined();
  });

  it('detects a drifted file', () => {
    const printed = printGatewaySchema();
    const drifted = printed.replace('type Service {', 'type Service {\n  removedField: String');
    expect(firstSchemaDifference(drifted, printed)).toMatchObject({ committed: '  removedField: String' });
    expect(firstSchemaDifference(`${printed}extra`, printed)).toBeDefined();
  });

  it('keeps the dashboards\' contract names', () => {
    const printed = printGatewaySchema();
    for (const name of ['type Profile {', 'type Service {', 'scalar DateTime', 'scalar JSON', 'input TimeRange {', 'enum ResourceType {']) {
      expect(printed).toContain(name);
    }
  });
});
