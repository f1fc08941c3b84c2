import { randomBytes, randomInt } from 'node:crypto';
import { decimalToCents, findCustomer, findOffering } from './att.catalogue';
import type { AttCustomer, AttOffering } from './att.catalogue';
import { AttError, AttErrorCode } from './att.errors';
import type {
  AttChannelInput,
  AttCreateCartInput,
  AttExpressSubmitInput,
  AttItemAction,
  AttItemInput,
  AttNameValue,
  AttRelatedPartyInput,
} from './att.validation';

/** Order states in the order the simulated backend moves through them (AT&T's capitalised spelling). */
export type AttOrderState = 'Submitted' | 'Acknowledged' | 'InProgress' | 'Completed';
export type AttCartState = 'Draft' | AttOrderState;

/**
 * Seconds after submission at which an order reaches each state. The real timings are undocumented [U]; these are
 * short enough for a test to cross with `POST /__sim/clock` and long enough to watch.
 */
export const ATT_ORDER_TIMELINE: ReadonlyArray<{ afterSeconds: number; state: AttOrderState }> = [
  { afterSeconds: 0, state: 'Submitted' },
  { afterSeconds: 60, state: 'Acknowledged' },
  { afterSeconds: 300, state: 'InProgress' },
  { afterSeconds: 3600, state: 'Completed' },
];

/** Past this point the order can no longer be changed; chosen as the start of InProgress [I]. */
export const POINT_OF_NO_RETURN_SECONDS = 300;

/** Unit prices in integer cents; a missing member means the item carries no charge of that kind. */
export interface AttUnitPrice {
  oneTime?: number;
  monthly?: number;
}

export interface AttCartItem {
  id: string;
  action: AttItemAction;
  quantity: number;
  productOfferingType: string;
  productOffering?: { id: string; name: string };
  product?: AttItemInput['product'];
  billingAccount?: AttItemInput['billingAccount'];
  characteristic?: AttNameValue[];
  actionReason?: AttItemInput['actionReason'];
  unit: AttUnitPrice;
}

export interface AttStoredPayment {
  id?: string;
  type: 'card' | 'paymentProfile' | 'bank';
  /** Only brand and last four digits survive; the token is dropped once the submit is accepted. */
  card?: { brand: string; last4: string; expirationMonth?: number; expirationYear?: number };
  paymentProfileId?: string;
}

export interface AttAppointmentSlot {
  id: string;
  startDateTime: string;
  endDateTime: string;
}

export interface AttFulfillmentOption {
  id: string;
  fulfillmentMethod: 'DF' | 'C2S';
  name: string;
  estimatedDeliveryDate: string;
  priceCents: number;
}

export interface AttTerm {
  key: 'CSA' | 'HTPT' | 'EC' | 'ABP';
  title: string;
  required: boolean;
}

export interface AttOrder {
  id: string;
  customerOrderId: string;
  cartId: string;
  customerId: string;
  submissionDate: Date;
  orderSummaryAccessToken: string;
  appname: string;
  payments: AttStoredPayment[];
  oneTimePaymentMethodId?: string;
  autoPay: boolean;
  paperless: boolean;
  acceptedTerms: string[];
  fulfillment?: { fulfillmentOptionId: string; fulfillmentMethod: 'DF' | 'C2S' };
  appointment?: AttAppointmentSlot & { contactName?: string; contactPhone?: string };
}

export interface AttCart {
  id: string;
  /** The draft's customer order id, handed out by add-items in thin mode and reused as the submitted order's
   * `customerOrderId`: the older v1.0.0 flow returned that id from create, so it exists before submit [I]. */
  externalId: string;
  customerId: string;
  channel: AttChannelInput;
  relatedParty: AttRelatedPartyInput[];
  creationDate: Date;
  items: AttCartItem[];
  nextItemSeq: number;
  selectedFulfillment?: { fulfillmentOptionId: string; fulfillmentMethod: 'DF' | 'C2S' };
  order?: AttOrder;
}

/** Why an express-submit was refused with 409: the cart stays a Draft and the client can fix and retry. */
export interface AttSubmitConflict {
  code: typeof AttErrorCode.TERMS_MISSING | typeof AttErrorCode.APPOINTMENT_REQUIRED;
  reason: string;
  message: string;
  field: string;
  details: Record<string, unknown>;
}

/**
 * An express-submit of a cart that is already an order. Seed 000 [C]: "In case of conflicts (409), includes complete
 * product order with validation details", so the simulator answers 409 with the order, not a bare refusal.
 */
export class AttAlreadySubmittedError extends Error {
  override readonly name = 'AttAlreadySubmittedError';

  constructor(readonly cart: AttCart & { order: AttOrder }) {
    super('The cart has already been submitted as an order');
  }
}

export class AttSubmitConflictError extends Error {
  override readonly name = 'AttSubmitConflictError';

  constructor(
    readonly cart: AttCart,
    readonly conflicts: AttSubmitConflict[],
  ) {
    super(conflicts[0].message);
  }
}

const HEX = '0123456789abcdef';

/** A UUID-v1-looking id such as `dea79fb0-21c4-11f1-8527-67c36c11d002`; random, since nothing parses the time. */
export function uuidV1Like(): string {
  const h = randomBytes(16).toString('hex');
  const variant = HEX[8 + (parseInt(h[16], 16) & 3)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-1${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `NN-<14 digits>` where NN is the two-digit year, like the documented `25-76826709685300`. */
function customerOrderIdAt(now: Date): string {
  let digits = '';
  for (let i = 0; i < 14; i += 1) digits += String(randomInt(10));
  return `${String(now.getUTCFullYear() % 100).padStart(2, '0')}-${digits}`;
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function priceOf(offering: AttOffering): AttUnitPrice {
  const unit: AttUnitPrice = {};
  if (offering.prices.oneTime !== undefined) unit.oneTime = decimalToCents(offering.prices.oneTime);
  if (offering.prices.monthly !== undefined) unit.monthly = decimalToCents(offering.prices.monthly);
  return unit;
}

/** The same price types as the offering, all at zero: what a terminate or noChange line costs. */
function zeroPriceOf(offering: AttOffering | undefined): AttUnitPrice {
  if (!offering) return { oneTime: 0 };
  const unit: AttUnitPrice = {};
  if (offering.prices.oneTime !== undefined) unit.oneTime = 0;
  if (offering.prices.monthly !== undefined) unit.monthly = 0;
  if (unit.oneTime === undefined && unit.monthly === undefined) unit.oneTime = 0;
  return unit;
}

export function cartHasFiber(cart: AttCart): boolean {
  return cart.items.some((i) => i.productOfferingType === 'Fiber_Internet' && i.action !== 'terminate');
}

/** The order's state at `now`, derived from the submission date so that advancing the clock is all it takes. */
export function orderStateAt(order: AttOrder, now: Date): AttOrderState {
  const elapsed = (now.getTime() - order.submissionDate.getTime()) / 1000;
  let state: AttOrderState = 'Submitted';
  for (const step of ATT_ORDER_TIMELINE) if (elapsed >= step.afterSeconds) state = step.state;
  return state;
}

export function cartStateAt(cart: AttCart, now: Date): AttCartState {
  return cart.order ? orderStateAt(cart.order, now) : 'Draft';
}

/** Technician slots: the next three days after `now`, 08–12 and 13–17 UTC each day [I: real slot rules unknown]. */
export function appointmentSlotsAt(now: Date): AttAppointmentSlot[] {
  const slots: AttAppointmentSlot[] = [];
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let day = 1; day <= 3; day += 1) {
    const base = midnight + day * 86_400_000;
    const ymd = isoDate(new Date(base)).replace(/-/g, '');
    for (const [label, from, to] of [
      ['AM', 8, 12],
      ['PM', 13, 17],
    ] as const) {
      slots.push({
        id: `APPT-${ymd}-${label}`,
        startDateTime: new Date(base + from * 3_600_000).toISOString(),
        endDateTime: new Date(base + to * 3_600_000).toISOString(),
      });
    }
  }
  return slots;
}

export function fulfillmentOptionsAt(now: Date): AttFulfillmentOption[] {
  const inDays = (n: number): string => isoDate(new Date(now.getTime() + n * 86_400_000));
  return [
    { id: 'DF-STANDARD', fulfillmentMethod: 'DF', name: 'Direct Fulfillment (ship to address)', estimatedDeliveryDate: inDays(3), priceCents: 0 },
    { id: 'C2S-PICKUP', fulfillmentMethod: 'C2S', name: 'Click to Store (pick up in store)', estimatedDeliveryDate: inDays(1), priceCents: 0 },
  ];
}

/** Terms the cart needs: CSA always, HTPT (high-speed internet terms) when fiber is in the cart [I]. */
export function termsFor(cart: AttCart): AttTerm[] {
  const fiber = cartHasFiber(cart);
  return [
    { key: 'CSA', title: 'Customer Service Agreement', required: true },
    { key: 'HTPT', title: 'AT&T High Speed Internet Terms of Service', required: fiber },
    { key: 'EC', title: 'Electronic Communications Consent', required: false },
    { key: 'ABP', title: 'AutoPay and Paperless Billing Terms', required: false },
  ];
}

/** The in-memory carts and orders of one simulator instance. */
export class AttStore {
  private readonly carts = new Map<string, AttCart>();
  private readonly orders = new Map<string, AttOrder>();
  private readonly ordersByCustomerOrderId = new Map<string, AttOrder>();

  createCart(input: AttCreateCartInput, now: Date): AttCart {
    const customer = findCustomer(input.customerId);
    if (!customer) {
      throw new AttError(404, AttErrorCode.CUSTOMER_NOT_FOUND, 'Customer not found', 'The customer in relatedParty does not exist', {
        field: 'relatedParty.id',
      });
    }
    const cart: AttCart = {
      id: uuidV1Like(),
      externalId: customerOrderIdAt(now),
      customerId: customer.id,
      channel: input.channel,
      relatedParty: input.relatedParty,
      creationDate: now,
      items: [],
      nextItemSeq: 1,
    };
    // Items are validated in full before the cart exists, so a bad item leaves no half-made cart behind.
    const items = this.buildItems(cart, customer, input.items);
    cart.items.push(...items);
    this.carts.set(cart.id, cart);
    return cart;
  }

  getCart(cartId: string): AttCart {
    const cart = this.carts.get(cartId);
    if (!cart) throw new AttError(404, AttErrorCode.CART_NOT_FOUND, 'Cart not found', 'No cart exists with this id', { cartId });
    return cart;
  }

  addItems(cartId: string, items: AttItemInput[]): AttCart {
    const cart = this.draftCart(cartId);
    const customer = findCustomer(cart.customerId) as AttCustomer;
    cart.items.push(...this.buildItems(cart, customer, items));
    return cart;
  }

  removeItem(cartId: string, itemId: string): AttCart {
    const cart = this.draftCart(cartId);
    const index = cart.items.findIndex((i) => i.id === itemId);
    if (index < 0) {
      throw new AttError(404, AttErrorCode.CART_ITEM_NOT_FOUND, 'Cart item not found', 'No item with this id in the cart', { cartId, itemId });
    }
    cart.items.splice(index, 1);
    return cart;
  }

  /** Remembers a fulfillment choice on a draft cart, after which checkout omits the options as documented. */
  selectFulfillment(cart: AttCart, selection: { fulfillmentOptionId: string; fulfillmentMethod: 'DF' | 'C2S' }, now: Date): void {
    const option = fulfillmentOptionsAt(now).find((o) => o.id === selection.fulfillmentOptionId);
    if (!option || option.fulfillmentMethod !== selection.fulfillmentMethod) {
      throw new AttError(400, AttErrorCode.FULFILLMENT_OPTION_INVALID, 'Invalid fulfillment', 'The fulfillment option is not offered for this cart', {
        field: 'fulfillment.fulfillmentOptionId',
        offered: fulfillmentOptionsAt(now).map((o) => o.id),
      });
    }
    cart.selectedFulfillment = selection;
  }

  /**
   * Submits a draft cart. Refusals that the client can fix (terms, appointment) throw {@link AttSubmitConflictError};
   * a cart already submitted throws {@link AttAlreadySubmittedError} (answered 409 with its order); everything else
   * throws {@link AttError}. On success the order exists before the caller answers, so a lost response leaves a
   * committed order that a second express-submit (409), `GET /carts/{id}` and the orders query reveal.
   */
  expressSubmit(cartId: string, appname: string, input: AttExpressSubmitInput, now: Date): AttOrder {
    const found = this.getCart(cartId);
    if (found.order) throw new AttAlreadySubmittedError(found as AttCart & { order: AttOrder });
    const cart = this.draftCart(cartId);
    if (cart.items.length === 0) {
      throw new AttError(400, AttErrorCode.MISSING_REQUIRED_ITEMS, 'Missing required items', 'missing required items', { cartId });
    }
    // A valid selection sticks to the cart even if the submit is then refused with 409 [I].
    if (input.fulfillment) this.selectFulfillment(cart, input.fulfillment, now);

    const conflicts: AttSubmitConflict[] = [];
    const accepted = new Set(input.acceptedTerms);
    const missingTerms = termsFor(cart)
      .filter((t) => t.required && !accepted.has(t.key))
      .map((t) => t.key);
    if (missingTerms.length > 0) {
      conflicts.push({
        code: AttErrorCode.TERMS_MISSING,
        reason: 'Required terms not accepted',
        message: `Required terms and conditions have not been accepted: ${missingTerms.join(', ')}`,
        field: 'terms.acceptedKeys',
        details: { missingTerms },
      });
    }
    let slot: AttAppointmentSlot | undefined;
    if (cartHasFiber(cart)) {
      const slots = appointmentSlotsAt(now);
      slot = slots.find((s) => s.id === input.installationAppointment?.appointmentId);
      if (!slot) {
        conflicts.push({
          code: AttErrorCode.APPOINTMENT_REQUIRED,
          reason: 'Installation appointment required',
          message: 'A fiber order needs an installation appointment chosen from the offered slots',
          field: 'installationAppointment.appointmentId',
          details: { availableAppointmentIds: slots.map((s) => s.id) },
        });
      }
    }
    if (conflicts.length > 0) throw new AttSubmitConflictError(cart, conflicts);

    const order: AttOrder = {
      id: uuidV1Like(),
      customerOrderId: cart.externalId,
      cartId: cart.id,
      customerId: cart.customerId,
      submissionDate: now,
      orderSummaryAccessToken: randomBytes(20).toString('hex'),
      appname,
      payments: input.paymentMethods.map((pm) => {
        const stored: AttStoredPayment = { type: pm.type };
        if (pm.id !== undefined) stored.id = pm.id;
        if (pm.card) {
          stored.card = { brand: pm.card.brand, last4: pm.card.last4 };
          if (pm.card.expirationMonth !== undefined) stored.card.expirationMonth = pm.card.expirationMonth;
          if (pm.card.expirationYear !== undefined) stored.card.expirationYear = pm.card.expirationYear;
        }
        if (pm.paymentProfileId !== undefined) stored.paymentProfileId = pm.paymentProfileId;
        return stored;
      }),
      autoPay: input.autoPay ?? false,
      paperless: input.paperless ?? false,
      acceptedTerms: [...accepted],
    };
    if (input.oneTimePaymentMethodId !== undefined) order.oneTimePaymentMethodId = input.oneTimePaymentMethodId;
    if (cart.selectedFulfillment) order.fulfillment = cart.selectedFulfillment;
    if (slot && input.installationAppointment) {
      order.appointment = { ...slot };
      if (input.installationAppointment.contactName !== undefined) order.appointment.contactName = input.installationAppointment.contactName;
      if (input.installationAppointment.contactPhone !== undefined) order.appointment.contactPhone = input.installationAppointment.contactPhone;
    }
    cart.order = order;
    this.orders.set(order.id, order);
    this.ordersByCustomerOrderId.set(order.customerOrderId, order);
    return order;
  }

  /** An order by its express-submit `id` or by its `customerOrderId`. */
  findOrder(id: string): AttOrder | undefined {
    return this.orders.get(id) ?? this.ordersByCustomerOrderId.get(id);
  }

  allOrders(): AttOrder[] {
    return [...this.orders.values()];
  }

  cartOf(order: AttOrder): AttCart {
    return this.carts.get(order.cartId) as AttCart;
  }

  private draftCart(cartId: string): AttCart {
    const cart = this.getCart(cartId);
    if (cart.order) {
      throw new AttError(400, AttErrorCode.CART_ALREADY_SUBMITTED, 'Cart already submitted', 'The cart has already been submitted as an order', {
        cartId,
        customerOrderId: cart.order.customerOrderId,
      });
    }
    return cart;
  }

  private buildItems(cart: AttCart, customer: AttCustomer, inputs: AttItemInput[]): AttCartItem[] {
    const terminating = new Set(cart.items.filter((i) => i.action === 'terminate').map((i) => i.product?.id));
    const built = inputs.map((input, index) => {
      const field = `items[${index}]`;
      const item = this.buildItem(customer, input, field);
      if (input.action === 'terminate') {
        if (terminating.has(input.product?.id)) {
          throw new AttError(400, AttErrorCode.PRODUCT_NOT_INSTALLED, 'Product already terminated', 'The product is already being terminated in this cart', {
            field: `${field}.product.id`,
          });
        }
        terminating.add(input.product?.id);
      }
      return item;
    });
    // Sequence numbers are handed out only once every item is valid, so a refused request consumes none.
    for (const item of built) {
      item.id = String(cart.nextItemSeq).padStart(2, '0');
      cart.nextItemSeq += 1;
    }
    return built;
  }

  private buildItem(customer: AttCustomer, input: AttItemInput, field: string): AttCartItem {
    const item: AttCartItem = {
      id: '',
      action: input.action,
      quantity: input.quantity,
      productOfferingType: input.productOfferingType,
      unit: {},
    };
    if (input.product) item.product = input.product;
    if (input.billingAccount) item.billingAccount = input.billingAccount;
    if (input.characteristic) item.characteristic = input.characteristic;
    if (input.actionReason) item.actionReason = input.actionReason;

    if (input.action === 'add' || input.action === 'swap;add') {
      const offering = input.productOfferingId ? findOffering(input.productOfferingId) : undefined;
      if (!offering) {
        throw new AttError(400, AttErrorCode.OFFER_NOT_FOUND, 'Unknown product offering', 'productOfferingId does not name a product offering', {
          field: `${field}.productOfferingId`,
        });
      }
      this.checkType(offering, input, field);
      item.productOffering = { id: offering.id, name: offering.name };
      item.unit = priceOf(offering);
      return item;
    }

    // terminate and noChange act on something the customer already has, so they cost nothing [I].
    const installed = customer.installedProducts.find((p) => p.id === input.product?.id);
    if (input.action === 'terminate' && !installed) {
      throw new AttError(400, AttErrorCode.PRODUCT_NOT_INSTALLED, 'Product not installed', 'product.id is not an installed product of this customer', {
        field: `${field}.product.id`,
      });
    }
    const offeringId = input.productOfferingId ?? installed?.productOfferingId;
    const offering = offeringId ? findOffering(offeringId) : undefined;
    if (input.action === 'noChange' && !installed && !offering) {
      throw new AttError(400, AttErrorCode.OFFER_NOT_FOUND, 'Unknown product offering', 'noChange needs an installed product.id or a known productOfferingId', {
        field: `${field}.productOfferingId`,
      });
    }
    if (offering) item.productOffering = { id: offering.id, name: offering.name };
    item.unit = zeroPriceOf(offering);
    return item;
  }

  private checkType(offering: AttOffering, input: AttItemInput, field: string): void {
    if (offering.productOfferingType !== input.productOfferingType) {
      throw new AttError(400, AttErrorCode.OFFER_TYPE_MISMATCH, 'Offering type mismatch', 'productOfferingType does not match the product offering', {
        field: `${field}.productOfferingType`,
        expected: offering.productOfferingType,
      });
    }
  }
}
