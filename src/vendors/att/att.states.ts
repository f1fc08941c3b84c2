import { OrderState } from '../../common/order-state';

/**
 * AT&T order and cart states to vendor-neutral ones. Keys are lower-cased: express-submit answers TMF622's
 * lower-camel values plus `Draft` / `Submitted`, the internal cart API capitalises them, and both casings occur.
 */
export const ATT_STATES: Readonly<Record<string, OrderState>> = {
  draft: OrderState.DRAFT,
  submitted: OrderState.SUBMITTED,
  acknowledged: OrderState.ACKNOWLEDGED,
  rejected: OrderState.REJECTED,
  pending: OrderState.PENDING,
  held: OrderState.HELD,
  inprogress: OrderState.IN_PROGRESS,
  cancelled: OrderState.CANCELLED,
  completed: OrderState.COMPLETED,
  failed: OrderState.FAILED,
  partial: OrderState.PARTIAL,
  assessingcancellation: OrderState.ASSESSING_CANCELLATION,
  pendingcancellation: OrderState.PENDING_CANCELLATION,
  // Internal cart API values.
  amended: OrderState.IN_PROGRESS,
  pendingamend: OrderState.PENDING,
  pendingcancel: OrderState.PENDING_CANCELLATION,
  fallout: OrderState.HELD, // fell out of automated processing: AT&T works it by hand
};

/** Seconds until an order in this state is worth reading again; null once final. */
export const ATT_POLL_AFTER: Readonly<Partial<Record<OrderState, number>>> = {
  [OrderState.DRAFT]: 60,
  [OrderState.SUBMITTED]: 30,
  [OrderState.ACKNOWLEDGED]: 60,
  [OrderState.IN_PROGRESS]: 300,
  [OrderState.PENDING]: 600,
  [OrderState.HELD]: 600,
  [OrderState.ASSESSING_CANCELLATION]: 300,
  [OrderState.PENDING_CANCELLATION]: 300,
};

/** The neutral state of an AT&T value, or undefined when AT&T sent one this table does not know. */
export function attState(value: string): OrderState | undefined {
  return ATT_STATES[value.replace(/[\s_-]/g, '').toLowerCase()];
}
