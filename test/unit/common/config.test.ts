import { ConfigError, loadConfig } from '../../../src/config';

describe('configuration', () => {
  it('has working defaults: port 4001, simulators for every vendor, memory store', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4001);
    expect(config.att.baseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['ATT_BASE_URL', 'not a url'],
    ['ATT_BASE_URL', 'ftp://vendor.example'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['INTROSPECTION', 'maybe'],
    ['CORS_ORIGINS', '*'],
    ['CORS_ORIGINS', 'https://app.example.com/path'],
    ['VENDOR_TIMEOUT_MS', '5'],
    ['LOG_LEVEL', 'loud'],
    ['ROUTER_SECRET', 'short'],
    ['ATT_APP_NAME', 'bad\r\nheader'],
    ['ORACLE_USERNAME', ''],
    ['ADOBE_CLIENT_ID', ''],
  ])('%s=%j stops the boot with a line naming it', (name, value) => {
    // Vendor credentials are only required once that vendor's base URL points at the real vendor.
    const env = { ORACLE_BASE_URL: 'https://shop.example.com', ORACLE_USERNAME: 'agent', ORACLE_PASSWORD: 'secret', ADOBE_BASE_URL: 'https://partners.example.com', ADOBE_CLIENT_ID: 'id', ADOBE_CLIENT_SECRET: 'secret', [name]: value };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });
});
