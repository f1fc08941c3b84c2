import { z } from 'zod';
import { boolVar, ConfigError, Env, intVar, oneOfVar, parseEnv, urlVar } from './common/env-schema';
import { LANDING_PAGES, LandingPage } from './server/landing-page';
import { VENDOR_MODULES } from './vendors/modules';
import { VendorModule } from './vendors/vendor-module';

export { ConfigError } from './common/env-schema';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A vendor this process serves, with the settings its folder parsed from the environment. */
export interface EnabledVendor {
  module: VendorModule;
  settings: unknown;
}

/** Validated configuration, read once at boot from the environment variables that DESIGN.md names. */
export interface Config {
  port: number;
  nodeEnv: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** The vendors served (`VENDORS`, all compiled-in ones by default), each with its own settings. */
  vendors: EnabledVendor[];
  redisUrl?: string;
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
  /** What a browser gets on GET `/` and `/graphql`: GraphiQL (offline), Apollo Sandbox, or no IDE. */
  landingPage: LandingPage;
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

/** The variables of the core, whatever the vendors. */
function coreSchema(nodeEnv: string) {
  return z.object({
    PORT: intVar(4001, 0, 65535),
    LOG_LEVEL: oneOfVar(LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    REDIS_URL: urlVar(['redis:', 'rediss:']),
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
    METRICS_PORT: intVar(-1, 0, 65535),
    INTROSPECTION: boolVar(nodeEnv !== 'production'),
    CORS_ORIGINS: corsOrigins,
    VENDOR_TIMEOUT_MS: intVar(5000, 100, 120000),
    VENDOR_MAX_CONNECTIONS: intVar(64, 1, 1024),
    VENDOR_QUEUE_LIMIT: intVar(1000, 0, 100000),
    SHUTDOWN_GRACE_MS: intVar(10000, 0, 300000),
    LANDING_PAGE: oneOfVar(LANDING_PAGES, nodeEnv === 'production' ? 'off' : 'graphiql'),
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
    routerSecret: core.ROUTER_SECRET,
    routerSecretPrevious: core.ROUTER_SECRET_PREVIOUS,
    metricsPort: core.METRICS_PORT < 0 ? undefined : core.METRICS_PORT,
    introspection: core.INTROSPECTION,
    corsOrigins: core.CORS_ORIGINS,
    vendorTimeoutMs: core.VENDOR_TIMEOUT_MS,
    vendorMaxConnections: core.VENDOR_MAX_CONNECTIONS,
    vendorQueueLimit: core.VENDOR_QUEUE_LIMIT,
    shutdownGraceMs: core.SHUTDOWN_GRACE_MS,
    landingPage: core.LANDING_PAGE,
  };
}
