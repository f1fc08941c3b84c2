import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  DocumentNode,
  execute,
  getNamedType,
  GraphQLInputObjectType,
  GraphQLSchema,
  isInputObjectType,
  Kind,
  OperationDefinitionNode,
  OperationTypeNode,
  typeFromAST,
} from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { OperationPlans, TRACE_HEADER } from './direct-path';
import { withCoercionErrors } from './coercion-errors';

/** Root fields that graphql-js answers from the schema itself; left to it rather than compiled. */
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** Apollo Server's gateway interface, read off its constructor options. */
type Gateway = NonNullable<ApolloServerOptionsWithGateway<BaseContext>['gateway']>;
type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/**
 * Runs of one operation on graphql-js before it is compiled. Compiling costs as much as tens of runs, so a document is
 * compiled only once it has come back: a client sending ever new documents makes none compile more than once each
 * time it repeats one.
 */
const RUNS_BEFORE_COMPILING = 2;

/** Per document and operation name: the compiled query, null where graphql-js runs it, or the runs counted so far. */
const compiledByDocument = new WeakMap<DocumentNode, Map<string, CompiledQuery | null | number>>();

function asksIntrospection(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && INTROSPECTION_ROOTS.has(s.name.value));
}

/** True when an input type contains itself (`CartItemInput.children`), directly or through other input types. */
function isRecursiveInput(type: GraphQLInputObjectType, path: Set<GraphQLInputObjectType> = new Set()): boolean {
  if (path.has(type)) return true;
  path.add(type);
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (isInputObjectType(named) && isRecursiveInput(named, path)) return true;
  }
  path.delete(type);
  return false;
}

/**
 * graphql-jit generates a variable's coercion inline, type by type, and never ends on an input type that contains
 * itself: such operations are left to graphql-js.
 */
function hasRecursiveVariable(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  return (operation.variableDefinitions ?? []).some((definition) => {
    const named = getNamedType(typeFromAST(schema, definition.type));
    return isInputObjectType(named) && isRecursiveInput(named);
  });
}

/**
 * The compiled form of one operation of a document, compiled on first use and kept as long as Apollo Server keeps the
 * parsed document (its document cache hands the same DocumentNode to every repeat of a query). Null for what
 * graphql-js runs instead: mutations, introspection, variables of recursive input types, and anything graphql-jit
 * declines to compile.
 */
function compiled(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null): CompiledQuery | null {
  let byName = compiledByDocument.get(document);
  if (!byName) compiledByDocument.set(document, (byName = new Map<string, CompiledQuery | null | number>()));
  const key = operationName ?? '';
  const known = byName.get(key) ?? 0;
  if (typeof known !== 'number') return known;
  if (known < RUNS_BEFORE_COMPILING) {
    byName.set(key, known + 1);
    return null;
  }
  let result: CompiledQuery | null = null;
  // Mutations stay on graphql-js: they are bound by vendor writes, not execution, and their inputs are the recursive ones.
  if (operation.operation === OperationTypeNode.QUERY && !asksIntrospection(operation) && !hasRecursiveVariable(schema, operation)) {
    const query = compileQuery(schema, document, operationName ?? undefined);
    result = isCompiledQuery(query) ? query : null;
  }
  byName.set(key, result);
  return result;
}

/**
 * Apollo Server's hook for a custom executor is its gateway interface: a "gateway" that serves one fixed schema and
 * runs each operation with graphql-jit. Everything before execution (parsing, the document cache, validation and its
 * rules, every plugin hook, error formatting) stays Apollo Server's own; only `execute` is replaced.
 *
 * An operation runs on graphql-js instead when the router asks for an inline trace: Apollo Server reports per-field
 * timings by wrapping the schema's resolvers, and a query compiled before that wrapping would skip it.
 */
export function jitGateway(schema: GraphQLSchema, plans?: OperationPlans): Gateway {
  const executor: GatewayExecutor = async (request) => {
    const { document, operation, operationName, context } = request;
    const variables = request.request.variables;
    const traced = request.request.http?.headers.get(TRACE_HEADER) === 'ftv1';
    // No operation resolved (an unknown operationName): graphql-js reports it, and Apollo Server answers 400.
    const query = traced || !operation ? null : compiled(schema, document, operation, operationName);
    // The name the client asked for: Apollo Server's resolved `operationName` is null when no operation matched it,
    // and graphql-js would then run the document's only operation instead of reporting the unknown name.
    const asked = request.request.operationName;
    if (!query) return await execute({ schema, document, contextValue: context, variableValues: variables, operationName: asked });
    // A compiled query that Apollo Server has validated and resolved: its repeats may take the direct path.
    if (plans) plans.remember(request.source, asked, { queryHash: request.queryHash, document, operation, compiled: query });
    return withCoercionErrors(schema, operation, variables, await query.query(undefined, context, variables));
  };
  let onLoad: ((schemaContext: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void) | undefined;
  return {
    onSchemaLoadOrUpdate(callback) {
      onLoad = callback;
      return () => (onLoad = undefined);
    },
    load() {
      // The schema never changes: it is announced once, and the SDL of a supergraph (there is none) is left empty.
      onLoad?.({ apiSchema: schema, coreSupergraphSdl: '' });
      return Promise.resolve({ executor });
    },
    stop: () => Promise.resolve(),
  };
}
