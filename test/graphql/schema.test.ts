import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  astFromValue,
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  print,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema, printGatewaySchema } from '../../src/graphql/schema.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The public contract lives beside the clone (CI checks shared/ out next to it). */
const contractFile = path.resolve(repoRoot, '../shared/design/schema-contract-next.graphql');
const committedFile = path.resolve(repoRoot, 'schema/schema.graphql');

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

describe('schema/schema.graphql', () => {
  it('is what the code builds (no drift)', async () => {
    const committed = await readFile(committedFile, 'utf8').catch(() => '<missing>');
    expect(printGatewaySchema(schema), 'schema/schema.graphql is out of date: run npm run schema').toBe(committed);
  });
});

describe('the public contract (shared/design/schema-contract-next.graphql)', () => {
  it('is contained in the schema: every type, field, argument, input field, enum value and interface, same names and types', async () => {
    const contract = buildSchema(await readFile(contractFile, 'utf8'));
    const mismatches = compareWithContract(contract, schema);
    expect(mismatches, `${mismatches.length} difference(s) from the contract:\n  ${mismatches.join('\n  ')}`).toEqual([]);
  });
});

describe('descriptions', () => {
  it('are given on every type, field, argument, input field and enum value', () => {
    const missing = undescribed(schema);
    expect(missing, `${missing.length} without a description:\n  ${missing.join('\n  ')}`).toEqual([]);
  });
});

/** The named types a schema defines itself: no introspection types, no built-in scalars. */
function ownTypes(s: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(s.getTypeMap()).filter((t) => !t.name.startsWith('__') && !(isScalarType(t) && isSpecifiedScalarType(t)));
}

function kindOf(t: GraphQLNamedType): string {
  if (isObjectType(t)) return 'object';
  if (isInterfaceType(t)) return 'interface';
  if (isInputObjectType(t)) return 'input';
  if (isEnumType(t)) return 'enum';
  if (isUnionType(t)) return 'union';
  return 'scalar';
}

/** A default value as SDL (e.g. `USDC`, `20`), comparable across schemas whose enums map to other internal values. */
function printedDefault(value: GraphQLArgument | GraphQLInputField): string | undefined {
  if (value.defaultValue === undefined) return undefined;
  const ast = astFromValue(value.defaultValue, value.type);
  return ast ? print(ast) : `<unprintable ${JSON.stringify(value.defaultValue)}>`;
}

function compareInputValue(
  where: string,
  expected: GraphQLArgument | GraphQLInputField,
  actual: GraphQLArgument | GraphQLInputField | undefined,
  out: string[],
): void {
  if (!actual) return void out.push(`${where}: missing (expected ${String(expected.type)})`);
  if (String(actual.type) !== String(expected.type)) out.push(`${where}: type is ${String(actual.type)}, expected ${String(expected.type)}`);
  const want = printedDefault(expected);
  if (want !== undefined && printedDefault(actual) !== want) out.push(`${where}: default is ${printedDefault(actual) ?? 'none'}, expected ${want}`);
}

/** Every way `actual` falls short of `contract`, one readable line each. */
function compareWithContract(contract: GraphQLSchema, actual: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const [root, want, got] of [
    ['query', contract.getQueryType(), actual.getQueryType()],
    ['mutation', contract.getMutationType(), actual.getMutationType()],
    ['subscription', contract.getSubscriptionType(), actual.getSubscriptionType()],
  ] as const) {
    if (want && got?.name !== want.name) out.push(`schema: the ${root} root type is ${got?.name ?? 'missing'}, expected ${want.name}`);
  }
  for (const expected of ownTypes(contract)) {
    const type = actual.getType(expected.name);
    if (!type) {
      out.push(`${expected.name}: ${kindOf(expected)} type missing`);
      continue;
    }
    if (kindOf(type) !== kindOf(expected)) {
      out.push(`${expected.name}: is a ${kindOf(type)}, expected a ${kindOf(expected)}`);
      continue;
    }
    if ((isObjectType(expected) || isInterfaceType(expected)) && (isObjectType(type) || isInterfaceType(type))) {
      const have = type.getInterfaces().map((i) => i.name);
      for (const iface of expected.getInterfaces()) if (!have.includes(iface.name)) out.push(`${expected.name}: does not implement ${iface.name}`);
      const fields = type.getFields();
      for (const field of Object.values(expected.getFields())) {
        const mine = fields[field.name];
        if (!mine) {
          out.push(`${expected.name}.${field.name}: field missing (expected ${String(field.type)})`);
          continue;
        }
        if (String(mine.type) !== String(field.type)) out.push(`${expected.name}.${field.name}: type is ${String(mine.type)}, expected ${String(field.type)}`);
        for (const arg of field.args) {
          compareInputValue(
            `${expected.name}.${field.name}(${arg.name}:)`,
            arg,
            mine.args.find((a) => a.name === arg.name),
            out,
          );
        }
      }
    } else if (isInputObjectType(expected) && isInputObjectType(type)) {
      const fields = type.getFields();
      for (const field of Object.values(expected.getFields())) compareInputValue(`${expected.name}.${field.name}`, field, fields[field.name], out);
    } else if (isEnumType(expected) && isEnumType(type)) {
      for (const value of expected.getValues()) if (!type.getValue(value.name)) out.push(`${expected.name}.${value.name}: enum value missing`);
    } else if (isUnionType(expected) && isUnionType(type)) {
      const members = type.getTypes().map((t) => t.name);
      for (const member of expected.getTypes()) if (!members.includes(member.name)) out.push(`${expected.name}: union lacks member ${member.name}`);
    }
  }
  return out;
}

/** Every type, field, argument, input field and enum value of `s` without a description. */
function undescribed(s: GraphQLSchema): string[] {
  const out: string[] = [];
  const blank = (text: string | null | undefined) => !text?.trim();
  for (const type of ownTypes(s)) {
    if (blank(type.description)) out.push(`type ${type.name}`);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) out.push(`field ${type.name}.${field.name}`);
        for (const arg of field.args) if (blank(arg.description)) out.push(`argument ${type.name}.${field.name}(${arg.name}:)`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (blank(field.description)) out.push(`input field ${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (blank(value.description)) out.push(`enum value ${type.name}.${value.name}`);
    }
  }
  return out;
}
