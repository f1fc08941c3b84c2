import { VendorExample } from '../vendor-module';

/** The IDE's Adobe VIP Marketplace walk-through, against the simulator's seeded customer cust-1001. */
const WALK_THROUGH = `# Adobe VIP Marketplace: a draft cart held by the subgraph, a priced preview, an order and a renewal preview. Run
# the operations in order; "<last cart id>" and "<last order id>" come from the previous answers, and
# "<new per run>" is a fresh idempotency key on every run.

# 1. A draft with 12 seats of Photoshop for teams at level 1: the preview suggests the level-2 offer.
mutation AdobeCartCreate {
  cartCreate(input: { vendor: ADOBE, customerId: "cust-1001", items: [
    { offeringId: "65304470CA01A12", quantity: 12, currencyCode: "USD" }
  ] }) {
    cart { id state items { id offeringId quantity } }
    userErrors { field code message vendorCode }
  }
}

# 2. Price it (Adobe's order preview).
mutation AdobeCartPrice($cartId: ID!) {
  cartPrice(cartId: $cartId) {
    cart { id items { offeringId suggestedOfferingId quantity } totals { total { amount currencyCode } } }
    userErrors { field code message vendorCode }
  }
}

# 3. Place the order. The same key always yields the same order.
mutation AdobeSubmit($cartId: ID!, $idempotencyKey: String!) {
  cartSubmit(cartId: $cartId, idempotencyKey: $idempotencyKey) {
    order { id state vendorStatus pollAfter orderType }
    userErrors { field code message vendorCode }
  }
}

# 4. Read the order back from Adobe.
query AdobeOrder($orderId: ID!) {
  productOrder(id: $orderId) { id state vendorStatus pollAfter items { name quantity } }
}

# 5. What the customer's next renewal would cost (a mutation: Adobe's preview is a POST).
mutation AdobeRenewalPreview {
  renewalPreview(customerId: "cust-1001") {
    order { id state orderType items { offeringId quantity } totals { total { amount currencyCode } } }
    userErrors { field code message vendorCode }
  }
}
`;

/** The examples the GraphQL IDE of `npm start` opens with, one tab each. */
export const ADOBE_EXAMPLES: readonly VendorExample[] = [
  {
    title: 'Adobe VIP Marketplace: order and renewal',
    document: WALK_THROUGH,
    variables: { cartId: '<last cart id>', orderId: '<last order id>', idempotencyKey: '<new per run>' },
  },
];
