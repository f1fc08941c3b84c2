import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { configureKeyHashSecret } from './common/key-hash';
import { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { Logger } from 'pino';
import { Config, StoreSettings } from './config';
import { RequestContext, RequestContextValue } from './context';
import { BadHeaderError } from './common/errors';
import { isValidCustomerId } from './common/ids';
import { containsEmbeddedCardNumber } from './common/validation/card-number';
import { buildOrdersSchema } from './schema';
import { createHttpHandler } from './server/http-handler';
import { formatError } from './server/format-error';
import { errorLoggingPlugin } from './server/plugins';
import { inputGuardPlugin } from './server/input-guard';
import { callerRulePlugin } from './server/caller-rule';
import { costGuardPlugin, shapeRefusalRule } from './server/cost-guard';
import { guardStore } from './server/store-guard';
import { isForwardableHeaderValue, single } from './server/request-headers';
import { MAX_TOKENS, operationLimitsRule } from './server/limits';
import { callerLimitsPlugin } from './server/caller-limits';
import { IdempotencyRecords } from './service/idempotency';
import { OrderService, OrderServiceDeps } from './service/order.service';
import { SweepReport, UnknownSweep } from './service/unknown-sweep';
import { createStore } from './store/create-store';
import { Store } from './store/store';
import { VendorRegistry } from './vendors/registry';
import { IDE_CALLER_HEADERS } from './server/sandbox-document';
import { landingPagePlugin, LandingPageOptions, withLandingPages } from './server/landing-page';
import { createApqCache } from './server/apq-cache';
import { jitGateway } from './server/executor';
import { createDirectPath, OperationPlans } from './server/direct-path';
import { createObservability } from './observability/observability';
import { RequestScope } from './observability/request-scope';

/** A running subgraph: its URL and a graceful close. */
export interface RunningApp {
  url: string;
  port: number;
  server: Server;
  /** Runs one pass of the unknown-outcome sweep now (it also runs on its own timer). */
  sweepUnknown(): Promise<SweepReport>;
  /** False when the store did not answer at boot: the process serves, but `/ready` answers 503 until it does. */
  storeReachable: boolean;
  /** The port of the metrics listener, when `METRICS_PORT` gave metrics their own. */
  metricsPort?: number;
  /** Stops accepting, lets in-flight requests finish within the grace period, then closes pools and stores. */
  close(): Promise<void>;
}

/** Where the store is, for a log line: host and port only, never the credentials a Redis URL may hold. */
function storeLocation(settings: StoreSettings): string {
  if (settings.kind === 'memory') return 'memory';
  if (settings.kind === 'redis-cluster') return `the Redis Cluster at ${settings.nodes.map((n) => `${n.host}:${n.port}`).join(',')} (REDIS_CLUSTER_NODES)`;
  try {
    const url = new URL(settings.url);
    return `Redis at ${url.hostname}:${url.port || '6379'} (REDIS_URL)`;
  } catch {
    return 'Redis at the configured REDIS_URL';
  }
}

/** One header's value; a header sent twice is refused rather than guessed at. */
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  if (Array.isArray(value)) throw new BadHeaderError(name, 'must be sent once');
  return single(value);
}

function notFound(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
  res.end('{"error":"not found"}');
}

/**
 * Starts the subgraph: the enabled vendors' adapters, the store, Apollo Server and the HTTP listener. It never starts
 * a vendor simulator: every enabled vendor's base URL is configuration. Used by `dist/main.js` and by the tests.
 */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  configureKeyHashSecret(config.keyHashSecret, config.routerSecret);
  const registry = new VendorRegistry();
  const observability = createObservability(process.env, logger);
  const http = {
    attemptTimeoutMs: config.vendorTimeoutMs,
    connections: config.vendorMaxConnections,
    queueLimit: config.vendorQueueLimit,
    onCall: observability.onVendorCall,
  };

  // Every store fault reaches callers as the typed, retryable STORE_UNAVAILABLE.
  const store: Store = guardStore(createStore(config.store), logger);
  for (const { module, settings } of config.vendors) registry.register(module, module.createAdapter(settings, { http, store }));

  // How long a vendor may still act on a write the subgraph gave up on; an attempt silent this long has died.
  const inFlightMs = Math.max(60000, config.vendorTimeoutMs * 6);
  const deps: OrderServiceDeps = {
    registry,
    store,
    // Idempotency records must survive the failover of the node holding them: on a cluster each write waits for a replica.
    idempotency: new IdempotencyRecords(store.durable(), {
      waitMs: Math.min(config.vendorTimeoutMs * 3, 30000),
      pollMs: 25,
      staleMs: inFlightMs,
    }),
  };

  const sweep = new UnknownSweep(store, registry, logger, {
    maxAgeMs: config.unknownMaxAgeS * 1000,
    inFlightMs,
    onCounts: (counts) => observability.onUnknownOutcomes(counts),
  });
  sweep.start(Math.min(30000, (config.unknownMaxAgeS * 1000) / 4));

  const production = config.nodeEnv === 'production';
  // The IDE's example tabs come from the enabled vendors' folders; the server itself names no vendor.
  const landingPage: LandingPageOptions = {
    examples: config.vendors.flatMap(({ module }) => module.examples ?? []),
    headers: IDE_CALLER_HEADERS,
  };
  const apq = createApqCache(config.redisUrl, logger);
  const schema = await buildOrdersSchema();
  // The plugins with request hooks: Apollo Server runs them, and so does the direct path for the requests it takes.
  const requestPlugins = [
    errorLoggingPlugin(logger),
    inputGuardPlugin(),
    callerRulePlugin(),
    callerLimitsPlugin(store, config.callerLimits, logger),
    costGuardPlugin(),
    ...observability.plugins,
  ];
  // Compiled query operations, shared by the executor (which adds them) and the direct path (which answers repeats).
  const plans = config.executor === 'direct' ? new OperationPlans() : undefined;
  const apollo = new ApolloServer<RequestContext>({
    // graphql-jit runs through Apollo Server's one hook for another executor, its gateway interface.
    ...(config.executor === 'graphql' ? { schema } : { gateway: jitGateway(schema, plans) }),
    introspection: config.introspection,
    csrfPrevention: true,
    // main.ts owns SIGTERM: it drains, aborts and closes in order. Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: [shapeRefusalRule, operationLimitsRule()],
    formatError,
    persistedQueries: { cache: apq.cache },
    plugins: [
      config.landingPage === 'off'
        ? ApolloServerPluginLandingPageProductionDefault({ graphRef: process.env.APOLLO_GRAPH_REF, footer: false })
        : landingPagePlugin(config.landingPage, landingPage),
      ApolloServerPluginInlineTrace(),
      // The schema declares no cache hints, so the default cache-control plugin could only ever answer "no cache";
      // it would still hook every resolved field of every operation to find that out.
      ApolloServerPluginCacheControlDisabled(),
      ...requestPlugins,
    ],
  });
  // Apollo Server adds usage reporting of its own when APOLLO_KEY is set: then every request keeps its pipeline.
  const direct =
    plans && !process.env.APOLLO_KEY
      ? createDirectPath<RequestContext>({
          schema,
          plans,
          plugins: requestPlugins,
          formatError,
          logger: apollo.logger,
          cache: apq.cache,
          onAnswered: observability.onDirectOperation,
        })
      : undefined;
  await apollo.start();

  const vendorRequestHeaders = registry.requestHeaders();
  let draining = false;
  const inFlight = { count: 0 };
  // Apollo calls this inside its own try, so a bad header thrown here answers like a rejected promise.
  const context = (req: IncomingMessage, requestId: string, log: () => Logger): Promise<RequestContext> => {
    const callerId = header(req, 'x-customer-id');
    if (callerId !== undefined && (!isValidCustomerId(callerId) || containsEmbeddedCardNumber(callerId))) {
      throw new BadHeaderError('x-customer-id', 'must be a valid customer id');
    }
    const vendorHeaders: Record<string, string> = {};
    for (const name of vendorRequestHeaders) {
      const value = header(req, name);
      if (value === undefined) continue;
      // Copied into a vendor's request headers: refused (never echoed) unless plain and free of card numbers.
      if (!isForwardableHeaderValue(value)) throw new BadHeaderError(name, 'must be 1-64 letters, digits, _ or - and no card number');
      vendorHeaders[name] = value;
    }
    const scope: RequestScope = { requestId, caller: callerId };
    return Promise.resolve(new RequestContextValue(requestId, callerId, new OrderService(deps, { requestId, callerId, vendorHeaders, scope }), scope, log));
  };

  // Metrics show vendor origins and traffic: on their own port (not exposed by the Service) when METRICS_PORT is
  // set, otherwise on the main port behind the router secret.
  const metrics = observability.withMetrics(notFound);
  const server = createServer(
    { keepAliveTimeout: 65000, requestTimeout: 60000, headersTimeout: 20000 },
    withLandingPages(
      config.landingPage,
      landingPage,
      createHttpHandler({
        apollo,
        direct,
        logger,
        context,
        maxBodyBytes: 256 * 1024,
        corsOrigins: config.corsOrigins,
        vendorHeaders: vendorRequestHeaders,
        routerSecrets: [config.routerSecret, config.routerSecretPrevious].filter((s): s is string => s !== undefined),
        metrics: config.metricsPort === undefined ? metrics : undefined,
        isReady: async () => !draining && (await store.ping()),
        storeKind: store.kind,
        inFlight,
      }),
    ),
  );
  const listen = (target: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      target.once('error', reject);
      target.listen(port, () => resolve((target.address() as AddressInfo).port));
    });
  const port = await listen(server, config.port);
  const metricsServer = config.metricsPort === undefined ? undefined : createServer(metrics);
  const metricsPort = metricsServer ? await listen(metricsServer, config.metricsPort!) : undefined;

  // A store that does not answer at boot leaves the process up but not ready (`/ready` is 503 until it answers),
  // with one line that says what to check, rather than a "ready" followed by bare internal errors.
  const storeReachable = await store.ping();
  if (!storeReachable) {
    logger.error({ store: storeLocation(config.store) }, `store unreachable at boot: ${storeLocation(config.store)} does not answer; not ready until it does`);
  }

  return {
    url: `http://localhost:${port}/graphql`,
    port,
    server,
    sweepUnknown: () => sweep.runOnce(),
    storeReachable,
    metricsPort,
    async close() {
      draining = true;
      await sweep.stop();
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
      if (metricsServer) {
        metricsServer.closeAllConnections();
        await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      }
      await apollo.stop();
      await registry.close();
      await store.close();
      await apq.close();
      await observability.shutdown();
    },
  };
}
