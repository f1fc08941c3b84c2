import { buildSchema, execute, GraphQLError, GraphQLSchema, parse, TokenKind, validate } from 'graphql';
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { PromiseOrValue } from 'graphql/jsutils/PromiseOrValue';
import type { SimResponse } from '../kit';
import { centsToDecimal, findCustomer } from './att.catalogue';
import type { AttOrder, AttStore } from './att.state';
import { cartHasFiber, orderStateAt, POINT_OF_NO_RETURN_SECONDS } from './att.state';
import { cartTotals } from './att.views';
import { ATT_STRICT_ORDERS_SDL } from './att.strict';

/**
 * AT&T's documented order-status query (GraphQL over POST). The documented filter is
 * `{orderId, accountNumber, orderDate, lineOfBusiness, limit, offset}`; the field types are not published [U], so
 * money is a decimal string here. Simulator extensions [I]: `orderIds` (a batch read), `Order.cartId`,
 * `Order.lineOfBusiness`, `orderPrice.oneTimeTotal/monthlyTotal/currency` and `payments`.
 */
export const ATT_ORDERS_SDL = /* GraphQL */ `
  type Query {
    getOrders(filter: OrderFilter!): OrdersResult!
  }

  input OrderFilter {
    orderId: String
    orderIds: [String!]
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
    payments: [Payment!]!
    orderPrice: OrderPrice!
    pointOfNoReturnDate: String
    orderErrorInfoList: [OrderErrorInfo!]!
    cartId: String!
    lineOfBusiness: String!
  }

  type OrderStatus {
    status: String!
  }

  type OrderCustomer {
    id: String!
    firstName: String
    lastName: String
  }

  type Fulfillment {
    fulfillmentStatus: FulfillmentStatus!
    fulfillmentMethod: String
  }

  type FulfillmentStatus {
    status: String!
  }

  type OrderProduct {
    id: String!
    name: String
    productOfferingId: String
    quantity: Int!
    action: String!
    productStatus: ProductStatus!
    price: ProductPrice!
  }

  type ProductStatus {
    status: String!
  }

  type ProductPrice {
    oneTime: String
    monthly: String
    currency: String!
  }

  type Account {
    accountNumber: String!
  }

  type Payment {
    type: String!
    brand: String
    last4: String
    autoPay: Boolean!
    paperless: Boolean!
  }

  type OrderPrice {
    total: String!
    oneTimeTotal: String!
    monthlyTotal: String!
    currency: String!
  }

  type OrderErrorInfo {
    errorInfo: String
  }
`;

const schema = buildSchema(ATT_ORDERS_SDL);
const strictSchema = buildSchema(ATT_STRICT_ORDERS_SDL);

interface OrderFilter {
  orderId?: string | null;
  orderIds?: string[] | null;
  accountNumber?: string | null;
  orderDate?: string | null;
  lineOfBusiness?: string | null;
  limit?: number | null;
  offset?: number | null;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
const MAX_BATCH_IDS = 100;

function lineOfBusiness(store: AttStore, order: AttOrder): 'FIBER' | 'WIRELESS' {
  return cartHasFiber(store.cartOf(order)) ? 'FIBER' : 'WIRELESS';
}

/**
 * One order as the query answers it. The parts that take work (the cart's items, totals, customer, payments) are
 * functions, which GraphQL's default resolver calls only when the document selects them: a batch read of 25 orders
 * asking for a few fields builds no more than those.
 */
function orderView(store: AttStore, order: AttOrder, now: Date): Record<string, unknown> {
  const cart = store.cartOf(order);
  const status = orderStateAt(order, now);
  return {
    id: order.id,
    orderId: order.customerOrderId,
    parentOrderId: null,
    orderDate: () => order.submissionDate.toISOString(),
    canceledDate: null,
    orderStatus: { status },
    customer: () => {
      const customer = findCustomer(order.customerId);
      return { id: order.customerId, firstName: customer?.firstName ?? null, lastName: customer?.lastName ?? null };
    },
    // With no fulfillment chosen, a fiber order is installed by a technician and anything else ships (DF) [I].
    fulfillments: () => [
      { fulfillmentStatus: { status }, fulfillmentMethod: order.fulfillment?.fulfillmentMethod ?? (cartHasFiber(cart) ? 'TECH_INSTALL' : 'DF') },
    ],
    products: () =>
      cart.items.map((item) => ({
        id: item.id,
        name: item.productOffering?.name ?? null,
        productOfferingId: item.productOffering?.id ?? null,
        quantity: item.quantity,
        action: item.action,
        productStatus: { status },
        price: {
          oneTime: item.unit.oneTime === undefined ? null : centsToDecimal(item.unit.oneTime),
          monthly: item.unit.monthly === undefined ? null : centsToDecimal(item.unit.monthly),
          currency: 'USD',
        },
      })),
    accounts: [{ accountNumber: order.customerId }],
    payments: () =>
      order.payments.map((p) => ({
        type: p.type,
        brand: p.card?.brand ?? null,
        last4: p.card?.last4 ?? null,
        autoPay: order.autoPay,
        paperless: order.paperless,
      })),
    orderPrice: () => {
      const totals = cartTotals(cart);
      return {
        total: centsToDecimal(totals.oneTime + totals.monthly),
        oneTimeTotal: centsToDecimal(totals.oneTime),
        monthlyTotal: centsToDecimal(totals.monthly),
        currency: 'USD',
      };
    },
    pointOfNoReturnDate: () => new Date(order.submissionDate.getTime() + POINT_OF_NO_RETURN_SECONDS * 1000).toISOString(),
    orderErrorInfoList: [],
    cartId: order.cartId,
    lineOfBusiness: () => lineOfBusiness(store, order),
  };
}

function getOrders(store: AttStore, filter: OrderFilter, now: Date): Record<string, unknown> {
  if (filter.orderId != null && filter.orderIds != null) {
    throw new GraphQLError('Use either filter.orderId or filter.orderIds, not both');
  }
  if (filter.orderId == null && filter.orderIds == null && filter.accountNumber == null) {
    // The real service's behaviour for an unscoped query is unknown [U]; refusing keeps clients honest.
    throw new GraphQLError('filter needs orderId, orderIds or accountNumber');
  }
  if (filter.orderIds != null && filter.orderIds.length > MAX_BATCH_IDS) {
    throw new GraphQLError(`filter.orderIds holds more than ${MAX_BATCH_IDS} ids`);
  }
  const limitIn = filter.limit ?? DEFAULT_LIMIT;
  const offset = filter.offset ?? 0;
  if (limitIn < 1) throw new GraphQLError('filter.limit must be at least 1');
  if (offset < 0) throw new GraphQLError('filter.offset must not be negative');
  // Larger pages are clamped rather than refused [I].
  const limit = Math.min(limitIn, MAX_LIMIT);
  if (filter.orderDate != null && !/^\d{4}-\d{2}-\d{2}$/.test(filter.orderDate)) {
    throw new GraphQLError('filter.orderDate must be YYYY-MM-DD');
  }

  let candidates: AttOrder[];
  if (filter.orderId != null) {
    const found = store.findOrder(filter.orderId);
    candidates = found ? [found] : [];
  } else if (filter.orderIds != null) {
    const seen = new Set<string>();
    candidates = [];
    for (const id of filter.orderIds) {
      const found = store.findOrder(id);
      if (found && !seen.has(found.id)) {
        seen.add(found.id);
        candidates.push(found);
      }
    }
  } else {
    candidates = store.allOrders().sort((a, b) => b.submissionDate.getTime() - a.submissionDate.getTime() || (a.id < b.id ? 1 : -1));
  }

  const lob = filter.lineOfBusiness?.toUpperCase();
  const matched = candidates.filter(
    (o) =>
      (filter.accountNumber == null || o.customerId === filter.accountNumber) &&
      (filter.orderDate == null || o.submissionDate.toISOString().startsWith(filter.orderDate)) &&
      (lob === undefined || lineOfBusiness(store, o) === lob),
  );
  return {
    orders: matched.slice(offset, offset + limit).map((o) => orderView(store, o, now)),
    pageInfo: { totalCount: matched.length, pageSize: limit, pageNumber: Math.floor(offset / limit) + 1 },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Read once: graphql's index exports them through getters.
const { EOF, STRING, BLOCK_STRING, COMMENT } = TokenKind;

/**
 * Documents already validated without errors, by schema, under their validation key. Validation is most of what an
 * orders query costs (a batch read is 25 aliased `getOrders`, which every rule walks), and a client sends the same
 * document shape again and again with other ids in it.
 */
const VALID_DOCUMENTS = new WeakMap<GraphQLSchema, Set<string>>();
const MAX_VALID_DOCUMENTS = 1000;

/**
 * The document's tokens (comments and layout left out), each string literal replaced by the number of its first
 * appearance. Over these schemas validity depends on a string literal's contents only through their equality: a
 * string is a valid String and an invalid Int or Boolean whatever it holds (there is no custom scalar or enum), and
 * two fields of one response name merge only when their arguments print alike, which the numbering keeps (block and
 * quoted strings apart). Names and numbers (an Int's range) stay in the key as they are. Only documents that
 * validated without errors are remembered, since an error's message may quote a literal. The tokens are the
 * parser's own, linked from the document's location: nothing is read twice.
 */
function validationKey(document: DocumentNode): string {
  const parts: string[] = [];
  const strings = new Map<string, number>();
  for (let token = document.loc?.startToken.next ?? null; token !== null && token.kind !== EOF; token = token.next) {
    if (token.kind === COMMENT) continue;
    if (token.kind === STRING || token.kind === BLOCK_STRING) {
      const literal = `${token.kind}${token.value}`;
      let n = strings.get(literal);
      if (n === undefined) strings.set(literal, (n = strings.size));
      // A quote starts no other token, so a numbered string never reads as a name.
      parts.push(token.kind === STRING ? `"${n}"` : `"""${n}"""`);
    } else parts.push(token.value ?? token.kind);
  }
  return parts.join(' ');
}

/** What graphql-js's `graphql()` does, with validation skipped for a document whose key already validated. */
function runQuery(
  schema: GraphQLSchema,
  source: string,
  variableValues: Record<string, unknown> | undefined,
  operationName: string | undefined,
  rootValue: unknown,
): PromiseOrValue<ExecutionResult> {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (syntaxError) {
    return { errors: [syntaxError as GraphQLError] };
  }
  let valid = VALID_DOCUMENTS.get(schema);
  if (!valid) VALID_DOCUMENTS.set(schema, (valid = new Set()));
  const key = validationKey(document);
  if (!valid.has(key)) {
    const errors = validate(schema, document);
    if (errors.length > 0) return { errors };
    // A bounded memo: when it is full the oldest key makes room.
    if (valid.size >= MAX_VALID_DOCUMENTS) valid.delete(valid.values().next().value as string);
    valid.add(key);
  }
  return execute({ schema, document, rootValue, variableValues, operationName });
}

/**
 * Answers `POST /orders/query`. A request that cannot be parsed or validated is a 400 with `{errors}` and no
 * `data`; a resolver refusal is a 200 with `errors` beside `data`, as GraphQL over HTTP does for JSON.
 */
export async function answerOrdersQuery(store: AttStore, body: unknown, bodyError: string | undefined, now: Date, strict = false): Promise<SimResponse> {
  if (bodyError !== undefined || !isRecord(body) || typeof body.query !== 'string') {
    return { status: 400, body: { errors: [{ message: 'Request body must be a JSON object with a string "query"' }] } };
  }
  const variables = body.variables;
  if (variables !== undefined && variables !== null && !isRecord(variables)) {
    return { status: 400, body: { errors: [{ message: '"variables" must be an object' }] } };
  }
  const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
  // Strict mode validates against the documented selection only, so an undocumented field fails as on a real server.
  const result = await runQuery(strict ? strictSchema : schema, body.query, variables ?? undefined, operationName, {
    getOrders: (args: { filter: OrderFilter }) => getOrders(store, args.filter, now),
  });
  return { status: result.data === undefined ? 400 : 200, body: result };
}
