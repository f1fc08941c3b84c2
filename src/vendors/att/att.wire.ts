/**
 * AT&T partner "omni-svcs" wire types, as far as the partner docs show them (see shared/vendors/README.md §1).
 * Bodies are TM Forum flavoured: money is `{unit, value}`, prices are OrderPrice lists, items are ProductOrderItems.
 * Fields marked [I] are inferred from TMF622/TMF663 or the internal Unified Shopping Cart, not the partner docs.
 */

export interface AttMoney {
  unit: string;
  value: number;
}

export interface AttOrderPrice {
  name?: string;
  priceType: string; // "oneTime" | "recurring" (TMF free string)
  recurringChargePeriod?: string;
  price: { dutyFreeAmount?: AttMoney; taxIncludedAmount?: AttMoney };
}

export interface AttCharacteristic {
  name: string;
  value: string;
}

/** Item actions of the partner API (not TMF's add/modify/delete). */
export type AttItemAction = 'add' | 'noChange' | 'terminate' | 'swap;add';

export interface AttCartItemRequest {
  action: AttItemAction;
  productOfferingType?: string;
  productOfferingId?: string;
  quantity?: number;
  billingAccount?: { ratingType: string; id: string };
  product?: { id: string; primaryProductId?: string };
  actionReason?: { reasonText?: string; name: string; action?: string };
  characteristic?: AttCharacteristic[];
}

export interface AttCreateCartRequest {
  channel: { id: string; name?: string; extensions?: { name: string; value: string }[] };
  relatedParty: { referredType: string; role: string; id: string; name?: string }[];
  items?: AttCartItemRequest[];
}

export interface AttExpressSubmitRequest {
  paymentMethods?: {
    type: 'card' | 'paymentProfile' | 'bank';
    card?: { token: string; brand?: string; last4?: string };
    paymentProfileId?: string;
  }[];
  enrollment?: { autoPay?: boolean; paperless?: boolean };
  terms?: { acceptedKeys: string[] };
  fulfillment?: { fulfillmentOptionId: string };
  installationAppointment?: { appointmentId: string; contactName?: string; contactPhone?: string };
}

/** TMF Error body (code, reason, message, status) plus the `details` object the partner docs mention. */
export interface AttError {
  code?: string;
  reason?: string;
  message?: string;
  status?: string;
  details?: unknown;
}
