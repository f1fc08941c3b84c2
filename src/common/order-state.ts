import { registerEnumType } from 'type-graphql';

/** Vendor-neutral lifecycle state of a cart or an order. Each vendor adapter has the table mapping to it. */
export enum OrderState {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  IN_PROGRESS = 'IN_PROGRESS',
  PENDING = 'PENDING',
  HELD = 'HELD',
  PARTIAL = 'PARTIAL',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  REJECTED = 'REJECTED',
  CANCELLED = 'CANCELLED',
  ASSESSING_CANCELLATION = 'ASSESSING_CANCELLATION',
  PENDING_CANCELLATION = 'PENDING_CANCELLATION',
}

/** States after which an order never changes again. */
export const FINAL_STATES: ReadonlySet<OrderState> = new Set([OrderState.COMPLETED, OrderState.FAILED, OrderState.REJECTED, OrderState.CANCELLED]);

registerEnumType(OrderState, {
  name: 'OrderState',
  description: "Vendor-neutral state of a cart or order; `vendorStatus` keeps the vendor's own value.",
  valuesConfig: {
    DRAFT: { description: 'Still being built; nothing has been ordered yet.' },
    SUBMITTED: { description: 'Sent to the vendor, which has accepted it for processing.' },
    ACKNOWLEDGED: { description: 'The vendor has acknowledged the order and validated it.' },
    IN_PROGRESS: { description: 'The vendor is fulfilling the order.' },
    PENDING: { description: 'Waiting on the customer (for example an appointment or a document).' },
    HELD: { description: 'Held by the vendor because of an issue on its side.' },
    PARTIAL: { description: 'Finished with only some items fulfilled.' },
    COMPLETED: { description: 'Fulfilled. Final.' },
    FAILED: { description: 'The vendor could not fulfil the order. Final.' },
    REJECTED: { description: 'The vendor refused the order at validation. Final.' },
    CANCELLED: { description: 'Cancelled or fully returned. Final.' },
    ASSESSING_CANCELLATION: { description: 'A cancellation was requested and is being assessed.' },
    PENDING_CANCELLATION: { description: 'A cancellation was accepted and is being carried out.' },
  },
});
