import { OrderState } from '../../common/order-state';

/**
 * Adobe order and line status codes to vendor-neutral states. 1000, 1002, 1004, 1008 and 1020-1026 follow Adobe's
 * code list; 1009 ("subscription scheduled") waits on a future date, so PENDING; 1010/1012/1014 ("account
 * inactive" reasons) hold the order until the account is active again, so HELD [I: Adobe does not say whether such
 * an order resumes or fails].
 */
export const ADOBE_STATES: Readonly<Record<string, OrderState>> = {
  '1000': OrderState.COMPLETED,
  '1002': OrderState.SUBMITTED,
  '1004': OrderState.FAILED,
  '1008': OrderState.CANCELLED,
  '1009': OrderState.PENDING,
  '1010': OrderState.HELD,
  '1012': OrderState.HELD,
  '1014': OrderState.HELD,
  '1020': OrderState.FAILED,
  '1022': OrderState.FAILED,
  '1024': OrderState.FAILED,
  '1026': OrderState.FAILED,
};

/** Seconds until an order in this state is worth reading again; states not listed are final. */
export const ADOBE_POLL_AFTER: Readonly<Partial<Record<OrderState, number>>> = {
  [OrderState.SUBMITTED]: 30,
  [OrderState.PENDING]: 3600,
  [OrderState.HELD]: 3600,
};

/** The neutral state of an Adobe status code, or undefined when Adobe sent one this table does not know. */
export function adobeState(status: string): OrderState | undefined {
  return ADOBE_STATES[status];
}
