import { z } from 'zod';
import { boolVar, ConfigError, Env, intVar, oneOfVar, parseEnv, urlVar } from './common/env-schema';
import { LANDING_PAGES, LandingPage } from './server/landing-page';
import { EXECUTORS, ExecutorKind } from './server/executor-kind';
import { VENDOR_MODULES } from './vendors/modules';
import { VendorModule } from './vendors/vendor-module';

export { ConfigError } from './common/env-schema';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A vendor this process serves, with the settings its folder parsed from the environment. */
export interface EnabledVendor {
  module: VendorModule;
  settings: unknown;
}

/** The store settings: which kind, and how to reach it. */
export type StoreSettings =
  { kind: 'memory' } | { kind: 'redis'; url: string; waitMs: number } | { kind: 'redis-cluster'; nodes: { host: string; port: number }[]; waitMs: number };

/** Per-caller limits: vendor writes per window, and operations in flight at once. */
export interface CallerLimitSettings {
  /** Vendor writes (mutation fields) one caller may start per window; 0: no limit. */
  writesPerWindow: number;
  windowSeconds: number;
  /** Operations of one caller in flight at once, across replicas; 0: no limit. */
  concurrentOperations: number;
}

/** Validated configuration, read once at boot from the environment variables that DESIGN.md names. */
export interface Config {
  port: number;
  nodeEnv: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** The vendors served (`VENDORS`, all compiled-in ones by default), each with its own settings. */
  vendors: EnabledVendor[];
  redisUrl?: string;
  /** Where the shared state lives: in-process memory, one Redis (`REDIS_URL`) or a Redis Cluster (`REDIS_CLUSTER_NODES`). */
  store: StoreSettings;
  /** Fair share per caller, kept in the store so that it holds across replicas (0 turns a limit off). */
  callerLimits: CallerLimitSettings;
  /** Keys the idempotency key hashes in logs and audit lines; derived from ROUTER_SECRET when unset (see key-hash.ts). */
  keyHashSecret?: string;
  /** The secret the router sends in `x-router-secret`; required in production unless ALLOW_NO_ROUTER_SECRET=true. */
  routerSecret?: string;
  /** The secret being rotated out: still accepted until the router has moved to the new one. */
  routerSecretPrevious?: string;
  /** Where `/metrics` is served on its own listener; undefined serves it on PORT, behind the router secret. */
  metricsPort?: number;
  introspection: boolean;
  corsOrigins: string[];
  vendorTimeoutMs: number;
  /** Keep-alive connections per vendor origin. */
  vendorMaxConnections: number;
  /** Vendor calls that may wait for a connection before new ones are refused. */
  vendorQueueLimit: number;
  shutdownGraceMs: number;
  /** A vendor write still unknown this long after its first attempt is marked for an operator (`UNKNOWN_MAX_AGE_S`). */
  unknownMaxAgeS: number;
  /** What a browser gets on GET `/` and `/graphql`: GraphiQL (offline), Apollo Sandbox, or no IDE. */
  landingPage: LandingPage;
  /** What runs operations once validated: graphql-jit's compiled queries (`jit`) or graphql-js (`graphql`). */
  executor: ExecutorKind;
}

const corsOrigins = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const origins = (raw ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const origin of origins) {
      if (origin === '*') {
        ctx.addIssue({ code: 'custom', message: 'must list origins, not "*"' });
        continue;
      }
      let parsed: URL | undefined;
      try {
        parsed = new URL(origin);
      } catch {
        ctx.addIssue({ code: 'custom', message: `holds "${origin}", which is not an origin such as https://app.example.com` });
        continue;
      }
      if (parsed.origin !== origin) ctx.addIssue({ code: 'custom', message: `holds "${origin}", which is not a bare origin` });
    }
    return origins;
  });

/** `REDIS_CLUSTER_NODES`: `host:port,host:port,…`, the seed nodes of a Redis Cluster. */
const clusterNodes = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const entries = (raw ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const nodes: { host: string; port: number }[] = [];
    for (const entry of entries) {
      const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(entry);
      if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
        ctx.addIssue({ code: 'custom', message: `holds "${entry}", which is not host:port` });
        continue;
      }
      nodes.push({ host: match[1].replace(/^\[|\]$/g, ''), port: Number(match[2]) });
    }
    return nodes;
  });

/**
 * Which store this process uses. In production the in-process store is refused unless `SINGLE_REPLICA=true` says
 * that this is the only replica: with two, a retry that lands on the other one would place a second order.
 */
function storeSettings(
  nodeEnv: string,
  core: { REDIS_URL?: string; REDIS_CLUSTER_NODES: { host: string; port: number }[]; SINGLE_REPLICA: boolean; REDIS_WAIT_MS: number },
): StoreSettings {
  if (core.REDIS_URL && core.REDIS_CLUSTER_NODES.length > 0) {
    throw new ConfigError('REDIS_CLUSTER_NODES', 'and REDIS_URL are both set; set one (REDIS_URL for one Redis, REDIS_CLUSTER_NODES for a cluster)');
  }
  if (core.REDIS_URL) return { kind: 'redis', url: core.REDIS_URL, waitMs: core.REDIS_WAIT_MS };
  if (core.REDIS_CLUSTER_NODES.length > 0) return { kind: 'redis-cluster', nodes: core.REDIS_CLUSTER_NODES, waitMs: core.REDIS_WAIT_MS };
  if (nodeEnv === 'production' && !core.SINGLE_REPLICA) {
    throw new ConfigError(
      'REDIS_URL',
      'is required in production (or REDIS_CLUSTER_NODES): without a shared store each replica keeps its own idempotency records. Set SINGLE_REPLICA=true to run exactly one replica on the in-process store',
    );
  }
  return { kind: 'memory' };
}

/** The variables of the core, whatever the vendors. */
function coreSchema(nodeEnv: string) {
  return z.object({
    PORT: intVar(4001, 0, 65535),
    LOG_LEVEL: oneOfVar(LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    REDIS_URL: urlVar(['redis:', 'rediss:']),
    REDIS_CLUSTER_NODES: clusterNodes,
    SINGLE_REPLICA: boolVar(false),
    REDIS_WAIT_MS: intVar(1000, 10, 60000),
    // On by default in production only: development and test traffic is one seeded customer by design.
    CALLER_WRITE_LIMIT: intVar(nodeEnv === 'production' ? 120 : 0, 0, 1_000_000),
    CALLER_WRITE_WINDOW_S: intVar(60, 1, 86400),
    CALLER_CONCURRENCY_LIMIT: intVar(nodeEnv === 'production' ? 64 : 0, 0, 100_000),
    ROUTER_SECRET: z
      .string()
      .optional()
      .transform((raw) => raw || undefined)
      .refine((raw) => raw === undefined || raw.length >= 16, 'must be at least 16 characters'),
    ROUTER_SECRET_PREVIOUS: z
      .string()
      .optional()
      .transform((raw) => raw || undefined)
      .refine((raw) => raw === undefined || raw.length >= 16, 'must be at least 16 characters'),
    ALLOW_NO_ROUTER_SECRET: boolVar(false),
    KEY_HASH_SECRET: z
      .string()
      .optional()
      .transform((raw) => raw || undefined)
      .refine((raw) => raw === undefined || raw.length >= 16, 'must be at least 16 characters'),
    METRICS_PORT: intVar(-1, 0, 65535),
    INTROSPECTION: boolVar(nodeEnv !== 'production'),
    CORS_ORIGINS: corsOrigins,
    VENDOR_TIMEOUT_MS: intVar(5000, 100, 120000),
    VENDOR_MAX_CONNECTIONS: intVar(64, 1, 1024),
    VENDOR_QUEUE_LIMIT: intVar(1000, 0, 100000),
    SHUTDOWN_GRACE_MS: intVar(10000, 0, 300000),
    UNKNOWN_MAX_AGE_S: intVar(3600, 1, 30 * 86400),
    LANDING_PAGE: oneOfVar(LANDING_PAGES, nodeEnv === 'production' ? 'off' : 'graphiql'),
    GRAPHQL_EXECUTOR: oneOfVar(EXECUTORS, 'direct'),
  });
}

/** `VENDORS`: a comma-separated list of vendor ids; unset serves every compiled-in vendor. */
function enabledModules(env: Env, modules: readonly VendorModule[]): VendorModule[] {
  const raw = env.VENDORS?.trim();
  if (!raw) return [...modules];
  const ids = raw
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const known = modules.map((m) => m.declaration.id);
  for (const id of ids) {
    if (!known.includes(id)) throw new ConfigError('VENDORS', `holds "${id}"; the vendors are ${known.join(', ')}`);
  }
  return modules.filter((m) => ids.includes(m.declaration.id));
}

/**
 * Reads and validates the configuration; throws ConfigError naming the first bad variable. Each enabled vendor's
 * folder parses its own variables; a vendor without its base URL is refused here, never run on a stand-in.
 */
export function loadConfig(env: Env = process.env, modules: readonly VendorModule[] = VENDOR_MODULES): Config {
  const nodeEnv = env.NODE_ENV || 'development';
  const core = parseEnv(coreSchema(nodeEnv), env);
  const vendors = enabledModules(env, modules).map((module) => ({ module, settings: parseEnv(module.settings, env) }));
  if (nodeEnv === 'production' && !core.ROUTER_SECRET && !core.ALLOW_NO_ROUTER_SECRET) {
    // A subgraph reachable on the network without the secret would answer anyone; only an explicit opt-out says the
    // network itself is trusted.
    throw new ConfigError('ROUTER_SECRET', 'must be set in production (or set ALLOW_NO_ROUTER_SECRET=true when only the router can reach this process)');
  }
  if (core.ROUTER_SECRET_PREVIOUS && !core.ROUTER_SECRET) throw new ConfigError('ROUTER_SECRET_PREVIOUS', 'needs ROUTER_SECRET (the new secret) as well');
  return {
    port: core.PORT,
    nodeEnv,
    logLevel: core.LOG_LEVEL,
    vendors,
    redisUrl: core.REDIS_URL,
    store: storeSettings(nodeEnv, core),
    callerLimits: {
      writesPerWindow: core.CALLER_WRITE_LIMIT,
      windowSeconds: core.CALLER_WRITE_WINDOW_S,
      concurrentOperations: core.CALLER_CONCURRENCY_LIMIT,
    },
    routerSecret: core.ROUTER_SECRET,
    routerSecretPrevious: core.ROUTER_SECRET_PREVIOUS,
    keyHashSecret: core.KEY_HASH_SECRET,
    metricsPort: core.METRICS_PORT < 0 ? undefined : core.METRICS_PORT,
    introspection: core.INTROSPECTION,
    corsOrigins: core.CORS_ORIGINS,
    vendorTimeoutMs: core.VENDOR_TIMEOUT_MS,
    vendorMaxConnections: core.VENDOR_MAX_CONNECTIONS,
    vendorQueueLimit: core.VENDOR_QUEUE_LIMIT,
    shutdownGraceMs: core.SHUTDOWN_GRACE_MS,
    unknownMaxAgeS: core.UNKNOWN_MAX_AGE_S,
    landingPage: core.LANDING_PAGE,
    executor: core.GRAPHQL_EXECUTOR,
  };
}
