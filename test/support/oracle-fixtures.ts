import { CartCreateDocument, CartPreAuthorizeDocument } from '../generated/graphql';
import type { AddressInput, CartItemInput, PaymentInput } from '../generated/graphql';
import type { TestApp } from './test-app';

/** A seeded Oracle simulator product with its SKU, as the Oracle tests add it to carts. */
export const PHONE: CartItemInput = { offeringId: 'prod-phone-x', quantity: 1, characteristics: [{ name: 'catRefId', value: 'sku-phone-x-128' }] };

/** A shipping and billing address the Oracle simulator accepts. */
export const ADDRESS: AddressInput = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '600 Dexter Avenue',
  city: 'Montgomery',
  state: 'AL',
  postalCode: '36130',
  country: 'US',
};

/** A vaulted card: token, brand and last four only, never a card number. */
export const CARD: PaymentInput = { method: 'CARD', cardToken: 'tok_visa_4242abcd', cardBrand: 'visa', cardLast4: '4242' };

/** A new Oracle cart of one PHONE for `customerId`, pre-authorized with ADDRESS and CARD: ready to submit. */
export async function readyOracleCart(t: TestApp, customerId: string): Promise<string> {
  const as = { 'x-customer-id': customerId };
  const created = await t.gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId, items: [PHONE] } }, as);
  const cartId = created.data!.cartCreate.cart!.id;
  const authorized = await t.gql(CartPreAuthorizeDocument, { cartId, input: { shippingAddress: ADDRESS, payments: [CARD] } }, as);
  expect(authorized.data?.cartPreAuthorize.userErrors).toEqual([]);
  return cartId;
}
