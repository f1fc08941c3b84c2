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
  const guard = <R>(method: string, call: () => Promise<R>): Promise<R> => call().catch((error: unknown) => fail(error, method));
  return {
    get: (key) => guard('get', () => store.get(key)),
    setIfAbsent: (key, value, ttlMs) => guard('setIfAbsent', () => store.setIfAbsent(key, value, ttlMs)),
    compareAndSet: (key, expected, value, ttlMs) => guard('compareAndSet', () => store.compareAndSet(key, expected, value, ttlMs)),
    compareAndDelete: (key, expected) => guard('compareAndDelete', () => store.compareAndDelete(key, expected)),
    set: (key, value, ttlMs) => guard('set', () => store.set(key, value, ttlMs)),
    delete: (key) => guard('delete', () => store.delete(key)),
    listPrepend: (key, value, ttlMs) => guard('listPrepend', () => store.listPrepend(key, value, ttlMs)),
    listRange: (key, offset, limit) => guard('listRange', () => store.listRange(key, offset, limit)),
    ping: () => store.ping().catch(() => false),
    close: () => store.close(),
  };
}
