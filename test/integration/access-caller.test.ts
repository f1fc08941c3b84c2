import { Vendor } from '../../src/common/vendor';
import {
  CartCheckoutDocument,
  CartCreateDocument,
  CartDocument,
  CartItemsAddDocument,
  CartPriceDocument,
  CartSubmitDocument,
  EntitiesDocument,
  OracleCustomerCartsAndOrdersDocument,
  ProductOrderDocument,
  ProductOrdersDocument,
} from '../generated/graphql';
import { newKey, NO_CALLER, startTestApp, TestApp } from '../support/test-app';
import { attCheckoutChoices } from '../support/att-fixtures';

const OWNER = 'cust-1001';
const OTHER = 'cust-1002';
let t: TestApp;
let cartId: string;
let orderId: string;

/** Vendor writes the AT&T simulator has seen: anything but a GET. */
async function attWrites(): Promise<number> {
  const { requests } = await t.sim(Vendor.ATT).stats();
  return Object.entries(requests)
    .filter(([route]) => !route.startsWith('GET '))
    .reduce((sum, [, n]) => sum + n, 0);
}

async function fiberCart(): Promise<string> {
  const res = await t.as(OWNER).gql(CartCreateDocument, {
    input: { vendor: 'ATT', customerId: OWNER, items: [{ offeringId: 'fiber-1000', productType: 'Fiber_Internet', quantity: 1 }] },
  });
  expect(res.data!.cartCreate.userErrors).toEqual([]);
  return res.data!.cartCreate.cart!.id;
}

async function submitInput(id: string) {
  const checkout = await t.as(OWNER).gql(CartCheckoutDocument, { id });
  const options = checkout.data!.cart!.checkoutOptions!;
  return {
    ...attCheckoutChoices(options),
    payments: [{ method: 'CARD' as const, cardToken: 'tok_visa_00000001', cardBrand: 'VISA', cardLast4: '4242' }],
  };
}

beforeAll(async () => {
  t = await startTestApp();
  cartId = await fiberCart();
  const ordered = await fiberCart();
  const submitted = await t.as(OWNER).gql(CartSubmitDocument, { cartId: ordered, idempotencyKey: newKey(), input: await submitInput(ordered) });
  expect(submitted.data!.cartSubmit.userErrors).toEqual([]);
  orderId = submitted.data!.cartSubmit.order!.id;
});

afterAll(async () => {
  await t.close();
});

describe('no caller: every customer-scoped read or write is UNAUTHENTICATED, naming x-customer-id', () => {
  it('reads, entity lookups, lists and writes without x-customer-id are refused before any vendor call', async () => {
    const before = (await t.sim(Vendor.ATT).stats()).requestsTotal;
    const answers = [
      await t.gql(CartDocument, { id: cartId }, NO_CALLER),
      await t.gql(ProductOrderDocument, { id: orderId }, NO_CALLER),
      await t.gql(ProductOrdersDocument, { customerId: OWNER }, NO_CALLER),
      await t.gql(EntitiesDocument, { representations: [{ __typename: 'Cart', id: cartId }] }, NO_CALLER),
      await t.gql(OracleCustomerCartsAndOrdersDocument, { representations: [{ __typename: 'Customer', id: OWNER }], vendor: 'ATT' }, NO_CALLER),
      await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: OWNER } }, NO_CALLER),
      await t.gql(CartItemsAddDocument, { cartId, items: [{ offeringId: 'gateway-bgw320', productType: 'Equipment', quantity: 1 }] }, NO_CALLER),
      await t.gql(CartSubmitDocument, { cartId, idempotencyKey: newKey(), input: { acceptedTerms: ['CSA', 'HTPT'] } }, NO_CALLER),
    ];
    for (const res of answers) {
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0].message).toContain('x-customer-id');
    }
    expect((await t.sim(Vendor.ATT).stats()).requestsTotal).toBe(before);
  });

  it('what reads nothing of a customer needs no caller: the SDL for the router, __typename', async () => {
    const res = await t.post({ query: '{ _service { sdl } __typename }' }, NO_CALLER);
    expect(res.errors).toBeUndefined();
    expect(res.raw).toContain('type Cart');
  });
});

describe("another caller sees nothing of the owner's and can change nothing", () => {
  it("the owner's cart and order read as null, also through _entities", async () => {
    expect((await t.as(OWNER).gql(CartDocument, { id: cartId })).data!.cart?.id).toBe(cartId);
    expect((await t.as(OTHER).gql(CartDocument, { id: cartId })).data!.cart).toBeNull();
    expect((await t.as(OWNER).gql(ProductOrderDocument, { id: orderId })).data!.productOrder?.id).toBe(orderId);
    expect((await t.as(OTHER).gql(ProductOrderDocument, { id: orderId })).data!.productOrder).toBeNull();
    const entities = await t.as(OTHER).gql(EntitiesDocument, {
      representations: [
        { __typename: 'Cart', id: cartId },
        { __typename: 'ProductOrder', id: orderId },
      ],
    });
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities).toEqual([null, null]);
  });

  it("the owner's Customer.carts and Customer.orders, and productOrders, are empty connections", async () => {
    const own = await t.as(OWNER).gql(OracleCustomerCartsAndOrdersDocument, { representations: [{ __typename: 'Customer', id: OWNER }], vendor: 'ATT' });
    const ownCustomer = own.data!._entities[0] as { carts: { totalCount: number }; orders: { totalCount: number } };
    expect(ownCustomer.carts.totalCount).toBeGreaterThan(0);
    expect(ownCustomer.orders.totalCount).toBeGreaterThan(0);
    const other = await t.as(OTHER).gql(OracleCustomerCartsAndOrdersDocument, { representations: [{ __typename: 'Customer', id: OWNER }], vendor: 'ATT' });
    expect(other.errors).toBeUndefined();
    expect(other.data!._entities[0]).toMatchObject({ id: OWNER, carts: { totalCount: 0, nodes: [] }, orders: { totalCount: 0, nodes: [] } });
    const orders = await t.as(OTHER).gql(ProductOrdersDocument, { customerId: OWNER });
    expect(orders.data!.productOrders).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it("changing, pricing or submitting the owner's cart is refused and nothing reaches the vendor", async () => {
    const writes = await attWrites();
    const ordersCreated = (await t.sim(Vendor.ATT).stats()).ordersCreated;
    const other = t.as(OTHER);
    const added = await other.gql(CartItemsAddDocument, { cartId, items: [{ offeringId: 'gateway-bgw320', productType: 'Equipment', quantity: 1 }] });
    expect(added.data!.cartItemsAdd).toMatchObject({ cart: null, userErrors: [{ code: 'CART_NOT_FOUND' }] });
    const priced = await other.gql(CartPriceDocument, { cartId });
    expect(priced.data!.cartPrice).toMatchObject({ cart: null, userErrors: [{ code: 'CART_NOT_FOUND' }] });
    const submitted = await other.gql(CartSubmitDocument, { cartId, idempotencyKey: newKey(), input: { acceptedTerms: ['CSA', 'HTPT'] } });
    expect(submitted.data!.cartSubmit.order).toBeNull();
    expect(submitted.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['CART_NOT_FOUND']);
    const created = await other.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: OWNER } });
    expect(created.data!.cartCreate.cart).toBeNull();
    expect(created.data!.cartCreate.userErrors.length).toBe(1);
    expect(await attWrites()).toBe(writes);
    expect((await t.sim(Vendor.ATT).stats()).ordersCreated).toBe(ordersCreated);
    // The owner's cart is as it was.
    const own = await t.as(OWNER).gql(CartDocument, { id: cartId });
    expect(own.data!.cart!.items.length).toBe(1);
  });

  it('a malformed caller header is BAD_USER_INPUT naming the header, and its value is not echoed', async () => {
    const res = await t.gql(CartDocument, { id: cartId }, { 'x-customer-id': '4111111111111111' });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.raw).not.toContain('4111111111111111');
    const spaced = await t.gql(CartDocument, { id: cartId }, { 'x-customer-id': 'cust 1001' });
    expect(spaced.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['x-customer-id'] });
  });
});
