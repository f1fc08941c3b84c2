import { GraphQLError } from 'graphql';
import { Logger } from 'pino';
import { ErrorCode } from '../common/errors';
import { Store } from '../store/store';

/** Seconds a client should wait before retrying after the store was unreachable. */
export const STORE_RETRY_AFTER_SECONDS = 2;

/** The store (Redis) could not be reached: nothing was changed at any vendor; the same request may be retried. */
export class StoreUnavailableError extends GraphQLError {
  constructor() {
    super('The subgraph cannot reach its store right now; nothing was sent to the vendor. Retry shortly.', {
      extensions: { code: ErrorCode.STORE_UNAVAILABLE, retryable: true, retryAfterSeconds: STORE_RETRY_AFTER_SECONDS },
    });
  }
}

/**
 * The store as the rest of the subgraph sees it: every failed call (connection refused, timeout, lost connection)
 * becomes StoreUnavailableError, a typed, retryable fault, instead of a driver error masked as INTERNAL_SERVER_ERROR.
 * The driver's own message goes to the log only. `ping` keeps answering false, for `/ready`.
 */
export function guardStore(store: Store, logger: Logger): Store {
  let lastWarning = 0;
  const fail = (error: unknown, method: string): never => {
    // One line every 10 s shows the outage without flooding the log with one line per request.
    if (Date.now() - lastWarning > 10000) {
      lastWarning = Date.now();
      logger.warn({ err: error, method }, 'store unreachable: answering STORE_UNAVAILABLE');
    }
    throw new StoreUnavailableError();
  };
  const guard =
    <A extends unknown[], R>(method: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      fn.apply(store, args).catch((error: unknown) => fail(error, method));
  return {
    get: guard('get', store.get),
    setIfAbsent: guard('setIfAbsent', store.setIfAbsent),
    compareAndSet: guard('compareAndSet', store.compareAndSet),
    compareAndDelete: guard('compareAndDelete', store.compareAndDelete),
    set: guard('set', store.set),
    delete: guard('delete', store.delete),
    listPrepend: guard('listPrepend', store.listPrepend),
    listRange: guard('listRange', store.listRange),
    ping: () => store.ping().catch(() => false),
    close: () => store.close(),
  };
}
