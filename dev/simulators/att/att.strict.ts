/**
 * What AT&T's partner docs allow, for the simulator's strict mode. Written from shared/vendors/README.md §1 and the
 * seeds only (never from the adapter): a route, body field, query parameter or header not listed here is refused.
 * Where the docs name a container but not its contents (express-submit's objects), the contents are left open (`.*`).
 */
import type { StrictContract, StrictViolation, SimRequest, SimResponse } from '../kit';
import { ATT_BASE_PATH } from './att.views';

const p = (path: string): string => `${ATT_BASE_PATH}${path}`;

const CREATE = '[C] README §1.2 create cart body; seed 001 example';
const ADD = '[C] README §1.2 add-items item; seed 002 example';
const SUBMIT = '[C] seed 000 express-submit body parameters (contents of each object undocumented)';

export const ATT_STRICT_CONTRACT: StrictContract = {
  [`POST ${p('/carts')}`]: {
    source: '[C] README §1.1 POST /carts (spec v1.0.3); seed 001',
    body: {
      channel: CREATE,
      'channel.id': CREATE,
      'channel.name': CREATE,
      'channel.extensions': CREATE,
      'channel.extensions[].name': CREATE,
      'channel.extensions[].value': CREATE,
      relatedParty: CREATE,
      'relatedParty[].referredType': CREATE,
      'relatedParty[].role': CREATE,
      'relatedParty[].id': CREATE,
      'relatedParty[].name': CREATE,
      'relatedParty[].extensions': CREATE,
      'relatedParty[].extensions[].name': CREATE,
      'relatedParty[].extensions[].value': CREATE,
    },
  },
  [`POST ${p('/carts/:cartId/items')}`]: {
    source: '[C] README §1.1 POST /carts/{cartId}/items (v1.0.3); seed 002',
    body: {
      items: ADD,
      'items[].action': ADD,
      'items[].productOfferingType': ADD,
      'items[].productOfferingId': ADD,
      'items[].productOrderItemId': ADD,
      'items[].rootBundleProductOrderItemId': ADD,
      'items[].subscriberNumber': ADD,
      'items[].billingAccount': ADD,
      'items[].billingAccount.ratingType': ADD,
      'items[].billingAccount.id': ADD,
      'items[].actionReason': ADD,
      'items[].actionReason.reasonText': ADD,
      'items[].actionReason.name': ADD,
      'items[].actionReason.action': ADD,
      'items[].product': ADD,
      'items[].product.id': ADD,
      'items[].product.primaryProductId': ADD,
      'items[].product.place': ADD,
      'items[].product.place[].role': ADD,
      'items[].product.place[].name': ADD,
      'items[].product.place[].id': ADD,
      'items[].characteristic': ADD,
      'items[].characteristic[].name': ADD,
      'items[].characteristic[].value': ADD,
    },
  },
  [`POST ${p('/checkout')}`]: {
    source: '[C] README §1.1 POST /checkout body {cartId, fulfillmentAddressId?}',
    body: { cartId: '[C] README §1.1 checkout', fulfillmentAddressId: '[C] README §1.1 checkout' },
  },
  [`POST ${p('/carts/:cartId/express-submit')}`]: {
    source: '[C] README §1.1 express-submit (v1.0.2); seed 000',
    requiredHeaders: { appname: '[C] seed 000 header parameter appname (value undocumented: presence only)' },
    body: {
      paymentMethods: SUBMIT,
      'paymentMethods[].*': SUBMIT,
      enrollment: SUBMIT,
      'enrollment.*': SUBMIT,
      oneTimePayment: SUBMIT,
      'oneTimePayment.*': SUBMIT,
      terms: SUBMIT,
      'terms.*': SUBMIT,
      billing: SUBMIT,
      'billing.*': SUBMIT,
      fulfillment: SUBMIT,
      'fulfillment.*': SUBMIT,
      installationAppointment: SUBMIT,
      'installationAppointment.*': SUBMIT,
    },
  },
  [`POST ${p('/orders/query')}`]: {
    source: '[C] README §1.1 orders query (GraphQL over POST, body {query})',
    body: { query: '[C] README §1.1 body {query: "{ getOrders(filter: …) { … } }"}' },
    requiredHeaders: {
      'idp-trace-id': '[C] README §1.1 orders query headers (value undocumented: presence only)',
      'idpctx-session-id': '[C] README §1.1 orders query headers (value undocumented: presence only)',
      servicetype: '[C] README §1.1 orders query headers (value undocumented: presence only)',
      topics: '[C] README §1.1 orders query headers (value undocumented: presence only)',
    },
  },
};

/**
 * The orders query schema with only the documented selection (README §1.1): filter `{orderId, accountNumber,
 * orderDate, lineOfBusiness, limit, offset}`; order fields `id orderId parentOrderId orderDate canceledDate
 * orderStatus{status} customer{…} fulfillments{fulfillmentStatus{status}} products{productStatus{status} …}
 * accounts{accountNumber} returnOrderDetails{…} orderPrice{total} pointOfNoReturnDate orderErrorInfoList{errorInfo}`,
 * `pageInfo{totalCount pageSize pageNumber}`. Where the docs write `{…}` the contents are unknown: `customer` and
 * `returnOrderDetails` keep only an `id` [U] so the type is valid GraphQL; `products` only `productStatus`.
 */
export const ATT_STRICT_ORDERS_SDL = /* GraphQL */ `
  type Query {
    getOrders(filter: OrderFilter!): OrdersResult!
  }
  input OrderFilter {
    orderId: String
    accountNumber: String
    orderDate: String
    lineOfBusiness: String
    limit: Int
    offset: Int
  }
  type OrdersResult {
    orders: [Order!]!
    pageInfo: PageInfo!
  }
  type PageInfo {
    totalCount: Int!
    pageSize: Int!
    pageNumber: Int!
  }
  type Order {
    id: String!
    orderId: String!
    parentOrderId: String
    orderDate: String!
    canceledDate: String
    orderStatus: OrderStatus!
    customer: OrderCustomer!
    fulfillments: [Fulfillment!]!
    products: [OrderProduct!]!
    accounts: [Account!]!
    returnOrderDetails: [ReturnOrderDetail!]!
    orderPrice: OrderPrice!
    pointOfNoReturnDate: String
    orderErrorInfoList: [OrderErrorInfo!]!
  }
  type OrderStatus {
    status: String!
  }
  type OrderCustomer {
    id: String!
  }
  type Fulfillment {
    fulfillmentStatus: FulfillmentStatus!
  }
  type FulfillmentStatus {
    status: String!
  }
  type OrderProduct {
    productStatus: ProductStatus!
  }
  type ProductStatus {
    status: String!
  }
  type Account {
    accountNumber: String!
  }
  type ReturnOrderDetail {
    id: String
  }
  type OrderPrice {
    total: String!
  }
  type OrderErrorInfo {
    errorInfo: String
  }
`;

/** A strict refusal in AT&T's error envelope (TMF Error + details [I]); the orders query answers GraphQL errors. */
export function attStrictRefusal(violation: StrictViolation, req: SimRequest): SimResponse {
  const message =
    violation.kind === 'missing-header'
      ? `Missing required header ${violation.name}`
      : violation.kind === 'unknown-query'
        ? `Unknown query parameter ${violation.name}`
        : `Unknown field ${violation.name}`;
  if (req.template.endsWith('/orders/query')) return { status: 400, body: { errors: [{ message }] } };
  return {
    status: 400,
    body: { code: 'EXTSALESOPS-REQUEST-VALIDATION-0001', reason: 'Invalid request', message, status: '400', details: { field: violation.name } },
  };
}
