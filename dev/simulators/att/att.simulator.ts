/**
 * Simulator of AT&T's partner "omni-svcs" ordering API (base `/omni-svcs/v1`), on the vendor-neutral kit.
 *
 * Errors are the TMF Error envelope `{ code, reason, message, status: "<http status>", details? }` [I: AT&T
 * publishes only (status, code, text) tables]. Codes:
 *
 * | HTTP | code                                              | when                                                        |
 * |------|---------------------------------------------------|-------------------------------------------------------------|
 * | 400  | EXTSALESOPS-REQUEST-VALIDATION-0001               | body not JSON / not an object / a field of the wrong shape  |
 * | 400  | EXTSALESOPS-CART_CREATE-CHANNEL-0001              | channel missing, or channel.id not IND/SelfService/ATTR/ECOMM|
 * | 400  | EXTSALESOPS-CART_CREATE-RELATED_PARTY-0001        | not exactly one relatedParty with role "customer"           |
 * | 404  | EXTSALESOPS-CART_CREATE-CUSTOMER-0404             | the customer party's id is not a known customer             |
 * | 404  | EXTSALESOPS-SHOPPING_CART-0404                    | cart id unknown (any cart route, checkout)                  |
 * | 404  | EXTSALESOPS-SHOPPING_CART_ITEM-0404               | DELETE of an item id not in the cart                        |
 * | 400  | EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0001       | cart already submitted (add, delete, checkout)              |
 * | 409  | EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0001       | express-submit of a cart already submitted: with its order  |
 * | 400  | EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0002 [C]   | "missing required items": checkout or submit of empty cart  |
 * | 400  | EXTSALESOPS-CART_ITEMS-OFFER-0001                 | add / swap;add with an unknown productOfferingId            |
 * | 400  | EXTSALESOPS-CART_ITEMS-OFFER-0002                 | productOfferingType differs from the offering's type        |
 * | 400  | EXTSALESOPS-CART_ITEMS-PRODUCT-0001               | terminate of a product the customer does not have           |
 * | 400  | EXTSALESOPS-CART_ITEMS-QUANTITY-0001              | quantity not an integer in 1..1000                          |
 * | 400  | EXTSALESOPS-EXPRESS_SUBMIT-APPNAME-0001           | express-submit without the `appname` header                 |
 * | 400  | PAYMENT_CARD_NUMBER_NOT_ACCEPTED                  | a full card number anywhere in a payment method (not echoed)|
 * | 400  | PAYMENT_METHOD_INVALID                            | card without token/brand/last4, bad type, bad references    |
 * | 400  | FULFILLMENT_OPTION_INVALID                        | fulfillment option id or method not offered                 |
 * | 409  | SUBMITCHANGE_INVALID_TERMS_EXIST [C code]         | required terms (CSA, HTPT with fiber) not accepted          |
 * | 409  | INSTALLATION_APPOINTMENT_REQUIRED                 | fiber in cart, no currently offered appointment chosen      |
 * | 404  | EXTSALESOPS-RESOURCE-0404                         | unknown path                                                |
 * | 405  | EXTSALESOPS-RESOURCE-0405                         | known path, wrong method                                    |
 * | 413  | EXTSALESOPS-REQUEST-0413                          | request body over 1 MiB                                     |
 * | 417  | SHOPPING_SUBMIT_CART_BACKEND_CART_API_FAILURE [C] | only as the default body of an injected 417 fault           |
 * | 429  | EXTSALESOPS-RATE_LIMIT-0429                       | injected rate-limit fault                                   |
 * | 500  | EXTSALESOPS-INTERNAL-0500                         | injected 500 fault, or a simulator bug                      |
 * | 5xx  | EXTSALESOPS-UPSTREAM-0503                         | injected 502/503/504 faults                                 |
 *
 * AT&T's table lists SUBMITCHANGE_INVALID_TERMS_EXIST with 400; the express-submit page says a conflict answers 409
 * with the full productOrder and its validation, so the simulator answers 409 in that shape [I].
 * A second express-submit of a submitted cart is a conflict too [C: seed 000, "In case of conflicts (409), includes
 * complete product order with validation details"]: 409 with the order's `id`, `customerOrderId`, `state`,
 * `submissionDate`, the cart as its complete `productOrder` (validation saying it is already submitted) and `error`.
 * A client that lost the first answer learns the order from it; nothing new is placed.
 * The `/orders/query` endpoint answers GraphQL `{errors}` instead (400 for a bad document).
 */
import { SimServer, guarded, header } from '../kit';
import { AttError, AttErrorCode, attErrorBodyFor } from './att.errors';
import { answerOrdersQuery } from './att.orders-query';
import { AttAlreadySubmittedError, AttStore, AttSubmitConflictError, fulfillmentOptionsAt } from './att.state';
import { parseCheckout, parseCreateCart, parseExpressSubmit, parseItems, requireObjectBody } from './att.validation';
import { ATT_STRICT_CONTRACT, attStrictRefusal } from './att.strict';
import { alreadySubmittedView, ATT_BASE_PATH, checkoutView, productOrderView, submitConflictView } from './att.views';

export { ATT_CUSTOMERS, ATT_OFFERINGS } from './att.catalogue';
export type { AttCustomer, AttInstalledProduct, AttOffering } from './att.catalogue';
export { AttErrorCode } from './att.errors';
export { ATT_ORDER_TIMELINE } from './att.state';
export { ATT_BASE_PATH } from './att.views';

export interface AttSimulatorOptions {
  /**
   * Thin mode answers create with `{id}` and add-items with `{externalId}` as in AT&T's published examples, and
   * delete-item with 204; off (the default), they return the full ProductOrder as the endpoint descriptions say.
   */
  thin?: boolean;
  /**
   * Strict mode: only the documented routes (no cart read, no item removal), always thin answers, request fields
   * and headers checked against `ATT_STRICT_CONTRACT`, the orders query validated against the documented selection.
   */
  strict?: boolean;
}

export interface AttSimulator {
  sim: SimServer;
  store: AttStore;
  isThin(): boolean;
  setThin: (thin: boolean) => void;
}

export interface RunningAttSimulator {
  /** `http://127.0.0.1:<port>/omni-svcs/v1` */
  baseUrl: string;
  /** The orders-query host; the same server and string as `baseUrl` here. */
  ordersBaseUrl: string;
  port: number;
  sim: SimServer;
  store: AttStore;
  setThin: (thin: boolean) => void;
  strict: boolean;
  close(): Promise<void>;
}

/** Builds the AT&T simulator without starting it. */
export function createAttSimulator(opts: AttSimulatorOptions = {}): AttSimulator {
  const sim = new SimServer({ name: 'att', errorBody: attErrorBodyFor });
  const store = new AttStore();
  const strict = opts.strict ?? false;
  let thin = strict || (opts.thin ?? false);
  const now = (): Date => sim.clock.now();
  const p = (path: string): string => `${ATT_BASE_PATH}${path}`;

  sim.route(
    'POST',
    p('/carts'),
    guarded((req) => {
      const input = parseCreateCart(requireObjectBody(req.body, req.bodyError));
      const cart = store.createCart(input, now());
      return { status: 201, body: thin ? { id: cart.id } : productOrderView(cart, now()) };
    }),
  );

  sim.route(
    'POST',
    p('/carts/:cartId/items'),
    guarded((req) => {
      const items = parseItems(requireObjectBody(req.body, req.bodyError), true);
      const cart = store.addItems(req.params.cartId, items);
      return { status: 200, body: thin ? { externalId: cart.externalId } : productOrderView(cart, now()) };
    }),
  );

  // Not in the partner docs; modelled on TMF663 and the internal Unified Shopping Cart [I]. Absent in strict mode.
  if (!strict)
    sim.route(
      'DELETE',
      p('/carts/:cartId/items/:itemId'),
      guarded((req) => {
        const cart = store.removeItem(req.params.cartId, req.params.itemId);
        return thin ? { status: 204 } : { status: 200, body: productOrderView(cart, now()) };
      }),
    );

  // Not in the partner docs; modelled on TMF663 GET shoppingCart/{id} [I]. Always full, even in thin mode, so a
  // client can read back a cart and reconcile a submit whose response it lost. Absent in strict mode.
  if (!strict)
    sim.route(
      'GET',
      p('/carts/:cartId'),
      guarded((req) => ({ status: 200, body: productOrderView(store.getCart(req.params.cartId), now()) })),
    );

  sim.route(
    'POST',
    p('/checkout'),
    guarded((req) => {
      const input = parseCheckout(requireObjectBody(req.body, req.bodyError));
      const cart = store.getCart(input.cartId);
      if (cart.order) {
        throw new AttError(400, AttErrorCode.CART_ALREADY_SUBMITTED, 'Cart already submitted', 'The cart has already been submitted as an order', {
          cartId: cart.id,
        });
      }
      if (cart.items.length === 0) {
        throw new AttError(400, AttErrorCode.MISSING_REQUIRED_ITEMS, 'Missing required items', 'missing required items', { cartId: cart.id });
      }
      // The options are computed before a selection made in this same call, so the caller still sees them.
      const view = checkoutView(cart, now(), input.fulfillmentAddressId);
      if (input.fulfillmentOptionId !== undefined && !strict) {
        // `fulfillmentOptionId` on checkout is a simulator extension for selecting an option before submit [I].
        const option = fulfillmentOptionsAt(now()).find((o) => o.id === input.fulfillmentOptionId);
        store.selectFulfillment(cart, { fulfillmentOptionId: input.fulfillmentOptionId, fulfillmentMethod: option?.fulfillmentMethod ?? 'DF' }, now());
      }
      return { status: 200, body: view };
    }),
  );

  sim.route(
    'POST',
    p('/carts/:cartId/express-submit'),
    guarded((req) => {
      const appname = header(req, 'appname');
      if (appname === undefined || appname.trim().length === 0) {
        throw new AttError(400, AttErrorCode.APPNAME_REQUIRED, 'Missing header', 'The appname header is required', { field: 'appname' });
      }
      const input = parseExpressSubmit(requireObjectBody(req.body, req.bodyError));
      try {
        const order = store.expressSubmit(req.params.cartId, appname, input, now());
        sim.recordOrderCreated();
        return {
          status: 201,
          body: {
            id: order.id,
            customerOrderId: order.customerOrderId,
            state: 'Submitted',
            submissionDate: order.submissionDate.toISOString(),
            orderSummaryAccessToken: order.orderSummaryAccessToken,
          },
        };
      } catch (err) {
        if (err instanceof AttSubmitConflictError) {
          return { status: 409, body: submitConflictView(err.cart, err.conflicts, now()) };
        }
        // [C] seed 000: "In case of conflicts (409), includes complete product order with validation details".
        if (err instanceof AttAlreadySubmittedError) return { status: 409, body: alreadySubmittedView(err.cart, now()) };
        throw err;
      }
    }),
  );

  sim.route('POST', p('/orders/query'), (req) => answerOrdersQuery(store, req.body, req.bodyError, now(), strict));
  if (strict) sim.setStrict({ contract: ATT_STRICT_CONTRACT, refuse: attStrictRefusal });

  sim.control('POST', '/__sim/att/thin', (req) => {
    const value = typeof req.body === 'object' && req.body !== null ? (req.body as { thin?: unknown }).thin : undefined;
    if (typeof value !== 'boolean') return { status: 400, body: { error: 'body must be {"thin": true|false}' } };
    thin = strict || value;
    return { status: 200, body: { thin } };
  });
  sim.control('GET', '/__sim/att/thin', () => ({ status: 200, body: { thin } }));
  sim.onReset(() => {
    thin = strict || (opts.thin ?? false);
  });

  return {
    sim,
    store,
    isThin: () => thin,
    setThin: (value: boolean) => {
      thin = strict || value;
    },
  };
}

/** Starts the AT&T simulator on loopback; port 0 picks a free port. */
export async function startAttSimulator(port = 0, opts: AttSimulatorOptions = {}): Promise<RunningAttSimulator> {
  const att = createAttSimulator(opts);
  const { port: bound, url } = await att.sim.listen(port, '127.0.0.1');
  const baseUrl = `${url}${ATT_BASE_PATH}`;
  return {
    baseUrl,
    ordersBaseUrl: baseUrl,
    port: bound,
    sim: att.sim,
    store: att.store,
    setThin: att.setThin,
    strict: opts.strict ?? false,
    close: () => att.sim.close(),
  };
}
