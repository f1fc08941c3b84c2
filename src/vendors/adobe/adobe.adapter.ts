import { RenewalLineInput } from '../../order/renewal-line.input';
import { ADOBE } from './adobe.vendor';
import { randomUUID } from 'node:crypto';
import { UserError, UserErrorCode } from '../../common/user-error.type';
import { Cart } from '../../cart/cart.type';
import { CartCreateInput, CartItemInput, CartSubmitInput } from '../../cart/cart.input';
import { ProductOrder } from '../../order/product-order.type';
import { ReturnLineInput } from '../../order/return-line.input';
import { Store } from '../../store/store';
import { VendorCallScope, VendorHttpClient, VendorHttpOptions, VendorRequest, VendorResponse } from '../../http/vendor-http';
import {
  OrderPage,
  ReconcileMode,
  Reconciliation,
  RenewalLineRecord,
  VendorAdapter,
  VendorCallContext,
  VendorRefusal,
  WriteRecord,
  WriteSteps,
} from '../vendor-adapter';
import { reconcileWith } from '../shared/reconcile';
import { fetchFormToken, TokenSource } from '../shared/token-source';
import { ShapeChecker } from '../shape';
import { freshCorrelationId, newOrderCorrelationId, renewalCorrelationId, returnCorrelationId } from './adobe.correlation';
import { AdobeDraftStore, DraftCart, DraftSubmit, planLines } from './adobe.drafts';
import { AdobeErrorContext, adobeRejection } from './adobe.errors';
import { isPlausibleAdobeOrderId } from './adobe.ids';
import { draftToCart, mapAdobeOrder, parseAdobeOrderVendorId, readPreview, toLineItems, toNewOrder, toReturnOrder } from './adobe.mapping';
import { AdobeOrderRequest, AdobeOrderType } from './adobe.wire';

/** The integration's credentials: `X-Api-Key` and the IMS client-credentials pair. Never logged. */
export interface AdobeCredentials {
  apiKey: string;
  clientId: string;
  clientSecret: string;
}

/** Settings of the Adobe adapter. */
export interface AdobeAdapterOptions {
  /** Partner API base, e.g. `https://partners.adobe.io`. */
  baseUrl: string;
  /** IMS base including its `/ims` path, e.g. `https://ims-na1.adobelogin.com/ims`. */
  imsUrl: string;
  credentials: AdobeCredentials;
  http: Omit<VendorHttpOptions, 'vendor' | 'baseUrl'>;
  /** Where draft carts live (the app's shared Store). */
  store: Store;
  /** `ADOBE_ASSUME_ID_PATTERNS`: order ids must be digits, like the doc example `0123456789`. */
  assumeIdPatterns?: boolean;
}

const VENDOR = 'Adobe';
/** Metascope of the partner API [I: named in Adobe's onboarding pages, not in the API reference]. */
const IMS_SCOPE = 'openid,AdobeID,ent_partners_sdk';
const seg = encodeURIComponent;
const ORDERS_ROUTE = 'POST /v3/customers/{customerId}/orders';
/** Order types that place nothing: Adobe answers what the order would be (README §4). */
const PREVIEWS: ReadonlySet<AdobeOrderType> = new Set<AdobeOrderType>(['PREVIEW', 'PREVIEW_RENEWAL']);
const EXTERNAL_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,34}$/;

function refusal(code: UserErrorCode, message: string, field: string[] | null): UserError {
  return { code, message, field, vendorCode: null };
}

/**
 * Adobe VIP Marketplace. Adobe has no cart: carts are drafts kept in the shared Store, checked against Adobe's
 * order rules before any call, priced with a PREVIEW and placed as a NEW order. Every placing call (NEW, RETURN,
 * RENEWAL) carries an `X-Correlation-Id` derived from the service's intent key, so a retry on any replica replays
 * Adobe's stored answer instead of ordering twice; that makes these writes safe to retry, and reconciling an
 * unknown outcome is sending the same call again. Order ids carry the customer (`<customerId>:<orderId>`) because
 * every Adobe order path needs both.
 */
export class AdobeAdapter implements VendorAdapter {
  readonly vendor = ADOBE.id;
  /** Adobe has no batch read of orders: this only bounds one loader chunk of parallel GETs. */
  readonly maxBatchSize = 25;
  readonly listsCarts = false;
  private readonly api: VendorHttpClient;
  private readonly ims: VendorHttpClient;
  private readonly tokens: TokenSource;
  private readonly drafts: AdobeDraftStore;

  constructor(private readonly options: AdobeAdapterOptions) {
    this.api = new VendorHttpClient({ ...options.http, vendor: VENDOR, baseUrl: options.baseUrl });
    this.ims = new VendorHttpClient({ ...options.http, vendor: VENDOR, baseUrl: options.imsUrl });
    const { clientId, clientSecret } = options.credentials;
    this.tokens = new TokenSource({
      // IMS server-to-server tokens: the client-credentials grant.
      fetch: (scope) =>
        fetchFormToken(
          {
            http: this.ims,
            vendor: VENDOR,
            path: '/token/v3',
            route: 'POST /ims/token/v3',
            form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: IMS_SCOPE },
            credentialVariables: ['ADOBE_CLIENT_ID', 'ADOBE_CLIENT_SECRET', 'ADOBE_IMS_URL'],
          },
          scope,
        ),
      maxMarginSeconds: 300,
    });
    this.drafts = new AdobeDraftStore(options.store);
  }

  private headers(token: string, correlationId: string): Record<string, string> {
    return {
      'x-api-key': this.options.credentials.apiKey,
      authorization: `Bearer ${token}`,
      'x-correlation-id': correlationId,
    };
  }

  /** Sends a partner API call with a valid token; a 401 renews the token once and sends again (same correlation id). */
  private send(req: Omit<VendorRequest, 'headers'>, correlationId: string): Promise<VendorResponse> {
    // Adobe refuses a repeated X-Request-Id (4120): every attempt, retries included, gets its own.
    return this.tokens.send(
      (token) => this.api.request({ ...req, headers: this.headers(token, correlationId), attemptHeaders: () => ({ 'x-request-id': randomUUID() }) }),
      req.scope,
    );
  }

  /** Sends a call; a 4xx becomes a VendorRefusal (or a fault for header and credential codes) unless `allow` lists it. */
  private async call(req: Omit<VendorRequest, 'headers'>, correlationId: string, context: AdobeErrorContext, allow: number[] = []): Promise<VendorResponse> {
    const res = await this.send(req, correlationId);
    if (res.status >= 400 && !allow.includes(res.status)) throw adobeRejection(res, context, req.route);
    return res;
  }

  /**
   * POST of an order body for a customer, always asking for prices. Safe to retry: see the class comment. A preview
   * places nothing (README §4), so the audit trail of writes leaves it out.
   */
  private postOrder(
    customerId: string,
    body: AdobeOrderRequest,
    correlationId: string,
    context: AdobeErrorContext,
    scope: VendorCallScope | undefined,
  ): Promise<VendorResponse> {
    return this.call(
      {
        method: 'POST',
        path: `/v3/customers/${seg(customerId)}/orders`,
        route: ORDERS_ROUTE,
        query: { 'fetch-price': 'true' },
        body,
        idempotent: true,
        onlyReads: PREVIEWS.has(body.orderType),
        scope,
      },
      correlationId,
      context,
    );
  }

  private async draftOrRefuse(cartId: string): Promise<DraftCart> {
    const draft = await this.drafts.get(cartId);
    if (!draft) throw new VendorRefusal([refusal(UserErrorCode.CART_NOT_FOUND, 'No such cart', ['cartId'])]);
    return draft;
  }

  async createCart(_ctx: VendorCallContext, input: CartCreateInput): Promise<Cart> {
    const planned = planLines([], input.items ?? []);
    if ('errors' in planned) throw new VendorRefusal(planned.errors);
    return draftToCart(await this.drafts.create(input.customerId, planned.lines, new Date()));
  }

  async addItems(_ctx: VendorCallContext, cartId: string, items: CartItemInput[]): Promise<Cart> {
    const { draft } = await this.drafts.update(cartId, (d) => {
      if (d.state !== 'DRAFT') return { refuse: [refusal(UserErrorCode.CART_NOT_EDITABLE, 'The cart was submitted and cannot change', ['cartId'])] };
      const planned = planLines(d.lines, items);
      if ('errors' in planned) return { refuse: planned.errors };
      return { next: { ...d, lines: [...d.lines, ...planned.lines], revision: d.revision + 1 }, result: null };
    });
    return draftToCart(draft);
  }

  async removeItems(_ctx: VendorCallContext, cartId: string, itemIds: string[]): Promise<Cart> {
    const { draft } = await this.drafts.update(cartId, (d) => {
      if (d.state !== 'DRAFT') return { refuse: [refusal(UserErrorCode.CART_NOT_EDITABLE, 'The cart was submitted and cannot change', ['cartId'])] };
      const missing = itemIds.flatMap((id, i) => (d.lines.some((l) => String(l.lineNumber) === id) ? [] : [i]));
      if (missing.length > 0) return { refuse: missing.map((i) => refusal(UserErrorCode.ITEM_NOT_FOUND, 'No such item in this cart', ['itemIds', String(i)])) };
      return { next: { ...d, lines: d.lines.filter((l) => !itemIds.includes(String(l.lineNumber))), revision: d.revision + 1 }, result: null };
    });
    return draftToCart(draft);
  }

  async getCarts(_ctx: VendorCallContext, cartIds: readonly string[]): Promise<(Cart | null)[]> {
    const drafts = await Promise.all(cartIds.map((id) => this.drafts.get(id)));
    return drafts.map((d) => (d ? draftToCart(d) : null));
  }

  /** Prices the draft with a PREVIEW (nothing is placed) and keeps the prices and Adobe's better offers on it. */
  async priceCart(ctx: VendorCallContext, cart: Cart): Promise<Cart> {
    const draft = await this.draftOrRefuse(cart.vendorId);
    if (draft.state !== 'DRAFT') return draftToCart(draft);
    if (draft.lines.length === 0) throw new VendorRefusal([refusal(UserErrorCode.CART_EMPTY, 'The cart has no items to price', ['cartId'])]);
    // A preview places nothing, so it gets a fresh correlation id every time and may be retried freely.
    const res = await this.postOrder(draft.customerId, { orderType: 'PREVIEW', lineItems: toLineItems(draft) }, freshCorrelationId(), 'cart', ctx.scope);
    const preview = readPreview(new ShapeChecker(VENDOR, ORDERS_ROUTE, ctx.scope), res.body, draft);
    const { draft: updated } = await this.drafts.update(draft.id, (d) =>
      // Lines changed while Adobe priced them: those prices describe another cart, so they are dropped.
      d.revision === preview.revision && d.state === 'DRAFT' ? { next: { ...d, preview }, result: null } : { next: d, result: null },
    );
    return draftToCart(updated);
  }

  /**
   * Places the draft as a NEW order. The body and its correlation id are written on the draft before the call
   * (state SUBMITTING), and the order id right after Adobe answers, before returning: a process that dies in between
   * leaves a SUBMITTING draft whose call `findSubmittedOrder` (or the next submit) sends again, and Adobe replays
   * its answer. A refusal puts the draft back to DRAFT so that it can be fixed; a fault leaves it SUBMITTING,
   * because the order may exist. A submitted draft answers its order to the intent that placed it and refuses others.
   */
  async submitCart(ctx: VendorCallContext, cart: Cart, input: CartSubmitInput, intentKey: string): Promise<ProductOrder> {
    const externalReferenceId = input.externalReferenceId;
    if (externalReferenceId !== undefined && externalReferenceId !== null && !EXTERNAL_REFERENCE.test(externalReferenceId)) {
      throw new VendorRefusal([
        refusal(UserErrorCode.INVALID_FIELD, 'externalReferenceId must be 1-35 letters, digits, spaces, _, ., : or -', ['input', 'externalReferenceId']),
      ]);
    }
    const { draft, result } = await this.drafts.update<DraftSubmit | { orderVendorId: string }>(cart.vendorId, (d) => {
      if (d.state === 'SUBMITTED' && d.orderVendorId) {
        if (d.submit && d.submit.correlationId === newOrderCorrelationId(intentKey, d.id, d.submit.body))
          return { next: d, result: { orderVendorId: d.orderVendorId } };
        return { refuse: [refusal(UserErrorCode.CART_NOT_EDITABLE, 'The cart was already submitted', ['cartId'])] };
      }
      // An earlier submit's outcome is unknown: finish that one (same body, same correlation id) before anything else.
      if (d.state === 'SUBMITTING' && d.submit) return { next: d, result: d.submit };
      if (d.lines.length === 0) return { refuse: [refusal(UserErrorCode.CART_EMPTY, 'The cart has no items to submit', ['cartId'])] };
      const body = toNewOrder(d, externalReferenceId ?? undefined);
      const submit: DraftSubmit = { correlationId: newOrderCorrelationId(intentKey, d.id, body), body, startedAt: new Date().toISOString() };
      return { next: { ...d, state: 'SUBMITTING', submit }, result: submit };
    });
    if ('orderVendorId' in result) {
      const [order] = await this.getOrders(ctx, [result.orderVendorId]);
      if (order) return order;
      throw new VendorRefusal([refusal(UserErrorCode.ORDER_NOT_FOUND, 'Adobe no longer shows the order of this cart', ['cartId'])]);
    }
    return this.placeSubmit(draft, result, ctx.scope);
  }

  private async placeSubmit(draft: DraftCart, submit: DraftSubmit, scope: VendorCallScope | undefined): Promise<ProductOrder> {
    let res: VendorResponse;
    try {
      res = await this.postOrder(draft.customerId, submit.body, submit.correlationId, 'cart', scope);
    } catch (error) {
      if (error instanceof VendorRefusal) {
        await this.drafts.update(draft.id, (d) =>
          d.state === 'SUBMITTING' && d.submit?.correlationId === submit.correlationId
            ? { next: { ...d, state: 'DRAFT', submit: null }, result: null }
            : { next: d, result: null },
        );
      }
      throw error;
    }
    const order = mapAdobeOrder(new ShapeChecker(VENDOR, ORDERS_ROUTE, scope), res.body, draft.customerId, { cartVendorId: draft.id });
    await this.drafts.recordOrderCart(order.vendorId, draft.id);
    await this.drafts.update(draft.id, (d) => ({ next: { ...d, state: 'SUBMITTED', submit, orderVendorId: order.vendorId }, result: null }));
    return order;
  }

  /**
   * The order the draft became: read by its recorded id, or, while a submit is pending, by sending that same NEW
   * again: Adobe replays its stored answer when the first one arrived, and places it now when it never did.
   */
  private async findSubmittedOrder(ctx: VendorCallContext, cartVendorId: string): Promise<ProductOrder | null> {
    const draft = await this.drafts.get(cartVendorId);
    if (!draft) return null;
    if (draft.orderVendorId) return (await this.getOrders(ctx, [draft.orderVendorId]))[0];
    if (draft.state === 'SUBMITTING' && draft.submit) return this.placeSubmit(draft, draft.submit, ctx.scope);
    return null;
  }

  /** Reads only: an order the draft recorded after Adobe answered; anything else needs the replay, so it is unknown. */
  private async reconcileByReading(ctx: VendorCallContext, write: WriteRecord): Promise<Reconciliation> {
    const draft = write.operation === 'cartSubmit' ? await this.drafts.get(write.cartVendorId ?? '') : null;
    if (draft?.orderVendorId) return reconcileWith(async () => (await this.getOrders(ctx, [draft.orderVendorId!]))[0]);
    if (draft && draft.state === 'DRAFT') return { outcome: 'not_committed' };
    return { outcome: 'unknown', reason: 'only a replay of the correlation id can tell, and the sweep sends no writes' };
  }

  async getOrders(ctx: VendorCallContext, orderIds: readonly string[]): Promise<(ProductOrder | null)[]> {
    // No batch read exists: one GET per unique id (the loader has already removed duplicates).
    return Promise.all(orderIds.map((id) => this.readOrder(id, ctx.scope)));
  }

  private async readOrder(vendorId: string, scope: VendorCallScope | undefined): Promise<ProductOrder | null> {
    const ids = parseAdobeOrderVendorId(vendorId);
    // Surely not an Adobe order id: unknown, with no call.
    if (!ids || !isPlausibleAdobeOrderId(ids.orderId, this.options.assumeIdPatterns ?? false)) return null;
    const route = 'GET /v3/customers/{customerId}/orders/{orderId}';
    const res = await this.call(
      {
        method: 'GET',
        path: `/v3/customers/${seg(ids.customerId)}/orders/${seg(ids.orderId)}`,
        route,
        query: { 'fetch-price': 'true' },
        idempotent: true,
        scope,
      },
      freshCorrelationId(),
      'read',
      [404],
    );
    if (res.status === 404) return null;
    return mapAdobeOrder(new ShapeChecker(VENDOR, route, scope), res.body, ids.customerId, { cartVendorId: await this.drafts.cartOfOrder(vendorId) });
  }

  async listOrders(ctx: VendorCallContext, customerId: string, offset: number, limit: number): Promise<OrderPage> {
    const route = 'GET /v3/customers/{customerId}/orders';
    const res = await this.call(
      {
        method: 'GET',
        path: `/v3/customers/${seg(customerId)}/orders`,
        route,
        query: { limit: Math.min(limit, 100), offset, 'fetch-price': 'true' },
        idempotent: true,
        scope: ctx.scope,
      },
      freshCorrelationId(),
      'read',
      [400, 404],
    );
    // 404: a customer Adobe does not know has no orders. 400: the offset is past the end (1133), so the page is empty.
    if (res.status === 404) return { orders: [], totalCount: 0 };
    if (res.status === 400) {
      const code = (res.body as { code?: unknown } | undefined)?.code;
      if (code !== '1133') throw adobeRejection(res, 'read', route);
      return { orders: [], totalCount: offset };
    }
    const check = new ShapeChecker(VENDOR, route, ctx.scope);
    const body = check.object(res.body, 'body');
    const orders = check.array(body.items, 'body.items').map((raw) => mapAdobeOrder(check, raw, customerId));
    const carts = await Promise.all(orders.map((o) => this.drafts.cartOfOrder(o.vendorId)));
    orders.forEach((o, i) => (o.cartVendorId = carts[i]));
    return { orders, totalCount: check.integer(body.totalCount, 'body.totalCount') };
  }

  /** Places a RETURN of whole or partial lines; `ReturnLineInput.lineId` is the order line's extLineItemNumber. */
  async returnOrder(ctx: VendorCallContext, order: ProductOrder, lines: ReturnLineInput[], intentKey: string): Promise<ProductOrder> {
    const ids = parseAdobeOrderVendorId(order.vendorId);
    if (!ids) throw new VendorRefusal([refusal(UserErrorCode.ORDER_NOT_FOUND, 'No such order', ['orderId'])]);
    const body = toReturnOrder(order, lines);
    if ('missing' in body) {
      throw new VendorRefusal(body.missing.map((i) => refusal(UserErrorCode.INVALID_FIELD, 'No such line in this order', ['lines', String(i), 'lineId'])));
    }
    const res = await this.postOrder(ids.customerId, body, returnCorrelationId(intentKey, order.vendorId, lines), 'return', ctx.scope);
    return mapAdobeOrder(new ShapeChecker(VENDOR, ORDERS_ROUTE, ctx.scope), res.body, ids.customerId);
  }

  /**
   * An unknown NEW, RETURN or RENEWAL: the same call under the same X-Correlation-Id (a fresh X-Request-Id), which
   * Adobe answers with the stored order when the first one arrived and places now when it never did.
   */
  reconcile(ctx: VendorCallContext, write: WriteRecord, mode: ReconcileMode = 'retry'): Promise<Reconciliation> {
    if (mode === 'sweep') return this.reconcileByReading(ctx, write);
    return reconcileWith(async () => {
      switch (write.operation) {
        case 'cartSubmit':
          return this.findSubmittedOrder(ctx, write.cartVendorId ?? '');
        case 'orderReturn': {
          const [order] = await this.getOrders(ctx, [write.orderVendorId ?? '']);
          return order ? this.returnOrder(ctx, order, write.lines ?? [], write.intentKey) : null;
        }
        case 'renewalPlace':
          // The lines the first attempt sent, replayed as they were: a fresh preview could choose others (or none,
          // once the renewal is placed). No lines recorded: the renewal was never sent, so it is not committed.
          if (!write.renewalLines?.length) return null;
          return this.sendRenewal(write.customerId ?? '', write.intentKey, write.renewalLines, ctx.scope);
      }
    });
  }

  async previewRenewal(ctx: VendorCallContext, customerId: string): Promise<ProductOrder> {
    const res = await this.postOrder(customerId, { orderType: 'PREVIEW_RENEWAL' }, freshCorrelationId(), 'renewal', ctx.scope);
    return mapAdobeOrder(new ShapeChecker(VENDOR, ORDERS_ROUTE, ctx.scope), res.body, customerId);
  }

  /**
   * RENEWAL needs `lineItems` with each `subscriptionId` (README §4). A fresh PREVIEW_RENEWAL (placing nothing)
   * says which lines renew (status 1000) and their offers; the renewal takes those, or the subset `lines` names. A
   * refused preview (2136: nothing auto-renews) is the refusal, and nothing is placed.
   */
  async placeRenewal(ctx: VendorCallContext, customerId: string, intentKey: string, lines?: RenewalLineInput[], steps?: WriteSteps): Promise<ProductOrder> {
    const preview = await this.previewRenewal(ctx, customerId);
    const renewing = preview.items.filter((item) => item.vendorStatus === '1000' && item.subscriptionId && item.offeringId);
    const chosen = lines
      ? lines.map((line, i) => {
          const item = renewing.find((r) => r.subscriptionId === line.subscriptionId);
          if (!item)
            throw new VendorRefusal([refusal(UserErrorCode.INVALID_FIELD, 'This subscription does not renew', ['lines', String(i), 'subscriptionId'])]);
          return { item, quantity: line.quantity ?? item.quantity };
        })
      : renewing.map((item) => ({ item, quantity: item.quantity }));
    if (chosen.length === 0) throw new VendorRefusal([refusal(UserErrorCode.VENDOR_REFUSED, 'No subscription of this customer renews', ['customerId'])]);
    const renewalLines: RenewalLineRecord[] = chosen.map(({ item, quantity }, k) => ({
      lineNumber: k + 1,
      offerId: item.offeringId!,
      quantity,
      subscriptionId: item.subscriptionId!,
    }));
    // Recorded before the call: a retry of an unknown outcome replays these lines under the same correlation id.
    await steps?.remember({ renewalLines });
    return this.sendRenewal(customerId, intentKey, renewalLines, ctx.scope);
  }

  /** The RENEWAL call itself, with the lines given, under the intent's correlation id. */
  private async sendRenewal(customerId: string, intentKey: string, lines: RenewalLineRecord[], scope: VendorCallScope | undefined): Promise<ProductOrder> {
    const body: AdobeOrderRequest = {
      orderType: 'RENEWAL',
      lineItems: lines.map((line) => ({
        extLineItemNumber: line.lineNumber,
        offerId: line.offerId,
        quantity: line.quantity,
        subscriptionId: line.subscriptionId,
      })),
    };
    const res = await this.postOrder(customerId, body, renewalCorrelationId(intentKey, customerId), 'renewal', scope);
    return mapAdobeOrder(new ShapeChecker(VENDOR, ORDERS_ROUTE, scope), res.body, customerId);
  }

  async close(): Promise<void> {
    await this.api.close();
    await this.ims.close();
  }

  async abort(): Promise<void> {
    await this.api.destroy();
    await this.ims.destroy();
  }
}
