import { RequestPart, RequestTable } from '../request-table';

const C = (name: string, source: string): RequestPart => ({ name, source });
const BODY = '[C] README §3 request body (seen in examples)';
const ITEM = '[C] README §3 shoppingCart.items[]; seed 003 createOrder_request example';
const PAY = '[C] README §3 payments[{type, amount, PONumber, cardType, nameOnCard, endMonth, endYear, customProperties{}}]';
const ADDRESS = '[C] seed 003 shippingAddress example (address1, address2, city, state, postalCode, country, firstName, lastName)';

const AGENT_HEADERS = [
  C('accept', '[C] README §3 JSON API'),
  C('authorization', '[C] README §3 auth: OAuth2 bearer token from login'),
  C('x-ccsite', '[C] README §3 header x-ccsite (forwarded from the GraphQL request when given)'),
  C('x-ccorganization', '[C] README §3 header X-CCOrganization (forwarded when given)'),
];
const address = (root: string): RequestPart[] => [
  C(root, BODY),
  ...['firstName', 'lastName', 'address1', 'address2', 'city', 'state', 'postalCode', 'country'].map((f) => C(`${root}.${f}`, ADDRESS)),
];
const ORDER_CHANGES: RequestPart[] = [
  C('profileId', BODY),
  C('shoppingCart', BODY),
  C('shoppingCart.items', ITEM),
  ...['productId', 'catRefId', 'quantity', 'commerceItemId', 'shopperInput', 'childItems'].map((f) => C(`shoppingCart.items[].${f}`, ITEM)),
  C('shoppingCart.items[].shopperInput.*', '[C] seed 003 shopperInput: "Additional Properties Allowed"'),
  C('shoppingCart.items[].childItems[].*', '[C] seed 003 childItems: nested commerce items of the same shape'),
  C('shoppingCart.coupons', BODY),
  C('shoppingCart.coupons[].code', BODY),
  C('shippingMethod', BODY),
  C('shippingMethod.value', BODY),
  ...address('shippingAddress'),
  ...address('billingAddress'),
  C('*', '[C] README §3: dynamic properties are flat top-level key/values'),
];
const PAYMENTS: RequestPart[] = [
  C('payments', PAY),
  ...['type', 'amount', 'PONumber', 'cardType', 'nameOnCard', 'endMonth', 'endYear', 'customProperties'].map((f) => C(`payments[].${f}`, PAY)),
  C(
    'payments[].customProperties.*',
    '[C] seed 003 customProperties: "Additional Properties Allowed" (vault token, last four, gift card token: no doc shows a token field)',
  ),
];

/** Every request the Oracle adapter can send, with its source (README §3). */
export const ORACLE_REQUESTS: RequestTable = {
  vendor: 'Oracle Commerce',
  bases: { main: 'ORACLE_BASE_URL' },
  requests: [
    {
      method: 'POST',
      path: '/ccagent/v1/login',
      source: '[C] README §3 auth pattern (form grant_type=password&username&password); the agent path is the project decision README §3 states [I]',
      headers: [C('accept', '[C] README §3'), C('content-type', '[C] README §3 form login')],
      query: [],
      body: [C('grant_type', '[C] README §3 auth'), C('username', '[C] README §3 auth'), C('password', '[C] README §3 auth')],
    },
    {
      method: 'POST',
      path: '/ccagent/v1/orders',
      source:
        '[C] README §3 POST /ccagent/v1/orders, op createNewCart | createOrder | priceOrder | preAuthorizeOrder | submitOrder | resendOrdersForFulfillment; seed 003',
      headers: [...AGENT_HEADERS, C('content-type', '[C] README §3 JSON body')],
      query: [],
      body: [
        C('op', '[C] README §3 op'),
        C('id', '[C] README §3 POST /ccagent/v1/orders/reprice {id}: an existing order is named by id'),
        C('orders', '[C] README §3 resendOrdersForFulfillment takes orders[]'),
        ...ORDER_CHANGES,
        ...PAYMENTS,
      ],
    },
    {
      method: 'GET',
      path: '/ccagent/v1/orders/{id}',
      source: '[C] README §3 GET /ccagent/v1/orders/{id} (?includeResult=full)',
      headers: AGENT_HEADERS,
      query: [C('includeResult', '[C] README §3 ?includeResult=full')],
      body: [],
    },
    {
      method: 'PUT',
      path: '/ccagent/v1/orders/{id}',
      source: '[C] README §3 PUT /ccagent/v1/orders/{id}',
      headers: [...AGENT_HEADERS, C('content-type', '[C] README §3 JSON body')],
      query: [],
      body: ORDER_CHANGES,
    },
    {
      method: 'GET',
      path: '/ccagent/v1/orders',
      source: '[C] README §3 "List (admin/app)": limit, offset, q, sort → {items, limit, offset, totalResults}; no agent doc shows it',
      assumption: { reason: 'the admin/app list applied to the agent API', switch: 'ORACLE_LIST_ORDERS_QUERY' },
      headers: AGENT_HEADERS,
      query: [C('q', '[C] README §3 list q (RQL)'), C('offset', '[C] README §3 list'), C('limit', '[C] README §3 list'), C('sort', '[C] README §3 list')],
      body: [],
    },
  ],
};
