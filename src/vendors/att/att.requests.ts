import { RequestPart, RequestTable } from '../request-table';

const C = (name: string, source: string): RequestPart => ({ name, source });
/** A member of a container the docs name without naming its members (express-submit's objects, seed 000). */
const MEMBER = (name: string, container: string): RequestPart => ({
  name,
  source: `[I] member of the documented \`${container}\` object (seed 000); the docs do not name its members`,
});

const JSON_HEADERS = [
  C('accept', '[C] seeds 001/002: curl --header accept: application/json'),
  C('content-type', '[C] seeds 001/002: curl --header content-type: application/json'),
];
const AUTH = {
  name: 'authorization',
  source: '[U] README §1.2 "Auth for partner.att.com [U]": the credential is configuration',
  assumption: { reason: 'no doc shows how partners authenticate', switch: 'ATT_AUTH=client_credentials|basic' },
};
const CREATE = '[C] README §1.2 create cart body; seed 001';
const ADD = '[C] README §1.2 add-items item; seed 002';

/** Every request the AT&T adapter can send, with its source (README §1). */
export const ATT_REQUESTS: RequestTable = {
  vendor: 'AT&T',
  bases: { main: 'ATT_BASE_URL', orders: 'ATT_ORDERS_BASE_URL' },
  requests: [
    {
      method: 'POST',
      path: '/carts',
      source: '[C] README §1.1 POST /carts (spec v1.0.3); seed 001. Answer read: `id` (identity); a full ProductOrder is merged when sent.',
      headers: [...JSON_HEADERS, AUTH],
      query: [],
      body: [
        C('channel', CREATE),
        C('channel.id', CREATE),
        C('channel.name', CREATE),
        C('relatedParty', CREATE),
        C('relatedParty[].referredType', CREATE),
        C('relatedParty[].role', CREATE),
        C('relatedParty[].id', CREATE),
      ],
    },
    {
      method: 'POST',
      path: '/carts/{cartId}/items',
      source: '[C] README §1.1 POST /carts/{cartId}/items (v1.0.3); seed 002. Answer: `{externalId}` or a full ProductOrder (merged).',
      headers: [...JSON_HEADERS, AUTH],
      query: [],
      body: [
        C('items', ADD),
        C('items[].action', ADD),
        C('items[].productOfferingType', ADD),
        C('items[].productOfferingId', ADD),
        C('items[].billingAccount', ADD),
        C('items[].billingAccount.ratingType', ADD),
        C('items[].billingAccount.id', ADD),
        C('items[].actionReason', ADD),
        C('items[].actionReason.name', ADD),
        C('items[].actionReason.action', ADD),
        C('items[].product', ADD),
        C('items[].product.id', ADD),
        C('items[].product.primaryProductId', ADD),
        C('items[].characteristic', ADD),
        C('items[].characteristic[].name', ADD),
        C('items[].characteristic[].value', ADD),
        {
          name: 'items[].quantity',
          source: '[U] no partner doc shows an item quantity (seed 002)',
          assumption: { reason: 'quantity is TMF ProductOrderItem vocabulary, not shown by the partner API', switch: 'ATT_ASSUME_ITEM_QUANTITY' },
        },
      ],
    },
    {
      method: 'DELETE',
      path: '/carts/{cartId}/items/{itemId}',
      source: '[U] README §1.1: "DELETE/PATCH cart item" not found in the partner family',
      assumption: { reason: 'modelled on TMF663 and the internal Unified Shopping Cart', switch: 'ATT_ASSUME_ITEM_REMOVAL' },
      headers: [C('accept', '[C] seeds 001/002'), AUTH],
      query: [],
      body: [],
    },
    {
      method: 'POST',
      path: '/checkout',
      source: '[C] README §1.1 POST /checkout body {cartId, fulfillmentAddressId?}. Each option, slot and term is read on its own.',
      headers: [...JSON_HEADERS, AUTH],
      query: [],
      body: [C('cartId', '[C] README §1.1 checkout body')],
    },
    {
      method: 'POST',
      path: '/carts/{cartId}/express-submit',
      source:
        '[C] README §1.1 express-submit (v1.0.2); seed 000. Answer read: `id` and `state` (identity), customerOrderId, submissionDate. A 409 (seed 000: "In case of conflicts (409), includes complete product order with validation details") whose productOrder is this cart past Draft names the order an earlier submit placed.',
      headers: [...JSON_HEADERS, AUTH, C('appname', '[C] seed 000 header parameter appname (ATT_APP_NAME)')],
      query: [],
      body: [
        C('paymentMethods', '[C] seed 000 body parameter paymentMethods (array of objects)'),
        MEMBER('paymentMethods[].type', 'paymentMethods[]'),
        MEMBER('paymentMethods[].card', 'paymentMethods[]'),
        MEMBER('paymentMethods[].card.token', 'paymentMethods[]'),
        MEMBER('paymentMethods[].card.brand', 'paymentMethods[]'),
        MEMBER('paymentMethods[].card.last4', 'paymentMethods[]'),
        MEMBER('paymentMethods[].paymentProfileId', 'paymentMethods[]'),
        C('enrollment', '[C] seed 000 body parameter enrollment (AutoPay, Paperless)'),
        MEMBER('enrollment.autoPay', 'enrollment'),
        MEMBER('enrollment.paperless', 'enrollment'),
        C('terms', '[C] seed 000 body parameter terms (accepted keys: CSA, HTPT, …)'),
        MEMBER('terms.acceptedKeys', 'terms'),
        C('fulfillment', '[C] seed 000 body parameter fulfillment (DF, C2S)'),
        MEMBER('fulfillment.fulfillmentOptionId', 'fulfillment'),
        C('installationAppointment', '[C] seed 000 body parameter installationAppointment (contact, time slot)'),
        MEMBER('installationAppointment.appointmentId', 'installationAppointment'),
        MEMBER('installationAppointment.contactName', 'installationAppointment'),
        MEMBER('installationAppointment.contactPhone', 'installationAppointment'),
      ],
    },
    {
      method: 'POST',
      path: '/orders/query',
      base: 'orders',
      source:
        '[C] README §1.1 orders query: GraphQL over POST, getOrders(filter: {orderId | accountNumber, limit, offset}) selecting `id orderId orderDate orderStatus{status} accounts{accountNumber} orderPrice{total}` and, for a page (by account), `pageInfo{totalCount pageSize pageNumber}`. Filtering by accountNumber = customer id only with ATT_LIST_ORDERS_BY_ACCOUNT.',
      headers: [
        ...JSON_HEADERS,
        AUTH,
        C('idp-trace-id', '[C] README §1.1 orders query headers (value: the request id)'),
        C('idpctx-session-id', '[C] README §1.1 orders query headers (value: the request id [I])'),
        C('servicetype', '[C] README §1.1 orders query headers (value ATT_SERVICE_TYPE, default FIBER [I])'),
        C('topics', '[C] README §1.1 orders query headers (value ATT_TOPICS, default ORDER_STATUS [I])'),
      ],
      query: [],
      body: [C('query', '[C] README §1.1 body {query}')],
    },
  ],
};
