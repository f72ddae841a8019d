// monaco-graphql's worker: validation, completion and hovers in the operation editor, from the schema.
import 'monaco-graphql/esm/graphql.worker.js';
