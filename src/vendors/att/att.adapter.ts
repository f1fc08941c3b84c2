import { ATT } from './att.vendor';
import { BadUserInputError } from '../../common/errors';
import { Cart } from '../../cart/cart.type';
import { CartCreateInput, CartItemInput, CartSubmitInput } from '../../cart/cart.input';
import { CheckoutOptions } from '../../cart/checkout-options.type';
import { ProductOrder } from '../../order/product-order.type';
import { VendorHttpClient, VendorHttpOptions, VendorRequest, VendorResponse } from '../../http/vendor-http';
import { OrderPage, Reconciliation, VendorAdapter, VendorCallContext, VendorRefusal, WriteRecord } from '../vendor-adapter';
import { reconcileWith } from '../shared/reconcile';
import { ShapeChecker } from '../shape';
import { attUserErrors } from './att.errors';
import { mapCart, mapCheckout, mapQueriedOrder, mapSubmitted, ORDER_FIELDS, toAttItem, toExpressSubmit } from './att.mapping';
import { AttCreateCartRequest } from './att.wire';

/** Settings of the AT&T adapter. */
export interface AttAdapterOptions {
  baseUrl: string;
  /** Host of the documented orders query (`POST /orders/query`). */
  ordersBaseUrl: string;
  appName: string;
  http: Omit<VendorHttpOptions, 'vendor' | 'baseUrl'>;
}

const VENDOR = 'AT&T';
const seg = encodeURIComponent;

/**
 * The AT&T partner cart API. Documented calls: create cart, add items, checkout, express submit and the orders
 * query. Inferred from TMF663 and AT&T's internal cart API (not in the partner docs): the cart read
 * `GET /carts/{cartId}` and the item removal `DELETE /carts/{cartId}/items/{itemId}`. AT&T cannot list a
 * customer's carts, so the service keeps that index; orders are listed by the orders query's account filter.
 */
export class AttAdapter implements VendorAdapter {
  readonly vendor = ATT.id;
  /** Orders read in one orders query (one aliased `getOrders` per id). */
  readonly maxBatchSize = 25;
  readonly listsCarts = false;
  private readonly carts: VendorHttpClient;
  private readonly orders: VendorHttpClient;

  constructor(private readonly options: AttAdapterOptions) {
    this.carts = new VendorHttpClient({ ...options.http, vendor: VENDOR, baseUrl: options.baseUrl });
    this.orders =
      options.ordersBaseUrl === options.baseUrl ? this.carts : new VendorHttpClient({ ...options.http, vendor: VENDOR, baseUrl: options.ordersBaseUrl });
  }

  private headers(ctx: VendorCallContext): Record<string, string> {
    return { 'idp-trace-id': ctx.requestId };
  }

  /** Sends a call; a 4xx becomes a VendorRefusal unless `allow` lists it. */
  private async call(
    client: VendorHttpClient,
    ctx: VendorCallContext,
    req: Omit<VendorRequest, 'headers'> & { headers?: Record<string, string> },
    allow: number[] = [],
  ): Promise<VendorResponse> {
    const response = await client.request({ ...req, headers: { ...this.headers(ctx), ...req.headers } });
    if (response.status >= 400 && !allow.includes(response.status)) throw new VendorRefusal(attUserErrors(response));
    return response;
  }

  private async readCart(ctx: VendorCallContext, cartId: string): Promise<Cart | null> {
    const route = 'GET /carts/{cartId}';
    const res = await this.call(this.carts, ctx, { method: 'GET', path: `/carts/${seg(cartId)}`, route, idempotent: true }, [404]);
    return res.status === 404 ? null : mapCart(new ShapeChecker(VENDOR, route), res.body);
  }

  /** The documented answers can be thinner than a cart (`{id}`, `{externalId}`, 204): read the cart back then. */
  private async cartFrom(ctx: VendorCallContext, res: VendorResponse, route: string, cartId?: string): Promise<Cart> {
    const body = res.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && Array.isArray(body.productOrderItem) && Array.isArray(body.relatedParty)) {
      return mapCart(new ShapeChecker(VENDOR, route), body);
    }
    const check = new ShapeChecker(VENDOR, route);
    const id = cartId ?? check.string(body?.id, 'id');
    const cart = await this.readCart(ctx, id);
    return cart ?? check.fail('cart', 'a cart readable after the change');
  }

  /** AT&T needs the product type on every item; say so before any call, with the field path. */
  checkItems(items: CartItemInput[], path: string[]): void {
    items.forEach((item, i) => {
      if (!item.productType)
        throw new BadUserInputError('productType is required for AT&T items (for example Fiber_Internet)', [...path, String(i), 'productType']);
    });
  }

  async createCart(ctx: VendorCallContext, input: CartCreateInput): Promise<Cart> {
    const body: AttCreateCartRequest = {
      channel: { id: input.channel ?? 'IND', name: input.channel ?? 'IND' },
      relatedParty: [{ referredType: 'customer', role: 'customer', id: input.customerId }],
      ...(input.items?.length ? { items: input.items.map(toAttItem) } : {}),
    };
    const route = 'POST /carts';
    const res = await this.call(this.carts, ctx, { method: 'POST', path: '/carts', route, body, idempotent: false });
    return this.cartFrom(ctx, res, route);
  }

  async addItems(ctx: VendorCallContext, cartId: string, items: CartItemInput[]): Promise<Cart> {
    const route = 'POST /carts/{cartId}/items';
    const res = await this.call(this.carts, ctx, {
      method: 'POST',
      path: `/carts/${seg(cartId)}/items`,
      route,
      body: { items: items.map(toAttItem) },
      idempotent: false,
    });
    return this.cartFrom(ctx, res, route, cartId);
  }

  async removeItems(ctx: VendorCallContext, cartId: string, itemIds: string[]): Promise<Cart> {
    const route = 'DELETE /carts/{cartId}/items/{itemId}';
    let last: VendorResponse | undefined;
    // One call per item: the partner API has no bulk removal. A DELETE is idempotent, so it may be retried.
    for (const itemId of itemIds) {
      last = await this.call(this.carts, ctx, { method: 'DELETE', path: `/carts/${seg(cartId)}/items/${seg(itemId)}`, route, idempotent: true });
    }
    return this.cartFrom(ctx, last!, route, cartId);
  }

  async getCarts(ctx: VendorCallContext, cartIds: readonly string[]): Promise<(Cart | null)[]> {
    // No batch read of carts exists: one read per unique id (the loader has already removed duplicates).
    return Promise.all(cartIds.map((id) => this.readCart(ctx, id)));
  }

  /** Runs the documented orders query; `filters` become aliased `getOrders` fields of one request. */
  private async queryOrders(ctx: VendorCallContext, filters: Record<string, string | number>[]): Promise<Record<string, unknown>> {
    const route = 'POST /orders/query';
    const fields = filters.map((filter, i) => {
      const args = Object.entries(filter)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join(', ');
      return `o${i}: getOrders(filter: { ${args} }) { orders { ${ORDER_FIELDS} } pageInfo { totalCount pageSize pageNumber } }`;
    });
    // A read: safe to retry.
    const res = await this.call(this.orders, ctx, {
      method: 'POST',
      path: '/orders/query',
      route,
      body: { query: `{ ${fields.join('\n')} }` },
      idempotent: true,
    });
    const check = new ShapeChecker(VENDOR, route);
    const body = check.object(res.body, 'body');
    if (body.errors !== undefined) check.fail('errors', 'no GraphQL errors');
    return check.object(body.data, 'data');
  }

  async getOrders(ctx: VendorCallContext, orderIds: readonly string[]): Promise<(ProductOrder | null)[]> {
    const data = await this.queryOrders(
      ctx,
      orderIds.map((orderId) => ({ orderId })),
    );
    const check = new ShapeChecker(VENDOR, 'POST /orders/query');
    return orderIds.map((_, i) => {
      const result = check.object(data[`o${i}`], `data.o${i}`);
      const found = check.array(result.orders, `data.o${i}.orders`);
      return found.length === 0 ? null : mapQueriedOrder(check, found[0], `data.o${i}.orders[0]`);
    });
  }

  async listOrders(ctx: VendorCallContext, customerId: string, offset: number, limit: number): Promise<OrderPage> {
    // [I] the orders query filters by account number; the customer's id is passed as that account number.
    const data = await this.queryOrders(ctx, [{ accountNumber: customerId, offset, limit }]);
    const check = new ShapeChecker(VENDOR, 'POST /orders/query');
    const result = check.object(data.o0, 'data.o0');
    const pageInfo = check.object(result.pageInfo, 'data.o0.pageInfo');
    return {
      orders: check.array(result.orders, 'data.o0.orders').map((o, i) => mapQueriedOrder(check, o, `data.o0.orders[${i}]`)),
      totalCount: check.integer(pageInfo.totalCount, 'data.o0.pageInfo.totalCount'),
    };
  }

  async checkoutOptions(ctx: VendorCallContext, cart: Cart): Promise<CheckoutOptions> {
    const route = 'POST /checkout';
    // Checkout only reads options: repeating it changes nothing.
    const res = await this.call(this.carts, ctx, { method: 'POST', path: '/checkout', route, body: { cartId: cart.vendorId }, idempotent: true });
    return mapCheckout(new ShapeChecker(VENDOR, route), res.body);
  }

  async submitCart(ctx: VendorCallContext, cart: Cart, input: CartSubmitInput): Promise<ProductOrder> {
    const route = 'POST /carts/{cartId}/express-submit';
    const res = await this.call(this.carts, ctx, {
      method: 'POST',
      path: `/carts/${seg(cart.vendorId)}/express-submit`,
      route,
      headers: { appname: this.options.appName },
      body: toExpressSubmit(input),
      idempotent: false,
    });
    return mapSubmitted(new ShapeChecker(VENDOR, route), res.body, cart, input);
  }

  /** A submit whose outcome is unknown: the cart read names the order it became. */
  reconcile(ctx: VendorCallContext, write: WriteRecord): Promise<Reconciliation> {
    return reconcileWith(() => this.findSubmittedOrder(ctx, write.cartVendorId ?? ''));
  }

  private async findSubmittedOrder(ctx: VendorCallContext, cartVendorId: string): Promise<ProductOrder | null> {
    const fresh = await this.readCart(ctx, cartVendorId);
    if (!fresh?.orderVendorId) return null;
    const [order] = await this.getOrders(ctx, [fresh.orderVendorId]);
    return order;
  }

  async close(): Promise<void> {
    await this.carts.close();
    if (this.orders !== this.carts) await this.orders.close();
  }

  async abort(): Promise<void> {
    await this.carts.destroy();
    if (this.orders !== this.carts) await this.orders.destroy();
  }
}
