import {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContext,
  GraphQLRequestContextDidEncounterErrors,
  GraphQLRequestContextExecutionDidStart,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestExecutionListener,
  GraphQLRequestListener,
  GraphQLResponse,
  HeaderMap,
  HTTPGraphQLRequest,
  HTTPGraphQLResponse,
} from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { DocumentNode, GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode, OperationTypeNode } from 'graphql';
import { CompiledQuery } from 'graphql-jit';
import Negotiator from 'negotiator';
import { withCoercionErrors } from './coercion-errors';

/** The header with which the router asks for an inline (ftv1) trace: such requests keep Apollo Server's pipeline. */
export const TRACE_HEADER = 'apollo-federation-include-trace';

/** Apollo Server's media types for a single result, in the order of its own preference. */
const JSON_TYPE = 'application/json; charset=utf-8';
const RESPONSE_TYPES = [JSON_TYPE, 'application/graphql-response+json; charset=utf-8', 'application/json; callbackSpec=1.0; charset=utf-8'];
/** Distinct Accept values remembered with their negotiated answer; a client varying it at will only costs a negotiation. */
const MAX_ACCEPT_VALUES = 64;
/**
 * Documents remembered, and their text in all: past either the plans start over, and hot documents come back after
 * one run through Apollo Server. A router sends a small set of documents; these bound what a client sending ever new
 * ones (or long comments) can make the plans hold, compiled code included.
 */
const MAX_DOCUMENTS = 200;
const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
/** A document text longer than this is never remembered: it runs through Apollo Server every time. */
const MAX_DOCUMENT_BYTES = 64 * 1024;
/** The keys of a GraphQL-over-HTTP POST body that this path takes; any other key leaves the request to Apollo Server. */
const BODY_KEYS = new Set(['query', 'variables', 'operationName', 'extensions']);

/** One compiled query operation of a document that Apollo Server has parsed, validated and run. */
export interface PlannedOperation {
  /** The SHA-256 of the document text, as Apollo Server computes it for every request (here once per document). */
  queryHash: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  compiled: CompiledQuery;
}

/**
 * Compiled query operations by document text and the operation name the client asked for (`''` for none), as
 * Apollo Server resolved them: a document is only ever added from inside Apollo Server's execution of it, that is,
 * once it has been parsed with the token limit, passed every validation rule and had its operation resolved.
 */
export class OperationPlans {
  private readonly bySource = new Map<string, Map<string, PlannedOperation>>();
  /** Length of the remembered texts, in UTF-16 units (a bound, not an exact byte count). */
  private sourceLength = 0;

  constructor(private readonly limits = { documents: MAX_DOCUMENTS, sourceBytes: MAX_SOURCE_BYTES, documentBytes: MAX_DOCUMENT_BYTES }) {}

  remember(source: string, askedName: string | null | undefined, plan: PlannedOperation): void {
    if (source.length > this.limits.documentBytes) return;
    let byName = this.bySource.get(source);
    if (!byName) {
      if (this.bySource.size >= this.limits.documents || this.sourceLength + source.length > this.limits.sourceBytes) {
        this.bySource.clear();
        this.sourceLength = 0;
      }
      this.bySource.set(source, (byName = new Map<string, PlannedOperation>()));
      this.sourceLength += source.length;
    }
    byName.set(askedName ?? '', plan);
  }

  find(source: string, askedName?: string | null): PlannedOperation | undefined {
    return this.bySource.get(source)?.get(askedName ?? '');
  }

  get size(): number {
    return this.bySource.size;
  }
}

/** What the direct path needs from the server: the same schema, plugins and error formatting as Apollo Server's. */
export interface DirectPathOptions<C extends BaseContext> {
  schema: GraphQLSchema;
  plans: OperationPlans;
  /**
   * The plugins whose request hooks run for each operation: the same objects Apollo Server was given. Apollo Server's
   * own plugins that the server also installs (the landing page, cache control disabled, inline traces) are left
   * out: none of them acts on a request without the trace header, which is the only kind this path takes.
   */
  plugins: readonly ApolloServerPlugin<C>[];
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Passed to the request context as Apollo Server would (its logger and cache); no hook of this server reads them. */
  logger: GraphQLRequestContext<C>['logger'];
  cache?: GraphQLRequestContext<C>['cache'];
  /** Called for each operation this path answers (a metric). */
  onAnswered?: () => void;
}

type Listener<C extends BaseContext> = GraphQLRequestListener<C>;
type GraphQLRequest = GraphQLRequestContext<BaseContext>['request'] & { query: string };
/** A request context as every hook of Apollo Server's pipeline may see it (each stage's type is a part of this one). */
type FullRequestContext<C extends BaseContext> = GraphQLRequestContextExecutionDidStart<C> &
  GraphQLRequestContextDidEncounterErrors<C> &
  GraphQLRequestContextWillSendResponse<C>;
/** The request context being filled in, stage by stage, as Apollo Server fills in its own. */
interface RequestState<C extends BaseContext> {
  logger: DirectPathOptions<C>['logger'];
  cache?: DirectPathOptions<C>['cache'];
  schema: GraphQLSchema;
  request: GraphQLRequest;
  response: { http: { status?: number; headers: HeaderMap }; body?: GraphQLResponse['body'] };
  contextValue: C;
  metrics: Record<string, unknown>;
  overallCachePolicy: undefined;
  requestIsBatched: false;
  source?: string;
  queryHash?: string;
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  operationName?: string | null;
  errors?: readonly GraphQLError[];
}

/** Runs one hook of every plugin or listener at once and waits for them all, as Apollo Server does; absent hooks are skipped. */
async function everyHook<T, R>(items: readonly T[], call: (item: T) => Promise<R> | undefined): Promise<R[]> {
  const running: Promise<R>[] = [];
  for (const item of items) {
    const hook = call(item);
    if (hook) running.push(hook);
  }
  return Promise.all(running);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `application/json`, with or without parameters: the only request type whose body this path reads. */
function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const essence = value.split(';', 1)[0].trim().toLowerCase();
  return essence === 'application/json';
}

/**
 * Apollo Server's error normalisation, as it applies to this server (no stack traces in answers): every error
 * becomes a GraphQLError with a `code`, its `extensions.http` (status and headers) is lifted into the response, and
 * the server's `formatError` has the last word; a `formatError` that throws answers a bare internal error.
 */
function formatErrors(
  errors: readonly unknown[],
  formatError: DirectPathOptions<BaseContext>['formatError'],
): { formatted: GraphQLFormattedError[]; status?: number; headers: HeaderMap } {
  const head: { status?: number; headers: HeaderMap } = { headers: new HeaderMap() };
  const formatted = errors.map((error) => {
    try {
      const graphqlError = ensureGraphQLError(error);
      const extensions: Record<string, unknown> = { ...graphqlError.extensions, code: graphqlError.extensions.code ?? 'INTERNAL_SERVER_ERROR' };
      const http = extensions.http as { status?: unknown; headers?: unknown } | undefined;
      if (
        http &&
        typeof http === 'object' &&
        (!('status' in http) || typeof http.status === 'number') &&
        (!('headers' in http) || http.headers instanceof Map)
      ) {
        if (http.status) head.status = http.status as number;
        if (http.headers) for (const [name, value] of http.headers as Map<string, string>) head.headers.set(name, value);
        delete extensions.http;
      }
      return formatError({ ...graphqlError.toJSON(), extensions }, error);
    } catch {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  });
  return { formatted, status: head.status, headers: head.headers };
}

function ensureGraphQLError(error: unknown, prefix = ''): GraphQLError {
  const asError = error instanceof Error ? error : new GraphQLError(`Unexpected error value: ${String(error)}`);
  return asError instanceof GraphQLError ? asError : new GraphQLError(prefix + asError.message, { originalError: asError });
}

/** A variable coercion error as graphql-js words it, which Apollo Server answers as BAD_USER_INPUT. */
function asUserInputError(error: GraphQLError): GraphQLError {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (!node || node.kind !== Kind.VARIABLE_DEFINITION || error.extensions?.code != null) return error;
  const name = `Variable "$${node.variable.name.value}"`;
  const coercion = [`${name} has invalid value`, `${name} got invalid value `, `${name} of required type `, `${name} of non-null type `];
  if (!coercion.some((start) => error.message.startsWith(start))) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });
}

/**
 * The direct path of repeated queries. Once Apollo Server has parsed, validated and run a query document and
 * graphql-jit has compiled it (`src/server/executor.ts`), later POSTs of the same document skip Apollo Server's
 * request pipeline, whose fixed cost (hashing the text, negotiating per request, several rounds of hooks) was a
 * fifth of a cart read's CPU. What Apollo Server does for such a request is done here, in the same order, with the
 * same plugin objects: request hooks, `didResolveSource`, `didResolveOperation`, `responseForOperation`, execution
 * hooks, `didEncounterErrors`, error normalisation and `formatError`, `willSendResponse`, the content type Apollo
 * Server would choose and the same body text.
 *
 * It answers `undefined`, leaving the request to Apollo Server, for everything else, before any hook has run: a
 * document it has no plan for, mutations, introspection, a body with other keys or extensions (persisted queries),
 * another content type, an Accept header with no JSON type, the trace header, and a context that cannot be built
 * (a bad caller header). Those answers, error or not, are Apollo Server's own.
 */
export function createDirectPath<C extends BaseContext>(options: DirectPathOptions<C>): DirectPath<C> {
  const { schema, plans, plugins } = options;
  const acceptAnswers = new Map<string, string | null>();

  function contentTypeFor(accept: string | undefined): string | null {
    if (!accept) return JSON_TYPE;
    let answer = acceptAnswers.get(accept);
    if (answer === undefined) {
      answer = new Negotiator({ headers: { accept } }).mediaType(RESPONSE_TYPES) ?? null;
      if (acceptAnswers.size >= MAX_ACCEPT_VALUES) acceptAnswers.clear();
      acceptAnswers.set(accept, answer);
    }
    return answer;
  }

  return async function direct(request: HTTPGraphQLRequest, context: () => Promise<C>): Promise<HTTPGraphQLResponse | undefined> {
    if (request.method !== 'POST' || !isPlainObject(request.body)) return undefined;
    const body = request.body;
    for (const key in body) if (!BODY_KEYS.has(key)) return undefined;
    const { query, variables, operationName, extensions } = body;
    if (typeof query !== 'string') return undefined;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
    if (variables !== undefined && variables !== null && !isPlainObject(variables)) return undefined;
    if (extensions !== undefined && extensions !== null && !(isPlainObject(extensions) && Object.keys(extensions).length === 0)) return undefined;
    const plan = plans.find(query, operationName);
    if (!plan || plan.operation.operation !== OperationTypeNode.QUERY) return undefined;
    const headers = request.headers;
    if (headers.get(TRACE_HEADER) !== undefined || !isJsonContentType(headers.get('content-type'))) return undefined;
    const contentType = contentTypeFor(headers.get('accept'));
    if (contentType === null) return undefined;
    let contextValue: C;
    try {
      contextValue = await context();
    } catch {
      return undefined;
    }
    // The request as Apollo Server builds it: absent or null variables and operation name are left undefined.
    const asked = typeof operationName === 'string' ? operationName : undefined;
    options.onAnswered?.();
    return run(plan, { query, variables: isPlainObject(variables) ? variables : undefined, operationName: asked, http: request }, contextValue, contentType);
  };

  async function run(plan: PlannedOperation, request: GraphQLRequest, contextValue: C, contentType: string): Promise<HTTPGraphQLResponse> {
    const responseHead: { status?: number; headers: HeaderMap } = { headers: new HeaderMap() };
    const state: RequestState<C> = {
      logger: options.logger,
      cache: options.cache,
      schema,
      request,
      response: { http: responseHead },
      contextValue,
      metrics: {},
      // No hook of this server reads the cache policy: the schema has no cache hints and the cache-control plugin is off.
      overallCachePolicy: undefined,
      requestIsBatched: false,
    };
    // Hooks are handed the state as Apollo Server hands its request context: one object, filled in stage by stage.
    const hooks = state as unknown as FullRequestContext<C>;
    const all = async (call: (l: Listener<C>) => Promise<unknown> | undefined): Promise<void> => {
      await everyHook(listeners, call);
    };

    const listeners: Listener<C>[] = [];
    for (const listener of await everyHook(plugins, (p) => p.requestDidStart?.(hooks))) if (listener) listeners.push(listener);
    state.source = request.query;
    state.queryHash = plan.queryHash;
    await all((l) => l.didResolveSource?.(hooks));
    state.document = plan.document;
    state.operation = plan.operation;
    state.operationName = plan.operation.name?.value ?? null;

    const didEncounterErrors = async (errors: readonly GraphQLError[]) => {
      state.errors = errors;
      await all((l) => l.didEncounterErrors?.(hooks));
    };
    const willSendResponse = async (): Promise<HTTPGraphQLResponse> => {
      await all((l) => l.willSendResponse?.(hooks));
      const body = state.response.body;
      if (body?.kind !== 'single') throw new Error('the direct path answers single results only');
      if (!responseHead.headers.get('content-type')) responseHead.headers.set('content-type', contentType);
      const { errors, data, extensions } = body.singleResult;
      return {
        status: responseHead.status,
        headers: responseHead.headers,
        body: { kind: 'complete', string: `${JSON.stringify({ errors, data, extensions })}\n` },
      };
    };
    const merge = (head: { status?: number; headers?: HeaderMap }) => {
      if (head.status) responseHead.status = head.status;
      if (head.headers) for (const [name, value] of head.headers) responseHead.headers.set(name, value);
    };
    const sendErrors = async (errors: GraphQLError[]): Promise<HTTPGraphQLResponse> => {
      await didEncounterErrors(errors);
      const { formatted, ...head } = formatErrors(errors, options.formatError);
      state.response.body = { kind: 'single', singleResult: { errors: formatted } };
      merge(head);
      responseHead.status ??= 500;
      return willSendResponse();
    };

    try {
      await all((l) => l.didResolveOperation?.(hooks));
    } catch (error) {
      return sendErrors([ensureGraphQLError(error)]);
    }
    for (const listener of listeners) {
      const fromPlugin = await listener.responseForOperation?.(hooks);
      if (fromPlugin === undefined || fromPlugin === null) continue;
      state.response.body = fromPlugin.body;
      merge(fromPlugin.http ?? {});
      return willSendResponse();
    }
    const executionListeners: GraphQLRequestExecutionListener<C>[] = [];
    for (const listener of await everyHook(listeners, (l) => l.executionDidStart?.(hooks))) if (listener) executionListeners.push(listener);
    executionListeners.reverse();
    try {
      const result = withCoercionErrors(schema, plan.operation, request.variables, await plan.compiled.query(undefined, contextValue, request.variables));
      const resultErrors = result.errors?.map((e) => asUserInputError(e));
      let formatted: GraphQLFormattedError[] | undefined;
      if (resultErrors) {
        await didEncounterErrors(resultErrors);
        const { formatted: list, ...head } = formatErrors(resultErrors, options.formatError);
        formatted = list;
        if (resultErrors.length && result.data === undefined && !head.status) head.status = 400;
        merge(head);
      }
      state.response.body = { kind: 'single', singleResult: { ...result, errors: formatted } };
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown : new GraphQLError(`Unexpected error value: ${String(thrown)}`);
      await everyHook(executionListeners, (l) => l.executionDidEnd?.(error));
      return sendErrors([ensureGraphQLError(error)]);
    }
    await everyHook(executionListeners, (l) => l.executionDidEnd?.());
    return willSendResponse();
  }
}

/** The request handler the HTTP layer calls before Apollo Server: an answer, or `undefined` to go on to Apollo Server. */
export type DirectPath<C extends BaseContext> = (request: HTTPGraphQLRequest, context: () => Promise<C>) => Promise<HTTPGraphQLResponse | undefined>;
