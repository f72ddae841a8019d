import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for tests and clients, generated from the committed schema/schema.graphql (which
 * src/graphql/emit-schema.ts writes from the code). Each operation in test/graphql/documents becomes a
 * TypedDocumentNode whose result and variables types follow the schema, so a story that asks for a
 * field the schema lacks fails to type-check. Fragments are not masked: tests read them in place.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/graphql/documents/*.graphql'],
  // The repo is ESM with NodeNext resolution: relative imports need their .js suffix.
  importExtension: '.js',
  generates: {
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { Decimal: 'string', DateTime: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
