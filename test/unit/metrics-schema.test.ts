// The metrics part of the schema: contract names, nullability of AWS-backed fields, and the
// example documents in schema/operations.
import { readFileSync } from 'node:fs';
import { parse, printType, validate, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/index.ts';

const schema = buildSchema();
const fieldType = (type: string, field: string): string => String((schema.getType(type) as GraphQLObjectType).getFields()[field]!.type);

describe('metrics schema', () => {
  it('keeps the contract names with nullable AWS-backed fields', () => {
    expect(fieldType('Service', 'metrics')).toBe('[MetricSeries!]');
    expect(fieldType('Service', 'metric')).toBe('MetricSeries');
    expect(fieldType('Query', 'metricCatalog')).toBe('[MetricDescriptor!]');
    const args = (schema.getType('Service') as GraphQLObjectType).getFields()['metrics']!.args.map((arg) => `${arg.name}: ${String(arg.type)}`);
    expect(args).toEqual(['names: [String!]', 'period: Int', 'range: TimeRange', 'stat: String']);
    expect(printType(schema.getType('MetricSeries')!)).toContain('points: [DataPoint!]!');
    for (const [field, type] of [['namespace', 'String!'], ['metricName', 'String!'], ['stat', 'String!'], ['period', 'Int!'], ['unit', 'String'], ['dimensions', '[Dimension!]!'], ['points', '[DataPoint!]!'], ['status', 'MetricStatus!'], ['complete', 'Boolean'], ['label', 'String'], ['messages', '[MetricMessage!]!']]) {
      expect([field, fieldType('MetricSeries', field!)]).toEqual([field, type]);
    }
    expect(printType(schema.getType('DataPoint')!)).toContain('timestamp: DateTime!');
    expect(printType(schema.getType('MetricStatus')!)).toMatch(/COMPLETE[\s\S]*FORBIDDEN[\s\S]*INTERNAL_ERROR[\s\S]*PARTIAL_DATA/);
  });

  it('schema/operations/metrics.graphql validates against it', () => {
    const document = parse(readFileSync(new URL('../../schema/operations/metrics.graphql', import.meta.url), 'utf8'));
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });
});
