import { OrderState } from '../../common/order-state';

/**
 * Oracle order states [C for the values] to vendor-neutral ones. Oracle's states are upper snake case; the table
 * is keyed by them as sent. The mapping of the approval, quote and amendment states is this project's reading:
 * states waiting on the shopper are PENDING, states waiting on the merchant or an agent are HELD.
 */
export const ORACLE_STATES: Readonly<Record<string, OrderState>> = {
  INCOMPLETE: OrderState.DRAFT,
  SUBMITTED: OrderState.SUBMITTED,
  PROCESSING: OrderState.IN_PROGRESS,
  NO_PENDING_ACTION: OrderState.COMPLETED,
  FAILED: OrderState.FAILED,
  REMOVED: OrderState.CANCELLED,
  PENDING_REMOVE: OrderState.PENDING_CANCELLATION,
  PENDING_CUSTOMER_ACTION: OrderState.PENDING,
  PENDING_CUSTOMER_RETURN: OrderState.PENDING,
  PENDING_PAYMENT: OrderState.PENDING,
  PENDING_MERCHANT_ACTION: OrderState.HELD,
  PENDING_APPROVAL: OrderState.HELD,
  PENDING_AGENT_APPROVAL: OrderState.HELD,
  BEING_AMENDED: OrderState.HELD,
  APPROVED: OrderState.ACKNOWLEDGED,
  FAILED_APPROVAL: OrderState.REJECTED,
  AGENT_REJECTED: OrderState.REJECTED,
  // Quotes: requested and waiting on the merchant, then offered and waiting on the shopper.
  PENDING_QUOTE: OrderState.HELD,
  QUOTED: OrderState.PENDING,
  REJECTED_QUOTE: OrderState.REJECTED,
};

/** Seconds until an order in this state is worth reading again; final states have none. */
export const ORACLE_POLL_AFTER: Readonly<Partial<Record<OrderState, number>>> = {
  [OrderState.DRAFT]: 300,
  [OrderState.SUBMITTED]: 60,
  [OrderState.ACKNOWLEDGED]: 300,
  [OrderState.IN_PROGRESS]: 600,
  [OrderState.PENDING]: 3600,
  [OrderState.HELD]: 3600,
  [OrderState.PENDING_CANCELLATION]: 600,
};

/**
 * The neutral state of an Oracle value, or undefined when Oracle sent one this table does not know. Scheduled-order
 * templates carry a `_TEMPLATE` suffix on the same states [C]; they are read as their base state [I].
 */
export function oracleState(value: string): OrderState | undefined {
  const key = value.trim().toUpperCase();
  return ORACLE_STATES[key] ?? ORACLE_STATES[key.replace(/_TEMPLATE$/, '')];
}
