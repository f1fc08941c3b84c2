import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTypeDefinitionNode, isTypeExtensionNode, parse } from 'graphql';

/** Federation and link machinery: not this subgraph's API, described by their own specs. */
const BUILT_IN = /^(_|link__|federation__|join__)/;
/** The root types: type-graphql gives them no description, and Studio shows their fields' descriptions. */
const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

/** Every type, field, argument, input field and enum value of an SDL document that has no description. */
function undescribed(sdl: string): string[] {
  const missing: string[] = [];
  const check = (node: { description?: unknown }, at: string) => {
    if (!node.description) missing.push(at);
  };
  for (const definition of parse(sdl).definitions) {
    // An extension cannot carry a description of its own; its fields and values still need theirs.
    if (!isTypeDefinitionNode(definition) && !isTypeExtensionNode(definition)) continue;
    const type = definition.name.value;
    if (BUILT_IN.test(type)) continue;
    if (isTypeDefinitionNode(definition) && !ROOTS.has(type)) check(definition, type);
    if ('fields' in definition) {
      for (const field of definition.fields ?? []) {
        if (BUILT_IN.test(field.name.value)) continue;
        check(field, `${type}.${field.name.value}`);
        if ('arguments' in field) for (const arg of field.arguments ?? []) check(arg, `${type}.${field.name.value}(${arg.name.value})`);
      }
    }
    if ('values' in definition) for (const value of definition.values ?? []) check(value, `${type}.${value.name.value}`);
  }
  return missing;
}

describe('descriptions, as Studio and Sandbox show them to the graph consumers', () => {
  it('every type, field, argument, input field and enum value of schema/schema.graphql has one', () => {
    const sdl = readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(undescribed(sdl)).toEqual([]);
  });

  it('the dev customers subgraph has them too', () => {
    expect(undescribed(readFileSync(join(__dirname, '..', '..', 'dev', 'customers.graphql'), 'utf8'))).toEqual([]);
  });

  it('finds what lacks one', () => {
    const sdl = `
      """A cart."""
      type Cart { id: ID! note(format: String): String }
      enum Vendor { ATT }
      input CartInput { """Described."""id: ID! other: String }
      type Query { cart(id: ID!): Cart _service: String }
      type _Service { sdl: String }
      enum link__Purpose { SECURITY }
      extend type Cart { extra: String }
    `;
    expect(undescribed(sdl)).toEqual([
      'Cart.id',
      'Cart.note',
      'Cart.note(format)',
      'Vendor',
      'Vendor.ATT',
      'CartInput',
      'CartInput.other',
      'Query.cart',
      'Query.cart(id)',
      'Cart.extra',
    ]);
  });
});
