import 'reflect-metadata';
import { GraphQLSchema, parse, specifiedDirectives } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, createResolversMap, getMetadataStorage } from 'type-graphql';
import { CartResolver } from './cart/cart.resolver';
import { resolveCartReference } from './cart/cart.reference';
import { OrderResolver } from './order/order.resolver';
import { resolveProductOrderReference } from './order/order.reference';
import { CustomerResolver } from './customer/customer.resolver';
import { resolveCustomerReference } from './customer/customer.reference';
import { Customer } from './customer/customer.type';
import { UserErrorResolver } from './common/user-error.resolver';
import { validateArgs } from './server/validate-args';
// The compiled-in vendors declare the values of the `Vendor` enum when their folders load.
import './vendors/modules';

/** The federation spec this subgraph links, importing exactly the directives it uses. */
export const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])';

/**
 * The resolver map `buildSubgraphSchema` takes, read off its public signature: @apollo/subgraph exports the type
 * (`GraphQLResolverMap`) only from an internal path, which is no API.
 */
type SubgraphResolverMap = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>['resolvers']>;

let built: GraphQLSchema | undefined;

/** The parts of type-graphql's metadata storage read here (it has no public type for them). */
interface TypeGraphqlMetadata {
  objectTypes: {
    name: string;
    target: unknown;
    fields?: { name: string; schemaName: string; params?: unknown[]; middlewares?: unknown[]; roles?: unknown[] }[];
  }[];
  fieldResolvers: {
    schemaName: string;
    methodName: string;
    target: new () => Record<string, unknown>;
    getObjectType?: () => unknown;
    params?: { kind: string; index: number }[];
    middlewares?: unknown[];
    roles?: unknown[];
  }[];
}

/** A resolver as graphql-js calls it. */
type FieldResolve = (source: unknown, args: unknown, context: unknown) => unknown;

/** `Type.field` of a `@FieldResolver`: the name of the object type its class resolves, and the field's schema name. */
function resolverKey(storage: TypeGraphqlMetadata): (resolver: TypeGraphqlMetadata['fieldResolvers'][number]) => string {
  const typeName = new Map(storage.objectTypes.map((t) => [t.target, t.name]));
  return (resolver) => `${String(typeName.get(resolver.getObjectType?.()))}.${resolver.schemaName}`;
}

/**
 * `Type.field` of every object-type field whose type-graphql resolver only reads the property of the same name: no
 * `@FieldResolver`, no arguments, no middleware, no roles (the schema declares none of these on plain fields, and
 * no global middleware is set). Without a resolver, graphql-js reads the property itself and graphql-jit inlines
 * the read, instead of calling type-graphql's per-field wrapper for every field of every answer.
 */
function plainFields(storage: TypeGraphqlMetadata): Set<string> {
  const resolved = new Set(storage.fieldResolvers.map(resolverKey(storage)));
  const plain = new Set<string>();
  for (const type of storage.objectTypes) {
    for (const field of type.fields ?? []) {
      const key = `${type.name}.${field.schemaName}`;
      const bare = field.name === field.schemaName && !field.params?.length && !field.middlewares?.length && !field.roles?.length;
      if (bare && !resolved.has(key)) plain.add(key);
    }
  }
  return plain;
}

/**
 * `Type.field` → a direct resolver, for every `@FieldResolver` whose parameters are only `@Root()` and `@Ctx()` (no
 * arguments to convert or validate), with no middleware and no roles. type-graphql's wrapper would otherwise work out
 * its parameters and run an empty middleware chain on every call: a cart answer calls these resolvers for every cart,
 * and an answer of many aliases for each alias. Each resolver class gets one instance, as type-graphql's default
 * container gives it.
 */
function directFieldResolvers(storage: TypeGraphqlMetadata): Map<string, FieldResolve> {
  const keyOf = resolverKey(storage);
  const instances = new Map<unknown, Record<string, unknown>>();
  const direct = new Map<string, FieldResolve>();
  for (const resolver of storage.fieldResolvers) {
    const params = [...(resolver.params ?? [])].sort((a, b) => a.index - b.index);
    if (resolver.middlewares?.length || resolver.roles?.length || params.some((p) => p.kind !== 'root' && p.kind !== 'context')) continue;
    let instance = instances.get(resolver.target);
    if (!instance) instances.set(resolver.target, (instance = new resolver.target()));
    const method = instance[resolver.methodName] as (...args: unknown[]) => unknown;
    const self = instance;
    const kinds = params.map((p) => p.kind);
    direct.set(keyOf(resolver), (source, _args, context) =>
      method.apply(
        self,
        kinds.map((kind) => (kind === 'root' ? source : context)),
      ),
    );
  }
  return direct;
}

/**
 * Builds the subgraph schema: type-graphql classes → SDL with directives → `buildSubgraphSchema`, plus the
 * reference resolvers of the entities. The one builder used by the server, the tests and `npm run schema:emit`;
 * built once per process.
 */
export async function buildOrdersSchema(): Promise<GraphQLSchema> {
  if (built) return built;
  // Parameter decorators run last-to-first, so type-graphql records arguments in reverse; print them as declared.
  // type-graphql 2.0 has no public option or hook to order them (only @ArgsType classes keep declaration order, which
  // would mean a class per argument list), so its metadata list is sorted here. Execution already orders arguments by
  // index, so this changes only the printed order.
  const storage = getMetadataStorage() as unknown as { params: { index: number }[] };
  storage.params.sort((a, b) => a.index - b.index);
  const schema = await buildSchema({
    resolvers: [CartResolver, OrderResolver, CustomerResolver, UserErrorResolver],
    orphanedTypes: [Customer],
    validateFn: validateArgs,
    directives: [...specifiedDirectives],
    skipCheck: true,
  });
  const resolvers = createResolversMap(schema) as SubgraphResolverMap;
  const metadata = getMetadataStorage() as unknown as TypeGraphqlMetadata;
  const plain = plainFields(metadata);
  const direct = directFieldResolvers(metadata);
  for (const [type, fields] of Object.entries(resolvers)) {
    for (const field of Object.keys(fields)) {
      if (plain.has(`${type}.${field}`)) delete (fields as Record<string, unknown>)[field];
      const resolve = direct.get(`${type}.${field}`);
      if (resolve) (fields as Record<string, unknown>)[field] = resolve;
    }
  }
  const withReferences: SubgraphResolverMap = {
    ...resolvers,
    Cart: { ...(resolvers.Cart as object), __resolveReference: resolveCartReference },
    ProductOrder: { ...(resolvers.ProductOrder as object), __resolveReference: resolveProductOrderReference },
    Customer: { ...(resolvers.Customer as object), __resolveReference: resolveCustomerReference },
  };
  built = buildSubgraphSchema([{ typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`), resolvers: withReferences }]);
  return built;
}
