import { BadUserInputError } from '../common/errors';
import { assertCustomerId, decodeId, encodeId, EntityRef } from '../common/ids';
import { OrderState } from '../common/order-state';
import { decodeCursor, MergedPage, pageAcrossVendors, pageSize, PageSource } from '../common/paging';
import { UserError, UserErrorCode } from '../common/user-error.type';
import { Vendor, vendorLabel } from '../common/vendor';
import { IDEMPOTENCY_KEY } from '../common/validation/patterns';
import { Cart } from '../cart/cart.type';
import { CartCreateInput, CartItemInput, CartSubmitInput, MAX_ITEMS_PER_MUTATION } from '../cart/cart.input';
import { CartItemAction } from '../cart/cart-item.type';
import { CheckoutOptions } from '../cart/checkout-options.type';
import { ProductOrder } from '../order/product-order.type';
import { ReturnLineInput } from '../order/return-line.input';
import { Submission, SubmissionState } from '../order/submission.type';
import { RenewalLineInput } from '../order/renewal-line.input';
import { Store } from '../store/store';
import { storeKeys } from '../store/keys';
import { VendorRegistry } from '../vendors/registry';
import { VendorAdapter, VendorCallContext, VendorRefusal, WriteOperation, WriteSteps } from '../vendors/vendor-adapter';
import { VendorCallError } from '../http/vendor-call-error';
import { IdempotencyRecords, WriteOutcome } from './idempotency';
import { operationsOf } from '../vendors/capabilities';
import { CartOperation } from '../cart/cart-operation';
import { createLoaders, Loaders } from './loaders';
import { readStep, toClientError, vendorStep } from './faults';

/** What lives for the whole process and every request shares. */
export interface OrderServiceDeps {
  registry: VendorRegistry;
  store: Store;
  idempotency: IdempotencyRecords;
}

/** Result of a cart mutation before it becomes a CartPayload. */
export interface CartResult {
  cart: Cart | null;
  userErrors: UserError[];
}

/** Result of an order mutation before it becomes an OrderPayload. */
export interface OrderResult {
  order: ProductOrder | null;
  userErrors: UserError[];
  /** Set when the write's outcome is unknown: the client retries with the same key. */
  submission?: Submission | null;
}

/** A change to one loaded cart at its vendor: the changed cart, or a VendorRefusal thrown. */
type CartChange = (adapter: VendorAdapter, cart: Cart) => Promise<Cart>;

/** What one exactly-once write needs besides its key: which vendor, what it is about, and how it is placed. */
interface OnceWrite {
  adapter: VendorAdapter;
  operation: WriteOperation;
  /** The input hashed for the key check. */
  input: Record<string, unknown>;
  about: { cartVendorId?: string; orderVendorId?: string; customerId?: string; lines?: ReturnLineInput[] };
  send(intentKey: string, steps: WriteSteps): Promise<ProductOrder>;
}

const INDEX_TTL_MS = 90 * 24 * 3600 * 1000;
/** How long the record of a cart being created outlives the request that creates it. */
const INTENT_TTL_MS = 24 * 3600 * 1000;
const ANONYMOUS = '-';
const COUPON_CODE = /^[A-Za-z0-9_-]{1,40}$/;

function refusal(code: UserErrorCode, message: string, field: string[] | null = null): UserError {
  return { code, message, field, vendorCode: null };
}

function notSupported(vendor: Vendor, what: string, field: string[]): UserError {
  return refusal(UserErrorCode.NOT_SUPPORTED_BY_VENDOR, `${vendorLabel(vendor)} does not support ${what}`, field);
}

const CART_NOT_FOUND = refusal(UserErrorCode.CART_NOT_FOUND, 'No such cart', ['cartId']);
const ORDER_NOT_FOUND = refusal(UserErrorCode.ORDER_NOT_FOUND, 'No such order', ['orderId']);
const CUSTOMER_NOT_FOUND = (field: string[]) => refusal(UserErrorCode.CUSTOMER_NOT_FOUND, 'No such customer', field);

function checkIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY.test(key)) throw new BadUserInputError('idempotencyKey must be 8-128 letters, digits, _, ., : or -', ['idempotencyKey']);
}

function checkItems(items: CartItemInput[], path: string[]): void {
  if (items.length === 0) throw new BadUserInputError('At least one item is required', path);
  if (items.length > MAX_ITEMS_PER_MUTATION) throw new BadUserInputError(`At most ${MAX_ITEMS_PER_MUTATION} items per mutation`, path);
  items.forEach((item, i) => {
    const needsOffering = item.action === CartItemAction.ADD || item.action === CartItemAction.SWAP;
    const needsProduct = item.action !== CartItemAction.ADD;
    if (needsOffering && !item.offeringId) throw new BadUserInputError(`offeringId is required for ${item.action}`, [...path, String(i), 'offeringId']);
    if (needsProduct && !item.productId) throw new BadUserInputError(`productId is required for ${item.action}`, [...path, String(i), 'productId']);
  });
}

/** Runs a vendor call: a refusal comes back as userErrors, a fault is thrown as its typed GraphQL error. */
async function vendorCall<T>(fn: () => Promise<T>): Promise<{ value: T } | { userErrors: UserError[] }> {
  try {
    return { value: await vendorStep(fn) };
  } catch (error) {
    if (error instanceof VendorRefusal) return { userErrors: error.userErrors };
    throw error;
  }
}

/**
 * True when a failed write that has no idempotency key may have been acted on by the vendor: the request may have
 * reached it (timeout, reset or 5xx after sending) or it answered something unreadable. A call that provably never
 * left (refused connection, DNS, connect timeout, 429) is not: it stays a GraphQL fault the client may simply repeat.
 */
function outcomeUnknown(error: unknown): error is VendorCallError {
  return error instanceof VendorCallError && (error.maybeCommitted || error.kind === 'bad_response');
}

/**
 * Runs a vendor write that has no idempotency key. A refusal comes back as userErrors; a write whose outcome is
 * unknown comes back as VENDOR_OUTCOME_UNKNOWN (never repeated here: without a key a second send could act twice);
 * any other fault is thrown as its typed GraphQL error.
 */
async function keylessWrite<T>(what: string, fn: () => Promise<T>): Promise<{ value: T } | { userErrors: UserError[] }> {
  try {
    return { value: await fn() };
  } catch (error) {
    if (error instanceof VendorRefusal) return { userErrors: error.userErrors };
    if (outcomeUnknown(error)) {
      return {
        userErrors: [
          refusal(
            UserErrorCode.VENDOR_OUTCOME_UNKNOWN,
            `${error.vendor} may have carried out ${what} but its answer could not be read; read the cart to see its state before trying again`,
          ),
        ],
      };
    }
    throw toClientError(error);
  }
}

/**
 * The vendor-neutral order lifecycle for one GraphQL request. Every public method checks its input once, then follows
 * one of two templates: a cart change (`changeCart`: load and check the cart, call the adapter, keep the result,
 * shape the payload) or an exactly-once write (`writeOnce`: claim the key, reconcile or send, shape the payload).
 * Reads go through the request's DataLoaders. It knows vendors only through the registry and the adapters' optional
 * capabilities, never by name or wire format.
 */
/** The answer `answers` holds for `key`, asked for (once) when it holds none. */
function once<K, T>(answers: Map<K, Promise<T>>, key: K, ask: () => Promise<T>): Promise<T> {
  let answer = answers.get(key);
  if (!answer) answers.set(key, (answer = ask()));
  return answer;
}

export class OrderService {
  readonly loaders: Loaders;
  /**
   * Checkout options asked in this request: by cart as its loader returned it, or, for a submitted cart, by vendor,
   * cart and order. The service lives as long as its request, and so do these.
   */
  private readonly checkoutOptionsOf = new Map<Cart | string, Promise<CheckoutOptions | null>>();
  /** The pending submit of each cart asked in this request, by cart as its loader returned it. */
  private readonly submissionOf = new Map<Cart, Promise<Submission | null>>();

  constructor(
    private readonly deps: OrderServiceDeps,
    private readonly ctx: VendorCallContext,
  ) {
    this.loaders = createLoaders(deps.registry, ctx);
  }

  // ---- reads ----

  /** A cart by opaque id; null when unknown or not the caller's. Malformed ids are BAD_USER_INPUT. */
  async cart(id: string, field: string[] = ['id']): Promise<Cart | null> {
    return this.cartByRef(decodeId(id, 'Cart', field));
  }

  async cartByRef(ref: EntityRef): Promise<Cart | null> {
    return this.visible(await this.loaders.carts.load(ref));
  }

  /** An order by opaque id; null when unknown or not the caller's. */
  async order(id: string, field: string[] = ['id']): Promise<ProductOrder | null> {
    return this.orderByRef(decodeId(id, 'ProductOrder', field));
  }

  async orderByRef(ref: EntityRef): Promise<ProductOrder | null> {
    return this.visible(await this.loaders.orders.load(ref));
  }

  /**
   * Checkout options of a cart, for vendors that have a checkout step; null elsewhere. Asked once per cart read in a
   * request: aliases of the same cart share the answer (or the error) instead of asking the vendor again.
   */
  checkoutOptions(cart: Cart): Promise<CheckoutOptions | null> {
    // A submitted cart never changes again, so every read of it in this request shares one answer; an open cart is
    // shared only as the same read (a mutation later in the request may change it).
    const key = cart.orderVendorId ? `${cart.vendor}\u0000${cart.vendorId}\u0000${cart.orderVendorId}` : cart;
    return once(this.checkoutOptionsOf, key, () => {
      const adapter = this.deps.registry.get(cart.vendor);
      return adapter?.checkoutOptions ? readStep(() => adapter.checkoutOptions!(this.ctx, cart)) : Promise.resolve(null);
    });
  }

  /** What a vendor supports on this deployment, from its adapter's optional methods; nothing when it is not enabled. */
  capabilities(vendor: Vendor): { vendor: Vendor; enabled: boolean; operations: CartOperation[] } {
    const adapter = this.deps.registry.get(vendor);
    return { vendor, enabled: adapter !== undefined, operations: adapter ? operationsOf(adapter) : [] };
  }

  /** The caller's submit of this cart whose outcome is still being confirmed with the vendor, or null. */
  submissionOfCart(cart: Cart): Promise<Submission | null> {
    // Read once per cart read in a request (two store reads each): aliases of one cart share it.
    return once(this.submissionOf, cart, () =>
      this.deps.idempotency
        .pendingSubmit(cart.vendor, cart.vendorId, this.ctx.callerId ?? ANONYMOUS)
        .then((pending) => (pending ? { state: SubmissionState.CONFIRMING, retryAfterSeconds: pending.retryAfterSeconds } : null)),
    );
  }

  /** The cart an order came from, when the vendor reports it. */
  async cartOfOrder(order: ProductOrder): Promise<Cart | null> {
    return order.cartVendorId ? this.cartByRef({ vendor: order.vendor, kind: 'Cart', vendorId: order.cartVendorId }) : null;
  }

  /** The order a cart became, when the vendor reports it. */
  async orderOfCart(cart: Cart): Promise<ProductOrder | null> {
    return cart.orderVendorId ? this.orderByRef({ vendor: cart.vendor, kind: 'ProductOrder', vendorId: cart.orderVendorId }) : null;
  }

  /** The order another order refers to (a return's original). */
  async referenceOrder(order: ProductOrder): Promise<ProductOrder | null> {
    if (!order.referenceOrderVendorId) return null;
    return this.orderByRef({ vendor: order.vendor, kind: 'ProductOrder', vendorId: order.referenceOrderVendorId });
  }

  /** A customer's orders across vendors (or one vendor), paged by the vendors' own offsets. */
  async customerOrders(customerId: string, vendor: Vendor | null | undefined, first: number | null | undefined, after: string | null | undefined) {
    return this.customerPage<ProductOrder>(
      customerId,
      vendor,
      first,
      after,
      (o) => o.submittedAt?.getTime() ?? 0,
      async (adapter, offset, limit) => {
        const page = await readStep(() => adapter.listOrders(this.ctx, customerId, offset, limit));
        for (const order of page.orders) this.loaders.orders.prime({ vendor: order.vendor, kind: 'ProductOrder', vendorId: order.vendorId }, order);
        return { items: page.orders, totalCount: page.totalCount };
      },
    );
  }

  /** A customer's carts, from the vendor where it can list them and from this subgraph's index elsewhere. */
  async customerCarts(customerId: string, vendor: Vendor | null | undefined, first: number | null | undefined, after: string | null | undefined) {
    return this.customerPage<Cart>(
      customerId,
      vendor,
      first,
      after,
      (c) => c.createdAt?.getTime() ?? 0,
      async (adapter, offset, limit) => {
        if (adapter.listCarts) {
          const page = await readStep(() => adapter.listCarts!(this.ctx, customerId, offset, limit));
          return { items: page.carts, totalCount: page.totalCount };
        }
        const { items: ids, total } = await this.deps.store.listRange(cartIndexKey(customerId, adapter.vendor), offset, limit);
        const carts = await Promise.all(ids.map((id) => this.cart(id)));
        return { items: carts.filter((c): c is Cart => c !== null), totalCount: total };
      },
    );
  }

  // ---- cart changes ----

  /** Creates a cart and records it in the customer's index where the vendor cannot list carts. */
  async createCart(input: CartCreateInput): Promise<CartResult> {
    assertCustomerId(input.customerId, ['input', 'customerId']);
    if (input.items?.length) checkItems(input.items, ['input', 'items']);
    if (!this.isCaller(input.customerId)) return { cart: null, userErrors: [CUSTOMER_NOT_FOUND(['input', 'customerId'])] };
    const adapter = this.deps.registry.adapter(input.vendor, ['input', 'vendor']);
    if (input.items) adapter.checkItems?.(input.items, ['input', 'items']);

    // A cart that only this subgraph's index can list must have its record written before the vendor creates it:
    // with the store down this throws STORE_UNAVAILABLE and the vendor is never asked (no orphan cart).
    if (!adapter.listsCarts) await this.deps.store.set(`intent:cart:${input.customerId}:${this.ctx.requestId}`, input.vendor, INTENT_TTL_MS);
    const created = await keylessWrite('the cart creation', () => adapter.createCart(this.ctx, input));
    if ('userErrors' in created) return { cart: null, userErrors: created.userErrors };
    if (!adapter.listsCarts) await this.deps.store.listPrepend(cartIndexKey(created.value.customerId, adapter.vendor), created.value.id, INDEX_TTL_MS);
    return this.keep(created.value);
  }

  /** Adds items to a cart. */
  async addItems(cartId: string, items: CartItemInput[]): Promise<CartResult> {
    const ref = decodeId(cartId, 'Cart', ['cartId']);
    checkItems(items, ['items']);
    this.deps.registry.adapter(ref.vendor, ['cartId']).checkItems?.(items, ['items']);
    return this.changeCart(ref, (adapter, cart) => adapter.addItems(this.ctx, cart.vendorId, items), 'adding the items');
  }

  /** Removes items from a cart. Item ids must belong to the cart. */
  async removeItems(cartId: string, itemIds: string[]): Promise<CartResult> {
    const ref = decodeId(cartId, 'Cart', ['cartId']);
    if (itemIds.length === 0 || itemIds.length > MAX_ITEMS_PER_MUTATION)
      throw new BadUserInputError(`Give 1 to ${MAX_ITEMS_PER_MUTATION} item ids`, ['itemIds']);
    itemIds.forEach((id, i) => decodeId(id, 'CartItem', ['itemIds', String(i)]));
    return this.changeCart(ref, (adapter, cart) => {
      // An adapter without removeItems has no documented way to remove items: refused with no vendor call.
      if (!adapter.removeItems) throw new VendorRefusal([notSupported(cart.vendor, 'removing cart items', ['cartId'])]);
      const byId = new Map(cart.items.map((item) => [item.id, item.vendorId]));
      const missing = itemIds.flatMap((id, i) =>
        byId.has(id) ? [] : [refusal(UserErrorCode.ITEM_NOT_FOUND, 'No such item in this cart', ['itemIds', String(i)])],
      );
      if (missing.length > 0) throw new VendorRefusal(missing);
      return adapter.removeItems(
        this.ctx,
        cart.vendorId,
        itemIds.map((id) => byId.get(id)!),
      );
    });
  }

  /** Prices a cart where the vendor has a pricing step; elsewhere the cart as read is already priced. */
  async priceCart(cartId: string): Promise<CartResult> {
    const ref = decodeId(cartId, 'Cart', ['cartId']);
    return this.changeCart(ref, async (adapter, cart) => (adapter.priceCart ? adapter.priceCart(this.ctx, cart) : cart));
  }

  /** Applies coupon codes to a cart, where the vendor takes coupons. */
  async applyCoupons(cartId: string, codes: string[]): Promise<CartResult> {
    const ref = decodeId(cartId, 'Cart', ['cartId']);
    if (codes.length === 0 || codes.length > 10) throw new BadUserInputError('Give 1 to 10 coupon codes', ['codes']);
    codes.forEach((code, i) => {
      if (!COUPON_CODE.test(code)) throw new BadUserInputError('A coupon code is 1-40 letters, digits, _ or -', ['codes', String(i)]);
    });
    return this.changeCart(ref, (adapter, cart) => {
      if (!adapter.applyCoupons) throw new VendorRefusal([notSupported(cart.vendor, 'coupons', ['cartId'])]);
      return adapter.applyCoupons(this.ctx, cart, codes);
    });
  }

  /** Pre-authorizes a cart's payments, where the vendor has that step. */
  async preAuthorizeCart(cartId: string, input: CartSubmitInput | undefined): Promise<CartResult> {
    const ref = decodeId(cartId, 'Cart', ['cartId']);
    return this.changeCart(
      ref,
      (adapter, cart) => {
        if (!adapter.preAuthorizeCart) throw new VendorRefusal([notSupported(cart.vendor, 'pre-authorization', ['cartId'])]);
        return adapter.preAuthorizeCart(this.ctx, cart, input ?? {});
      },
      'the pre-authorization',
    );
  }

  /**
   * The template of a cart change: load the caller's cart (CART_NOT_FOUND when it is unknown or another customer's),
   * let the vendor change it, keep the result for the rest of the request, and shape the payload. A refusal answers
   * the cart as it was loaded, with the refusal's userErrors. A change named as a keyless write (`write`) whose outcome
   * is unknown answers the cart as last known with VENDOR_OUTCOME_UNKNOWN.
   */
  private async changeCart(ref: EntityRef, change: CartChange, write?: string): Promise<CartResult> {
    const adapter = this.deps.registry.adapter(ref.vendor, ['cartId']);
    const cart = await this.cartByRef(ref);
    if (!cart) return { cart: null, userErrors: [CART_NOT_FOUND] };
    const changed = write ? await keylessWrite(write, () => change(adapter, cart)) : await vendorCall(() => change(adapter, cart));
    if ('userErrors' in changed) return { cart, userErrors: changed.userErrors };
    return this.keep(changed.value);
  }

  /** Primes the request's cart loader with a changed cart, so that later fields read it, and answers it. */
  private keep(cart: Cart): CartResult {
    const ref: EntityRef = { vendor: cart.vendor, kind: 'Cart', vendorId: cart.vendorId };
    this.loaders.carts.clear(ref).prime(ref, cart);
    return { cart, userErrors: [] };
  }

  // ---- exactly-once writes ----

  /** Submits a cart as an order, exactly once per idempotency key. */
  async submitCart(cartId: string, idempotencyKey: string, input: CartSubmitInput | undefined): Promise<OrderResult> {
    checkIdempotencyKey(idempotencyKey);
    const ref = decodeId(cartId, 'Cart', ['cartId']);
    const adapter = this.deps.registry.adapter(ref.vendor, ['cartId']);
    const result = await this.writeOnce(idempotencyKey, {
      adapter,
      operation: 'cartSubmit',
      input: { op: 'cartSubmit', cartId, input: input ?? {} },
      about: { cartVendorId: ref.vendorId },
      // The cart is read only when the submit is really sent: a replay, a reused key or a reconciled attempt costs
      // no cart read (F14: a reused key makes no vendor call at all).
      send: async (intentKey, steps) => {
        const cart = await this.cartByRef(ref);
        if (!cart) throw new VendorRefusal([CART_NOT_FOUND]);
        return adapter.submitCart(this.ctx, cart, input ?? {}, intentKey, steps);
      },
    });
    this.loaders.carts.clear(ref);
    return result;
  }

  /** Returns lines of an order, exactly once per idempotency key, where the vendor takes returns. */
  async returnOrder(orderId: string, lines: ReturnLineInput[], idempotencyKey: string): Promise<OrderResult> {
    checkIdempotencyKey(idempotencyKey);
    const ref = decodeId(orderId, 'ProductOrder', ['orderId']);
    if (lines.length === 0 || lines.length > 499) throw new BadUserInputError('Give 1 to 499 lines', ['lines']);
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      if (seen.has(line.lineId)) throw new BadUserInputError('Each line may be returned once per request', ['lines', String(i), 'lineId']);
      seen.add(line.lineId);
    });
    const adapter = this.deps.registry.adapter(ref.vendor, ['orderId']);
    const order = await this.orderByRef(ref);
    if (!order) return { order: null, userErrors: [ORDER_NOT_FOUND] };
    if (!adapter.returnOrder) return { order: null, userErrors: [notSupported(order.vendor, 'returns', ['orderId'])] };
    const placeReturn = adapter.returnOrder.bind(adapter);
    return this.writeOnce(idempotencyKey, {
      adapter,
      operation: 'orderReturn',
      input: { op: 'orderReturn', orderId, lines },
      about: { orderVendorId: ref.vendorId, lines: lines.map(({ lineId, quantity }) => ({ lineId, quantity })) },
      send: (intentKey) => placeReturn(this.ctx, order, lines, intentKey),
    });
  }

  /** What a customer's renewal would order, placing nothing, at the vendor that has renewals. */
  async previewRenewal(customerId: string): Promise<OrderResult> {
    const adapter = this.renewalAdapter(customerId);
    if (!adapter?.previewRenewal) return { order: null, userErrors: this.renewalRefusal(customerId) };
    const preview = adapter.previewRenewal.bind(adapter);
    const previewed = await vendorCall(() => preview(this.ctx, customerId));
    return 'userErrors' in previewed ? { order: null, userErrors: previewed.userErrors } : { order: previewed.value, userErrors: [] };
  }

  /** Places a customer's renewal, exactly once per idempotency key, at the vendor that has renewals. */
  async placeRenewal(customerId: string, idempotencyKey: string, lines?: RenewalLineInput[]): Promise<OrderResult> {
    checkIdempotencyKey(idempotencyKey);
    if (lines && (lines.length === 0 || lines.length > 499)) throw new BadUserInputError('Give 1 to 499 lines', ['lines']);
    const adapter = this.renewalAdapter(customerId);
    if (!adapter?.placeRenewal) return { order: null, userErrors: this.renewalRefusal(customerId) };
    const place = adapter.placeRenewal.bind(adapter);
    return this.writeOnce(idempotencyKey, {
      adapter,
      operation: 'renewalPlace',
      input: { op: 'renewalPlace', customerId, ...(lines ? { lines } : {}) },
      about: { customerId },
      send: (intentKey, steps) => place(this.ctx, customerId, intentKey, lines, steps),
    });
  }

  /** Sends submitted orders to fulfilment again, where their vendor has that step. */
  async resendForFulfillment(orderIds: string[]): Promise<{ orders: ProductOrder[]; userErrors: UserError[] }> {
    if (orderIds.length === 0 || orderIds.length > MAX_ITEMS_PER_MUTATION)
      throw new BadUserInputError(`Give 1 to ${MAX_ITEMS_PER_MUTATION} order ids`, ['orderIds']);
    const refs = orderIds.map((id, i) => decodeId(id, 'ProductOrder', ['orderIds', String(i)]));
    const found = await Promise.all(refs.map((ref) => this.orderByRef(ref)));
    const userErrors: UserError[] = [];
    const byVendor = new Map<Vendor, ProductOrder[]>();
    found.forEach((order, i) => {
      const field = ['orderIds', String(i)];
      if (!order) userErrors.push(refusal(UserErrorCode.ORDER_NOT_FOUND, 'No such order', field));
      else if (!this.deps.registry.get(order.vendor)?.resendForFulfillment) userErrors.push(notSupported(order.vendor, 'resending for fulfilment', field));
      else byVendor.set(order.vendor, [...(byVendor.get(order.vendor) ?? []), order]);
    });
    const orders: ProductOrder[] = [];
    for (const [vendor, list] of byVendor) {
      const adapter = this.deps.registry.adapter(vendor);
      const resent = await vendorCall(() => adapter.resendForFulfillment!(this.ctx, list));
      if ('userErrors' in resent) {
        userErrors.push(...resent.userErrors);
        continue;
      }
      orders.push(...resent.value.orders);
      userErrors.push(...resent.value.userErrors);
    }
    return { orders, userErrors };
  }

  /**
   * The template of an exactly-once write: the idempotency records run it once per (caller, key, input) and say
   * how it ended; this shapes that into the payload. An order placed earlier under the key is read again.
   */
  private async writeOnce(idempotencyKey: string, write: OnceWrite): Promise<OrderResult> {
    const callerId = this.ctx.callerId ?? ANONYMOUS;
    const intentKey = `${callerId}:${idempotencyKey}`;
    let outcome: WriteOutcome;
    try {
      outcome = await this.deps.idempotency.runOnce(
        {
          key: idempotencyKey,
          input: write.input,
          ttlMs: this.deps.registry.idempotencyTtlMs(write.adapter.vendor),
          write: { operation: write.operation, vendor: write.adapter.vendor, callerId, intentKey, vendorHeaders: this.ctx.vendorHeaders, ...write.about },
        },
        { ctx: this.ctx, adapter: write.adapter, send: (steps) => write.send(intentKey, steps) },
      );
    } catch (error) {
      if (error instanceof VendorRefusal) return { order: null, userErrors: error.userErrors };
      throw toClientError(error);
    }
    switch (outcome.outcome) {
      case 'committed':
        return { order: outcome.order, userErrors: [] };
      case 'stored': {
        const ref: EntityRef = { vendor: write.adapter.vendor, kind: 'ProductOrder', vendorId: outcome.orderVendorId };
        // The vendor committed it: a read-back that finds nothing (404, empty) answers the subgraph's record instead.
        const order = (await this.orderByRef(ref)) ?? recordedOrder(ref, outcome.orderState, callerId, write.about.cartVendorId);
        return { order, userErrors: [] };
      }
      case 'unknown':
        return {
          order: null,
          submission: { state: SubmissionState.CONFIRMING, retryAfterSeconds: outcome.retryAfterSeconds },
          userErrors: [
            refusal(
              UserErrorCode.VENDOR_OUTCOME_UNKNOWN,
              `${vendorLabel(write.adapter.vendor)} may have placed this order but its answer could not be read; retry with the same idempotency key in ${outcome.retryAfterSeconds} s to get it`,
              ['idempotencyKey'],
            ),
          ],
        };
    }
  }

  // ---- helpers ----

  /** True only for the caller the router named: no caller owns nothing. */
  private isCaller(customerId: string | null | undefined): boolean {
    return this.ctx.callerId !== undefined && customerId === this.ctx.callerId;
  }

  /** Another customer's cart or order (or one with no caller, or no known owner) reads as absent. */
  private visible<T extends { customerId?: string | null }>(entity: T | null): T | null {
    return entity && this.isCaller(entity.customerId) ? entity : null;
  }

  /** The served vendor whose adapter has renewals; undefined for another customer than the caller, or when none has. */
  private renewalAdapter(customerId: string): VendorAdapter | undefined {
    assertCustomerId(customerId, ['customerId']);
    if (!this.isCaller(customerId)) return undefined;
    return this.deps.registry.all().find((a) => a.previewRenewal !== undefined && a.placeRenewal !== undefined);
  }

  private renewalRefusal(customerId: string): UserError[] {
    if (!this.isCaller(customerId)) return [CUSTOMER_NOT_FOUND(['customerId'])];
    return [refusal(UserErrorCode.NOT_SUPPORTED_BY_VENDOR, 'No vendor served here supports renewals', ['customerId'])];
  }

  /** One page across the served vendors (or one of them), each fetched with its own offsets. */
  private async customerPage<T>(
    customerId: string,
    vendor: Vendor | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    sortKey: (item: T) => number,
    fetch: (adapter: VendorAdapter, offset: number, limit: number) => Promise<{ items: T[]; totalCount: number }>,
  ): Promise<MergedPage<T>> {
    assertCustomerId(customerId, ['customerId']);
    const size = pageSize(first);
    const offsets = decodeCursor(after);
    if (!this.isCaller(customerId)) return pageAcrossVendors([], size, offsets, sortKey);
    const sources: PageSource<T>[] = this.deps.registry
      .all()
      .filter((a) => !vendor || a.vendor === vendor)
      .map((adapter) => ({ vendor: adapter.vendor, fetch: (offset, limit) => fetch(adapter, offset, limit) }));
    return pageAcrossVendors(sources, size, offsets, sortKey);
  }
}

/** Seconds a client should wait before reading an order known only from the subgraph's record. */
const RECORDED_POLL_AFTER_S = 30;

/**
 * An order the vendor committed but does not show yet, as the subgraph's idempotency record knows it: its id, the
 * state last seen, and `pollAfter` set so that the client reads it again.
 */
function recordedOrder(ref: EntityRef, state: OrderState | undefined, callerId: string, cartVendorId: string | undefined): ProductOrder {
  return {
    id: encodeId(ref.vendor, 'ProductOrder', ref.vendorId),
    vendorId: ref.vendorId,
    vendor: ref.vendor,
    customerId: callerId === ANONYMOUS ? null : callerId,
    state: state ?? OrderState.SUBMITTED,
    items: [],
    payments: [],
    totals: { recurring: [] },
    dynamicProperties: [],
    pollAfter: RECORDED_POLL_AFTER_S,
    cartVendorId: cartVendorId ?? null,
  };
}

/** The store list of a customer's carts at a vendor that cannot list them. */
function cartIndexKey(customerId: string, vendor: Vendor): string {
  return storeKeys.customerCarts(customerId, vendor);
}
