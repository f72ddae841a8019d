import {
  GraphQLInterfaceType,
  GraphQLList,
  type GraphQLNamedType,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  type GraphQLType,
  GraphQLUnionType,
  GraphQLInputObjectType,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLFieldResolver,
  type GraphQLInputFieldConfigMap,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * The schema graphql-jit compiles against: a copy of the gateway's, in the same order, without
 * type-graphql's plain reads. type-graphql gives every field that has no @FieldResolver a resolver
 * of its own, `root[property]` through the middleware chain (empty here); graphql-jit inlines a field
 * only when it has no resolver, and otherwise calls it with a resolve info built for each value. A
 * field without a resolver reads `parent[field]` in graphql-jit: the same as type-graphql's read
 * while the property and the field have one name and no middleware or @Authorized stands between,
 * which `plainReadsAreSafe` checks (otherwise every resolver is kept). graphql-js and subscriptions
 * keep the schema as built.
 */
export function jitSchema(schema: GraphQLSchema): GraphQLSchema {
  const strip = plainReadsAreSafe();
  return copySchema(schema, (resolve) => (strip && resolve && isPlainRead(resolve) ? undefined : resolve));
}

/** What type-graphql's resolver of a field with no @FieldResolver does (createBasicFieldResolver, type-graphql 2.0). */
const PLAIN_READ = '() => root[fieldMetadata.name]';

export function isPlainRead(resolve: GraphQLFieldResolver<unknown, unknown>): boolean {
  return resolve.toString().includes(PLAIN_READ);
}

/** No middleware, no authorization and no renamed field anywhere: a plain read is `parent[field]`. */
export function plainReadsAreSafe(): boolean {
  const storage = getMetadataStorage();
  return (
    storage.middlewares.length === 0 &&
    storage.resolverMiddlewares.length === 0 &&
    storage.authorizedFields.length === 0 &&
    storage.authorizedResolver.length === 0 &&
    storage.fields.every((field) => field.schemaName === field.name)
  );
}

type ResolverMap = (resolve: GraphQLFieldResolver<unknown, unknown> | undefined) => GraphQLFieldResolver<unknown, unknown> | undefined;

/**
 * A copy of `schema` whose object and interface fields have `resolver(field.resolve)` as resolver.
 * Types that refer to others are made anew (so the copy's fields are its own); scalars and enums,
 * which refer to none, are shared.
 */
function copySchema(schema: GraphQLSchema, resolver: ResolverMap): GraphQLSchema {
  const made = new Map<string, GraphQLNamedType>();
  const named = <T extends GraphQLNamedType>(type: T): T => (made.get(type.name) as T | undefined) ?? type;
  const ref = (type: GraphQLType): GraphQLType =>
    isListType(type) ? new GraphQLList(ref(type.ofType)) : isNonNullType(type) ? new GraphQLNonNull(ref(type.ofType)) : named(type);
  const args = (map: GraphQLFieldConfigArgumentMap) =>
    Object.fromEntries(Object.entries(map).map(([name, arg]) => [name, { ...arg, type: ref(arg.type) }])) as GraphQLFieldConfigArgumentMap;
  const fields = (map: GraphQLFieldConfigMap<unknown, unknown>) => () =>
    Object.fromEntries(
      Object.entries(map).map(([name, field]) => [name, { ...field, type: ref(field.type), args: args(field.args ?? {}), resolve: resolver(field.resolve) }]),
    ) as GraphQLFieldConfigMap<unknown, unknown>;
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) {
      const config = type.toConfig();
      made.set(type.name, new GraphQLObjectType({ ...config, interfaces: () => config.interfaces.map(named), fields: fields(config.fields) }));
    } else if (isInterfaceType(type)) {
      const config = type.toConfig();
      made.set(type.name, new GraphQLInterfaceType({ ...config, interfaces: () => config.interfaces.map(named), fields: fields(config.fields) }));
    } else if (isUnionType(type)) {
      const config = type.toConfig();
      made.set(type.name, new GraphQLUnionType({ ...config, types: () => config.types.map(named) }));
    } else if (isInputObjectType(type)) {
      const config = type.toConfig();
      const inputFields = () =>
        Object.fromEntries(Object.entries(config.fields).map(([name, field]) => [name, { ...field, type: ref(field.type) }])) as GraphQLInputFieldConfigMap;
      made.set(type.name, new GraphQLInputObjectType({ ...config, fields: inputFields }));
    }
  }
  const config = schema.toConfig();
  return new GraphQLSchema({
    ...config,
    query: config.query && named(config.query),
    mutation: config.mutation && named(config.mutation),
    subscription: config.subscription && named(config.subscription),
    types: config.types.map(named),
    directives: config.directives,
  });
}
