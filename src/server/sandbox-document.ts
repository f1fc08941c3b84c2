import type { VendorExample } from '../vendors/vendor-module';

/**
 * The customer the IDE calls as on `npm start`: the header a router would set (`x-customer-id`), prefilled with a
 * customer that every simulator seeds, so that the examples run as they are.
 */
export const IDE_CALLER_HEADERS: Readonly<Record<string, string>> = { 'x-customer-id': 'cust-1001' };

/**
 * The IDE's first tab: a query that needs no cart or order yet. The vendors' walk-throughs follow it, each from its
 * own folder (`examples` on the vendor module), so this file names no vendor.
 */
export function startHereExample(): VendorExample {
  return {
    title: 'Start here',
    document: `# The orders subgraph. The caller is the header x-customer-id (in Headers below), as a router would set it;
# the other tabs walk a cart to an order at each vendor, on the built-in simulators when run with npm start.
# Queries read; mutations (cartCreate, cartSubmit, renewalPreview, ...) change state at the vendor.

query MyOrders {
  productOrders(customerId: "cust-1001", first: 5) {
    totalCount
    edges { node { id vendor state vendorStatus submittedAt } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  };
}
