import { isCardNumber } from '../kit/card';
import { AttError, AttErrorCode, invalidRequest } from './att.errors';

/** Request wire types as the simulator accepts them (declared here: the simulator never imports the adapter). */

export interface AttNameValue {
  name: string;
  value: string;
}

export interface AttChannelInput {
  id: string;
  name?: string;
  extensions?: AttNameValue[];
}

export interface AttRelatedPartyInput {
  referredType: string;
  role: string;
  id: string;
  name?: string;
  extensions?: AttNameValue[];
}

export const ATT_ITEM_ACTIONS = ['add', 'noChange', 'terminate', 'swap;add'] as const;
export type AttItemAction = (typeof ATT_ITEM_ACTIONS)[number];

export interface AttItemInput {
  action: AttItemAction;
  productOfferingType: string;
  productOfferingId?: string;
  quantity: number;
  billingAccount?: { ratingType?: string; id: string };
  product?: { id?: string; primaryProductId?: string; place?: Array<{ role?: string; name?: string; id?: string }> };
  characteristic?: AttNameValue[];
  actionReason?: { reasonText?: string; name?: string; action?: string };
}

export interface AttCreateCartInput {
  channel: AttChannelInput;
  relatedParty: AttRelatedPartyInput[];
  customerId: string;
  items: AttItemInput[];
}

export type AttPaymentType = 'card' | 'paymentProfile' | 'bank';

export interface AttPaymentMethodInput {
  id?: string;
  type: AttPaymentType;
  card?: { token: string; brand: string; last4: string; expirationMonth?: number; expirationYear?: number };
  paymentProfileId?: string;
}

export interface AttExpressSubmitInput {
  paymentMethods: AttPaymentMethodInput[];
  autoPay?: boolean;
  paperless?: boolean;
  oneTimePaymentMethodId?: string;
  acceptedTerms: string[];
  fulfillment?: { fulfillmentOptionId: string; fulfillmentMethod: 'DF' | 'C2S' };
  installationAppointment?: { appointmentId: string; contactName?: string; contactPhone?: string };
}

export const ATT_CHANNELS = ['IND', 'SelfService', 'ATTR', 'ECOMM'] as const;
const MAX_ITEMS_PER_REQUEST = 100;
const MAX_QUANTITY = 1000;
const ID_PATTERN = /^[A-Za-z0-9._:;@-]{1,128}$/;

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON object body of a request, or a 400 explaining why there is none. */
export function requireObjectBody(body: unknown, bodyError: string | undefined): Rec {
  if (bodyError !== undefined) throw invalidRequest('body', 'Request body is not valid JSON');
  if (!isRecord(body)) throw invalidRequest('body', 'Request body must be a JSON object (content-type: application/json)');
  return body;
}

function str(o: Rec, key: string, path: string, required: true, max?: number): string;
function str(o: Rec, key: string, path: string, required: false, max?: number): string | undefined;
function str(o: Rec, key: string, path: string, required: boolean, max = 256): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw invalidRequest(`${path}${key}`, `${path}${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || v.length === 0 || v.length > max) {
    throw invalidRequest(`${path}${key}`, `${path}${key} must be a non-empty string of at most ${max} characters`);
  }
  return v;
}

function bool(o: Rec, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidRequest(`${path}${key}`, `${path}${key} must be a boolean`);
  return v;
}

function arr(o: Rec, key: string, path: string, max: number): unknown[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidRequest(`${path}${key}`, `${path}${key} must be an array`);
  if (v.length > max) throw invalidRequest(`${path}${key}`, `${path}${key} holds more than ${max} entries`);
  return v as unknown[];
}

function obj(o: Rec, key: string, path: string): Rec | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) throw invalidRequest(`${path}${key}`, `${path}${key} must be an object`);
  return v;
}

function nameValues(o: Rec, key: string, path: string): AttNameValue[] | undefined {
  const list = arr(o, key, path, 50);
  return list?.map((e, i) => {
    const p = `${path}${key}[${i}].`;
    if (!isRecord(e)) throw invalidRequest(`${path}${key}[${i}]`, `${path}${key}[${i}] must be an object`);
    return { name: str(e, 'name', p, true), value: str(e, 'value', p, true, 1024) };
  });
}

function parseChannel(body: Rec): AttChannelInput {
  const channel = obj(body, 'channel', '');
  if (!channel) throw new AttError(400, AttErrorCode.CHANNEL_INVALID, 'Invalid channel', 'channel is required', { field: 'channel' });
  const id = channel.id;
  if (typeof id !== 'string' || !(ATT_CHANNELS as readonly string[]).includes(id)) {
    throw new AttError(400, AttErrorCode.CHANNEL_INVALID, 'Invalid channel', `channel.id must be one of ${ATT_CHANNELS.join(', ')}`, {
      field: 'channel.id',
      allowed: [...ATT_CHANNELS],
    });
  }
  const out: AttChannelInput = { id };
  const name = str(channel, 'name', 'channel.', false);
  if (name !== undefined) out.name = name;
  const extensions = nameValues(channel, 'extensions', 'channel.');
  if (extensions) out.extensions = extensions;
  return out;
}

function parseRelatedParties(body: Rec): { parties: AttRelatedPartyInput[]; customerId: string } {
  const list = arr(body, 'relatedParty', '', 20) ?? [];
  const parties = list.map((e, i): AttRelatedPartyInput => {
    const p = `relatedParty[${i}].`;
    if (!isRecord(e)) throw invalidRequest(`relatedParty[${i}]`, `relatedParty[${i}] must be an object`);
    const party: AttRelatedPartyInput = {
      referredType: str(e, 'referredType', p, true),
      role: str(e, 'role', p, true),
      id: str(e, 'id', p, true),
    };
    const name = str(e, 'name', p, false);
    if (name !== undefined) party.name = name;
    const extensions = nameValues(e, 'extensions', p);
    if (extensions) party.extensions = extensions;
    return party;
  });
  const customers = parties.filter((p) => p.role === 'customer');
  if (customers.length !== 1) {
    throw new AttError(400, AttErrorCode.CUSTOMER_PARTY_REQUIRED, 'Invalid related party', 'exactly one relatedParty with role "customer" is required', {
      field: 'relatedParty',
      customerParties: customers.length,
    });
  }
  return { parties, customerId: customers[0].id };
}

function parseQuantity(item: Rec, path: string): number {
  const q = item.quantity;
  if (q === undefined || q === null) return 1;
  if (typeof q !== 'number' || !Number.isInteger(q) || q < 1 || q > MAX_QUANTITY) {
    throw new AttError(400, AttErrorCode.QUANTITY_INVALID, 'Invalid quantity', `${path}quantity must be an integer from 1 to ${MAX_QUANTITY}`, {
      field: `${path}quantity`,
    });
  }
  return q;
}

function parseItem(e: unknown, path: string): AttItemInput {
  if (!isRecord(e)) throw invalidRequest(path, `${path} must be an object`);
  const p = `${path}.`;
  const action = e.action;
  if (typeof action !== 'string' || !(ATT_ITEM_ACTIONS as readonly string[]).includes(action)) {
    throw invalidRequest(`${p}action`, `${p}action must be one of ${ATT_ITEM_ACTIONS.join(', ')}`);
  }
  const item: AttItemInput = {
    action: action as AttItemAction,
    productOfferingType: str(e, 'productOfferingType', p, true, 64),
    quantity: parseQuantity(e, p),
  };
  const offeringId = str(e, 'productOfferingId', p, false, 128);
  if (offeringId !== undefined) item.productOfferingId = offeringId;
  const billing = obj(e, 'billingAccount', p);
  if (billing) {
    item.billingAccount = { id: str(billing, 'id', `${p}billingAccount.`, true) };
    const ratingType = str(billing, 'ratingType', `${p}billingAccount.`, false);
    if (ratingType !== undefined) item.billingAccount.ratingType = ratingType;
  }
  const product = obj(e, 'product', p);
  if (product) {
    const pp = `${p}product.`;
    item.product = {};
    const id = str(product, 'id', pp, false);
    if (id !== undefined) item.product.id = id;
    const primary = str(product, 'primaryProductId', pp, false);
    if (primary !== undefined) item.product.primaryProductId = primary;
    const place = arr(product, 'place', pp, 10);
    if (place) {
      item.product.place = place.map((pl, i) => {
        if (!isRecord(pl)) throw invalidRequest(`${pp}place[${i}]`, `${pp}place[${i}] must be an object`);
        const pl2: { role?: string; name?: string; id?: string } = {};
        for (const k of ['role', 'name', 'id'] as const) {
          const v = str(pl, k, `${pp}place[${i}].`, false);
          if (v !== undefined) pl2[k] = v;
        }
        return pl2;
      });
    }
  }
  const characteristic = nameValues(e, 'characteristic', p);
  if (characteristic) item.characteristic = characteristic;
  const reason = obj(e, 'actionReason', p);
  if (reason) {
    const r: { reasonText?: string; name?: string; action?: string } = {};
    for (const k of ['reasonText', 'name', 'action'] as const) {
      const v = str(reason, k, `${p}actionReason.`, false, 1024);
      if (v !== undefined) r[k] = v;
    }
    item.actionReason = r;
  }
  return item;
}

/** `items` of a create-cart or add-items body; `required` makes an absent or empty list a 400. */
export function parseItems(body: Rec, required: boolean): AttItemInput[] {
  const list = arr(body, 'items', '', MAX_ITEMS_PER_REQUEST);
  if (!list || list.length === 0) {
    if (required) throw invalidRequest('items', 'items must be a non-empty array');
    return [];
  }
  return list.map((e, i) => parseItem(e, `items[${i}]`));
}

export function parseCreateCart(body: Rec): AttCreateCartInput {
  const channel = parseChannel(body);
  const { parties, customerId } = parseRelatedParties(body);
  return { channel, relatedParty: parties, customerId, items: parseItems(body, false) };
}

export function parseCheckout(body: Rec): { cartId: string; fulfillmentAddressId?: string; fulfillmentOptionId?: string } {
  const out: { cartId: string; fulfillmentAddressId?: string; fulfillmentOptionId?: string } = {
    cartId: str(body, 'cartId', '', true),
  };
  const addressId = str(body, 'fulfillmentAddressId', '', false);
  if (addressId !== undefined) out.fulfillmentAddressId = addressId;
  const optionId = str(body, 'fulfillmentOptionId', '', false);
  if (optionId !== undefined) out.fulfillmentOptionId = optionId;
  return out;
}

const PAN_FIELDS = ['number', 'cardNumber', 'pan', 'primaryAccountNumber', 'accountNumber'];

function looksLikePan(v: unknown): boolean {
  if (typeof v !== 'string' && typeof v !== 'number') return false;
  return isCardNumber(String(v).replace(/[\s-]/g, ''));
}

/** Refuses a full card number anywhere in a payment method, without ever echoing it back. */
function rejectPan(pm: Rec, path: string): void {
  const card = isRecord(pm.card) ? pm.card : undefined;
  const holders: Array<[Rec, string]> = [[pm, path]];
  if (card) holders.push([card, `${path}.card`]);
  for (const [holder, holderPath] of holders) {
    for (const [key, value] of Object.entries(holder)) {
      if (PAN_FIELDS.includes(key) || (key !== 'last4' && looksLikePan(value))) {
        throw new AttError(
          400,
          AttErrorCode.CARD_NUMBER_NOT_ACCEPTED,
          'Card number not accepted',
          'Full card numbers are not accepted; send a tokenised card (token, brand, last4)',
          { field: `${holderPath}.${key}` },
        );
      }
    }
  }
}

function paymentInvalid(field: string, message: string): AttError {
  return new AttError(400, AttErrorCode.PAYMENT_METHOD_INVALID, 'Invalid payment method', message, { field });
}

function expiry(card: Rec, key: string, path: string, min: number, max: number): number | undefined {
  const v = card[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw paymentInvalid(`${path}.${key}`, `${path}.${key} must be an integer from ${min} to ${max}`);
  }
  return n;
}

function parsePaymentMethod(e: unknown, path: string): AttPaymentMethodInput {
  if (!isRecord(e)) throw paymentInvalid(path, `${path} must be an object`);
  rejectPan(e, path);
  const type = e.type;
  if (type !== 'card' && type !== 'paymentProfile' && type !== 'bank') {
    throw paymentInvalid(`${path}.type`, `${path}.type must be one of card, paymentProfile, bank`);
  }
  const pm: AttPaymentMethodInput = { type };
  if (e.id !== undefined) {
    if (typeof e.id !== 'string' || !ID_PATTERN.test(e.id)) throw paymentInvalid(`${path}.id`, `${path}.id is not a valid id`);
    pm.id = e.id;
  }
  if (type === 'card') {
    const card = e.card;
    if (!isRecord(card)) throw paymentInvalid(`${path}.card`, `${path}.card is required for a card payment method`);
    const { token, brand, last4 } = card;
    if (typeof token !== 'string' || token.length === 0 || token.length > 256) {
      throw paymentInvalid(`${path}.card.token`, `${path}.card.token is required`);
    }
    if (typeof brand !== 'string' || !/^[A-Za-z][A-Za-z .-]{0,31}$/.test(brand)) {
      throw paymentInvalid(`${path}.card.brand`, `${path}.card.brand is required`);
    }
    if (typeof last4 !== 'string' || !/^\d{4}$/.test(last4)) {
      throw paymentInvalid(`${path}.card.last4`, `${path}.card.last4 must be four digits`);
    }
    pm.card = { token, brand, last4 };
    const month = expiry(card, 'expirationMonth', `${path}.card`, 1, 12);
    if (month !== undefined) pm.card.expirationMonth = month;
    const year = expiry(card, 'expirationYear', `${path}.card`, 2000, 2100);
    if (year !== undefined) pm.card.expirationYear = year;
  } else {
    // A bank account is assumed to be referenced through a stored payment profile, like a saved card [I].
    const profileId = e.paymentProfileId;
    if (typeof profileId !== 'string' || !ID_PATTERN.test(profileId)) {
      throw paymentInvalid(`${path}.paymentProfileId`, `${path}.paymentProfileId is required for type ${type}`);
    }
    pm.paymentProfileId = profileId;
  }
  return pm;
}

function parsePreferences(body: Rec, key: 'enrollment' | 'billing'): { autoPay?: boolean; paperless?: boolean } {
  const o = obj(body, key, '');
  if (!o) return {};
  return { autoPay: bool(o, 'autoPay', `${key}.`), paperless: bool(o, 'paperless', `${key}.`) };
}

export function parseExpressSubmit(body: Rec): AttExpressSubmitInput {
  const paymentMethods = (arr(body, 'paymentMethods', '', 10) ?? []).map((e, i) => parsePaymentMethod(e, `paymentMethods[${i}]`));
  // enrollment and billing are documented with the same description; enrollment wins where both say something [I].
  const enrollment = parsePreferences(body, 'enrollment');
  const billing = parsePreferences(body, 'billing');
  const out: AttExpressSubmitInput = { paymentMethods, acceptedTerms: [] };
  const autoPay = enrollment.autoPay ?? billing.autoPay;
  const paperless = enrollment.paperless ?? billing.paperless;
  if (autoPay !== undefined) out.autoPay = autoPay;
  if (paperless !== undefined) out.paperless = paperless;

  const oneTime = obj(body, 'oneTimePayment', '');
  if (oneTime) {
    const ref = str(oneTime, 'paymentMethodId', 'oneTimePayment.', true);
    if (!paymentMethods.some((pm) => pm.id === ref)) {
      throw paymentInvalid('oneTimePayment.paymentMethodId', 'oneTimePayment.paymentMethodId must name one of paymentMethods[].id');
    }
    out.oneTimePaymentMethodId = ref;
  }

  const terms = obj(body, 'terms', '');
  if (terms) {
    const keys = arr(terms, 'acceptedKeys', 'terms.', 50) ?? [];
    out.acceptedTerms = keys.map((k, i) => {
      if (typeof k !== 'string' || k.length === 0 || k.length > 32) {
        throw invalidRequest(`terms.acceptedKeys[${i}]`, `terms.acceptedKeys[${i}] must be a term key`);
      }
      return k;
    });
  }

  const fulfillment = obj(body, 'fulfillment', '');
  if (fulfillment) {
    const optionId = str(fulfillment, 'fulfillmentOptionId', 'fulfillment.', true);
    const method = fulfillment.fulfillmentMethod;
    if (method !== 'DF' && method !== 'C2S') {
      throw new AttError(400, AttErrorCode.FULFILLMENT_OPTION_INVALID, 'Invalid fulfillment', 'fulfillment.fulfillmentMethod must be DF or C2S', {
        field: 'fulfillment.fulfillmentMethod',
      });
    }
    out.fulfillment = { fulfillmentOptionId: optionId, fulfillmentMethod: method };
  }

  const appointment = obj(body, 'installationAppointment', '');
  if (appointment) {
    const p = 'installationAppointment.';
    out.installationAppointment = { appointmentId: str(appointment, 'appointmentId', p, true) };
    const contactName = str(appointment, 'contactName', p, false, 128);
    if (contactName !== undefined) out.installationAppointment.contactName = contactName;
    const contactPhone = str(appointment, 'contactPhone', p, false, 32);
    if (contactPhone !== undefined) {
      if (!/^\+?[0-9 ().-]{7,31}$/.test(contactPhone)) {
        throw invalidRequest(`${p}contactPhone`, `${p}contactPhone is not a phone number`);
      }
      out.installationAppointment.contactPhone = contactPhone;
    }
  }
  return out;
}
