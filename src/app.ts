import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { Logger } from 'pino';
import { Config } from './config';
import { RequestContext } from './context';
import { BadHeaderError } from './common/errors';
import { isValidCustomerId } from './common/ids';
import { buildOrdersSchema } from './schema';
import { createHttpHandler } from './server/http-handler';
import { formatError } from './server/format-error';
import { errorLoggingPlugin } from './server/plugins';
import { inputGuardPlugin } from './server/input-guard';
import { MAX_TOKENS, operationLimitsRule } from './server/limits';
import { callerLimitsPlugin } from './server/caller-limits';
import { IdempotencyRecords } from './service/idempotency';
import { OrderService, OrderServiceDeps } from './service/order.service';
import { createStore } from './store/create-store';
import { Store } from './store/store';
import { VendorRegistry } from './vendors/registry';
import { IDE_CALLER_HEADERS } from './server/sandbox-document';
import { landingPagePlugin, LandingPageOptions, withLandingPages } from './server/landing-page';
import { createApqCache } from './server/apq-cache';
import { createObservability } from './observability/observability';

/** A running subgraph: its URL and a graceful close. */
export interface RunningApp {
  url: string;
  port: number;
  server: Server;
  /** False when the store did not answer at boot: the process serves, but `/ready` answers 503 until it does. */
  storeReachable: boolean;
  /** Stops accepting, lets in-flight requests finish within the grace period, then closes pools and stores. */
  close(): Promise<void>;
}

/** Where the store is, for a log line: host and port only, never the credentials a Redis URL may hold. */
function storeLocation(redisUrl: string | undefined): string {
  if (!redisUrl) return 'memory';
  try {
    const url = new URL(redisUrl);
    return `${url.hostname}:${url.port || '6379'}`;
  } catch {
    return 'the configured URL';
  }
}

const VENDOR_HEADER = /^[A-Za-z0-9_-]{1,64}$/;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Starts the subgraph: the enabled vendors' adapters, the store, Apollo Server and the HTTP listener. It never starts
 * a vendor simulator: every enabled vendor's base URL is configuration. Used by `dist/main.js` and by the tests.
 */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const registry = new VendorRegistry();
  const observability = createObservability(process.env, logger);
  const http = {
    attemptTimeoutMs: config.vendorTimeoutMs,
    connections: config.vendorMaxConnections,
    queueLimit: config.vendorQueueLimit,
    onCall: observability.onVendorCall,
  };

  const store: Store = createStore(config.store);
  for (const { module, settings } of config.vendors) registry.register(module, module.createAdapter(settings, { http, store }));

  const deps: OrderServiceDeps = {
    registry,
    store,
    // Idempotency records must survive the failover of the node holding them: on a cluster each write waits for a replica.
    idempotency: new IdempotencyRecords(store.durable(), {
      waitMs: Math.min(config.vendorTimeoutMs * 3, 30000),
      pollMs: 25,
      staleMs: Math.max(60000, config.vendorTimeoutMs * 6),
    }),
    idempotencyTtlMs: (vendor) => registry.idempotencyTtlMs(vendor),
  };

  const production = config.nodeEnv === 'production';
  // The IDE's example tabs come from the enabled vendors' folders; the server itself names no vendor.
  const landingPage: LandingPageOptions = {
    examples: config.vendors.flatMap(({ module }) => module.examples ?? []),
    headers: IDE_CALLER_HEADERS,
  };
  const apq = createApqCache(config.redisUrl, logger);
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildOrdersSchema(),
    introspection: config.introspection,
    csrfPrevention: true,
    // main.ts owns SIGTERM: it drains, aborts and closes in order. Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: [operationLimitsRule()],
    formatError,
    persistedQueries: { cache: apq.cache },
    plugins: [
      config.landingPage === 'off'
        ? ApolloServerPluginLandingPageProductionDefault({ graphRef: process.env.APOLLO_GRAPH_REF, footer: false })
        : landingPagePlugin(config.landingPage, landingPage),
      ApolloServerPluginInlineTrace(),
      errorLoggingPlugin(),
      inputGuardPlugin(),
      callerLimitsPlugin(store, config.callerLimits, logger),
      ...observability.plugins,
    ],
  });
  await apollo.start();

  const vendorRequestHeaders = registry.requestHeaders();
  let draining = false;
  const inFlight = { count: 0 };
  // Apollo calls this inside its own try, so a bad header thrown here answers like a rejected promise.
  const context = (req: IncomingMessage, requestId: string, log: Logger): Promise<RequestContext> => {
    const callerId = header(req, 'x-customer-id');
    if (callerId !== undefined && !isValidCustomerId(callerId)) throw new BadHeaderError('x-customer-id', 'must be a valid customer id');
    const vendorHeaders: Record<string, string> = {};
    for (const name of vendorRequestHeaders) {
      const value = header(req, name);
      if (value === undefined) continue;
      if (!VENDOR_HEADER.test(value)) throw new BadHeaderError(name, 'must be 1-64 letters, digits, _ or -');
      vendorHeaders[name] = value;
    }
    return Promise.resolve({ requestId, callerId, log, orders: new OrderService(deps, { requestId, callerId, vendorHeaders }) });
  };

  const server = createServer(
    { keepAliveTimeout: 65000, requestTimeout: 60000, headersTimeout: 20000 },
    withLandingPages(
      config.landingPage,
      landingPage,
      observability.withMetrics(
        createHttpHandler({
          apollo,
          logger,
          context,
          maxBodyBytes: 256 * 1024,
          corsOrigins: config.corsOrigins,
          routerSecret: config.routerSecret,
          isReady: async () => !draining && (await store.ping()),
          storeKind: store.kind,
          inFlight,
        }),
      ),
    ),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, resolve);
  });
  const port = (server.address() as AddressInfo).port;

  // A store that does not answer at boot leaves the process up but not ready (`/ready` is 503 until it answers),
  // with one line that says what to check, rather than a "ready" followed by bare internal errors.
  const storeReachable = await store.ping();
  if (!storeReachable) {
    logger.error(
      { store: storeLocation(config.redisUrl) },
      `store unreachable at boot: Redis at ${storeLocation(config.redisUrl)} (REDIS_URL) does not answer; not ready until it does`,
    );
  }

  return {
    url: `http://localhost:${port}/graphql`,
    port,
    server,
    storeReachable,
    async close() {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const settled = async (ms: number) => {
        const deadline = Date.now() + ms;
        while (inFlight.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      };
      await settled(config.shutdownGraceMs);
      if (inFlight.count > 0) {
        // Past the grace period: abort vendor calls. A submit cut short stores an unknown outcome that the next
        // attempt with its key reconciles; give those records a moment to be written.
        logger.warn({ inFlight: inFlight.count }, 'aborting in-flight vendor calls');
        await registry.abort();
        await settled(2000);
      }
      server.closeAllConnections();
      await closed;
      await apollo.stop();
      await registry.close();
      await store.close();
      await apq.close();
      await observability.shutdown();
    },
  };
}
