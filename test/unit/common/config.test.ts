import { ConfigError, loadConfig } from '../../../src/config';

describe('configuration', () => {
  const VENDOR_ENV = {
    ATT_BASE_URL: 'https://partner.example.com/omni-svcs/v1',
    ATT_ORDERS_BASE_URL: 'https://orders.example.com/omni-svcs/v1',
    ORACLE_BASE_URL: 'https://shop.example.com',
    ORACLE_USERNAME: 'agent',
    ORACLE_PASSWORD: 'secret',
    ADOBE_BASE_URL: 'https://partners.example.com',
    ADOBE_CLIENT_ID: 'id',
    ADOBE_CLIENT_SECRET: 'secret',
  };

  it('has working defaults: port 4001, every vendor, memory store', () => {
    const config = loadConfig(VENDOR_ENV);
    expect(config.port).toBe(4001);
    expect(config.vendors.map((v) => v.module.declaration.id)).toEqual(['ATT', 'ORACLE', 'ADOBE']);
    expect(config.redisUrl).toBeUndefined();
    expect(config.introspection).toBe(true);
    expect(loadConfig({ ...VENDOR_ENV, NODE_ENV: 'production', ALLOW_NO_ROUTER_SECRET: 'true' }).introspection).toBe(false);
  });

  it('production needs ROUTER_SECRET unless ALLOW_NO_ROUTER_SECRET=true; ROUTER_SECRET_PREVIOUS is accepted beside it', () => {
    expect(() => loadConfig({ ...VENDOR_ENV, NODE_ENV: 'production' })).toThrow(/^Invalid configuration: ROUTER_SECRET must be set in production/);
    expect(loadConfig({ ...VENDOR_ENV, NODE_ENV: 'production', ALLOW_NO_ROUTER_SECRET: 'true' }).routerSecret).toBeUndefined();
    const rotating = loadConfig({
      ...VENDOR_ENV,
      NODE_ENV: 'production',
      ROUTER_SECRET: 'new-secret-0123456789',
      ROUTER_SECRET_PREVIOUS: 'old-secret-0123456789',
    });
    expect([rotating.routerSecret, rotating.routerSecretPrevious]).toEqual(['new-secret-0123456789', 'old-secret-0123456789']);
    expect(() => loadConfig({ ...VENDOR_ENV, ROUTER_SECRET_PREVIOUS: 'old-secret-0123456789' })).toThrow(/^Invalid configuration: ROUTER_SECRET_PREVIOUS /);
    expect(loadConfig({ ...VENDOR_ENV, METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(loadConfig(VENDOR_ENV).metricsPort).toBeUndefined();
  });

  it.each(['ATT_BASE_URL', 'ATT_ORDERS_BASE_URL', 'ORACLE_BASE_URL', 'ORACLE_PASSWORD', 'ADOBE_BASE_URL', 'ADOBE_CLIENT_SECRET'])(
    'an enabled vendor without %s is refused at boot, whatever NODE_ENV is',
    (name) => {
      for (const NODE_ENV of ['development', 'production', 'test']) {
        expect(() => loadConfig({ ...VENDOR_ENV, NODE_ENV, [name]: '' })).toThrow(new RegExp(`^Invalid configuration: ${name} is required`));
      }
    },
  );

  it('a vendor left out of VENDORS needs no configuration; an unknown one is refused', () => {
    const config = loadConfig({ VENDORS: 'oracle', ORACLE_BASE_URL: 'https://shop.example.com', ORACLE_USERNAME: 'a', ORACLE_PASSWORD: 'b' });
    expect(config.vendors.map((v) => v.module.declaration.id)).toEqual(['ORACLE']);
    expect(() => loadConfig({ VENDORS: 'ORACLE,SHOPIFY' })).toThrow(/^Invalid configuration: VENDORS holds "SHOPIFY"/);
  });

  it('AT&T orders host never falls back to the cart API host', () => {
    const settings = loadConfig(VENDOR_ENV).vendors[0].settings as { baseUrl: string; ordersBaseUrl: string };
    expect(settings.ordersBaseUrl).toBe(VENDOR_ENV.ATT_ORDERS_BASE_URL);
    expect(settings.baseUrl).toBe(VENDOR_ENV.ATT_BASE_URL);
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
    ['ROUTER_SECRET_PREVIOUS', 'short'],
    ['ALLOW_NO_ROUTER_SECRET', 'perhaps'],
    ['METRICS_PORT', 'nine'],
    ['ATT_APP_NAME', 'bad\r\nheader'],
    ['ORACLE_USERNAME', ''],
    ['ADOBE_CLIENT_ID', ''],
  ])('%s=%j stops the boot with a line naming it', (name, value) => {
    // Vendor credentials are only required once that vendor's base URL points at the real vendor.
    const env = { ...VENDOR_ENV, [name]: value };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });
});
