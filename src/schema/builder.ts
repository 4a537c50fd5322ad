// The Pothos builder: the schema's type parameters only. Types live in their own files.
import SchemaBuilder from '@pothos/core';
import type { YogaInitialContext } from 'graphql-yoga';
import type { RequestContext } from '../runtime/request-context.ts';

export type GraphQLContext = RequestContext & Partial<YogaInitialContext>;

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string | number };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
});

builder.queryType({ description: 'Logs, metrics and traces of the services named in the TOML profiles.' });
