import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CartCreateDocument } from '../generated/graphql';

/** AT&T simulator routes as its stats and faults name them. */
export const ATT_SUBMIT = 'POST /omni-svcs/v1/carts/:cartId/express-submit';
export const ATT_ORDERS_QUERY = 'POST /omni-svcs/v1/orders/query';

/** Sends one operation as some caller, to an in-process test app or to a replica. */
export type SendAs = <TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables: TVars) => Promise<{ data?: TData | null }>;

/** The submit input an eSIM cart needs: the one required term (no fiber, so no appointment). */
export const ATT_SIM_SUBMIT = { acceptedTerms: ['CSA'] };

/** A new AT&T cart of the caller `customerId` holding one eSIM, ready to submit with {@link ATT_SIM_SUBMIT}. */
export async function attSimCart(send: SendAs, customerId: string): Promise<string> {
  const created = await send(CartCreateDocument, {
    input: { vendor: 'ATT', customerId, items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }] },
  });
  const cartId = created.data?.cartCreate.cart?.id;
  if (!cartId) throw new Error(`AT&T cart not created: ${JSON.stringify(created)}`);
  return cartId;
}

/**
 * The id of the newest order AT&T holds for a customer, asked of the simulator with the documented orders query
 * (filter by account, which the simulator matches to the customer id), so that a test compares the order id the
 * subgraph answered with the one the vendor holds.
 */
export async function attNewestOrderId(baseUrl: string, customerId: string): Promise<string | undefined> {
  const res = await fetch(`${baseUrl}/orders/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idp-trace-id': 'test', 'idpctx-session-id': 'test', servicetype: 'FIBER', topics: 'ORDER_STATUS' },
    body: JSON.stringify({ query: `{ getOrders(filter: { accountNumber: ${JSON.stringify(customerId)}, limit: 1 }) { orders { id } } }` }),
  });
  const body = (await res.json()) as { data?: { getOrders: { orders: { id: string }[] } } };
  return body.data?.getOrders.orders[0]?.id;
}

/** What a submit accepts of an AT&T cart's checkout options: every required term, and the first installation slot. */
export function attCheckoutChoices(options: { terms: { key: string; required: boolean }[]; appointmentSlots: { id: string }[] }): {
  acceptedTerms: string[];
  installationAppointmentId: string | undefined;
} {
  return { acceptedTerms: options.terms.filter((term) => term.required).map((term) => term.key), installationAppointmentId: options.appointmentSlots[0]?.id };
}
