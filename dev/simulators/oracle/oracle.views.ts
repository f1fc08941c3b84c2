import { centsToNumber, findShippingMethod, ORACLE_ORDER_DYNAMIC_PROPERTIES } from './oracle.catalogue';
import type { OracleCouponResult, OracleOrder, OracleOrderState, OraclePricing, OracleStoredItem, OracleStoredPayment } from './oracle.state';
import { orderStateAt, priceOf } from './oracle.state';
import type { OracleAddress } from './oracle.validation';

/**
 * Response wire types, declared here so that the simulator owns its reading of the contract. Field names follow
 * Oracle's getOrder / createOrder response schemas [C for names]; the nesting per op is not documented [U], so every
 * op answers the same full order [I]. Amounts are JSON numbers, as in Oracle's examples.
 */

export interface OracleItemView {
  commerceItemId: string;
  productId: string;
  catRefId: string;
  quantity: number;
  displayName: string;
  listPrice: number;
  rawTotalPrice: number;
  externalRecurringCharge?: number;
  externalRecurringChargeFrequency?: string;
  addOnItem: boolean;
  shopperInput: Record<string, string>;
  childItems: OracleItemView[];
}

export interface OracleCouponView {
  code: string;
  id: string;
  level: 'order' | 'shipping';
  description: string;
  status: 'claimed' | 'unclaimed';
  totalAdjustment: number;
}

export interface OraclePaymentView {
  paymentGroupId: string;
  type: string;
  amount: number;
  currencyCode: string;
  paymentState: string;
  gatewayName: string;
  cardType?: string;
  lastFour?: string;
  /** Only ever the last four digits behind a mask. */
  maskedCardNumber?: string;
  nameOnCard?: string;
  endMonth?: number;
  endYear?: number;
  PONumber?: string;
}

export interface OracleOrderView {
  id?: string;
  uuid: string;
  state: OracleOrderState;
  creationDate: string;
  creationTime: number;
  submittedDate: string | null;
  lastModifiedDate: string;
  orderProfileId: string;
  siteId: string;
  creationSiteId: string;
  organizationId: string | null;
  priceInfo: {
    amount: number;
    subTotal: number;
    rawSubtotal: number;
    discountAmount: number;
    shipping: number;
    shippingSurchargeValue: number;
    tax: number;
    totalWithoutTax: number;
    total: number;
    currencyCode: string;
  };
  recurringChargePriceInfo: {
    amount: number;
    total: number;
    currencyCode: string;
    subTotalByFrequency: { frequency: string; amount: number }[];
  };
  discountInfo: {
    orderDiscount: number;
    shippingDiscount: number;
    orderCouponsMap: Record<string, { promotionId: string; promotionLevel: string; promotionDesc: string; totalAdjustment: string }>;
    unclaimedCouponsMap: Record<string, { promotionId: string; promotionLevel: string; promotionDesc: string }>;
    orderImplicitDiscountList: unknown[];
  };
  shoppingCart: { items: OracleItemView[]; coupons: OracleCouponView[]; numberOfItems: number };
  shippingGroups: {
    shippingGroupId: string;
    type: 'hardgoodShippingGroup';
    shippingMethod: { value: string; shippingMethodDescription: string };
    shippingAddress: OracleAddress | null;
    priceInfo: { amount: number; rawShipping: number; shippingDiscount: number; currencyCode: string };
    items: { commerceItemId: string; quantity: number }[];
  }[];
  billingAddress: OracleAddress | null;
  payments: OraclePaymentView[];
  dynamicProperties: { id: string; label: string; type: string; value: string | boolean | null }[];
}

const n = centsToNumber;

function itemView(item: OracleStoredItem): OracleItemView {
  const view: OracleItemView = {
    commerceItemId: item.commerceItemId,
    productId: item.productId,
    catRefId: item.catRefId,
    quantity: item.quantity,
    displayName: item.displayName,
    listPrice: n(item.unitCents),
    rawTotalPrice: n(item.unitCents * item.quantity),
    addOnItem: item.addOnItem,
    shopperInput: { ...item.shopperInput },
    childItems: item.childItems.map(itemView),
  };
  if (item.recurringCents !== undefined) {
    view.externalRecurringCharge = n(item.recurringCents);
    view.externalRecurringChargeFrequency = item.frequency ?? 'Monthly';
  }
  return view;
}

function couponView(c: OracleCouponResult): OracleCouponView {
  return {
    code: c.code,
    id: c.promotionId,
    level: c.level,
    description: c.description,
    status: c.claimed ? 'claimed' : 'unclaimed',
    totalAdjustment: n(c.adjustmentCents),
  };
}

function paymentView(p: OracleStoredPayment, currencyCode: string): OraclePaymentView {
  const view: OraclePaymentView = {
    paymentGroupId: p.paymentGroupId,
    type: p.type,
    amount: n(p.amountCents),
    currencyCode,
    paymentState: p.paymentState,
    gatewayName: 'simGateway',
  };
  if (p.cardType !== undefined) view.cardType = p.cardType;
  if (p.lastFour !== undefined) {
    view.lastFour = p.lastFour;
    view.maskedCardNumber = `xxxxxxxxxxxx${p.lastFour}`;
  }
  if (p.nameOnCard !== undefined) view.nameOnCard = p.nameOnCard;
  if (p.endMonth !== undefined) view.endMonth = p.endMonth;
  if (p.endYear !== undefined) view.endYear = p.endYear;
  if (p.PONumber !== undefined) view.PONumber = p.PONumber;
  return view;
}

/** The full order as every op and the order read answer it. */
export function orderView(order: OracleOrder, now: Date): OracleOrderView {
  const p: OraclePricing = priceOf(order);
  const claimed = p.coupons.filter((c) => c.claimed);
  const unclaimed = p.coupons.filter((c) => !c.claimed);
  const view: OracleOrderView = {
    uuid: order.uuid,
    state: orderStateAt(order, now),
    creationDate: order.creationDate.toISOString(),
    creationTime: order.creationDate.getTime(),
    submittedDate: order.submittedDate ? order.submittedDate.toISOString() : null,
    lastModifiedDate: order.lastModifiedDate.toISOString(),
    orderProfileId: order.profileId,
    siteId: order.siteId,
    creationSiteId: order.siteId,
    organizationId: order.organizationId ?? null,
    priceInfo: {
      amount: n(p.amountCents),
      subTotal: n(p.subTotalCents),
      rawSubtotal: n(p.subTotalCents),
      discountAmount: n(p.orderDiscountCents),
      shipping: n(p.shippingCents),
      shippingSurchargeValue: 0,
      tax: n(p.taxCents),
      totalWithoutTax: n(p.amountCents + p.shippingCents),
      total: n(p.totalCents),
      currencyCode: p.currencyCode,
    },
    recurringChargePriceInfo: {
      amount: n(p.monthlyCents),
      total: n(p.monthlyCents),
      currencyCode: p.currencyCode,
      subTotalByFrequency: p.monthlyCents > 0 ? [{ frequency: 'Monthly', amount: n(p.monthlyCents) }] : [],
    },
    discountInfo: {
      orderDiscount: n(p.orderDiscountCents),
      shippingDiscount: n(p.shippingDiscountCents),
      orderCouponsMap: Object.fromEntries(
        claimed.map((c) => [
          c.code,
          { promotionId: c.promotionId, promotionLevel: c.level, promotionDesc: c.description, totalAdjustment: n(c.adjustmentCents).toFixed(2) },
        ]),
      ),
      unclaimedCouponsMap: Object.fromEntries(
        unclaimed.map((c) => [c.code, { promotionId: c.promotionId, promotionLevel: c.level, promotionDesc: c.description }]),
      ),
      orderImplicitDiscountList: [],
    },
    shoppingCart: { items: order.items.map(itemView), coupons: p.coupons.map(couponView), numberOfItems: p.numberOfItems },
    shippingGroups: [
      {
        shippingGroupId: order.shippingGroupId,
        type: 'hardgoodShippingGroup',
        shippingMethod: {
          value: order.shippingMethod,
          shippingMethodDescription: findShippingMethod(order.shippingMethod)?.displayName ?? order.shippingMethod,
        },
        shippingAddress: order.shippingAddress ?? null,
        priceInfo: {
          amount: n(p.shippingCents),
          rawShipping: n(p.rawShippingCents),
          shippingDiscount: n(p.shippingDiscountCents),
          currencyCode: p.currencyCode,
        },
        items: order.items.map((i) => ({ commerceItemId: i.commerceItemId, quantity: i.quantity })),
      },
    ],
    billingAddress: order.billingAddress ?? null,
    payments: order.payments.map((pay) => paymentView(pay, p.currencyCode)),
    dynamicProperties: ORACLE_ORDER_DYNAMIC_PROPERTIES.map((def) => ({
      id: def.id,
      label: def.label,
      type: def.type,
      value: order.dynamicProperties[def.id] ?? null,
    })),
  };
  // A quote (priceOrder on a cart) is never stored and has no id.
  return order.id ? { id: order.id, ...view } : view;
}
