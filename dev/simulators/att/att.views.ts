import type { AttCart, AttCartItem, AttCartState, AttOrder, AttSubmitConflict, AttUnitPrice } from './att.state';
import { appointmentSlotsAt, cartHasFiber, cartStateAt, fulfillmentOptionsAt, termsFor } from './att.state';
import { AttErrorCode } from './att.errors';
import type { AttErrorBody } from './att.errors';
import type { AttChannelInput, AttRelatedPartyInput } from './att.validation';

/** Response wire types, declared here so that the simulator owns its reading of the contract. */

export interface AttMoney {
  unit: 'USD';
  /** A JSON number rounded to cents (55 is sent as `55`, 829.99 as `829.99`). */
  value: number;
}

export interface AttOrderPrice {
  name: string;
  priceType: 'oneTime' | 'recurring';
  recurringChargePeriod?: 'month';
  price: { dutyFreeAmount: AttMoney; taxIncludedAmount: AttMoney };
}

export interface AttValidationMessage {
  code: string;
  field?: string;
  message: string;
}

export interface AttValidation {
  status: 'valid' | 'invalid';
  messages: AttValidationMessage[];
}

export interface AttProductOrderItemView {
  id: string;
  action: string;
  quantity: number;
  state: AttCartState;
  productOfferingType: string;
  productOffering?: { id: string; name: string };
  product?: { id?: string; primaryProductId?: string; place?: Array<{ role?: string; name?: string; id?: string }> };
  billingAccount?: { ratingType?: string; id: string };
  characteristic?: Array<{ name: string; value: string }>;
  itemPrice: AttOrderPrice[];
  itemTotalPrice: AttOrderPrice[];
}

export interface AttProductOrderView {
  id: string;
  href: string;
  state: AttCartState;
  creationDate: string;
  externalId: string;
  relatedParty: AttRelatedPartyInput[];
  channel: AttChannelInput;
  productOrderItem: AttProductOrderItemView[];
  orderTotalPrice: AttOrderPrice[];
  validation: AttValidation;
  customerOrderId?: string;
  orderId?: string;
  submissionDate?: string;
}

export interface AttCheckoutView {
  cartId: string;
  fulfillmentOptions?: Array<{
    id: string;
    fulfillmentMethod: 'DF' | 'C2S';
    name: string;
    estimatedDeliveryDate: string;
    price: { dutyFreeAmount: AttMoney };
  }>;
  appointmentDates: Array<{ id: string; startDateTime: string; endDateTime: string }>;
  termsAndConditions: Array<{ key: string; title: string; required: boolean }>;
  validation: AttValidation;
}

/** The 409 answer to an express-submit of a cart that is already an order: the order, and the cart as ProductOrder. */
export interface AttAlreadySubmittedView {
  id: string;
  customerOrderId: string;
  state: AttCartState;
  submissionDate: string;
  productOrder: AttProductOrderView;
  error: AttErrorBody;
}

export interface AttSubmitConflictView {
  id: string;
  state: 'Draft';
  productOrder: AttProductOrderView;
  error: AttErrorBody;
}

export const ATT_BASE_PATH = '/omni-svcs/v1';

export function money(cents: number): AttMoney {
  return { unit: 'USD', value: Math.round(cents) / 100 };
}

function orderPrice(kind: 'oneTime' | 'recurring', name: string, cents: number): AttOrderPrice {
  return {
    name,
    priceType: kind,
    ...(kind === 'recurring' && { recurringChargePeriod: 'month' as const }),
    // Tax is not simulated, so both amounts are equal.
    price: { dutyFreeAmount: money(cents), taxIncludedAmount: money(cents) },
  };
}

function prices(unit: AttUnitPrice, multiplier: number, names: { oneTime: string; monthly: string }): AttOrderPrice[] {
  const out: AttOrderPrice[] = [];
  if (unit.oneTime !== undefined) out.push(orderPrice('oneTime', names.oneTime, unit.oneTime * multiplier));
  if (unit.monthly !== undefined) out.push(orderPrice('recurring', names.monthly, unit.monthly * multiplier));
  return out;
}

/** Cart totals in cents, one-time and monthly kept apart. */
export function cartTotals(cart: AttCart): { oneTime: number; monthly: number } {
  let oneTime = 0;
  let monthly = 0;
  for (const item of cart.items) {
    oneTime += (item.unit.oneTime ?? 0) * item.quantity;
    monthly += (item.unit.monthly ?? 0) * item.quantity;
  }
  return { oneTime, monthly };
}

function itemView(item: AttCartItem, state: AttCartState): AttProductOrderItemView {
  return {
    id: item.id,
    action: item.action,
    quantity: item.quantity,
    state,
    productOfferingType: item.productOfferingType,
    ...(item.productOffering && { productOffering: item.productOffering }),
    ...(item.product && { product: item.product }),
    ...(item.billingAccount && { billingAccount: item.billingAccount }),
    ...(item.characteristic && { characteristic: item.characteristic }),
    itemPrice: prices(item.unit, 1, { oneTime: 'One Time Charge', monthly: 'Monthly Recurring Charge' }),
    itemTotalPrice: prices(item.unit, item.quantity, { oneTime: 'Total One Time Charge', monthly: 'Total Monthly Recurring Charge' }),
  };
}

/** Submit-readiness of a draft: an empty cart cannot be submitted. */
function draftValidation(cart: AttCart): AttValidation {
  if (cart.items.length > 0) return { status: 'valid', messages: [] };
  return {
    status: 'invalid',
    messages: [{ code: AttErrorCode.MISSING_REQUIRED_ITEMS, field: 'productOrderItem', message: 'missing required items' }],
  };
}

/** The ProductOrder-shaped cart that create, add-items, delete-item and GET answer with. */
export function productOrderView(cart: AttCart, now: Date, validation?: AttValidation): AttProductOrderView {
  const state = cartStateAt(cart, now);
  const totals = cartTotals(cart);
  const view: AttProductOrderView = {
    id: cart.id,
    href: `${ATT_BASE_PATH}/carts/${encodeURIComponent(cart.id)}`,
    state,
    creationDate: cart.creationDate.toISOString(),
    externalId: cart.externalId,
    relatedParty: cart.relatedParty,
    channel: cart.channel,
    productOrderItem: cart.items.map((i) => itemView(i, state)),
    orderTotalPrice: [orderPrice('oneTime', 'Total Due Today', totals.oneTime), orderPrice('recurring', 'Total Monthly', totals.monthly)],
    validation: validation ?? (cart.order ? { status: 'valid', messages: [] } : draftValidation(cart)),
  };
  if (cart.order) {
    view.customerOrderId = cart.order.customerOrderId;
    view.orderId = cart.order.id;
    view.submissionDate = cart.order.submissionDate.toISOString();
  }
  return view;
}

export function checkoutView(cart: AttCart, now: Date, fulfillmentAddressId: string | undefined): AttCheckoutView {
  const view: AttCheckoutView = {
    cartId: cart.id,
    appointmentDates: cartHasFiber(cart) ? appointmentSlotsAt(now) : [],
    termsAndConditions: termsFor(cart),
    validation: { status: 'valid', messages: [] },
  };
  // Documented: once a fulfillment option has been selected, options come back only for a new address.
  if (!cart.selectedFulfillment || fulfillmentAddressId !== undefined) {
    view.fulfillmentOptions = fulfillmentOptionsAt(now).map((o) => ({
      id: o.id,
      fulfillmentMethod: o.fulfillmentMethod,
      name: o.name,
      estimatedDeliveryDate: o.estimatedDeliveryDate,
      price: { dutyFreeAmount: money(o.priceCents) },
    }));
  }
  return view;
}

/**
 * Seed 000 [C]: express-submit's answer holds `id`, `state`, `submissionDate`, `customerOrderId`, `productOrder` and
 * `error`, and "In case of conflicts (409), includes complete product order with validation details". A second submit
 * of a cart is such a conflict: the answer names the order the first one placed, with the cart as its complete
 * ProductOrder (items, prices) and a validation message saying why nothing new was placed. The access token is not
 * repeated [I]: it is handed out once, with the placement.
 */
export function alreadySubmittedView(cart: AttCart & { order: AttOrder }, now: Date): AttAlreadySubmittedView {
  const message = 'The cart has already been submitted as an order';
  return {
    id: cart.order.id,
    customerOrderId: cart.order.customerOrderId,
    state: cartStateAt(cart, now),
    submissionDate: cart.order.submissionDate.toISOString(),
    productOrder: productOrderView(cart, now, {
      status: 'invalid',
      messages: [{ code: AttErrorCode.CART_ALREADY_SUBMITTED, field: 'cartId', message }],
    }),
    error: {
      code: AttErrorCode.CART_ALREADY_SUBMITTED,
      reason: 'Cart already submitted',
      message,
      status: '409',
      details: { cartId: cart.id, orderId: cart.order.id, customerOrderId: cart.order.customerOrderId },
    },
  };
}

export function submitConflictView(cart: AttCart, conflicts: AttSubmitConflict[], now: Date): AttSubmitConflictView {
  const first = conflicts[0];
  const validation: AttValidation = {
    status: 'invalid',
    messages: conflicts.map((c) => ({ code: c.code, field: c.field, message: c.message })),
  };
  return {
    id: cart.id,
    state: 'Draft',
    productOrder: productOrderView(cart, now, validation),
    error: {
      code: first.code,
      reason: first.reason,
      message: first.message,
      status: '409',
      details: Object.assign({}, ...conflicts.map((c) => c.details)) as Record<string, unknown>,
    },
  };
}
