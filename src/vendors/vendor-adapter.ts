import { Vendor } from '../common/vendor';
import { UserError } from '../common/user-error.type';
import { Cart } from '../cart/cart.type';
import { CheckoutOptions } from '../cart/checkout-options.type';
import { CartCreateInput, CartItemInput, CartSubmitInput } from '../cart/cart.input';
import { ProductOrder } from '../order/product-order.type';
import { ReturnLineInput } from '../order/return-line.input';
import { RenewalLineInput } from '../order/renewal-line.input';
import { VendorCallScope } from '../http/vendor-http';

/**
 * A business refusal from a vendor (or from an adapter's own contract checks), carried to the payload as
 * `userErrors`. Thrown by adapters; the order service catches it. Never used for faults. An expected outcome, never
 * logged with a stack: it captures none (capturing one was about a tenth of a refused read's CPU; see `withoutStack`).
 */
export class VendorRefusal extends Error {
  readonly userErrors: UserError[];

  constructor(userErrors: UserError[]) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(userErrors.map((e) => e.code).join(', '));
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.userErrors = userErrors;
    this.name = 'VendorRefusal';
  }
}

/** What every adapter call knows about the GraphQL request that caused it. */
export interface VendorCallContext {
  requestId: string;
  /** The caller from `x-customer-id`, when the router set it. */
  callerId?: string;
  /** Vendor-specific request headers taken from the GraphQL request, already validated (Oracle site, org). */
  vendorHeaders: Record<string, string>;
  /** The request the adapter's vendor calls are made for (the audit trail's request id, caller, operation); absent outside a request. */
  scope?: VendorCallScope;
}

/** The writes that place something at a vendor and therefore run exactly once per idempotency key. */
export type WriteOperation = 'cartSubmit' | 'orderReturn' | 'renewalPlace';

/**
 * What the idempotency record keeps about one vendor write: enough to find its result again without the original
 * request (which is never stored, since it may hold a card number). Vendor ids only, already checked against the
 * allow-list; `vendorHeaders` are the caller's vendor request headers (Oracle's site and organization), so that a
 * reconciling read on another replica, or the background sweep, asks the same site.
 */
export interface WriteRecord {
  operation: WriteOperation;
  vendor: Vendor;
  /** The caller from `x-customer-id` (`-` when the router named none). */
  callerId: string;
  /** Stable across retries of this write: vendors with their own replay keys (Adobe's X-Correlation-Id) derive them from it. */
  intentKey: string;
  /** The vendor's id of the cart a submit places. */
  cartVendorId?: string;
  /** The vendor's id of the order a return is about. */
  orderVendorId?: string;
  /** The customer of a renewal. */
  customerId?: string;
  /** The lines of a return (line ids and quantities only). */
  lines?: ReturnLineInput[];
  /**
   * The lines a renewal sent (Adobe: chosen from a PREVIEW_RENEWAL when the caller named none), written before the
   * call, so that reconciling replays the very same `lineItems` instead of asking a preview again.
   */
  renewalLines?: RenewalLineRecord[];
  vendorHeaders: Record<string, string>;
  /** The last step a multi-step write completed (Oracle: update, price, pre-authorize, submit), when it has steps. */
  step?: string;
}

/** One line of a renewal as sent: subscription, offer, quantity and line number only. */
export interface RenewalLineRecord {
  lineNumber: number;
  offerId: string;
  quantity: number;
  subscriptionId: string;
}

/**
 * The three ways a vendor write can end. `committed`: the vendor holds the order (here it is). `not_committed`: the
 * vendor refused it, or shows that it never arrived, so it may be sent again. `unknown`: the request may have reached
 * the vendor and nothing readable says whether it did; the record is kept and asked again later.
 *
 * A reconciliation may also answer `resend` (only to a client retry, which holds the request again): no read tells,
 * but the vendor's write is itself safe to repeat, because a repeat answers the order an earlier one placed instead of
 * placing another (AT&T's express-submit answers 409 with it). The service then sends the write again; the sweep,
 * which sends no writes, counts it as still unknown.
 */
export type Reconciliation =
  { outcome: 'committed'; order: ProductOrder } | { outcome: 'not_committed' } | { outcome: 'unknown'; reason: string } | { outcome: 'resend'; reason: string };

/**
 * The steps of a multi-step write (Oracle: update, price, submit). `reached` is the last step an earlier attempt
 * completed, so that a retry continues from there; `reach` records a completed step in the idempotency record.
 */
export interface WriteSteps {
  readonly reached?: string;
  reach(step: string): Promise<void>;
  /**
   * Writes what a replay of this write needs into its idempotency record before the write is sent (never card
   * data). Throws when the record could not be written, so that nothing is sent that could not be replayed.
   */
  remember(facts: Pick<WriteRecord, 'renewalLines'>): Promise<void>;
}

/**
 * Who reconciles. `retry`: a client retrying with its key, which may use a documented replay that places the write
 * if it never arrived (Adobe's X-Correlation-Id). `sweep`: the background sweep, which only reads and holds no payment;
 * where only a replay could tell, its answer is `unknown`.
 */
export type ReconcileMode = 'retry' | 'sweep';

/** One page of a customer's orders at one vendor. */
export interface OrderPage {
  orders: ProductOrder[];
  totalCount: number;
}

/**
 * A vendor behind the graph. Each adapter lives in `src/vendors/<vendor>/` and is the only code that knows its
 * vendor's wire format. Optional methods are the operations only some vendors have; the service answers
 * NOT_SUPPORTED_BY_VENDOR for the others, and the graph lists them as each vendor's capabilities. Every id passed in is the vendor's own id, already checked against the allow-list.
 */
export interface VendorAdapter {
  readonly vendor: Vendor;
  /** Most ids one batched read may carry. */
  readonly maxBatchSize: number;
  /** Whether the vendor can list a customer's carts; when not, the service keeps its own customer index. */
  readonly listsCarts: boolean;

  /**
   * Vendor-specific input rules checked before any vendor call (a field this vendor requires); throws
   * BAD_USER_INPUT with the field path. `path` is where the items sit in the operation's arguments.
   */
  checkItems?(items: CartItemInput[], path: string[]): void;

  createCart(ctx: VendorCallContext, input: CartCreateInput): Promise<Cart>;
  addItems(ctx: VendorCallContext, cartId: string, items: CartItemInput[]): Promise<Cart>;
  /** Absent when the vendor's documented API cannot remove items (AT&T by default). */
  removeItems?(ctx: VendorCallContext, cartId: string, itemIds: string[]): Promise<Cart>;
  /** Reads carts by vendor id, one result per id in order, null for unknown ones. */
  getCarts(ctx: VendorCallContext, cartIds: readonly string[]): Promise<(Cart | null)[]>;
  /** Reads orders by vendor id, one result per id in order, null for unknown ones. */
  getOrders(ctx: VendorCallContext, orderIds: readonly string[]): Promise<(ProductOrder | null)[]>;
  /** Lists a customer's orders with the vendor's own paging. */
  listOrders(ctx: VendorCallContext, customerId: string, offset: number, limit: number): Promise<OrderPage>;
  /** Places the order for a cart. Must not be retried blindly: the service reconciles unknown outcomes. */
  submitCart(ctx: VendorCallContext, cart: Cart, input: CartSubmitInput, intentKey: string, steps?: WriteSteps): Promise<ProductOrder>;
  /**
   * After a write whose outcome is unknown (or whose attempt was cut short): asks the vendor, with its documented
   * reads or replays only, what became of the write the record describes. It must never place a second order:
   * where the vendor offers no safe way to tell, the answer is `unknown`.
   */
  reconcile(ctx: VendorCallContext, write: WriteRecord, mode?: ReconcileMode): Promise<Reconciliation>;

  checkoutOptions?(ctx: VendorCallContext, cart: Cart): Promise<CheckoutOptions>;
  priceCart?(ctx: VendorCallContext, cart: Cart): Promise<Cart>;
  listCarts?(ctx: VendorCallContext, customerId: string, offset: number, limit: number): Promise<{ carts: Cart[]; totalCount: number }>;

  /** Applies coupon codes to a cart (Oracle). */
  applyCoupons?(ctx: VendorCallContext, cart: Cart, codes: string[]): Promise<Cart>;
  /** Oracle: pre-authorizes the cart's payments before submit. */
  preAuthorizeCart?(ctx: VendorCallContext, cart: Cart, input: CartSubmitInput): Promise<Cart>;
  /** Oracle: sends submitted orders to fulfilment again; those it would not resend come back as userErrors. */
  resendForFulfillment?(ctx: VendorCallContext, orders: ProductOrder[]): Promise<{ orders: ProductOrder[]; userErrors: UserError[] }>;
  /** Adobe: returns lines of an order. `intentKey` is stable across retries of the same return. */
  returnOrder?(ctx: VendorCallContext, order: ProductOrder, lines: ReturnLineInput[], intentKey: string): Promise<ProductOrder>;
  /** Adobe: what the customer's renewal would order, placing nothing. */
  previewRenewal?(ctx: VendorCallContext, customerId: string): Promise<ProductOrder>;
  /** Adobe: places the customer's renewal, of the given subscriptions or of every one a fresh preview renews. */
  placeRenewal?(ctx: VendorCallContext, customerId: string, intentKey: string, lines?: RenewalLineInput[], steps?: WriteSteps): Promise<ProductOrder>;

  /** Closes pools, letting in-flight calls finish. */
  close(): Promise<void>;
  /** Aborts in-flight calls and closes pools (shutdown after the grace period). */
  abort?(): Promise<void>;
}
