import { Logger } from 'pino';
import { StoreUnavailableError } from '../common/errors';
import { Store } from '../store/store';

/** Seconds a client should wait before retrying after the store was unreachable (the STORE_UNAVAILABLE retry rule). */
export const STORE_RETRY_AFTER_SECONDS = 2;

/**
 * The store as the rest of the subgraph sees it: every failed call (connection refused, timeout, lost connection)
 * becomes StoreUnavailableError, a typed, retryable fault, instead of a driver error masked as INTERNAL_SERVER_ERROR,
 * whatever the store (the Redis store already throws it; the guard also covers any other). The driver's own message
 * goes to the log only, at most one line every 10 s. `ping` keeps answering false, for `/ready`; `durable()` views
 * are guarded too.
 */
export function guardStore(store: Store, logger: Logger): Store {
  let lastWarning = 0;
  const fail = (error: unknown, method: string): never => {
    if (Date.now() - lastWarning > 10000) {
      lastWarning = Date.now();
      logger.warn({ err: error, method }, 'store unreachable: answering STORE_UNAVAILABLE');
    }
    throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error instanceof Error ? error.message : String(error));
  };
  const wrap = (target: Store): Store =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value: unknown = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        const method = String(property);
        if (method === 'ping') return () => object.ping().catch(() => false);
        if (method === 'close') return () => object.close();
        if (method === 'durable') return () => wrap(object.durable());
        return (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
          return result instanceof Promise ? result.catch((error: unknown) => fail(error, method)) : result;
        };
      },
    });
  return wrap(store);
}
