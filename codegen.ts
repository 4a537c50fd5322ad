// GraphQL Code Generator: typed documents for the dashboards' operations (schema/operations) from
// the printed schema. `npm run codegen` writes src/generated/ (used by the tests and by clients).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        // ESM: relative imports with their extension, as Node resolves them.
        emitLegacyCommonJSImports: false,
      },
    },
  },
};

export default config;
