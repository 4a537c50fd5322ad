// GraphQL Code Generator: typed documents for the dashboards' operations (schema/operations) from
// the printed schema. `npm run codegen` writes src/generated/ (used by the tests and by clients) and
// src/console/generated/ (the console's documents, for its browser bundle).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'src/generated/': {
      documents: ['schema/operations/*.graphql'],
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // persisted-documents.json: the trusted documents, by SHA-256 of their text (see src/server/trusted-documents.ts).
        persistedDocuments: { mode: 'embedHashInDocument', hashPropertyName: 'hash', hashAlgorithm: 'sha256' },
      },
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        // ESM: relative imports with their extension, as Node resolves them.
        emitLegacyCommonJSImports: false,
      },
    },
    // The web console's documents as typed strings: the browser bundle needs no graphql-js parser.
    'src/console/generated/': {
      documents: ['schema/operations/console.graphql', 'schema/operations/service-map.graphql'],
      preset: 'client',
      // The same hashes as the shipped trusted documents: the console sends its documents by id, so a
      // caller without the explore scope can use it under `trusted_documents.enforce`.
      presetConfig: { fragmentMasking: false, persistedDocuments: { mode: 'embedHashInDocument', hashPropertyName: 'hash', hashAlgorithm: 'sha256' } },
      config: {
        documentMode: 'string',
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        emitLegacyCommonJSImports: false,
      },
    },
  },
};

export default config;
