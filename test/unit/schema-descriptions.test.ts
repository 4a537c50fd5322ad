// GraphiQL is where engineers learn the API: every type, field, argument, input field, enum value
// and directive of the served schema has a description.
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/index.ts';

/** "Type.field(arg)"-style names of every schema element without a description. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const blank = (text: string | null | undefined): boolean => !text || text.trim() === '';
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (blank(type.description)) missing.push(`type ${type.name}`);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (blank(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
  }
  for (const directive of schema.getDirectives()) {
    if (blank(directive.description)) missing.push(`@${directive.name}`);
    for (const arg of directive.args) if (blank(arg.description)) missing.push(`@${directive.name}(${arg.name})`);
  }
  return missing;
}

describe('schema descriptions', () => {
  it('describe every type, field, argument, input field, enum value and directive', () => {
    expect(undescribed(buildSchema())).toEqual([]);
  });

  it('are checked: a field that loses its description is named', () => {
    const schema = buildSchema();
    // A schema whose Trace.id lost its description is caught.
    const trace = schema.getType('Trace');
    if (!isObjectType(trace)) throw new Error('no Trace type');
    const id = trace.getFields()['id']!;
    const saved = id.description;
    id.description = undefined;
    try {
      expect(undescribed(schema)).toEqual(['Trace.id']);
    } finally {
      id.description = saved;
    }
  });
});
