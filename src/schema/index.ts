// Assembles the schema: each import registers one type family with the builder.
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './scalars.ts';
import './time-range.ts';
import './profile.ts';
import './service.ts';
import './logs.ts';
import './metrics.ts';
import './traces-logs.ts'; // also registers traces.ts and traces-spans.ts

export function buildSchema(): GraphQLSchema {
  return lexicographicSortSchema(builder.toSchema());
}
