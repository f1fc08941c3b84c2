import { attModule } from '../../../src/vendors/att/att.module';
import { parseEnv } from '../../../src/common/env-schema';

const BASE = { ATT_BASE_URL: 'https://partner.example.com/omni-svcs/v1', ATT_ORDERS_BASE_URL: 'https://orders.example.com/omni-svcs/v1' };

describe('AT&T settings', () => {
  it('ATT_AUTH defaults to none outside production; production must set it explicitly', () => {
    expect(parseEnv(attModule.settings, { ...BASE, NODE_ENV: 'development' })).toMatchObject({ authConfig: { kind: 'none' } });
    expect(() => parseEnv(attModule.settings, { ...BASE, NODE_ENV: 'production' })).toThrow(/ATT_AUTH must be set in production/);
    expect(parseEnv(attModule.settings, { ...BASE, NODE_ENV: 'production', ATT_AUTH: 'none' })).toMatchObject({ authConfig: { kind: 'none' } });
  });

  it('each scheme requires its own variables', () => {
    expect(() => parseEnv(attModule.settings, { ...BASE, ATT_AUTH: 'client_credentials', ATT_CLIENT_ID: 'id', ATT_CLIENT_SECRET: 's' })).toThrow(
      /ATT_TOKEN_URL is required/,
    );
    expect(() => parseEnv(attModule.settings, { ...BASE, ATT_AUTH: 'basic', ATT_USERNAME: 'u' })).toThrow(/ATT_PASSWORD is required/);
    expect(() => parseEnv(attModule.settings, { ...BASE, ATT_AUTH: 'api_key', ATT_API_KEY: 'k' })).toThrow(/ATT_API_KEY_HEADER is required/);
    expect(() => parseEnv(attModule.settings, { ...BASE, ATT_AUTH: 'kerberos' })).toThrow(/ATT_AUTH/);
  });

  it('assumption switches and orders-query header values are off / documented defaults unless set', () => {
    expect(parseEnv(attModule.settings, BASE)).toMatchObject({
      serviceType: 'FIBER',
      topics: 'ORDER_STATUS',
      assume: { itemQuantity: false, itemRemoval: false, listOrdersByAccount: false },
    });
    expect(parseEnv(attModule.settings, { ...BASE, ATT_LIST_ORDERS_BY_ACCOUNT: 'true', ATT_SERVICE_TYPE: 'WIRELESS' })).toMatchObject({
      serviceType: 'WIRELESS',
      assume: { listOrdersByAccount: true },
    });
  });
});
