import { BadUserInputError } from '../common/errors';
import { assertCustomerId, decodeId, EntityRef } from '../common/ids';
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
import { Store } from '../store/store';
import { storeKeys } from '../store/keys';
import { VendorRegistry } from '../vendors/registry';
import { VendorAdapter, VendorCallContext, VendorRefusal } from '../vendors/vendor-adapter';
import { IdempotencyRecords } from './idempotency';
import { createLoaders, Loaders } from './loaders';
import { vendorStep } from './faults';

/** What lives for the whole process and every request shares. */
export interface OrderServiceDeps {
  registry: VendorRegistry;
  store: Store;
  idempotency: IdempotencyRecords;
  /** How long idempotency records are kept, per vendor (at least the vendor's own replay window). */
  idempotencyTtlMs: (vendor: Vendor) => number;
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
}

const INDEX_TTL_MS = 90 * 24 * 3600 * 1000;
const ANONYMOUS = '-';

function notSupported(vendor: Vendor, what: string, field: string[]): UserError {
  return refusal(UserErrorCode.NOT_SUPPORTED, `${vendorLabel(vendor)} does not support ${what}`, field);
}

function refusal(code: UserErrorCode, message: string, field?: string[]): UserError {
  return { code, message, field: field ?? null, vendorCode: null };
}

/**
 * The vendor-neutral order lifecycle for one GraphQL request: create, change, price and submit carts, read carts
 * and orders through the request's DataLoaders, page a customer's carts and orders, and make submits exactly-once.
 * Resolvers call it; it calls vendor adapters. It never knows a vendor's wire format.
 */
export class OrderService {
  readonly loaders: Loaders;

  constructor(
    private readonly deps: OrderServiceDeps,
    private readonly ctx: VendorCallContext,
  ) {
    this.loaders = createLoaders(deps.registry, ctx);
  }

  private adapterFor(vendor: Vendor): VendorAdapter | undefined {
    return this.deps.registry.get(vendor);
  }

  /** Another customer's cart or order reads as absent when the router named the caller. */
  private visible<T extends { customerId?: string | null }>(entity: T | null): T | null {
    if (!entity) return null;
    if (this.ctx.callerId && entity.customerId && entity.customerId !== this.ctx.callerId) return null;
    return entity;
  }

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

  /** Runs a vendor mutation, turning a refusal into userErrors and a fault into a typed GraphQL error. */
  private async mutate<T>(fn: () => Promise<T>): Promise<{ value: T | null; userErrors: UserError[] }> {
    try {
      return { value: await vendorStep(fn), userErrors: [] };
    } catch (error) {
      if (error instanceof VendorRefusal) return { value: null, userErrors: error.userErrors };
      throw error;
    }
  }

  private checkItems(items: CartItemInput[], path: string[]): void {
    if (items.length === 0) throw new BadUserInputError('At least one item is required', path);
    if (items.length > MAX_ITEMS_PER_MUTATION) {
      throw new BadUserInputError(`At most ${MAX_ITEMS_PER_MUTATION} items per mutation`, path);
    }
    items.forEach((item, i) => {
      const needsOffering = item.action === CartItemAction.ADD || item.action === CartItemAction.SWAP;
      const needsProduct = item.action !== CartItemAction.ADD;
      if (needsOffering && !item.offeringId) throw new BadUserInputError(`offeringId is required for ${item.action}`, [...path, String(i), 'offeringId']);
      if (needsProduct && !item.productId) throw new BadUserInputError(`productId is required for ${item.action}`, [...path, String(i), 'productId']);
    });
  }

  /** Loads the caller's cart for a mutation, or says why not as a userError. */
  private async cartForMutation(cartId: string): Promise<{ cart: Cart; adapter: VendorAdapter } | UserError[]> {
    const ref = decodeId(cartId, 'Cart', ['cartId']);
    const adapter = this.adapterFor(ref.vendor);
    const cart = adapter ? await this.cartByRef(ref) : null;
    if (!adapter || !cart) return [refusal(UserErrorCode.CART_NOT_FOUND, 'No such cart', ['cartId'])];
    return { cart, adapter };
  }

  private primeCart(cart: Cart | null): void {
    if (!cart) return;
    const ref: EntityRef = { vendor: cart.vendor, kind: 'Cart', vendorId: cart.vendorId };
    this.loaders.carts.clear(ref).prime(ref, cart);
  }

  /** Creates a cart and records it in the customer's index. */
  async createCart(input: CartCreateInput): Promise<CartResult> {
    assertCustomerId(input.customerId, ['input', 'customerId']);
    if (input.items?.length) this.checkItems(input.items, ['input', 'items']);
    if (this.ctx.callerId && input.customerId !== this.ctx.callerId) {
      return { cart: null, userErrors: [refusal(UserErrorCode.CUSTOMER_NOT_FOUND, 'No such customer', ['input', 'customerId'])] };
    }
    const adapter = this.adapterFor(input.vendor);
    if (!adapter) {
      return {
        cart: null,
        userErrors: [refusal(UserErrorCode.NOT_SUPPORTED, `${vendorLabel(input.vendor)} is not enabled in this subgraph`, ['input', 'vendor'])],
      };
    }
    if (input.items) adapter.checkItems?.(input.items, ['input', 'items']);
    const { value: cart, userErrors } = await this.mutate(() => adapter.createCart(this.ctx, input));
    if (cart) {
      if (!adapter.listsCarts) await this.deps.store.listPrepend(storeKeys.customerCarts(cart.customerId, cart.vendor), cart.id, INDEX_TTL_MS);
      this.primeCart(cart);
    }
    return { cart, userErrors };
  }

  /** Adds items to a cart. */
  async addItems(cartId: string, items: CartItemInput[]): Promise<CartResult> {
    const ref = decodeId(cartId, 'Cart', ['cartId']);
    this.checkItems(items, ['items']);
    this.adapterFor(ref.vendor)?.checkItems?.(items, ['items']);
    const found = await this.cartForMutation(cartId);
    if (Array.isArray(found)) return { cart: null, userErrors: found };
    const { value: cart, userErrors } = await this.mutate(() => found.adapter.addItems(this.ctx, found.cart.vendorId, items));
    this.primeCart(cart);
    return { cart: cart ?? found.cart, userErrors };
  }

  /** Removes items from a cart. Item ids must belong to the cart. */
  async removeItems(cartId: string, itemIds: string[]): Promise<CartResult> {
    decodeId(cartId, 'Cart', ['cartId']);
    if (itemIds.length === 0 || itemIds.length > MAX_ITEMS_PER_MUTATION) {
      throw new BadUserInputError(`Give 1 to ${MAX_ITEMS_PER_MUTATION} item ids`, ['itemIds']);
    }
    itemIds.forEach((id, i) => decodeId(id, 'CartItem', ['itemIds', String(i)]));
    const found = await this.cartForMutation(cartId);
    if (Array.isArray(found)) return { cart: null, userErrors: found };
    const byId = new Map(found.cart.items.map((item) => [item.id, item]));
    const missing = itemIds.flatMap((id, i) => (byId.has(id) ? [] : [i]));
    if (missing.length > 0) {
      return {
        cart: found.cart,
        userErrors: missing.map((i) => refusal(UserErrorCode.CART_ITEM_NOT_FOUND, 'No such item in this cart', ['itemIds', String(i)])),
      };
    }
    const vendorItemIds = itemIds.map((id) => byId.get(id)!.vendorId);
    const { value: cart, userErrors } = await this.mutate(() => found.adapter.removeItems(this.ctx, found.cart.vendorId, vendorItemIds));
    this.primeCart(cart);
    return { cart: cart ?? found.cart, userErrors };
  }

  /** Prices a cart where the vendor has a pricing step; elsewhere the cart as read is already priced. */
  async priceCart(cartId: string): Promise<CartResult> {
    decodeId(cartId, 'Cart', ['cartId']);
    const found = await this.cartForMutation(cartId);
    if (Array.isArray(found)) return { cart: null, userErrors: found };
    const { adapter } = found;
    if (!adapter.priceCart) return { cart: found.cart, userErrors: [] };
    const { value: cart, userErrors } = await this.mutate(() => adapter.priceCart!(this.ctx, found.cart));
    this.primeCart(cart);
    return { cart: cart ?? found.cart, userErrors };
  }

  /** Checkout options of a cart, for vendors that have a checkout step; null elsewhere. */
  async checkoutOptions(cart: Cart): Promise<CheckoutOptions | null> {
    const adapter = this.adapterFor(cart.vendor);
    if (!adapter?.checkoutOptions) return null;
    return vendorStep(() => adapter.checkoutOptions!(this.ctx, cart));
  }

  private checkIdempotencyKey(key: string): void {
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new BadUserInputError('idempotencyKey must be 8-128 letters, digits, _, ., : or -', ['idempotencyKey']);
    }
  }

  /**
   * Places something exactly once per (caller, idempotency key) and answers it as an OrderResult: the same key and
   * input give the same order, a different input is IDEMPOTENCY_KEY_REUSED, and an attempt whose outcome was unknown
   * is reconciled with the vendor before anything is placed again. `place` and `reconcile` get the intent key that
   * vendors with their own idempotency (Adobe's X-Correlation-Id) derive their key from.
   */
  private async placeOnce(
    vendor: Vendor,
    idempotencyKey: string,
    input: Record<string, unknown>,
    place: (intent: string) => Promise<ProductOrder>,
    reconcile: (intent: string) => Promise<ProductOrder | null>,
  ): Promise<OrderResult> {
    this.checkIdempotencyKey(idempotencyKey);
    const caller = this.ctx.callerId ?? ANONYMOUS;
    const intent = `${caller}:${idempotencyKey}`;
    let placed: ProductOrder | null = null;
    try {
      const orderId = await vendorStep(() =>
        this.deps.idempotency.run(caller, idempotencyKey, input, this.deps.idempotencyTtlMs(vendor), {
          place: async () => (placed = await place(intent)).id,
          reconcile: async () => (placed = await reconcile(intent))?.id ?? null,
        }),
      );
      const order = placed ?? (await this.orderByRef(decodeId(orderId, 'ProductOrder', ['idempotencyKey'])));
      return { order, userErrors: [] };
    } catch (error) {
      if (error instanceof VendorRefusal) return { order: null, userErrors: error.userErrors };
      throw error;
    }
  }

  /** Submits a cart as an order, exactly once per idempotency key. */
  async submitCart(cartId: string, idempotencyKey: string, input: CartSubmitInput | undefined): Promise<OrderResult> {
    this.checkIdempotencyKey(idempotencyKey);
    const ref = decodeId(cartId, 'Cart', ['cartId']);
    const adapter = this.adapterFor(ref.vendor);
    if (!adapter) return { order: null, userErrors: [refusal(UserErrorCode.CART_NOT_FOUND, 'No such cart', ['cartId'])] };
    let cart: Cart | null = null;
    const loadCart = async (): Promise<Cart> => {
      cart ??= await this.cartByRef(ref);
      if (!cart) throw new VendorRefusal([refusal(UserErrorCode.CART_NOT_FOUND, 'No such cart', ['cartId'])]);
      return cart;
    };
    try {
      return await this.placeOnce(
        ref.vendor,
        idempotencyKey,
        { op: 'cartSubmit', cartId, input: input ?? {} },
        async (intent) => adapter.submitCart(this.ctx, await loadCart(), input ?? {}, intent),
        async (intent) => adapter.findSubmittedOrder(this.ctx, await loadCart(), intent),
      );
    } finally {
      this.loaders.carts.clear(ref);
    }
  }

  /** Applies coupon codes to a cart, where the vendor takes coupons (Oracle). */
  async applyCoupons(cartId: string, codes: string[]): Promise<CartResult> {
    decodeId(cartId, 'Cart', ['cartId']);
    if (codes.length === 0 || codes.length > 10) throw new BadUserInputError('Give 1 to 10 coupon codes', ['codes']);
    codes.forEach((code, i) => {
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(code)) throw new BadUserInputError('A coupon code is 1-40 letters, digits, _ or -', ['codes', String(i)]);
    });
    const found = await this.cartForMutation(cartId);
    if (Array.isArray(found)) return { cart: null, userErrors: found };
    const { adapter } = found;
    if (!adapter.applyCoupons) return { cart: found.cart, userErrors: [notSupported(found.cart.vendor, 'coupons', ['cartId'])] };
    const { value: cart, userErrors } = await this.mutate(() => adapter.applyCoupons!(this.ctx, found.cart, codes));
    this.primeCart(cart);
    return { cart: cart ?? found.cart, userErrors };
  }

  /** Pre-authorizes a cart's payments, where the vendor has that step (Oracle). */
  async preAuthorizeCart(cartId: string, input: CartSubmitInput | undefined): Promise<CartResult> {
    decodeId(cartId, 'Cart', ['cartId']);
    const found = await this.cartForMutation(cartId);
    if (Array.isArray(found)) return { cart: null, userErrors: found };
    const { adapter } = found;
    if (!adapter.preAuthorizeCart) return { cart: found.cart, userErrors: [notSupported(found.cart.vendor, 'pre-authorization', ['cartId'])] };
    const { value: cart, userErrors } = await this.mutate(() => adapter.preAuthorizeCart!(this.ctx, found.cart, input ?? {}));
    this.primeCart(cart);
    return { cart: cart ?? found.cart, userErrors };
  }

  /** Sends submitted orders to fulfilment again, where the vendor has that step (Oracle). */
  async resendForFulfillment(orderIds: string[]): Promise<{ orders: ProductOrder[]; userErrors: UserError[] }> {
    if (orderIds.length === 0 || orderIds.length > MAX_ITEMS_PER_MUTATION) {
      throw new BadUserInputError(`Give 1 to ${MAX_ITEMS_PER_MUTATION} order ids`, ['orderIds']);
    }
    const refs = orderIds.map((id, i) => decodeId(id, 'ProductOrder', ['orderIds', String(i)]));
    const found = await Promise.all(refs.map((ref) => this.orderByRef(ref)));
    const userErrors: UserError[] = [];
    const byVendor = new Map<Vendor, ProductOrder[]>();
    found.forEach((order, i) => {
      if (!order) userErrors.push(refusal(UserErrorCode.ORDER_NOT_FOUND, 'No such order', ['orderIds', String(i)]));
      else if (!this.adapterFor(order.vendor)?.resendForFulfillment)
        userErrors.push(notSupported(order.vendor, 'resending for fulfilment', ['orderIds', String(i)]));
      else byVendor.set(order.vendor, [...(byVendor.get(order.vendor) ?? []), order]);
    });
    const orders: ProductOrder[] = [];
    for (const [vendor, list] of byVendor) {
      const { value, userErrors: refused } = await this.mutate(() => this.adapterFor(vendor)!.resendForFulfillment!(this.ctx, list));
      orders.push(...(value?.orders ?? []));
      userErrors.push(...refused, ...(value?.userErrors ?? []));
    }
    return { orders, userErrors };
  }

  /** Returns lines of an order, exactly once per idempotency key (Adobe). */
  async returnOrder(orderId: string, lines: ReturnLineInput[], idempotencyKey: string): Promise<OrderResult> {
    this.checkIdempotencyKey(idempotencyKey);
    const ref = decodeId(orderId, 'ProductOrder', ['orderId']);
    if (lines.length === 0 || lines.length > 499) throw new BadUserInputError('Give 1 to 499 lines', ['lines']);
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      if (seen.has(line.lineId)) throw new BadUserInputError('Each line may be returned once per request', ['lines', String(i), 'lineId']);
      seen.add(line.lineId);
    });
    const adapter = this.adapterFor(ref.vendor);
    const order = adapter ? await this.orderByRef(ref) : null;
    if (!adapter || !order) return { order: null, userErrors: [refusal(UserErrorCode.ORDER_NOT_FOUND, 'No such order', ['orderId'])] };
    if (!adapter.returnOrder || !adapter.findReturnOrder) return { order: null, userErrors: [notSupported(order.vendor, 'returns', ['orderId'])] };
    return this.placeOnce(
      ref.vendor,
      idempotencyKey,
      { op: 'orderReturn', orderId, lines },
      (intent) => adapter.returnOrder!(this.ctx, order, lines, intent),
      (intent) => adapter.findReturnOrder!(this.ctx, order, lines, intent),
    );
  }

  private renewalAdapter(customerId: string): VendorAdapter | UserError[] {
    assertCustomerId(customerId, ['customerId']);
    if (this.ctx.callerId && this.ctx.callerId !== customerId) return [refusal(UserErrorCode.CUSTOMER_NOT_FOUND, 'No such customer', ['customerId'])];
    const adapter = this.deps.registry.all().find((a) => typeof a.previewRenewal === 'function' && typeof a.placeRenewal === 'function');
    return adapter ?? [notSupported(Vendor.ADOBE, 'renewals', ['customerId'])];
  }

  /** What a customer's renewal would order, placing nothing (Adobe). */
  async previewRenewal(customerId: string): Promise<OrderResult> {
    const adapter = this.renewalAdapter(customerId);
    if (Array.isArray(adapter)) return { order: null, userErrors: adapter };
    const { value, userErrors } = await this.mutate(() => adapter.previewRenewal!(this.ctx, customerId));
    return { order: value, userErrors };
  }

  /** Places a customer's renewal, exactly once per idempotency key (Adobe). */
  async placeRenewal(customerId: string, idempotencyKey: string): Promise<OrderResult> {
    this.checkIdempotencyKey(idempotencyKey);
    const adapter = this.renewalAdapter(customerId);
    if (Array.isArray(adapter)) return { order: null, userErrors: adapter };
    return this.placeOnce(
      adapter.vendor,
      idempotencyKey,
      { op: 'renewalPlace', customerId },
      (intent) => adapter.placeRenewal!(this.ctx, customerId, intent),
      (intent) => (adapter.findRenewalOrder ? adapter.findRenewalOrder(this.ctx, customerId, intent) : Promise.resolve(null)),
    );
  }

  /** A customer's orders across vendors (or one vendor), paged by the vendors' own offsets. */
  async customerOrders(
    customerId: string,
    vendor: Vendor | undefined | null,
    first: number | undefined | null,
    after: string | undefined | null,
  ): Promise<MergedPage<ProductOrder>> {
    assertCustomerId(customerId, ['customerId']);
    const size = pageSize(first);
    const offsets = decodeCursor(after);
    if (this.ctx.callerId && this.ctx.callerId !== customerId) return pageAcrossVendors([], size, offsets, () => 0);
    const adapters = this.deps.registry.all().filter((a) => !vendor || a.vendor === vendor);
    const sources: PageSource<ProductOrder>[] = adapters.map((adapter) => ({
      vendor: adapter.vendor,
      fetch: async (offset, limit) => {
        const page = await vendorStep(() => adapter.listOrders(this.ctx, customerId, offset, limit));
        for (const order of page.orders) this.loaders.orders.prime({ vendor: order.vendor, kind: 'ProductOrder', vendorId: order.vendorId }, order);
        return { items: page.orders, totalCount: page.totalCount };
      },
    }));
    return pageAcrossVendors(sources, size, offsets, (o) => o.submittedAt?.getTime() ?? 0);
  }

  /** A customer's carts, from the vendor where it can list them and from this subgraph's index elsewhere. */
  async customerCarts(
    customerId: string,
    vendor: Vendor | undefined | null,
    first: number | undefined | null,
    after: string | undefined | null,
  ): Promise<MergedPage<Cart>> {
    assertCustomerId(customerId, ['customerId']);
    const size = pageSize(first);
    const offsets = decodeCursor(after);
    if (this.ctx.callerId && this.ctx.callerId !== customerId) return pageAcrossVendors([], size, offsets, () => 0);
    const adapters = this.deps.registry.all().filter((a) => !vendor || a.vendor === vendor);
    const sources: PageSource<Cart>[] = adapters.map((adapter) => ({
      vendor: adapter.vendor,
      fetch: async (offset, limit) => {
        if (adapter.listCarts) {
          const page = await vendorStep(() => adapter.listCarts!(this.ctx, customerId, offset, limit));
          return { items: page.carts, totalCount: page.totalCount };
        }
        const { items: ids, total } = await this.deps.store.listRange(storeKeys.customerCarts(customerId, adapter.vendor), offset, limit);
        const carts = await Promise.all(ids.map((id) => this.cart(id)));
        return { items: carts.filter((c): c is Cart => c !== null), totalCount: total };
      },
    }));
    return pageAcrossVendors(sources, size, offsets, (c) => c.createdAt?.getTime() ?? 0);
  }

  /** The cart an order came from, when the vendor reports it. */
  async cartOfOrder(order: ProductOrder): Promise<Cart | null> {
    if (!order.cartVendorId) return null;
    return this.cartByRef({ vendor: order.vendor, kind: 'Cart', vendorId: order.cartVendorId });
  }

  /** The order a cart became, when the vendor reports it. */
  async orderOfCart(cart: Cart): Promise<ProductOrder | null> {
    if (!cart.orderVendorId) return null;
    return this.orderByRef({ vendor: cart.vendor, kind: 'ProductOrder', vendorId: cart.orderVendorId });
  }

  /** The order another order refers to (a return's original). */
  async referenceOrder(order: ProductOrder): Promise<ProductOrder | null> {
    if (!order.referenceOrderVendorId) return null;
    return this.orderByRef({ vendor: order.vendor, kind: 'ProductOrder', vendorId: order.referenceOrderVendorId });
  }
}
