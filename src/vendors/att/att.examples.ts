import { VendorExample } from '../vendor-module';

/** The IDE's AT&T walk-through, against the simulator's seeded customer cust-1001 and its fiber offerings. */
const WALK_THROUGH = `# AT&T, from cart to order. Run the operations in order: each one reads the ids the previous answers held
# ("<last cart id>", "<last slot id>", "<last order id>" in the variables), and "<new per run>" is a fresh
# idempotency key on every run.

# 1. Create a cart with fiber internet and a gateway for the seeded customer cust-1001.
mutation AttCartCreate {
  cartCreate(input: { vendor: ATT, customerId: "cust-1001", items: [
    { offeringId: "fiber-1000", productType: "Fiber_Internet", quantity: 1 }
    { offeringId: "gateway-bgw320", productType: "Equipment", quantity: 1 }
  ] }) {
    cart { id state items { id name quantity } totals { oneTime { amount currencyCode } recurring { amount { amount currencyCode } period } } }
    userErrors { field code message vendorCode }
  }
}

# 2. Checkout options: the terms to accept and the installation slots.
query AttCheckout($cartId: ID!) {
  cart(id: $cartId) {
    id state
    checkoutOptions { terms { key required } appointmentSlots { id start end } fulfillmentOptions { id method name } }
  }
}

# 3. Submit with the required terms and the first slot. The same key always yields the same order.
mutation AttSubmit($cartId: ID!, $slotId: ID, $idempotencyKey: String!) {
  cartSubmit(cartId: $cartId, idempotencyKey: $idempotencyKey, input: {
    acceptedTerms: ["CSA", "HTPT"], installationAppointmentId: $slotId, autoPay: true, paperless: true
    payments: [{ method: CARD, cardToken: "tok_visa_4242abcd", cardBrand: "VISA", cardLast4: "4242" }]
  }) {
    order { id state vendorStatus customerOrderId pollAfter submittedAt }
    userErrors { field code message vendorCode }
  }
}

# 4. Read the order back from AT&T.
query AttOrder($orderId: ID!) {
  productOrder(id: $orderId) { id state vendorStatus customerOrderId pollAfter items { name quantity } payments { method card { brand last4 } } }
}
`;

/** The examples the GraphQL IDE of `npm start` opens with, one tab each. */
export const ATT_EXAMPLES: readonly VendorExample[] = [
  {
    title: 'AT&T: cart to order',
    document: WALK_THROUGH,
    variables: { cartId: '<last cart id>', slotId: '<last slot id>', orderId: '<last order id>', idempotencyKey: '<new per run>' },
  },
];
