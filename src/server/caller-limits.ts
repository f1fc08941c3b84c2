import { randomUUID } from 'node:crypto';
import { ApolloServerPlugin } from '@apollo/server';
import { Kind, OperationDefinitionNode, OperationTypeNode, SelectionSetNode } from 'graphql';
import { Logger } from 'pino';
import { RateLimitedError, StoreUnavailableError } from '../common/errors';
import { CallerLimitSettings } from '../config';
import { RequestContext } from '../context';
import { storeKeys } from '../store/keys';
import { Store } from '../store/store';

/** How long an operation's lease lasts at most: a replica that dies mid-operation frees its slots after this. */
const LEASE_MS = 120_000;
/** The retry hint when a caller has too many operations in flight: they usually end within a second. */
const CONCURRENCY_RETRY_AFTER_S = 1;
/** The bucket of requests without a caller header, so that leaving the header out does not escape the limits. */
const ANONYMOUS = '-';

/** Root fields of a mutation, counting through inline fragments and fragment spreads: one vendor write each. */
export function mutationFieldCount(operation: OperationDefinitionNode, fragments: Record<string, { selectionSet: SelectionSetNode }>): number {
  if (operation.operation !== OperationTypeNode.MUTATION) return 0;
  const count = (set: SelectionSetNode, seen: Set<string>): number =>
    set.selections.reduce((sum, selection) => {
      if (selection.kind === Kind.FIELD) return sum + (selection.name.value === '__typename' ? 0 : 1);
      if (selection.kind === Kind.INLINE_FRAGMENT) return sum + count(selection.selectionSet, seen);
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || seen.has(name)) return sum;
      return sum + count(fragment.selectionSet, new Set([...seen, name]));
    }, 0);
  return count(operation.selectionSet, new Set());
}

/**
 * Fair share per caller (`x-customer-id`), kept in the store so that it holds across replicas: at most
 * `concurrentOperations` operations in flight at once, and at most `writesPerWindow` vendor writes (mutation
 * fields) per window. A caller over either answers RATE_LIMITED (HTTP 429, `retryAfterSeconds`) before any vendor
 * call, so its burst never reaches a vendor, never counts towards the vendor's circuit breaker, and never turns
 * into VENDOR_UNAVAILABLE for the other callers.
 *
 * When the store cannot be reached the limits are skipped (and a warning logged) rather than failing reads that
 * need no store: the store's own errors still stop writes that need it.
 */
export function callerLimitsPlugin(store: Store, limits: CallerLimitSettings, logger: Logger): ApolloServerPlugin<RequestContext> {
  const off = limits.writesPerWindow === 0 && limits.concurrentOperations === 0;
  return {
    requestDidStart() {
      if (off) return Promise.resolve();
      let lease: { key: string; member: string } | undefined;
      return Promise.resolve({
        async didResolveOperation({ operation, document, contextValue }) {
          const caller = contextValue.callerId ?? ANONYMOUS;
          try {
            if (limits.concurrentOperations > 0) {
              const key = storeKeys.callerOperations(caller);
              // A member of this operation's own: the request id may be the client's (`x-request-id`), and operations
              // sharing one would count once.
              const member = randomUUID();
              if (!(await store.acquireLease(key, member, limits.concurrentOperations, LEASE_MS))) {
                throw new RateLimitedError(`Too many operations at once for this caller (at most ${limits.concurrentOperations})`, CONCURRENCY_RETRY_AFTER_S);
              }
              lease = { key, member };
            }
            const fragments = Object.fromEntries(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
            const writes = operation && limits.writesPerWindow > 0 ? mutationFieldCount(operation, fragments) : 0;
            if (writes > 0) {
              const windowMs = limits.windowSeconds * 1000;
              const counts = await Promise.all(Array.from({ length: writes }, () => store.countInWindow(storeKeys.callerWrites(caller), windowMs)));
              const highest = counts.reduce((a, b) => (b.count > a.count ? b : a));
              if (highest.count > limits.writesPerWindow) {
                throw new RateLimitedError(
                  `Too many vendor writes for this caller (at most ${limits.writesPerWindow} per ${limits.windowSeconds} s)`,
                  Math.max(1, Math.ceil(highest.resetMs / 1000)),
                );
              }
            }
          } catch (error) {
            if (!(error instanceof StoreUnavailableError)) throw error;
            logger.warn({ requestId: contextValue.requestId, detail: error.detail }, 'caller limits skipped: the store is unavailable');
          }
        },
        async willSendResponse() {
          if (!lease) return;
          const held = lease;
          lease = undefined;
          await store.releaseLease(held.key, held.member).catch(() => undefined);
        },
      });
    },
  };
}
