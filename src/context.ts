import { Logger } from 'pino';
import { OrderService } from './service/order.service';
import { VendorCallScope } from './http/vendor-http';

/** Everything a resolver gets for one GraphQL request. Built by the context function; cheap to create. */
export interface RequestContext {
  requestId: string;
  /** The caller from the router's `x-customer-id` header; customer-scoped operations are refused without one. */
  callerId?: string;
  log: Logger;
  orders: OrderService;
  /** What the audit trail records of this request; the order service hands it to the adapters with every vendor call. */
  scope: VendorCallScope;
}

/**
 * The context of one request. Its logger (a pino child carrying the request id) is made on first use, since most
 * requests log nothing but their access line. The getter lives on the prototype: Apollo Server copies the context's
 * own properties into a fresh object for each operation, which would otherwise make the child logger every time.
 */
export class RequestContextValue implements RequestContext {
  constructor(
    readonly requestId: string,
    readonly callerId: string | undefined,
    readonly orders: OrderService,
    readonly scope: VendorCallScope,
    private readonly makeLog: () => Logger,
  ) {}

  get log(): Logger {
    return this.makeLog();
  }
}
