import { AsyncLocalStorage } from 'node:async_hooks';
import { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, Kind, OperationDefinitionNode } from 'graphql';
import { RequestContext } from '../context';
import { idempotencyKeyHash } from '../common/key-hash';

/** What a vendor call made on behalf of a GraphQL operation knows about that operation. */
export interface RequestScope {
  requestId: string;
  /** The caller from `x-customer-id`, when the router set it. */
  caller?: string;
  /** The root fields of the operation (`cartSubmit`), known once the operation is resolved. */
  operation?: string;
  /** The client's operation name, when it gave one. */
  operationName?: string;
  /** The keyed hash (16 hex) of (caller, idempotency key), from `idempotencyKeyHash`, when the operation carries a key: the key itself is not logged. */
  keyHash?: string;
  /**
   * Logs and counts a part of a vendor answer that tolerant reading dropped or kept raw, in the app running the
   * operation: `path` is where it was, `part` the same with list positions folded (the metric label).
   */
  onAnswerPartDropped?: (vendor: string, path: string, part: string, detail: string) => void;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** The scope of the GraphQL operation running now, if any (vendor HTTP hooks run inside it but get no context). */
export function currentRequestScope(): RequestScope | undefined {
  return scope.getStore();
}

export { idempotencyKeyHash };

/** The root field names of an operation and the first `idempotencyKey` argument's value. */
export function describeOperation(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): { fields: string[]; idempotencyKey?: string } {
  const fields: string[] = [];
  let idempotencyKey: string | undefined;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const visit = (selections: OperationDefinitionNode['selectionSet']['selections'], seen: Set<string>): void => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') continue;
        fields.push(selection.name.value);
        const arg = selection.arguments?.find((a) => a.name.value === 'idempotencyKey');
        if (arg && idempotencyKey === undefined) {
          const value = arg.value.kind === Kind.VARIABLE ? variables?.[arg.value.name.value] : arg.value.kind === Kind.STRING ? arg.value.value : undefined;
          if (typeof value === 'string') idempotencyKey = value;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet.selections, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) visit(fragment.selectionSet.selections, new Set([...seen, fragment.name.value]));
      }
    }
  };
  visit(operation.selectionSet.selections, new Set());
  return { fields, idempotencyKey };
}

/**
 * Opens the request scope of every GraphQL operation, so that code without the request context (the vendor HTTP
 * client's hooks: the audit trail) knows which request, caller, operation and idempotency key a call belongs to.
 */
export function requestScopePlugin(hooks: Pick<RequestScope, 'onAnswerPartDropped'> = {}): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart({ contextValue }) {
      const current: RequestScope = { requestId: contextValue.requestId, caller: contextValue.callerId, ...hooks };
      // Runs before any await of Apollo's pipeline for this request, so the rest of it (resolvers included) sees it.
      scope.enterWith(current);
      return Promise.resolve({
        didResolveOperation({ operation, document, request, operationName }) {
          if (!operation) return Promise.resolve();
          const { fields, idempotencyKey } = describeOperation(operation, document, request.variables);
          current.operation = fields.join(',');
          current.operationName = operationName ?? undefined;
          if (idempotencyKey !== undefined) current.keyHash = idempotencyKeyHash(contextValue.callerId, idempotencyKey);
          return Promise.resolve();
        },
      });
    },
  };
}
