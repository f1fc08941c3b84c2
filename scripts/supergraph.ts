/**
 * `npm run supergraph`: the local supergraph in one command. The orders subgraph (on the simulators unless vendor
 * URLs are set) and the dev customers subgraph, composed by @apollo/gateway from their live SDL, with Apollo Sandbox
 * on the gateway. The same subgraphs and ports as `supergraph.yaml`, so `rover dev` can replace it.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { Logger } from 'pino';
import { startCustomersSubgraph } from '../dev/customers-subgraph';
import { RunningApp, startApp } from '../src/app';
import { ConfigError, loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startSimulators, StartedSimulators } from '../dev/simulators/all';

/** Default ports: the gateway, and the subgraphs at their `supergraph.yaml` routing URLs. */
export const SUPERGRAPH_PORTS = { gateway: 4000, orders: 4001, customers: 4002 };

/** Request headers the gateway passes on to the subgraphs, as the router is configured to. */
const FORWARDED_HEADERS = ['x-customer-id', 'x-request-id', 'traceparent'];

/** The Sandbox document of the gateway: the README's example operations, which cross both subgraphs. */
const SANDBOX_DOCUMENT = readFileSync(join(__dirname, '..', 'docs', 'operations', 'checkout.graphql'), 'utf8');
const SANDBOX_VARIABLES = {
  input: { vendor: 'ATT', customerId: 'cust-1001', items: [{ offeringId: 'fiber-1000', productType: 'Fiber_Internet', quantity: 1 }] },
  customerId: 'cust-1001',
  cartId: '<cartCreate → cart.id>',
  idempotencyKey: 'sandbox-checkout-0001',
};

export interface SupergraphOptions {
  /** Ports to listen on; 0 takes a free one. Defaults: SUPERGRAPH_PORTS. */
  ports?: Partial<typeof SUPERGRAPH_PORTS>;
  /** Environment of the orders subgraph (vendor URLs, REDIS_URL, ROUTER_SECRET, …); defaults to process.env. */
  env?: Record<string, string | undefined>;
  logger?: Logger;
}

export interface RunningSupergraph {
  /** The gateway's GraphQL endpoint (and Sandbox, in a browser). */
  url: string;
  orders: RunningApp;
  /** The simulators started for vendors whose base URL was not set. */
  simulators: StartedSimulators;
  customersUrl: string;
  /** Stops the gateway, then both subgraphs. */
  stop(): Promise<void>;
}

interface GatewayContext {
  headers: Record<string, string>;
}

function forwarded(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/**
 * Starts both subgraphs and a gateway composing them (IntrospectAndCompose: what the code serves now, not the
 * committed SDL). The gateway adds `x-router-secret` when the orders subgraph requires one, as the router would.
 * Not a production router: no query planning cache tuning, no usage reporting, no limits of its own.
 */
export async function startSupergraph(options: SupergraphOptions = {}): Promise<RunningSupergraph> {
  const ports = { ...SUPERGRAPH_PORTS, ...options.ports };
  const env = options.env ?? process.env;
  const simulators = await startSimulators({ skipWhenSet: env });
  let orders: RunningApp;
  let config;
  let logger: Logger;
  try {
    config = loadConfig({ ...simulators.env, ...env, PORT: String(ports.orders) });
    logger = options.logger ?? createLogger(config.logLevel);
    orders = await startApp(config, logger);
  } catch (error) {
    await simulators.close();
    throw error;
  }
  let customers: Awaited<ReturnType<typeof startCustomersSubgraph>> | undefined;
  try {
    customers = await startCustomersSubgraph(ports.customers);
    const routerSecret = config.routerSecret;
    // A local gateway reports nothing: left on, @apollo/gateway sends its own usage metrics to Apollo and probes the
    // cloud metadata addresses, requests that fail offline and leave timers behind on stop.
    process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
    const gateway = new ApolloGateway({
      logger: logger.child({ component: 'gateway' }),
      supergraphSdl: new IntrospectAndCompose({
        subgraphs: [
          { name: 'orders', url: `http://127.0.0.1:${orders.port}/graphql` },
          { name: 'customers', url: customers.url },
        ],
        introspectionHeaders: routerSecret ? { 'x-router-secret': routerSecret } : undefined,
      }),
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<GatewayContext>({
          url,
          willSendRequest({ request, context }) {
            const headers = (context as Partial<GatewayContext>).headers ?? {};
            for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
            if (routerSecret) request.http?.headers.set('x-router-secret', routerSecret);
          },
        }),
    });
    const server = new ApolloServer<GatewayContext>({
      gateway,
      stopOnTerminationSignals: false,
      plugins: [
        ApolloServerPluginLandingPageLocalDefault({
          embed: true,
          document: SANDBOX_DOCUMENT,
          variables: SANDBOX_VARIABLES,
          headers: { 'x-customer-id': 'cust-1001' },
          footer: false,
        }),
      ],
    });
    const { url } = await startStandaloneServer(server, {
      listen: { port: ports.gateway },
      context: ({ req }) => Promise.resolve({ headers: forwarded(req) }),
    });
    const customersUrl = customers.url;
    const stopCustomers = customers.stop;
    return {
      url,
      orders,
      simulators,
      customersUrl,
      async stop() {
        await server.stop();
        await stopCustomers();
        await orders.close();
        await simulators.close();
      },
    };
  } catch (error) {
    await customers?.stop();
    await orders.close();
    await simulators.close();
    throw error;
  }
}

async function main(): Promise<void> {
  let supergraph: RunningSupergraph;
  try {
    supergraph = await startSupergraph({
      ports: {
        gateway: Number(process.env.GATEWAY_PORT || SUPERGRAPH_PORTS.gateway),
        orders: Number(process.env.PORT || SUPERGRAPH_PORTS.orders),
        customers: Number(process.env.CUSTOMERS_PORT || SUPERGRAPH_PORTS.customers),
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `Failed to start: ${String(error)}`}\n`);
    process.exit(1);
  }
  process.stdout.write(
    [
      `Supergraph (Apollo Sandbox in a browser): ${supergraph.url}`,
      `  ${'orders subgraph:'.padEnd(20)}${supergraph.orders.url}`,
      `  ${'customers subgraph:'.padEnd(20)}${supergraph.customersUrl}`,
      ...Object.values(supergraph.simulators.byVendor).map((sim) => `  ${`${sim.label} simulator:`.padEnd(20)}${sim.baseUrl}`),
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    supergraph.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void main();
