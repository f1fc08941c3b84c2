import { lineStatusAt, orderStatusAt } from './adobe.state';
import type { PreviewLine, PreviewResult, SimOrder, SimOrderLine } from './adobe.state';

/** Response wire types, declared here so that the simulator owns its reading of the contract. */

/** Unit and line prices as JSON numbers rounded to cents; no tax anywhere [C]. */
export interface AdobePricingView {
  partnerPrice: number;
  discountedPartnerPrice: number;
  netPartnerPrice: number;
  lineItemPartnerPrice: number;
}

export interface AdobeLineView {
  extLineItemNumber: number;
  offerId: string;
  quantity: number;
  subscriptionId: string;
  status: string;
  currencyCode: string;
  deploymentId?: string;
  discountCode?: string;
  remainingQuantity?: number;
  proratedDays?: number;
  pricing?: AdobePricingView;
}

export interface AdobeOrderView {
  externalReferenceId: string;
  orderId: string;
  customerId: string;
  orderType: string;
  referenceOrderId: string;
  currencyCode: string;
  creationDate: string;
  status: string;
  source: string;
  lineItems: AdobeLineView[];
  pricingSummary?: { totalLineItemPartnerPrice: number; currencyCode: string }[];
  links?: { self: { uri: string; method: 'GET'; headers: [] } };
}

/**
 * Full-term pricing: lines are not prorated to the customer's anniversary date [I: proration is documented only as
 * the `proratedDays` field], so `netPartnerPrice` equals `discountedPartnerPrice` and `proratedDays` is 365.
 */
const TERM_DAYS = 365;

const amount = (cents: number): number => Math.round(cents) / 100;

function pricing(line: Pick<SimOrderLine, 'unitCents' | 'discountedCents' | 'quantity'>): AdobePricingView {
  return {
    partnerPrice: amount(line.unitCents),
    discountedPartnerPrice: amount(line.discountedCents),
    netPartnerPrice: amount(line.discountedCents),
    lineItemPartnerPrice: amount(line.discountedCents * line.quantity),
  };
}

function summary(lines: Pick<SimOrderLine, 'discountedCents' | 'quantity'>[], currencyCode: string): AdobeOrderView['pricingSummary'] {
  const cents = lines.reduce((sum, l) => sum + l.discountedCents * l.quantity, 0);
  return [{ totalLineItemPartnerPrice: amount(cents), currencyCode }];
}

function optional(view: AdobeLineView, line: Pick<SimOrderLine, 'deploymentId' | 'discountCode'>): AdobeLineView {
  if (line.deploymentId !== undefined) view.deploymentId = line.deploymentId;
  if (line.discountCode !== undefined) view.discountCode = line.discountCode;
  return view;
}

/** The documented `links.self.uri` of an order. */
export function orderUri(customerId: string, orderId: string): string {
  return `/v3/customers/${customerId}/orders/${orderId}`;
}

/** A placed order as Adobe shows it at `now`: subscription ids appear once it is complete. */
export function orderView(order: SimOrder, now: Date, withPrice: boolean): AdobeOrderView {
  const status = orderStatusAt(order, now);
  const lineItems = order.lines.map((line) => {
    const lineStatus = lineStatusAt(order, line, now);
    const view: AdobeLineView = {
      extLineItemNumber: line.extLineItemNumber,
      offerId: line.offerId,
      quantity: line.quantity,
      subscriptionId: lineStatus === '1000' || lineStatus === '1008' ? line.subscriptionId : '',
      status: lineStatus,
      currencyCode: line.currencyCode,
    };
    optional(view, line);
    if (order.orderType !== 'RETURN') view.remainingQuantity = line.quantity - line.returnedQuantity;
    if (withPrice) {
      view.proratedDays = TERM_DAYS;
      view.pricing = pricing(line);
    }
    return view;
  });
  const view: AdobeOrderView = {
    externalReferenceId: order.externalReferenceId,
    orderId: order.orderId,
    customerId: order.customerId,
    orderType: order.orderType,
    referenceOrderId: order.referenceOrderId,
    currencyCode: order.currencyCode,
    creationDate: order.creationDate.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    status,
    source: order.source,
    lineItems,
  };
  if (withPrice) view.pricingSummary = summary(order.lines, order.currencyCode);
  view.links = { self: { uri: orderUri(order.customerId, order.orderId), method: 'GET', headers: [] } };
  return view;
}

/** A PREVIEW or PREVIEW_RENEWAL answer: `orderId` and `status` empty, no links, pricing only when asked for. */
export function previewView(result: PreviewResult, withPrice: boolean): AdobeOrderView {
  const lineItems = result.lines.map((line: PreviewLine) => {
    const view: AdobeLineView = {
      extLineItemNumber: line.extLineItemNumber,
      offerId: line.offerId,
      quantity: line.quantity,
      subscriptionId: line.subscriptionId,
      status: line.status,
      currencyCode: line.currencyCode,
    };
    optional(view, line);
    if (withPrice) {
      view.proratedDays = TERM_DAYS;
      view.pricing = pricing(line);
    }
    return view;
  });
  const view: AdobeOrderView = {
    externalReferenceId: result.externalReferenceId,
    orderId: '',
    customerId: result.customerId,
    orderType: result.orderType,
    referenceOrderId: '',
    currencyCode: result.currencyCode,
    creationDate: result.creationDate.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    status: '',
    source: 'API',
    lineItems,
  };
  // Lines that will not renew (1004) cost nothing.
  if (withPrice)
    view.pricingSummary = summary(
      result.lines.filter((l) => l.status !== '1004'),
      result.currencyCode,
    );
  return view;
}
