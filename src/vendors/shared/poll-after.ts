import { FINAL_STATES, OrderState } from '../../common/order-state';

/** Seconds until an order in a given state may change, as one vendor's state table says. */
export type PollAfterTable = Readonly<Partial<Record<OrderState, number>>>;

/**
 * `ProductOrder.pollAfter` for a state: null once the state is final (or still a draft, which changes only when the
 * client changes it), the table's figure otherwise, and `fallbackSeconds` for a state the table does not list.
 */
export function pollAfter(state: OrderState, table: PollAfterTable, fallbackSeconds: number): number | null {
  if (FINAL_STATES.has(state) || state === OrderState.DRAFT) return null;
  return table[state] ?? fallbackSeconds;
}
