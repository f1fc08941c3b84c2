import { isPlausibleOracleId } from './oracle.ids';
import { Store } from '../../store/store';
import { ORACLE } from './oracle.vendor';
import { UserError, UserErrorCode } from '../../common/user-error.type';
import { Cart } from '../../cart/cart.type';
import { CartCreateInput, CartItemInput, CartSubmitInput } from '../../cart/cart.input';
import { ProductOrder } from '../../order/product-order.type';
import { VendorHttpClient, VendorHttpOptions, VendorRequest, VendorResponse } from '../../http/vendor-http';
import { VendorCallError } from '../../http/vendor-call-error';
import { OrderPage, Reconciliation, VendorAdapter, VendorCallContext, VendorRefusal, WriteRecord, WriteSteps } from '../vendor-adapter';
import { reconcileWith } from '../shared/reconcile';
import { ShapeChecker } from '../shape';
import { fetchFormToken, TokenSource } from '../shared/token-source';
import { listField, OracleErrorContext, oracleErrorCodes, oracleHeaderError, oracleUserErrors } from './oracle.errors';
import { currentItems, mapCart, mapOrder, mapOrderPage, mergeCoupons, toOracleItem, toOraclePayments, toSubmitChanges, withoutItems } from './oracle.mapping';
import { OracleItemRequest, OracleOp, OracleOrderChanges } from './oracle.wire';

/** The agent user the adapter logs in as. Never logged, never put in an error. */
export interface OracleCredentials {
  username: string;
  password: string;
}

/** Settings of the Oracle adapter. */
export interface OracleAdapterOptions {
  /** The instance origin (what `ORACLE_BASE_URL` holds); routes add `/ccagent/v1`. */
  baseUrl: string;
  credentials: OracleCredentials;
  http: Omit<VendorHttpOptions, 'vendor' | 'baseUrl'>;
  /** Holds this subgraph's index of the orders it submitted, per customer. */
  store: Store;
  /** `ORACLE_LIST_ORDERS_QUERY`: list orders with `GET /ccagent/v1/orders?q=…` (no agent doc shows a list) [I]. */
  listOrdersQuery: boolean;
  /** How long the order index lives. */
  indexTtlMs: number;
  /** `ORACLE_ASSUME_ID_PATTERNS`: ids must look like the doc example `o90417`. */
  assumeIdPatterns: boolean;
}

const VENDOR = 'Oracle';
const AGENT = '/ccagent/v1';
const seg = encodeURIComponent;
/**
 * Order reads sent at once for one batch. Oracle has no batch read, so a batch is one GET per id; the whole batch
 * (`maxBatchSize`) goes out together and the HTTP pool's connection limit and the bulkhead bound what reaches Oracle.
 * Eight at a time made `_entities` of 100 carts wait on rounds of reads (108 ms against 52 ms for the same GETs sent at
 * once through a bare proxy, in the bench's P4).
 */
const READ_CONCURRENCY = 25;
const ORDER_ROUTE = 'GET /ccagent/v1/orders/{id}';
/** The query of every order read (the client only reads it). */
const FULL_ORDER: Readonly<Record<string, string>> = Object.freeze({ includeResult: 'full' });
const UPDATE_ROUTE = 'PUT /ccagent/v1/orders/{id}';
const LIST_ROUTE = 'GET /ccagent/v1/orders';
/** The submit step after which only submitOrder remains. */
const PRICED = 'priced';
const ORDER_INDEX = (customerId: string): string => `oracle:orders:${customerId}`;

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  // Within the limit every call starts at once, in order, as the workers below would start them: no workers needed.
  if (items.length <= limit) return Promise.all(items.map(fn));
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function refuse(code: UserErrorCode, message: string, field: string[]): never {
  throw new VendorRefusal([{ code, message, field, vendorCode: null }]);
}

/**
 * The Oracle Commerce agent API. Documented calls: `POST /ccagent/v1/orders` with its ops (createNewCart,
 * createOrder, priceOrder, preAuthorizeOrder, submitOrder, resendOrdersForFulfillment), `GET` and `PUT
 * /ccagent/v1/orders/{id}`. Inferred [I]: the agent login `POST /ccagent/v1/login` with the password grant, and
 * the order list `GET /ccagent/v1/orders?q=…` in the admin list shape. A cart is an Oracle order while it is
 * INCOMPLETE and keeps its id when submitted, so cart id and order id name the same Oracle order.
 *
 * Carts are listed from the service's own index (`listsCarts` false): the list call is inferred, and the index
 * avoids depending on it where it can; orders have no other way to be listed.
 */
export class OracleAdapter implements VendorAdapter {
  readonly vendor = ORACLE.id;
  /** Ids per loader batch; each id is still one GET (no batch read), at most READ_CONCURRENCY at a time. */
  readonly maxBatchSize = 25;
  readonly listsCarts = false;
  private readonly http: VendorHttpClient;
  private readonly auth: TokenSource;

  constructor(private readonly options: OracleAdapterOptions) {
    this.http = new VendorHttpClient({ ...options.http, vendor: VENDOR, baseUrl: options.baseUrl });
    const { username, password } = options.credentials;
    this.auth = new TokenSource({
      // [I] Oracle documents the password grant for shoppers and admins; the agent login follows the same pattern.
      fetch: (scope) =>
        fetchFormToken(
          {
            http: this.http,
            vendor: VENDOR,
            path: `${AGENT}/login`,
            route: 'POST /ccagent/v1/login',
            form: { grant_type: 'password', username, password },
            // Oracle's documented login example has no expires_in [I].
            defaultTtlSeconds: 300,
            describeRefusal: (res) => `errorCode ${oracleErrorCodes(res)}`,
            credentialVariables: ['ORACLE_USERNAME', 'ORACLE_PASSWORD'],
          },
          scope,
        ),
      maxMarginSeconds: 60,
    });
  }

  /** The caller's site and organization headers, as Oracle takes them, and the agent's token. */
  private headers(ctx: VendorCallContext, token: string): Record<string, string> {
    const headers: Record<string, string> = {};
    const site = ctx.vendorHeaders['x-ccsite'];
    const organization = ctx.vendorHeaders['x-ccorganization'];
    if (site) headers['x-ccsite'] = site;
    if (organization) headers['X-CCOrganization'] = organization;
    headers.authorization = `Bearer ${token}`;
    return headers;
  }

  /**
   * Sends a call with the agent's token; on a 401 renews the token once and repeats the call once. Oracle refusing
   * the caller's site or organization header is BAD_USER_INPUT wherever it happens.
   */
  private async send(ctx: VendorCallContext, req: Omit<VendorRequest, 'headers' | 'scope'>): Promise<VendorResponse> {
    const res = await this.auth.send(
      (token) =>
        this.http.request({
          method: req.method,
          path: req.path,
          route: req.route,
          query: req.query,
          body: req.body,
          form: req.form,
          idempotent: req.idempotent,
          attemptHeaders: req.attemptHeaders,
          headers: this.headers(ctx, token),
          scope: ctx.scope,
        }),
      ctx.scope,
    );
    if (res.status === 401)
      throw new VendorCallError('unavailable', VENDOR, req.route, false, `still 401 with a fresh token (errorCode ${oracleErrorCodes(res)})`, 401);
    const headerError = oracleHeaderError(res);
    if (headerError) throw headerError;
    return res;
  }

  /** A change or op: a 4xx is a refusal, its fields named through `errors`. */
  private async change(ctx: VendorCallContext, req: Omit<VendorRequest, 'headers' | 'scope'>, errors: OracleErrorContext): Promise<unknown> {
    const res = await this.send(ctx, req);
    if (res.status >= 400) throw new VendorRefusal(oracleUserErrors(res, errors));
    return res.body;
  }

  private op(ctx: VendorCallContext, op: OracleOp, body: Record<string, unknown>, idempotent: boolean, errors: OracleErrorContext): Promise<unknown> {
    return this.change(ctx, { method: 'POST', path: `${AGENT}/orders`, route: `POST /ccagent/v1/orders op=${op}`, body: { op, ...body }, idempotent }, errors);
  }

  private update(ctx: VendorCallContext, orderId: string, changes: OracleOrderChanges, errors: OracleErrorContext): Promise<unknown> {
    // Replacing the item list (or coupons, addresses) with the same body twice leaves the same order: safe to repeat.
    return this.change(ctx, { method: 'PUT', path: `${AGENT}/orders/${seg(orderId)}`, route: UPDATE_ROUTE, body: changes, idempotent: true }, errors);
  }

  /** A read of one order: null when Oracle does not know it. Any other 4xx to a well-formed read is unusable. */
  private async readOrder(ctx: VendorCallContext, orderId: string): Promise<unknown> {
    // Surely not an Oracle id: unknown, with no call.
    if (!isPlausibleOracleId(orderId, this.options.assumeIdPatterns)) return null;
    const res = await this.send(ctx, {
      method: 'GET',
      path: `${AGENT}/orders/${seg(orderId)}`,
      query: FULL_ORDER,
      route: ORDER_ROUTE,
      idempotent: true,
    });
    if (res.status === 404) return null;
    if (res.status >= 400)
      throw new VendorCallError('bad_response', VENDOR, ORDER_ROUTE, false, `HTTP ${res.status} errorCode ${oracleErrorCodes(res)}`, res.status);
    return res.body;
  }

  private async orderForChange(ctx: VendorCallContext, cartId: string): Promise<unknown> {
    const body = await this.readOrder(ctx, cartId);
    return body ?? refuse(UserErrorCode.CART_NOT_FOUND, 'No such cart', ['cartId']);
  }

  /** Prices the order (safe to repeat: pricing an unchanged order gives the same result). */
  private price(ctx: VendorCallContext, cartId: string): Promise<unknown> {
    return this.op(ctx, 'priceOrder', { id: cartId }, true, {});
  }

  /** Sends the submit choices that live on the order (addresses, shipping method, coupons, dynamic properties). */
  private async applySubmitChanges(ctx: VendorCallContext, cart: Cart, input: CartSubmitInput): Promise<void> {
    const submitChanges = toSubmitChanges(input, cart);
    if (submitChanges) await this.update(ctx, cart.vendorId, submitChanges.changes, { input: ['input'], coupon: submitChanges.couponField });
  }

  async createCart(ctx: VendorCallContext, input: CartCreateInput): Promise<Cart> {
    const items = (input.items ?? []).map((item, i) => toOracleItem(item, ['input', 'items', String(i)]));
    // createOrder needs items; an empty cart is createNewCart. Neither submits anything.
    const body =
      items.length > 0
        ? await this.op(ctx, 'createOrder', { profileId: input.customerId, shoppingCart: { items } }, false, { item: listField(['input', 'items']) })
        : await this.op(ctx, 'createNewCart', { profileId: input.customerId }, false, {});
    return mapCart(new ShapeChecker(VENDOR, 'POST /ccagent/v1/orders', ctx.scope), body, input.customerId);
  }

  async addItems(ctx: VendorCallContext, cartId: string, items: CartItemInput[]): Promise<Cart> {
    const added = items.map((item, i) => toOracleItem(item, ['items', String(i)]));
    const current = currentItems(new ShapeChecker(VENDOR, ORDER_ROUTE, ctx.scope), await this.orderForChange(ctx, cartId));
    const body = await this.update(ctx, cartId, { shoppingCart: { items: [...current, ...added] } }, { item: listField(['items'], current.length) });
    return mapCart(new ShapeChecker(VENDOR, UPDATE_ROUTE, ctx.scope), body);
  }

  async removeItems(ctx: VendorCallContext, cartId: string, itemIds: string[]): Promise<Cart> {
    const current = currentItems(new ShapeChecker(VENDOR, ORDER_ROUTE, ctx.scope), await this.orderForChange(ctx, cartId));
    const removed = new Set<string>();
    const remaining: OracleItemRequest[] = withoutItems(current, new Set(itemIds), removed);
    const missing = itemIds.flatMap((id, i) => (removed.has(id) ? [] : [i]));
    if (missing.length > 0) {
      throw new VendorRefusal(
        missing.map((i) => ({
          code: UserErrorCode.ITEM_NOT_FOUND,
          message: 'No such item in this cart',
          field: ['itemIds', String(i)],
          vendorCode: null,
        })),
      );
    }
    const body = await this.update(ctx, cartId, { shoppingCart: { items: remaining } }, {});
    return mapCart(new ShapeChecker(VENDOR, UPDATE_ROUTE, ctx.scope), body);
  }

  async getCarts(ctx: VendorCallContext, cartIds: readonly string[]): Promise<(Cart | null)[]> {
    const check = new ShapeChecker(VENDOR, ORDER_ROUTE, ctx.scope);
    return mapLimited(cartIds, READ_CONCURRENCY, async (id) => {
      const body = await this.readOrder(ctx, id);
      return body === null ? null : mapCart(check, body);
    });
  }

  async getOrders(ctx: VendorCallContext, orderIds: readonly string[]): Promise<(ProductOrder | null)[]> {
    const check = new ShapeChecker(VENDOR, ORDER_ROUTE, ctx.scope);
    return mapLimited(orderIds, READ_CONCURRENCY, async (id) => {
      const body = await this.readOrder(ctx, id);
      // Still INCOMPLETE: a cart, not (yet) an order.
      return body === null ? null : mapOrder(check, body);
    });
  }

  async listOrders(ctx: VendorCallContext, customerId: string, offset: number, limit: number): Promise<OrderPage> {
    if (!this.options.listOrdersQuery) {
      // The agent API documents no order list: the subgraph's own index of the orders it submitted, read by id.
      const page = await this.options.store.listRange(ORDER_INDEX(customerId), offset, limit);
      const orders = await this.getOrders(ctx, page.items);
      return { orders: orders.filter((o): o is ProductOrder => o !== null), totalCount: page.total };
    }
    // [I] RQL as the admin lists take it; the customer id passed the allow-list, so it cannot break out of the quotes.
    const res = await this.send(ctx, {
      method: 'GET',
      path: `${AGENT}/orders`,
      query: { q: `profileId eq "${customerId}" and state ne "INCOMPLETE"`, offset, limit, sort: 'submittedDate:desc' },
      route: LIST_ROUTE,
      idempotent: true,
    });
    if (res.status >= 400)
      throw new VendorCallError('bad_response', VENDOR, LIST_ROUTE, false, `HTTP ${res.status} errorCode ${oracleErrorCodes(res)}`, res.status);
    return mapOrderPage(new ShapeChecker(VENDOR, LIST_ROUTE, ctx.scope), res.body);
  }

  async priceCart(ctx: VendorCallContext, cart: Cart): Promise<Cart> {
    return mapCart(new ShapeChecker(VENDOR, 'POST /ccagent/v1/orders op=priceOrder', ctx.scope), await this.price(ctx, cart.vendorId), cart.customerId);
  }

  async applyCoupons(ctx: VendorCallContext, cart: Cart, codes: string[]): Promise<Cart> {
    const merged = mergeCoupons(cart, codes, ['codes']);
    if (merged.added > 0) {
      await this.update(ctx, cart.vendorId, { shoppingCart: { coupons: merged.codes.map((code) => ({ code })) } }, { coupon: merged.field });
    }
    return this.priceCart(ctx, cart);
  }

  async preAuthorizeCart(ctx: VendorCallContext, cart: Cart, input: CartSubmitInput): Promise<Cart> {
    const payments = toOraclePayments(input) ?? refuse(UserErrorCode.INVALID_FIELD, 'Give at least one payment to authorize', ['input', 'payments']);
    await this.applySubmitChanges(ctx, cart, input);
    await this.price(ctx, cart.vendorId);
    const body = await this.op(ctx, 'preAuthorizeOrder', { id: cart.vendorId, payments }, false, { input: ['input'] });
    return mapCart(new ShapeChecker(VENDOR, 'POST /ccagent/v1/orders op=preAuthorizeOrder', ctx.scope), body, cart.customerId);
  }

  /**
   * Updates the order with the submit choices, prices it (Oracle wants a priced order), then submits it with the
   * payments given here or those pre-authorized before. Only the last call places anything; it is never repeated
   * blindly, and the service reconciles an unknown outcome with `findSubmittedOrder`.
   */
  async submitCart(ctx: VendorCallContext, cart: Cart, input: CartSubmitInput, _intentKey: string, steps?: WriteSteps): Promise<ProductOrder> {
    const payments = toOraclePayments(input);
    // A retry of the same submit (same key, same input) whose earlier attempt priced the order continues at submitOrder.
    if (steps?.reached !== PRICED) {
      await this.applySubmitChanges(ctx, cart, input);
      await this.price(ctx, cart.vendorId);
      await steps?.reach(PRICED);
    }
    const body = await this.op(ctx, 'submitOrder', { id: cart.vendorId, ...(payments ? { payments } : {}) }, false, { input: ['input'] });
    const check = new ShapeChecker(VENDOR, 'POST /ccagent/v1/orders op=submitOrder', ctx.scope);
    const order = mapOrder(check, body, 'order', cart.customerId) ?? check.fail('order.state', 'a state past INCOMPLETE after submitOrder');
    // An answer about another order than the one submitted is unusable: the submit's outcome is then unknown.
    if (order.vendorId !== cart.vendorId) check.fail('order.id', 'the id of the order submitted');
    await this.index(order);
    return order;
  }

  /** Adds a submitted order to its customer's index, once. */
  private async index(order: ProductOrder): Promise<void> {
    if (!order.customerId) return;
    if (await this.options.store.setIfAbsent(`oracle:indexed:${order.vendorId}`, '1', this.options.indexTtlMs)) {
      await this.options.store.listPrepend(ORDER_INDEX(order.customerId), order.vendorId, this.options.indexTtlMs);
    }
  }

  /** The cart and its order are one Oracle order (`GET /orders/{id}`): once it is past INCOMPLETE, it was submitted. */
  reconcile(ctx: VendorCallContext, write: WriteRecord): Promise<Reconciliation> {
    return reconcileWith(() => this.findSubmittedOrder(ctx, write.cartVendorId ?? ''));
  }

  private async findSubmittedOrder(ctx: VendorCallContext, cartVendorId: string): Promise<ProductOrder | null> {
    const body = await this.readOrder(ctx, cartVendorId);
    const order = body === null ? null : mapOrder(new ShapeChecker(VENDOR, ORDER_ROUTE, ctx.scope), body);
    if (order) await this.index(order);
    return order;
  }

  /**
   * Sends orders to fulfilment again. Oracle answers the ids it did not send (`notSubmittedOrders`); those become
   * userErrors. The orders themselves do not change, so the ones given are returned as they were read.
   */
  async resendForFulfillment(ctx: VendorCallContext, orders: ProductOrder[]): Promise<{ orders: ProductOrder[]; userErrors: UserError[] }> {
    const body = await this.op(ctx, 'resendOrdersForFulfillment', { orders: orders.map((o) => o.vendorId) }, false, {});
    const check = new ShapeChecker(VENDOR, 'POST /ccagent/v1/orders op=resendOrdersForFulfillment', ctx.scope);
    const answer = body === undefined || body === null ? {} : check.object(body, 'body');
    const notSent = new Set(
      check.optionalArray(answer.notSubmittedOrders, 'body.notSubmittedOrders').map((entry, i) => {
        const raw = entry !== null && typeof entry === 'object' ? ((entry as Record<string, unknown>).id ?? (entry as Record<string, unknown>).orderId) : entry;
        return check.string(raw, `body.notSubmittedOrders[${i}]`);
      }),
    );
    return {
      orders: orders.filter((o) => !notSent.has(o.vendorId)),
      userErrors: orders
        .filter((o) => notSent.has(o.vendorId))
        .map((o) => ({
          code: UserErrorCode.VENDOR_REFUSED,
          message: `Order ${o.id} was not resent: Oracle resends only orders awaiting fulfilment`,
          field: ['orderIds'],
          vendorCode: null,
        })),
    };
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}
