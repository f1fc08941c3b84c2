/**
 * The operation Apollo Sandbox opens with on `npm start`: it works as is against the simulators' seeded customer
 * `cust-1001` and offerings `fiber-1000` and `gateway-bgw320`. Run CreateCart, copy the cart id into the variables,
 * then the next operations in order.
 */
export const SANDBOX_DOCUMENT = `# 1. Create an AT&T cart with two items for the seeded customer cust-1001.
mutation CreateCart {
  cartCreate(input: { vendor: ATT, customerId: "cust-1001", items: [
    { offeringId: "fiber-1000", productType: "Fiber_Internet", quantity: 1 }
    { offeringId: "gateway-bgw320", productType: "Equipment", quantity: 1 }
  ] }) {
    cart { id state items { id name quantity unitPrice { oneTime { amount currencyCode } recurring { amount { amount } period } } }
           totals { oneTime { amount currencyCode } recurring { amount { amount currencyCode } period } } }
    userErrors { field code message vendorCode }
  }
}

# 2. Read checkout options: terms to accept and installation slots. Paste the cart id into the variables.
query Checkout($cartId: ID!) {
  cart(id: $cartId) {
    id state
    checkoutOptions { terms { key required } appointmentSlots { id start end } fulfillmentOptions { id method name } }
  }
}

# 3. Submit: accept the required terms and pick a slot id from step 2. Same key, same order, however often retried.
mutation Submit($cartId: ID!, $slotId: ID) {
  cartSubmit(cartId: $cartId, idempotencyKey: "sandbox-submit-0001", input: {
    acceptedTerms: ["CSA", "HTPT"], installationAppointmentId: $slotId, autoPay: true, paperless: true
    payments: [{ method: CARD, cardToken: "tok_visa_4242abcd", cardBrand: "VISA", cardLast4: "4242" }]
  }) {
    order { id state vendorStatus customerOrderId pollAfter submittedAt }
    userErrors { field code message vendorCode }
  }
}

# 4. Read the order back, and the customer's orders.
query Order($orderId: ID!) {
  productOrder(id: $orderId) { id state vendorStatus customerOrderId pollAfter items { name quantity } payments { method card { brand last4 } } }
  productOrders(customerId: "cust-1001", first: 5) { totalCount edges { cursor node { id state } } pageInfo { hasNextPage endCursor } }
}
`;

/** Variables shown beside the document; replace the ids with the ones the operations return. */
export const SANDBOX_VARIABLES = {
  cartId: 'paste the cart id from CreateCart',
  slotId: 'paste a slot id from Checkout',
  orderId: 'paste the order id from Submit',
};
