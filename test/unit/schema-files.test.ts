import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSchemas } from '../../src/schema-files';
import { buildOrdersSchema } from '../../src/schema';

describe('committed schema files', () => {
  it('schema/schema.graphql and schema/api.graphql match the code (run `npm run schema:emit` when this fails)', async () => {
    const { subgraph, api } = await renderSchemas();
    const dir = join(__dirname, '..', '..', 'schema');
    expect(readFileSync(join(dir, 'schema.graphql'), 'utf8')).toBe(subgraph);
    expect(readFileSync(join(dir, 'api.graphql'), 'utf8')).toBe(api);
  });

  it('keeps the fixed surface of DESIGN.md', async () => {
    const schema = await buildOrdersSchema();
    const fields = { ...schema.getQueryType()!.getFields(), ...schema.getMutationType()!.getFields() };
    const signature = (name: string) => {
      const field = fields[name];
      return `${name}(${field.args.map((a) => `${a.name}: ${String(a.type)}`).join(', ')}): ${String(field.type)}`;
    };
    for (const expected of [
      'cart(id: ID!): Cart',
      'productOrder(id: ID!): ProductOrder',
      'productOrders(customerId: ID!, vendor: Vendor, first: Int, after: String): ProductOrderConnection!',
      'cartCreate(input: CartCreateInput!): CartPayload!',
      'cartItemsAdd(cartId: ID!, items: [CartItemInput!]!): CartPayload!',
      'cartItemsRemove(cartId: ID!, itemIds: [ID!]!): CartPayload!',
      'cartPrice(cartId: ID!): CartPayload!',
      'cartSubmit(cartId: ID!, idempotencyKey: String!, input: CartSubmitInput): OrderPayload!',
      'cartPreAuthorize(cartId: ID!, input: CartSubmitInput): CartPayload!',
      'orderResendForFulfillment(orderIds: [ID!]!): OrderListPayload!',
      'orderReturn(orderId: ID!, lines: [ReturnLineInput!]!, idempotencyKey: String!): OrderPayload!',
      'renewalPreview(customerId: ID!): OrderPayload!',
      // Additions are allowed: the optional `lines` of renewalPlace.
      'renewalPlace(customerId: ID!, idempotencyKey: String!, lines: [RenewalLineInput!]): OrderPayload!',
    ]) {
      expect(signature(expected.slice(0, expected.indexOf('(')))).toBe(expected);
    }
  });
});
