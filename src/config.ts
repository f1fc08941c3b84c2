/** Validated configuration, read once at boot from the environment variables that DESIGN.md names. */
export interface Config {
  port: number;
  nodeEnv: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  att: { baseUrl?: string; ordersBaseUrl?: string; appName: string };
  oracle: { baseUrl?: string; username: string; password: string };
  adobe: { baseUrl?: string; imsUrl?: string; apiKey: string; clientId: string; clientSecret: string };
  redisUrl?: string;
  routerSecret?: string;
  introspection: boolean;
  corsOrigins: string[];
  vendorTimeoutMs: number;
  /** Keep-alive connections per vendor origin. */
  vendorMaxConnections: number;
  /** Vendor calls that may wait for a connection before new ones are refused. */
  vendorQueueLimit: number;
  shutdownGraceMs: number;
}

/** A configuration value that stops the process at boot, with one line naming the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function url(env: Env, name: string, protocols = ['http:', 'https:']): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be an absolute URL');
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must use ${protocols.join(' or ')}`);
  if (parsed.search || parsed.hash) throw new ConfigError(name, 'must not have a query or fragment');
  return raw.replace(/\/+$/, '');
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** Header-safe text: these values are copied into vendor request headers. */
function headerText(env: Env, name: string, fallback: string): string {
  const raw = env[name] ?? fallback;
  if (!/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(raw) && raw !== '') {
    throw new ConfigError(name, 'must be printable ASCII without control characters');
  }
  return raw;
}

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV || 'development';
  const logLevel = (env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info')) as Config['logLevel'];
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', 'must be one of fatal, error, warn, info, debug, trace, silent');
  }
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin === '*') throw new ConfigError('CORS_ORIGINS', 'must list origins, not "*"');
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError('CORS_ORIGINS', `holds "${origin}", which is not an origin such as https://app.example.com`);
    }
    if (parsed.origin !== origin) throw new ConfigError('CORS_ORIGINS', `holds "${origin}", which is not a bare origin`);
  }
  const routerSecret = env.ROUTER_SECRET || undefined;
  if (routerSecret !== undefined && routerSecret.length < 16) throw new ConfigError('ROUTER_SECRET', 'must be at least 16 characters');
  const config: Config = {
    port: int(env, 'PORT', 4001, 0, 65535),
    nodeEnv,
    logLevel,
    att: {
      baseUrl: url(env, 'ATT_BASE_URL'),
      ordersBaseUrl: url(env, 'ATT_ORDERS_BASE_URL'),
      appName: headerText(env, 'ATT_APP_NAME', 'orders-subgraph'),
    },
    oracle: {
      baseUrl: url(env, 'ORACLE_BASE_URL'),
      username: headerText(env, 'ORACLE_USERNAME', ''),
      password: env.ORACLE_PASSWORD ?? '',
    },
    adobe: {
      baseUrl: url(env, 'ADOBE_BASE_URL'),
      imsUrl: url(env, 'ADOBE_IMS_URL'),
      apiKey: headerText(env, 'ADOBE_API_KEY', ''),
      clientId: headerText(env, 'ADOBE_CLIENT_ID', ''),
      clientSecret: env.ADOBE_CLIENT_SECRET ?? '',
    },
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    routerSecret,
    introspection: bool(env, 'INTROSPECTION', nodeEnv !== 'production'),
    corsOrigins,
    vendorTimeoutMs: int(env, 'VENDOR_TIMEOUT_MS', 5000, 100, 120000),
    vendorMaxConnections: int(env, 'VENDOR_MAX_CONNECTIONS', 64, 1, 1024),
    vendorQueueLimit: int(env, 'VENDOR_QUEUE_LIMIT', 1000, 0, 100000),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10000, 0, 300000),
  };
  // A real vendor needs its credentials; the simulators bring their own.
  const required: [string | undefined, string, string][] = [
    [config.oracle.baseUrl, 'ORACLE_USERNAME', config.oracle.username],
    [config.oracle.baseUrl, 'ORACLE_PASSWORD', config.oracle.password],
    [config.adobe.baseUrl, 'ADOBE_CLIENT_ID', config.adobe.clientId],
    [config.adobe.baseUrl, 'ADOBE_CLIENT_SECRET', config.adobe.clientSecret],
  ];
  for (const [baseUrl, name, value] of required) {
    if (baseUrl !== undefined && value === '') throw new ConfigError(name, `is required when ${name.split('_')[0]}_BASE_URL is set`);
  }
  return config;
}
