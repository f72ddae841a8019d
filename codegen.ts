import type { CodegenConfig } from '@graphql-codegen/cli';

const scalars = { Decimal: 'string', DateTime: 'string', JSONObject: 'Record<string, unknown>' };

/**
 * Typed documents generated from the committed schema/schema.graphql (which src/graphql/emit-schema.ts
 * writes from the code), one target per client. Each operation becomes a TypedDocumentNode whose result
 * and variables types follow the schema, so a document asking for a field the schema lacks fails to
 * type-check. Fragments are not masked: the code reads them in place.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  // The repo is ESM with NodeNext resolution: relative imports need their .js suffix.
  importExtension: '.js',
  generates: {
    // The tests' documents.
    'test/generated/': {
      documents: ['test/graphql/documents/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, useTypeImports: true, strictScalars: true, scalars },
    },
    // The example seller dashboard's documents, as trusted (persisted) documents: each document is its
    // sha256 hash alone, and persisted-documents.json maps every hash to the exact text a gateway
    // registers, which the page sends in its place until the gateway takes hashes (see its client.ts).
    'examples/seller-dashboard/src/generated/': {
      documents: ['examples/seller-dashboard/src/operations/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256', mode: 'replaceDocumentWithHash' } },
      config: { enumsAsTypes: true, useTypeImports: true, strictScalars: true, scalars },
    },
  },
};

export default config;
