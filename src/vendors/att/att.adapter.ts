import { ATT } from './att.vendor';
import { BadUserInputError } from '../../common/errors';
import { encodeId, cartItemId, isSafeVendorId } from '../../common/ids';
import { OrderState } from '../../common/order-state';
import { UserErrorCode } from '../../common/user-error.type';
import { Store } from '../../store/store';
import { VendorCallError } from '../../http/vendor-call-error';
import { Cart } from '../../cart/cart.type';
import { CartCreateInput, CartItemInput, CartSubmitInput } from '../../cart/cart.input';
import { CheckoutOptions } from '../../cart/checkout-options.type';
import { ProductOrder } from '../../order/product-order.type';
import { VendorHttpClient, VendorHttpOptions, VendorRequest, VendorResponse } from '../../http/vendor-http';
import { OrderPage, ReconcileMode, Reconciliation, VendorAdapter, VendorCallContext, VendorRefusal, WriteRecord } from '../vendor-adapter';
import { reconcileWith } from '../shared/reconcile';
import { ShapeChecker } from '../shape';
import { attUserErrors } from './att.errors';
import { mapCart, mapCheckout, mapQueriedOrder, mapSubmitted, ORDER_FIELDS, toAttItem, toExpressSubmit } from './att.mapping';
import { AttCartRecord, AttRecords, parseOrderRecords } from './att.records';
import { AttAuth, attAuthHeaders, attCredentialVariables } from './att.auth';
import { tolerant } from './att.tolerant';
import { isPlausibleAttId } from './att.ids';
import { ATT_POLL_AFTER, attState } from './att.states';
import { AttCreateCartRequest } from './att.wire';

/** Assumptions beyond the partner docs, each off by default and named by its switch (README: assumption switches). */
export interface AttAssumptions {
  /** `ATT_ASSUME_ITEM_QUANTITY`: send `quantity` on add-items entries (no doc shows it). */
  itemQuantity: boolean;
  /** `ATT_ASSUME_ITEM_REMOVAL`: remove items with `DELETE /carts/{cartId}/items/{itemId}` (README §1.1: not found). */
  itemRemoval: boolean;
  /** `ATT_LIST_ORDERS_BY_ACCOUNT`: list a customer's orders with the orders query's `accountNumber` = customer id. */
  listOrdersByAccount: boolean;
  /** `ATT_ASSUME_ID_PATTERNS`: ids must look like the doc examples (UUID-v1-like). */
  idPatterns: boolean;
}

/** Settings of the AT&T adapter. */
export interface AttAdapterOptions {
  baseUrl: string;
  /** Host of the documented orders query (`POST /orders/query`). */
  ordersBaseUrl: string;
  appName: string;
  /** Values of the orders query's documented `serviceType` and `topics` headers (values undocumented [I]). */
  serviceType: string;
  topics: string;
  auth: AttAuth;
  assume: AttAssumptions;
  http: Omit<VendorHttpOptions, 'vendor' | 'baseUrl'>;
  store: Store;
  /** How long cart and submit records live (at least as long as idempotency records). */
  recordTtlMs: number;
}

const VENDOR = 'AT&T';
const SUBMIT_ROUTE = 'POST /carts/{cartId}/express-submit';
const ORDERS_ROUTE = 'POST /orders/query';
/** Refusals of a submit that mean the cart could not be placed as it is: with one of them, a 409 placed nothing. */
const NOTHING_PLACED: ReadonlySet<UserErrorCode> = new Set([
  UserErrorCode.TERMS_NOT_ACCEPTED,
  UserErrorCode.APPOINTMENT_REQUIRED,
  UserErrorCode.PAYMENT_REFUSED,
  UserErrorCode.CART_EMPTY,
  UserErrorCode.INVALID_FIELD,
]);
const seg = encodeURIComponent;

function refuse(code: UserErrorCode, message: string, field: string[]): never {
  throw new VendorRefusal([{ code, message, field, vendorCode: null }]);
}

function emptyCart(vendorId: string, customerId: string, now: Date): Cart {
  return {
    id: encodeId(ATT.id, 'Cart', vendorId),
    vendorId,
    vendor: ATT.id,
    customerId,
    state: OrderState.DRAFT,
    vendorStatus: null,
    items: [],
    totals: { oneTime: null, recurring: [], subtotal: null, tax: null, shipping: null, discount: null, total: null },
    validationMessages: [],
    coupons: [],
    dynamicProperties: [],
    createdAt: now,
    orderVendorId: null,
  };
}

/** AT&T's code for a cart refused because the customer has a pending order, documented with HTTP 500 [C]. */
const PENDING_ORDER = 'EXTSALESOPS-CART_CREATE-OAV-0013';

/** A 500 to create-cart carrying PENDING_ORDER is AT&T's refusal, not a fault: no cart was created. */
function pendingOrder(response: VendorResponse): boolean {
  return response.status === 500 && attUserErrors(response).some((e) => e.vendorCode === PENDING_ORDER);
}

/** A ProductOrder-shaped answer (the docs' "complete ProductOrder"), as opposed to the thin `{id}` / `{externalId}`. */
function isFullCart(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && Array.isArray((body as Record<string, unknown>).productOrderItem);
}

/**
 * The AT&T partner cart API, as documented: create cart, add items, checkout, express submit and the orders query
 * (README §1.1). There is no cart read, so the subgraph keeps its own record of each cart (what it sent, merged with
 * what the answers carried) and of each order it submitted (items, totals, payments), in the shared Store. Item
 * removal and listing orders by account exist only behind their assumption switches.
 */
export class AttAdapter implements VendorAdapter {
  readonly vendor = ATT.id;
  /** Orders read in one orders query (one aliased `getOrders` per id). */
  readonly maxBatchSize = 25;
  readonly listsCarts = false;
  /** Present only with `ATT_ASSUME_ITEM_REMOVAL`: otherwise the graph answers NOT_SUPPORTED_BY_VENDOR, with no call. */
  readonly removeItems?: (ctx: VendorCallContext, cartId: string, itemIds: string[]) => Promise<Cart>;
  private readonly carts: VendorHttpClient;
  private readonly orders: VendorHttpClient;
  private readonly records: AttRecords;

  constructor(private readonly options: AttAdapterOptions) {
    this.carts = new VendorHttpClient({ ...options.http, vendor: VENDOR, baseUrl: options.baseUrl });
    this.orders =
      options.ordersBaseUrl === options.baseUrl ? this.carts : new VendorHttpClient({ ...options.http, vendor: VENDOR, baseUrl: options.ordersBaseUrl });
    this.records = new AttRecords(options.store, options.recordTtlMs);
    if (options.assume.itemRemoval) this.removeItems = (ctx, cartId, itemIds) => this.removeItemsByDelete(ctx, cartId, itemIds);
  }

  /** Sends a call; a 4xx becomes a VendorRefusal unless `allow` lists it. */
  private async call(
    client: VendorHttpClient,
    ctx: VendorCallContext,
    req: Omit<VendorRequest, 'headers'> & { headers?: Record<string, string> },
    allow: number[] = [],
  ): Promise<VendorResponse> {
    let response = await client.request({ ...req, headers: { ...(await attAuthHeaders(this.options.auth, ctx.scope)), ...req.headers }, scope: ctx.scope });
    if (response.status === 401 && this.options.auth.kind === 'client_credentials') {
      // An expired or revoked token: renew it once and send again (a 401 means the call was not carried out).
      this.options.auth.tokens.invalidate();
      response = await client.request({ ...req, headers: { ...(await attAuthHeaders(this.options.auth, ctx.scope)), ...req.headers }, scope: ctx.scope });
    }
    // 401/403: AT&T refused this subgraph's credential (or wants one): configuration, not the shopper's doing and not
    // transient. The call was not carried out, so nothing is left unknown.
    if ((response.status === 401 || response.status === 403) && !allow.includes(response.status))
      throw new VendorCallError(
        'auth_failed',
        VENDOR,
        req.route,
        false,
        `credentials refused: HTTP ${response.status}`,
        response.status,
        attCredentialVariables(this.options.auth),
      );
    if (response.status >= 400 && !allow.includes(response.status)) throw new VendorRefusal(attUserErrors(response));
    return response;
  }

  private async record(cartId: string): Promise<AttCartRecord> {
    return (await this.records.cart(cartId)) ?? refuse(UserErrorCode.CART_NOT_FOUND, 'No such cart', ['cartId']);
  }

  /** AT&T needs the product type on every item; say so before any call, with the field path. */
  checkItems(items: CartItemInput[], path: string[]): void {
    items.forEach((item, i) => {
      if (!item.productType)
        throw new BadUserInputError('productType is required for AT&T items (for example Fiber_Internet)', [...path, String(i), 'productType']);
    });
  }

  async createCart(ctx: VendorCallContext, input: CartCreateInput): Promise<Cart> {
    // Items go in a separate add-items call: the docs show no field name for items on create (seed 001).
    const body: AttCreateCartRequest = {
      channel: { id: input.channel ?? 'IND', name: input.channel ?? 'IND' },
      relatedParty: [{ referredType: 'customer', role: 'customer', id: input.customerId }],
    };
    if (input.items?.length) this.checkQuantities(input.items, ['input', 'items']);
    const route = 'POST /carts';
    const res = await this.call(this.carts, ctx, { method: 'POST', path: '/carts', route, body, idempotent: false, refusedWith: pendingOrder });
    const check = new ShapeChecker(VENDOR, route, ctx.scope);
    const answer = check.object(res.body, 'cart');
    const vendorId = check.id(answer.id, 'cart.id', isSafeVendorId);
    let cart = emptyCart(vendorId, input.customerId, new Date());
    if (isFullCart(answer)) cart = this.mergeFull(cart, answer, check) ?? cart;
    await this.records.createCart({ cart, sent: 0 });
    return input.items?.length ? this.addItems(ctx, vendorId, input.items) : cart;
  }

  /**
   * Keeps what a full ProductOrder answer carries (vendor item ids, prices, validation) over the record's guesses;
   * null when the answer cannot be read as a cart (logged and counted as a dropped part), so that the caller keeps
   * what it sent instead.
   */
  private mergeFull(cart: Cart, body: Record<string, unknown>, check: ShapeChecker): Cart | null {
    const full = tolerant(check, 'cart', () => mapCart(check, { ...body, relatedParty: body.relatedParty ?? [{ role: 'customer', id: cart.customerId }] }));
    if (!full) return null;
    const mine = new Map(cart.items.map((i) => [i.vendorId, i]));
    return {
      ...cart,
      items: full.items.map((item) => ({ ...item, productType: item.productType ?? mine.get(item.vendorId)?.productType ?? null })),
      totals: full.totals,
      state: full.state,
      vendorStatus: full.vendorStatus ?? cart.vendorStatus,
      validationMessages: full.validationMessages,
      createdAt: full.createdAt ?? cart.createdAt,
    };
  }

  private checkQuantities(items: CartItemInput[], path: string[]): void {
    if (this.options.assume.itemQuantity) return;
    items.forEach((item, i) => {
      if (item.quantity !== 1)
        refuse(UserErrorCode.INVALID_FIELD, "AT&T's add-items takes no quantity: add one item per unit", [...path, String(i), 'quantity']);
    });
  }

  async addItems(ctx: VendorCallContext, cartId: string, items: CartItemInput[]): Promise<Cart> {
    const current = await this.record(cartId);
    if (current.cart.orderVendorId) refuse(UserErrorCode.CART_NOT_EDITABLE, 'The cart has been submitted', ['cartId']);
    this.checkQuantities(items, ['items']);
    const route = 'POST /carts/{cartId}/items';
    const res = await this.call(this.carts, ctx, {
      method: 'POST',
      path: `/carts/${seg(cartId)}/items`,
      route,
      body: { items: items.map((item) => toAttItem(item, this.options.assume.itemQuantity)) },
      idempotent: false,
    });
    const answer = res.body;
    const externalId = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>).externalId : undefined;
    const updated = await this.records.updateCart(cartId, (rec) => {
      // A full answer that cannot be read as a cart is kept as a thin one: the items sent are recorded, never lost.
      const merged = isFullCart(answer) ? this.mergeFull(rec.cart, answer, new ShapeChecker(VENDOR, route, ctx.scope)) : null;
      if (merged) return { ...rec, sent: rec.sent + items.length, cart: merged };
      const added = items.map((item, i) => {
        // A thin answer carries no item ids: the record numbers the items it sent.
        const itemId = `i${rec.sent + i + 1}`;
        return {
          id: cartItemId(ATT.id, cartId, itemId),
          vendorId: itemId,
          action: item.action,
          offeringId: item.offeringId ?? null,
          name: null,
          productType: item.productType ?? null,
          productId: item.productId ?? null,
          quantity: item.quantity,
          unitPrice: { oneTime: null, recurring: null },
          totalPrice: { oneTime: null, recurring: null },
          shopperInput: [],
          characteristics: (item.characteristics ?? []).map(({ name, value }) => ({ name, value })),
          children: [],
        };
      });
      return {
        ...rec,
        sent: rec.sent + items.length,
        externalId: typeof externalId === 'string' ? externalId : (rec.externalId ?? null),
        cart: { ...rec.cart, items: [...rec.cart.items, ...added] },
      };
    });
    return (updated ?? current).cart;
  }

  private async removeItemsByDelete(ctx: VendorCallContext, cartId: string, itemIds: string[]): Promise<Cart> {
    await this.record(cartId);
    const route = 'DELETE /carts/{cartId}/items/{itemId}';
    for (const itemId of itemIds) {
      await this.call(this.carts, ctx, { method: 'DELETE', path: `/carts/${seg(cartId)}/items/${seg(itemId)}`, route, idempotent: true });
    }
    const gone = new Set(itemIds);
    const updated = await this.records.updateCart(cartId, (rec) => ({
      ...rec,
      cart: { ...rec.cart, items: rec.cart.items.filter((i) => !gone.has(i.vendorId)) },
    }));
    return updated!.cart;
  }

  async getCarts(_ctx: VendorCallContext, cartIds: readonly string[]): Promise<(Cart | null)[]> {
    // No documented cart read: carts are this subgraph's records, so reading them costs no vendor call, and the
    // records of a whole batch are one store read. Ids that surely are not AT&T's are unknown without one.
    const asked = cartIds.filter((id) => isPlausibleAttId(id, this.options.assume.idPatterns));
    const records = await this.records.carts(asked);
    const found = new Map(asked.map((id, i) => [id, records[i]?.cart ?? null]));
    return cartIds.map((id) => found.get(id) ?? null);
  }

  /** Headers the orders query documents (README §1.1); their values are undocumented, so configurable. */
  private orderQueryHeaders(ctx: VendorCallContext): Record<string, string> {
    return {
      'idp-trace-id': ctx.requestId,
      'idpctx-session-id': ctx.requestId,
      serviceType: this.options.serviceType,
      topics: this.options.topics,
    };
  }

  /** Runs the documented orders query; `filters` become aliased `getOrders` fields of one request. */
  private async queryOrders(ctx: VendorCallContext, filters: Record<string, string | number>[]): Promise<Record<string, unknown>>;
  /** With `notFound`: a 404 answer is null (nothing to show yet) instead of a refusal. */
  private async queryOrders(ctx: VendorCallContext, filters: Record<string, string | number>[], notFound: 'null'): Promise<Record<string, unknown> | null>;
  private async queryOrders(ctx: VendorCallContext, filters: Record<string, string | number>[], notFound?: 'null'): Promise<Record<string, unknown> | null> {
    const route = ORDERS_ROUTE;
    const fields = filters.map((filter, i) => {
      const args = Object.entries(filter)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join(', ');
      // pageInfo only for a page (listing by account): a read by id uses none of it, and 25 of them cost the vendor.
      const page = 'limit' in filter ? ' pageInfo { totalCount pageSize pageNumber }' : '';
      return `o${i}: getOrders(filter: { ${args} }) { orders { ${ORDER_FIELDS} }${page} }`;
    });
    // A read (the documented order status query): safe to retry, and no write for the audit trail.
    const res = await this.call(
      this.orders,
      ctx,
      {
        method: 'POST',
        path: '/orders/query',
        route,
        headers: this.orderQueryHeaders(ctx),
        body: { query: `{ ${fields.join('\n')} }` },
        idempotent: true,
        onlyReads: true,
      },
      notFound ? [404] : [],
    );
    if (res.status === 404) return null;
    const check = new ShapeChecker(VENDOR, route, ctx.scope);
    const body = check.object(res.body, 'body');
    if (body.errors !== undefined) check.fail('errors', 'no GraphQL errors');
    return check.object(body.data, 'data');
  }

  async getOrders(ctx: VendorCallContext, orderIds: readonly string[]): Promise<(ProductOrder | null)[]> {
    // Ids that surely are not AT&T's are unknown without a call.
    const asked = orderIds.filter((id) => isPlausibleAttId(id, this.options.assume.idPatterns));
    if (asked.length === 0) return orderIds.map(() => null);
    // The filter is `orderId` (README §1.1); which of an order's ids it matches is not documented [U]. An order this
    // subgraph submitted is asked for by the customer order id its answer gave, as the read-back after the submit
    // does (the order's `orderId` field, the natural reading), and by its id otherwise: one rule for every read.
    const submitted = parseOrderRecords(await this.records.orderRecords(asked));
    const filters = asked.map((id, i) => submitted[i]?.customerOrderId ?? id);
    const data = await this.queryOrders(
      ctx,
      filters.map((orderId) => ({ orderId })),
    );
    const check = new ShapeChecker(VENDOR, 'POST /orders/query', ctx.scope);
    const found = new Map(
      asked.map((id, i) => {
        const result = check.object(data[`o${i}`], `data.o${i}`);
        const orders = check.array(result.orders, `data.o${i}.orders`);
        if (orders.length === 0) return [id, null] as const;
        // An answer about another order than the one asked for is unusable (VENDOR_BAD_RESPONSE), never shown as it.
        const raw = check.object(orders[0], `data.o${i}.orders[0]`);
        const asks = (value: unknown) => value === id || value === filters[i];
        if (!asks(raw.id) && !asks(raw.orderId)) check.fail(`data.o${i}.orders[0].id`, 'the order asked for');
        return [id, mapQueriedOrder(check, raw, `data.o${i}.orders[0]`, submitted[i])] as const;
      }),
    );
    return orderIds.map((id) => found.get(id) ?? null);
  }

  async listOrders(ctx: VendorCallContext, customerId: string, offset: number, limit: number): Promise<OrderPage> {
    if (!this.options.assume.listOrdersByAccount) {
      // The subgraph's own index of the orders it submitted, read back with the orders query by id.
      const page = await this.records.customerOrders(customerId, offset, limit);
      const orders = page.items.length === 0 ? [] : await this.getOrders(ctx, page.items);
      return { orders: orders.filter((o): o is ProductOrder => o !== null), totalCount: page.total };
    }
    // [I] ATT_LIST_ORDERS_BY_ACCOUNT: the customer's id is passed as the account number.
    const data = await this.queryOrders(ctx, [{ accountNumber: customerId, offset, limit }]);
    const check = new ShapeChecker(VENDOR, 'POST /orders/query', ctx.scope);
    const result = check.object(data.o0, 'data.o0');
    const pageInfo = check.object(result.pageInfo, 'data.o0.pageInfo');
    const raw = check.array(result.orders, 'data.o0.orders');
    const ids = raw.map((o, i) => check.id(check.object(o, `data.o0.orders[${i}]`).id, `data.o0.orders[${i}].id`, isSafeVendorId));
    const submitted = await this.records.orders(ids);
    return {
      orders: raw.map((o, i) => mapQueriedOrder(check, o, `data.o0.orders[${i}]`, submitted[i])),
      totalCount: check.integer(pageInfo.totalCount, 'data.o0.pageInfo.totalCount'),
    };
  }

  async checkoutOptions(ctx: VendorCallContext, cart: Cart): Promise<CheckoutOptions> {
    // A submitted cart has no checkout: answered without a call, as a refusal (the field is null, VENDOR_REFUSED beside it).
    if (cart.orderVendorId) refuse(UserErrorCode.CART_NOT_EDITABLE, 'The cart has been submitted; it has no checkout options', ['id']);
    const route = 'POST /checkout';
    // Checkout only reads options: repeating it changes nothing. A refusal reaches the field as VENDOR_REFUSED.
    const res = await this.call(this.carts, ctx, { method: 'POST', path: '/checkout', route, body: { cartId: cart.vendorId }, idempotent: true });
    return mapCheckout(new ShapeChecker(VENDOR, route, ctx.scope), res.body);
  }

  /**
   * Sends express-submit; a 2xx is the first and only placement. A 409 may carry the order an earlier submit of this
   * cart placed (seed 000): that is the answer, never a refusal and never a reason to place another. Either way the
   * order is read back before it is answered (`confirmPlaced`).
   */
  async submitCart(ctx: VendorCallContext, cart: Cart, input: CartSubmitInput): Promise<ProductOrder> {
    const record = await this.record(cart.vendorId);
    if (record.cart.orderVendorId) refuse(UserErrorCode.CART_NOT_EDITABLE, 'The cart has already been submitted', ['cartId']);
    const res = await this.call(
      this.carts,
      ctx,
      {
        method: 'POST',
        path: `/carts/${seg(cart.vendorId)}/express-submit`,
        route: SUBMIT_ROUTE,
        headers: { appname: this.options.appName },
        body: toExpressSubmit(input),
        idempotent: false,
      },
      [409, 417],
    );
    // 417 SHOPPING_SUBMIT_CART_BACKEND_CART_API_FAILURE [C]: AT&T's backend failed on the way, after the submit
    // arrived; nothing says it was not placed, so the outcome is unknown (a retry sends it again, and a 409 tells).
    if (res.status === 417) throw new VendorCallError('unavailable', VENDOR, SUBMIT_ROUTE, true, 'express-submit answered 417 (backend cart API failure)', 417);
    const check = new ShapeChecker(VENDOR, SUBMIT_ROUTE, ctx.scope);
    const answered = res.status === 409 ? this.placedEarlier(check, res, record.cart, input) : mapSubmitted(check, res.body, record.cart, input);
    return this.confirmPlaced(ctx, answered);
  }

  /**
   * A 409 to express-submit. Seed 000 [C]: "In case of conflicts (409), includes complete product order with
   * validation details". A product order of this cart past Draft means an earlier submit placed it: the answer's `id`
   * names that order. A Draft one is a refusal the client can fix (terms, appointment): nothing was placed. A 409
   * without a product order, or with one about another cart, says nothing usable: VENDOR_BAD_RESPONSE, and the
   * submit's outcome stays unknown (never a refusal, since the cart may well be an order).
   */
  private placedEarlier(check: ShapeChecker, res: VendorResponse, cart: Cart, input: CartSubmitInput): ProductOrder {
    const body = check.object(res.body, 'conflict');
    const productOrder = check.object(body.productOrder, 'conflict.productOrder');
    if (productOrder.id !== cart.vendorId) check.fail('conflict.productOrder.id', 'the id of the cart submitted');
    // TMF622 requires no `state` on a product order: the answer's own state stands in for a product order without one.
    const rawState = productOrder.state ?? body.state;
    const cartState = typeof rawState === 'string' ? attState(rawState) : undefined;
    if (cartState === OrderState.DRAFT) throw new VendorRefusal(attUserErrors(res));
    if (cartState === undefined) {
      // No state at all: a refusal only when AT&T's codes say why the cart cannot be submitted as it is (terms, an
      // appointment, payment, an empty cart, a field), which means nothing was placed. Anything else says nothing.
      const refusals = attUserErrors(res);
      if (refusals.some((e) => NOTHING_PLACED.has(e.code as UserErrorCode))) throw new VendorRefusal(refusals);
      check.fail('conflict.productOrder.state', 'the state of the cart');
    }
    return mapSubmitted(check, body, cart, input);
  }

  /**
   * Reads a placed order back with the orders query (README §1.1, filter `orderId`), by the customer order id its
   * answer gave (or its id), and keeps the subgraph's records of it. Found, it must be the order the answer named:
   * otherwise the answer was about another order (VENDOR_BAD_RESPONSE, the outcome stays unknown). Not shown yet (404,
   * empty): the order is answered as placed, from its answer, with `pollAfter` set. A read that fails leaves the
   * outcome unknown with the answered id remembered, unconfirmed, for a retry or the sweep to read again.
   */
  private async confirmPlaced(ctx: VendorCallContext, answered: ProductOrder): Promise<ProductOrder> {
    const cartVendorId = answered.cartVendorId ?? '';
    let read: { id: string; order: ProductOrder } | null;
    try {
      read = await this.readPlaced(ctx, answered);
    } catch (error) {
      if (!(error instanceof VendorCallError) && !(error instanceof VendorRefusal)) throw error;
      await this.records.updateCart(cartVendorId, (rec) => ({ ...rec, unconfirmed: answered }));
      const kind = error instanceof VendorCallError ? error.kind : 'unavailable';
      throw new VendorCallError(kind, VENDOR, ORDERS_ROUTE, true, `the submitted order could not be read back: ${error.message}`);
    }
    if (read && read.id !== answered.vendorId) {
      await this.records.updateCart(cartVendorId, (rec) => ({ ...rec, unconfirmed: null }));
      new ShapeChecker(VENDOR, SUBMIT_ROUTE, ctx.scope).fail('submit.id', 'the id of the order the orders query shows for this submit');
    }
    const order = read?.order ?? { ...answered, pollAfter: answered.pollAfter ?? ATT_POLL_AFTER[OrderState.SUBMITTED] ?? null };
    await this.records.saveOrder(answered);
    await this.records.updateCart(cartVendorId, (rec) => ({
      ...rec,
      unconfirmed: null,
      cart: { ...rec.cart, orderVendorId: answered.vendorId, state: OrderState.SUBMITTED, vendorStatus: answered.vendorStatus ?? null },
    }));
    return order;
  }

  /** The orders query's order for a submit's answer (its raw id beside the mapped order), or null when none shows. */
  private async readPlaced(ctx: VendorCallContext, answered: ProductOrder): Promise<{ id: string; order: ProductOrder } | null> {
    const data = await this.queryOrders(ctx, [{ orderId: answered.customerOrderId ?? answered.vendorId }], 'null');
    if (data === null) return null;
    const check = new ShapeChecker(VENDOR, ORDERS_ROUTE, ctx.scope);
    const orders = check.array(check.object(data.o0, 'data.o0').orders, 'data.o0.orders');
    if (orders.length === 0) return null;
    const raw = check.object(orders[0], 'data.o0.orders[0]');
    return { id: check.id(raw.id, 'data.o0.orders[0].id', isSafeVendorId), order: mapQueriedOrder(check, raw, 'data.o0.orders[0]', answered) };
  }

  /**
   * A submit whose outcome is unknown. An order id the subgraph learnt (the cart record's order, or an answer whose
   * read-back failed) is read with the orders query, by the client retry and by the sweep alike. Without one, no
   * documented read tells whether the cart became an order, but express-submit itself does: sent again, it answers
   * 409 with the order an earlier submit placed, or places it if none did. So a client retry (which holds the
   * request) sends it again (`resend`); the sweep sends no writes and leaves the record unknown for that retry, and
   * for an operator once it is older than UNKNOWN_MAX_AGE_S.
   */
  async reconcile(ctx: VendorCallContext, write: WriteRecord, mode: ReconcileMode = 'retry'): Promise<Reconciliation> {
    const record = await this.records.cart(write.cartVendorId ?? '');
    if (!record) return { outcome: 'unknown', reason: 'this subgraph has no record of the AT&T cart' };
    const known = record.cart.orderVendorId;
    if (known) return reconcileWith(() => this.readRecorded(ctx, known));
    const unconfirmed = record.unconfirmed;
    if (unconfirmed) return reconcileWith(() => this.confirmPlaced(ctx, unconfirmed));
    if (mode === 'sweep') return { outcome: 'unknown', reason: 'no AT&T order id known; only express-submit sent again tells, and the sweep sends no writes' };
    return { outcome: 'resend', reason: 'express-submit sent again answers 409 with the order an earlier submit placed' };
  }

  /**
   * An order the cart record names: as the orders query shows it, else as this subgraph recorded it (pollAfter set).
   * A read refused (a 404 on the query) is "not shown yet", never a refusal of the write: that would free its key.
   */
  private async readRecorded(ctx: VendorCallContext, orderVendorId: string): Promise<ProductOrder> {
    const [read] = await this.getOrders(ctx, [orderVendorId]).catch((error: unknown) => {
      if (error instanceof VendorRefusal) return [null];
      throw error;
    });
    if (read) return read;
    const recorded = await this.records.order(orderVendorId);
    if (!recorded) throw new VendorCallError('unavailable', VENDOR, ORDERS_ROUTE, true, 'the recorded order is neither shown nor recorded');
    return { ...recorded, pollAfter: recorded.pollAfter ?? ATT_POLL_AFTER[OrderState.SUBMITTED] ?? null };
  }

  async close(): Promise<void> {
    await this.carts.close();
    if (this.orders !== this.carts) await this.orders.close();
    if (this.options.auth.kind === 'client_credentials') await this.options.auth.tokens.close();
  }

  async abort(): Promise<void> {
    await this.carts.destroy();
    if (this.orders !== this.carts) await this.orders.destroy();
  }
}
