// Assembles the schema: each import registers one type family with the builder.
import { GraphQLDeferDirective, GraphQLStreamDirective, lexicographicSortSchema, specifiedDirectives, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './scalars.ts';
import './time-range.ts';
import './profile.ts';
import './service.ts';
import './logs.ts';
import './metrics.ts';
import './traces-logs.ts'; // also registers traces.ts and traces-spans.ts
import './service-map.ts';

export function buildSchema(): GraphQLSchema {
  // @defer/@stream are served (useDeferStream), so the printed schema declares them: standard
  // validators and codegen then accept the shipped documents that use them.
  return lexicographicSortSchema(builder.toSchema({ directives: [...specifiedDirectives, GraphQLDeferDirective, GraphQLStreamDirective] }));
}
