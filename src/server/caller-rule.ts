import { ApolloServerPlugin } from '@apollo/server';
import { FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode } from 'graphql';
import { ErrorCode } from '../common/errors';
import { RequestContext } from '../context';

/** The header that names the caller, set by the router from the authenticated user. */
export const CALLER_HEADER = 'x-customer-id';

/** Root fields that read nothing of any customer: the subgraph's SDL for the router, and introspection. */
const UNSCOPED_ROOT_FIELDS = new Set(['_service', '__typename', '__schema', '__type']);

/** The error of a customer-scoped operation sent without a caller. */
export class CallerRequiredError extends GraphQLError {
  constructor() {
    super(`This operation reads or changes a customer's carts or orders: the ${CALLER_HEADER} header must name the caller`, {
      extensions: { code: ErrorCode.UNAUTHENTICATED, field: [CALLER_HEADER] },
    });
  }
}

/** True when any root field of the selection (fragments expanded) may touch a customer's data. */
function touchesCustomerData(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): boolean {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!UNSCOPED_ROOT_FIELDS.has(selection.name.value)) return true;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (touchesCustomerData(selection.selectionSet, fragments, seen)) return true;
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      seen.add(name);
      if (touchesCustomerData(fragment.selectionSet, fragments, seen)) return true;
    }
  }
  return false;
}

/**
 * The caller rule: an operation that reads or changes anything customer-scoped (every root field but `_service` and
 * introspection; `_entities` included) needs the caller named by `x-customer-id`, and is refused before execution
 * with UNAUTHENTICATED naming that header otherwise. Which customer's data the caller may see is the order service's
 * concern: another customer's cart or order reads as null there.
 */
export function callerRulePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ contextValue, document, operation }) {
          if (contextValue.callerId !== undefined || !operation) return Promise.resolve();
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
          const scoped = touchesCustomerData(operation.selectionSet, fragments, new Set());
          return scoped ? Promise.reject(new CallerRequiredError()) : Promise.resolve();
        },
      });
    },
  };
}
