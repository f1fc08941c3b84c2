import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DocumentNode, FieldNode, Kind, OperationDefinitionNode, parse, print, VariableDefinitionNode } from 'graphql';
import { Pool } from 'undici';

const DOCUMENT = parse(readFileSync(path.join(__dirname, 'operations.graphql'), 'utf8'));

function operationNode(name: string): OperationDefinitionNode {
  const op = DOCUMENT.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!op) throw new Error(`no operation ${name} in bench/operations.graphql`);
  return op;
}

/** The text of one operation of `operations.graphql`. */
export function operation(name: string): string {
  return print(operationNode(name));
}

/**
 * BenchCart's field repeated `lookups` times under aliases, over `uniqueIds` variables (`$id0`…): a query naming N
 * carts over U unique ids, which a loader must turn into U reads.
 */
export function cartAliasQuery(lookups: number, uniqueIds: number): string {
  const base = operationNode('BenchCart');
  const field = base.selectionSet.selections[0] as FieldNode;
  const variable = (i: number) => ({ kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: `id${i}` } }) as const;
  const doc: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        ...base,
        name: { kind: Kind.NAME, value: `BenchCarts${lookups}x${uniqueIds}` },
        variableDefinitions: Array.from({ length: uniqueIds }, (_, i): VariableDefinitionNode => ({ ...base.variableDefinitions![0], variable: variable(i) })),
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: Array.from({ length: lookups }, (_, i): FieldNode => ({
            ...field,
            alias: { kind: Kind.NAME, value: `c${i}` },
            arguments: [{ ...field.arguments![0], value: variable(i % uniqueIds) }],
          })),
        },
      },
    ],
  };
  return print(doc);
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

/** A keep-alive GraphQL client of one subgraph. */
/** The customer the bench acts as unless a step names another (a seeded customer of the simulators). */
export const BENCH_CALLER = 'cust-1001';

/** Headers of a bench request to the subgraph, as the router would send them. */
export const BENCH_HEADERS = { 'content-type': 'application/json', 'x-customer-id': BENCH_CALLER };

export class GqlClient {
  readonly pool: Pool;
  private readonly path: string;

  /**
   * `caller` is the customer the router would name in `x-customer-id`: every customer-scoped operation needs one,
   * and sees only that customer's carts and orders.
   */
  constructor(
    url: string,
    connections = 16,
    private readonly caller = BENCH_CALLER,
    pool?: Pool,
  ) {
    const parsed = new URL(url);
    this.path = parsed.pathname;
    this.url = url;
    this.pool = pool ?? new Pool(parsed.origin, { connections, pipelining: 1, keepAliveTimeout: 60000 });
  }

  private readonly url: string;

  /** The same connection pool, sending as another customer. */
  as(caller: string): GqlClient {
    return new GqlClient(this.url, 0, caller, this.pool);
  }

  async send<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
    const res = await this.pool.request({
      method: 'POST',
      path: this.path,
      headers: { 'content-type': 'application/json', 'x-customer-id': this.caller },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.body.text();
    let parsed: Omit<GqlResult<T>, 'status'> = {};
    try {
      parsed = JSON.parse(text) as Omit<GqlResult<T>, 'status'>;
    } catch {
      parsed = { errors: [{ message: `HTTP ${res.statusCode}, not JSON: ${text.slice(0, 200)}` }] };
    }
    return { status: res.statusCode, ...parsed };
  }

  /** Sends and insists on data without errors: setup steps must not fail quietly. */
  async must<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await this.send<T>(query, variables);
    if (res.errors?.length || !res.data) throw new Error(`GraphQL failed (${res.status}): ${JSON.stringify(res.errors ?? res)}`);
    return res.data;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
