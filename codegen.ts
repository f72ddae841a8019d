import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for tests and clients, generated from the committed schema/schema.graphql.
 * The schema is emitted by the GraphQL layer; until it exists there is nothing to generate.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    'test/generated/': { preset: 'client', config: { enumsAsTypes: true } },
  },
};

export default config;
