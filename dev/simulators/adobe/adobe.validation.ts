import { AdobeError, AdobeErrorCode, invalidFields } from './adobe.errors';

/** Request wire types as the simulator accepts them (declared here: the simulator never imports the adapter). */

export const ADOBE_ORDER_TYPES = ['NEW', 'RETURN', 'PREVIEW', 'PREVIEW_RENEWAL', 'RENEWAL'] as const;
export type AdobeOrderType = (typeof ADOBE_ORDER_TYPES)[number];

export interface AdobeLineInput {
  extLineItemNumber: number;
  offerId: string;
  quantity: number;
  currencyCode?: string;
  deploymentId?: string;
  discountCode?: string;
  flexDiscountCodes?: string[];
  subscriptionId?: string;
}

export interface AdobeOrderInput {
  orderType: AdobeOrderType;
  externalReferenceId?: string;
  /** Order-level currency: still accepted, being deprecated in favour of the line-level one. */
  currencyCode?: string;
  referenceOrderId?: string;
  lineItems: AdobeLineInput[];
}

export const MAX_LINES = 499;
export const MAX_LINE_NUMBER = 999_999;
/** Team quantities; enterprise offers allow 599,000, but the catalogue sells team offers only. */
export const MAX_QUANTITY = 10_000;
export const MAX_EXTERNAL_REFERENCE = 35;

const ORDER_FIELDS = new Set(['externalReferenceId', 'currencyCode', 'orderType', 'referenceOrderId', 'lineItems']);
const LINE_FIELDS = new Set([
  'extLineItemNumber',
  'offerId',
  'quantity',
  'currencyCode',
  'deploymentId',
  'discountCode',
  'flexDiscountCodes',
  'subscriptionId',
]);
const CURRENCY = /^[A-Z]{3}$/;
const PLAIN = /^[A-Za-z0-9_.-]{1,64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems found while walking a body: answered together, in Adobe's order (unexpected, missing, invalid). */
class Problems {
  readonly unexpected: string[] = [];
  readonly missing: string[] = [];
  readonly invalid: string[] = [];

  throwIfAny(): void {
    if (this.unexpected.length) throw new AdobeError(400, AdobeErrorCode.UNEXPECTED_FIELDS, 'Unexpected fields in the request', this.unexpected);
    if (this.missing.length) throw new AdobeError(400, AdobeErrorCode.MISSING_FIELDS, 'Required fields are missing', this.missing);
    if (this.invalid.length) throw invalidFields(this.invalid);
  }
}

function optionalString(p: Problems, o: Record<string, unknown>, key: string, path: string, pattern?: RegExp): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || (pattern && !pattern.test(v))) {
    p.invalid.push(path);
    return undefined;
  }
  return v;
}

function requiredInteger(p: Problems, o: Record<string, unknown>, key: string, path: string): number {
  const v = o[key];
  if (v === undefined || v === null) p.missing.push(path);
  else if (typeof v !== 'number' || !Number.isInteger(v)) p.invalid.push(path);
  return typeof v === 'number' ? v : NaN;
}

function parseLine(p: Problems, raw: unknown, k: number): AdobeLineInput {
  const at = `lineItems[${k}]`;
  if (!isRecord(raw)) {
    p.invalid.push(at);
    return { extLineItemNumber: NaN, offerId: '', quantity: NaN };
  }
  for (const key of Object.keys(raw)) if (!LINE_FIELDS.has(key)) p.unexpected.push(`${at}.${key}`);
  const line: AdobeLineInput = {
    extLineItemNumber: requiredInteger(p, raw, 'extLineItemNumber', `${at}.extLineItemNumber`),
    offerId: '',
    quantity: requiredInteger(p, raw, 'quantity', `${at}.quantity`),
  };
  if (raw.offerId === undefined || raw.offerId === null || raw.offerId === '') p.missing.push(`${at}.offerId`);
  else line.offerId = optionalString(p, raw, 'offerId', `${at}.offerId`, PLAIN) ?? '';
  const currencyCode = optionalString(p, raw, 'currencyCode', `${at}.currencyCode`, CURRENCY);
  const deploymentId = optionalString(p, raw, 'deploymentId', `${at}.deploymentId`, PLAIN);
  const discountCode = optionalString(p, raw, 'discountCode', `${at}.discountCode`, PLAIN);
  const subscriptionId = optionalString(p, raw, 'subscriptionId', `${at}.subscriptionId`, PLAIN);
  if (currencyCode !== undefined) line.currencyCode = currencyCode;
  if (deploymentId !== undefined) line.deploymentId = deploymentId;
  if (discountCode !== undefined) line.discountCode = discountCode;
  if (subscriptionId !== undefined) line.subscriptionId = subscriptionId;
  if (raw.flexDiscountCodes !== undefined) {
    const codes = raw.flexDiscountCodes;
    if (!Array.isArray(codes) || codes.some((c) => typeof c !== 'string' || !PLAIN.test(c))) p.invalid.push(`${at}.flexDiscountCodes`);
    else line.flexDiscountCodes = codes as string[];
  }
  return line;
}

/**
 * Validates a create-order body against the documented contract. Structure first (1121 unexpected, 1122 missing,
 * 1117 invalid, each naming every field at fault), then the documented ranges (2119, 2123, 2120, 2126), duplicate
 * line numbers (2121) and order- plus line-level currency (2140). Catalogue and customer checks come later, in the
 * state, because they need the customer.
 */
export function parseOrderRequest(body: unknown, bodyError?: string): AdobeOrderInput {
  if (bodyError !== undefined || !isRecord(body)) throw invalidFields(['body'], 'The request body must be a JSON object');
  const p = new Problems();
  for (const key of Object.keys(body)) if (!ORDER_FIELDS.has(key)) p.unexpected.push(key);

  let orderType: AdobeOrderType = 'NEW';
  if (body.orderType === undefined || body.orderType === null || body.orderType === '') p.missing.push('orderType');
  else if (typeof body.orderType !== 'string' || !(ADOBE_ORDER_TYPES as readonly string[]).includes(body.orderType)) {
    // Transfers and switches exist in Adobe's enum but are not modelled here: refused like an unknown type.
    p.invalid.push('orderType');
  } else orderType = body.orderType as AdobeOrderType;

  const externalReferenceId = optionalString(p, body, 'externalReferenceId', 'externalReferenceId');
  const currencyCode = optionalString(p, body, 'currencyCode', 'currencyCode', CURRENCY);
  const referenceOrderId = optionalString(p, body, 'referenceOrderId', 'referenceOrderId', /^[A-Za-z0-9-]{0,40}$/);
  if (orderType === 'RETURN' && !referenceOrderId) p.missing.push('referenceOrderId');
  if (orderType !== 'RETURN' && referenceOrderId) p.invalid.push('referenceOrderId');

  const needsLines = orderType === 'NEW' || orderType === 'PREVIEW' || orderType === 'RETURN';
  let lineItems: AdobeLineInput[] = [];
  if (body.lineItems === undefined || body.lineItems === null) {
    if (needsLines) p.missing.push('lineItems');
  } else if (!Array.isArray(body.lineItems)) {
    p.invalid.push('lineItems');
  } else if (body.lineItems.length === 0 && needsLines) {
    p.missing.push('lineItems');
  } else if (body.lineItems.length > MAX_LINES) {
    p.throwIfAny();
    throw new AdobeError(400, AdobeErrorCode.TOO_MANY_LINES, `An order may have at most ${MAX_LINES} line items`, ['lineItems']);
  } else {
    lineItems = body.lineItems.map((raw, k) => parseLine(p, raw, k));
  }
  p.throwIfAny();

  if (externalReferenceId !== undefined && externalReferenceId.length > MAX_EXTERNAL_REFERENCE) {
    throw new AdobeError(400, AdobeErrorCode.EXTERNAL_REFERENCE_TOO_LONG, `externalReferenceId may have at most ${MAX_EXTERNAL_REFERENCE} characters`, [
      'externalReferenceId',
    ]);
  }
  const seen = new Set<number>();
  lineItems.forEach((line, k) => {
    if (line.extLineItemNumber < 0 || line.extLineItemNumber > MAX_LINE_NUMBER) {
      throw new AdobeError(400, AdobeErrorCode.LINE_NUMBER_OUT_OF_RANGE, `extLineItemNumber must be from 0 to ${MAX_LINE_NUMBER}`, [
        `lineItems[${k}].extLineItemNumber`,
      ]);
    }
    if (line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      throw new AdobeError(400, AdobeErrorCode.QUANTITY_OUT_OF_RANGE, `quantity must be from 1 to ${MAX_QUANTITY}`, [`lineItems[${k}].quantity`]);
    }
    if (seen.has(line.extLineItemNumber)) {
      throw new AdobeError(400, AdobeErrorCode.DUPLICATE_LINE_NUMBER, 'extLineItemNumber must be unique in the order', [`lineItems[${k}].extLineItemNumber`]);
    }
    seen.add(line.extLineItemNumber);
  });
  const lineCurrency = lineItems.findIndex((l) => l.currencyCode !== undefined);
  if (currencyCode !== undefined && lineCurrency >= 0) {
    throw new AdobeError(400, AdobeErrorCode.MIXED_CURRENCY_LEVELS, 'Give the currency on the order or on the lines, not both', [
      'currencyCode',
      `lineItems[${lineCurrency}].currencyCode`,
    ]);
  }

  const input: AdobeOrderInput = { orderType, lineItems };
  if (externalReferenceId !== undefined) input.externalReferenceId = externalReferenceId;
  if (currencyCode !== undefined) input.currencyCode = currencyCode;
  if (referenceOrderId) input.referenceOrderId = referenceOrderId;
  return input;
}

/** The list query, validated. `limit` above 100 is clamped, as documented; below 1 or not a number is 1117. */
export interface AdobeListQuery {
  limit: number;
  offset: number;
  orderTypes: string[];
  statuses: string[];
  referenceOrderId?: string;
  offerId?: string;
  startDate?: Date;
  endDate?: Date;
  fetchPrice: boolean;
}

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

/** Validates the list query parameters; 1117 names every bad one. */
export function parseListQuery(q: URLSearchParams): AdobeListQuery {
  const invalid: string[] = [];
  const int = (name: string, fallback: number, min: number): number => {
    const raw = q.get(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min) {
      invalid.push(name);
      return fallback;
    }
    return Number(raw);
  };
  const date = (name: string): Date | undefined => {
    const raw = q.get(name);
    if (raw === null) return undefined;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? new Date(`${raw}T00:00:00Z`) : null;
    if (!d || Number.isNaN(d.getTime())) {
      invalid.push(name);
      return undefined;
    }
    return d;
  };
  const limit = Math.min(int('limit', DEFAULT_LIMIT, 1), MAX_LIMIT);
  const offset = int('offset', 0, 0);
  const orderTypes = q.getAll('order-type');
  if (orderTypes.some((t) => !['NEW', 'RETURN', 'RENEWAL'].includes(t))) invalid.push('order-type');
  const statuses = q.getAll('status');
  if (statuses.some((s) => !/^\d{4}$/.test(s))) invalid.push('status');
  const startDate = date('start-date');
  const endDate = date('end-date');
  const fetchPrice = q.get('fetch-price');
  if (fetchPrice !== null && fetchPrice !== 'true' && fetchPrice !== 'false') invalid.push('fetch-price');
  if (invalid.length) throw invalidFields(invalid);
  const query: AdobeListQuery = { limit, offset, orderTypes, statuses, fetchPrice: fetchPrice === 'true', startDate, endDate };
  const ref = q.get('reference-order-id');
  const offer = q.get('offer-id');
  if (ref !== null) query.referenceOrderId = ref;
  if (offer !== null) query.offerId = offer;
  return query;
}
