import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'tinkr/schema.graphql', // a copy of the gateway's schema/schema.graphql
  documents: ['src/**/*.graphql'],
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { persistedDocuments: { mode: 'embedHashInDocument', hashPropertyName: 'hash', hashAlgorithm: 'sha256' } },
      config: {
        // DateTime is an ISO-8601 UTC string on the wire; JSON is any JSON value (narrow it before use).
        // Without this mapping a DateTime field is typed `unknown`.
        scalars: { DateTime: 'string', JSON: 'unknown' },
        strictScalars: true,
      },
    },
  },
};

export default config;
