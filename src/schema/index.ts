// Assembles the schema: each import registers one type family with the builder (every type file
// is imported here, none relies on another to register it).
import { GraphQLDeferDirective, GraphQLStreamDirective, lexicographicSortSchema, specifiedDirectives, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './scalars.ts';
import './time-range.ts';
import './profile.ts';
import './service.ts';
import './logs-types.ts';
import './logs.ts';
import './logs-tail.ts';
import './metrics.ts';
import './traces-spans.ts';
import './traces.ts';
import './traces-logs.ts';
import './service-map.ts';
import './explore.ts';

export function buildSchema(): GraphQLSchema {
  // @defer/@stream are served (useDeferStream), so the printed schema declares them: standard
  // validators and codegen then accept the shipped documents that use them.
  return lexicographicSortSchema(builder.toSchema({ directives: [...specifiedDirectives, GraphQLDeferDirective, GraphQLStreamDirective] }));
}
