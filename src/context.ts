import { Logger } from 'pino';
import { OrderService } from './service/order.service';

/** Everything a resolver gets for one GraphQL request. Built by the context function; cheap to create. */
export interface RequestContext {
  requestId: string;
  /** The caller from the router's `x-customer-id` header; customer-scoped operations are refused without one. */
  callerId?: string;
  log: Logger;
  orders: OrderService;
}
