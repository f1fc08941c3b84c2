import { VendorExample } from '../vendor-module';

/** The IDE's Oracle Commerce walk-through, against the simulator's seeded products on the default site. */
const WALK_THROUGH = `# Oracle Commerce, from cart to order. Run the operations in order; the variables pick up the ids of the previous
# answers ("<last cart id>", "<last order id>"), and "<new per run>" is a fresh idempotency key on every run.

# 1. Create a cart with a phone (the SKU goes in the catRefId characteristic) and two cases.
mutation OracleCartCreate {
  cartCreate(input: { vendor: ORACLE, customerId: "cust-1001", items: [
    { offeringId: "prod-phone-x", quantity: 1, characteristics: [{ name: "catRefId", value: "sku-phone-x-128" }] }
    { offeringId: "prod-case", quantity: 2 }
  ] }) {
    cart { id state items { id name quantity } totals { total { amount currencyCode } } }
    userErrors { field code message vendorCode }
  }
}

# 2. Apply a coupon and price the cart.
mutation OracleCoupon($cartId: ID!) {
  cartCouponsApply(cartId: $cartId, codes: ["SAVE10"]) {
    cart { id coupons { code status } totals { total { amount currencyCode } } }
    userErrors { field code message vendorCode }
  }
}

# 3. Pre-authorize the card and set the shipping address.
mutation OraclePreAuthorize($cartId: ID!) {
  cartPreAuthorize(cartId: $cartId, input: {
    shippingAddress: { firstName: "Ada", lastName: "Lovelace", line1: "600 Dexter Avenue", city: "Montgomery", state: "AL", postalCode: "36130", country: "US" }
    payments: [{ method: CARD, cardToken: "tok_visa_4242abcd", cardBrand: "visa", cardLast4: "4242" }]
  }) {
    cart { id state totals { total { amount currencyCode } } }
    userErrors { field code message vendorCode }
  }
}

# 4. Submit. The same key always yields the same order.
mutation OracleSubmit($cartId: ID!, $idempotencyKey: String!) {
  cartSubmit(cartId: $cartId, idempotencyKey: $idempotencyKey) {
    order { id state vendorStatus customerOrderId pollAfter }
    userErrors { field code message vendorCode }
  }
}

# 5. Read the order back from Oracle.
query OracleOrder($orderId: ID!) {
  productOrder(id: $orderId) { id state vendorStatus items { name quantity } payments { method amount { amount currencyCode } card { brand last4 } } }
}
`;

/** The examples the GraphQL IDE of `npm start` opens with, one tab each. */
export const ORACLE_EXAMPLES: readonly VendorExample[] = [
  {
    title: 'Oracle Commerce: cart to order',
    document: WALK_THROUGH,
    variables: { cartId: '<last cart id>', orderId: '<last order id>', idempotencyKey: '<new per run>' },
  },
];
