import { z } from 'zod';
import { boolVar, headerTextVar, requireVar, secretVar, urlVar } from '../../common/env-schema';
import { defineVendorModule } from '../vendor-module';
import { ATT_EXAMPLES } from './att.examples';
import { ATT_REQUESTS } from './att.requests';
import { AttAdapter } from './att.adapter';
import { AttAuth, AttTokenSource } from './att.auth';
import { ATT } from './att.vendor';

const DAY_MS = 24 * 3600 * 1000;
/** Cart and submit records outlive idempotency records (one day) and the customer index of carts. */
const RECORD_TTL_MS = 90 * DAY_MS;
const AUTH_KINDS = ['none', 'client_credentials', 'basic', 'api_key'] as const;

/**
 * AT&T: the partner cart API at `ATT_BASE_URL`, and the orders query, which the docs put on another host, at
 * `ATT_ORDERS_BASE_URL`. Both are required once AT&T is enabled; neither falls back to the other. `ATT_AUTH` picks the
 * credential (the partner docs do not say which); in production it must be set, even to `none`. The `ATT_ASSUME_*`
 * and `ATT_LIST_ORDERS_BY_ACCOUNT` switches turn on calls and fields no partner doc shows; all are off by default.
 */
export const attModule = defineVendorModule({
  declaration: ATT,
  settings: z
    .object({
      NODE_ENV: z.string().optional(),
      ATT_BASE_URL: urlVar(),
      ATT_ORDERS_BASE_URL: urlVar(),
      ATT_APP_NAME: headerTextVar('orders-subgraph'),
      ATT_SERVICE_TYPE: headerTextVar('FIBER'),
      ATT_TOPICS: headerTextVar('ORDER_STATUS'),
      ATT_AUTH: z.enum(AUTH_KINDS).optional(),
      ATT_TOKEN_URL: urlVar(),
      ATT_CLIENT_ID: headerTextVar(),
      ATT_CLIENT_SECRET: secretVar(),
      ATT_USERNAME: headerTextVar(),
      ATT_PASSWORD: secretVar(),
      ATT_API_KEY: headerTextVar(),
      ATT_API_KEY_HEADER: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name (letters, digits, -)')
        .optional(),
      ATT_ASSUME_ITEM_QUANTITY: boolVar(false),
      ATT_ASSUME_ITEM_REMOVAL: boolVar(false),
      ATT_LIST_ORDERS_BY_ACCOUNT: boolVar(false),
      ATT_ASSUME_ID_PATTERNS: boolVar(false),
    })
    .superRefine((env, ctx) => {
      requireVar(ctx, env.ATT_BASE_URL, 'ATT_BASE_URL', '(the AT&T partner API base URL), or leave ATT out of VENDORS');
      requireVar(ctx, env.ATT_ORDERS_BASE_URL, 'ATT_ORDERS_BASE_URL', '(the AT&T orders query host) when AT&T is enabled');
      if (env.NODE_ENV === 'production' && env.ATT_AUTH === undefined) {
        ctx.addIssue({ code: 'custom', path: ['ATT_AUTH'], message: 'must be set in production (none, client_credentials, basic or api_key)' });
      }
      if (env.ATT_AUTH === 'client_credentials') {
        requireVar(ctx, env.ATT_TOKEN_URL, 'ATT_TOKEN_URL', 'with ATT_AUTH=client_credentials');
        requireVar(ctx, env.ATT_CLIENT_ID, 'ATT_CLIENT_ID', 'with ATT_AUTH=client_credentials');
        requireVar(ctx, env.ATT_CLIENT_SECRET, 'ATT_CLIENT_SECRET', 'with ATT_AUTH=client_credentials');
      }
      if (env.ATT_AUTH === 'basic') {
        requireVar(ctx, env.ATT_USERNAME, 'ATT_USERNAME', 'with ATT_AUTH=basic');
        requireVar(ctx, env.ATT_PASSWORD, 'ATT_PASSWORD', 'with ATT_AUTH=basic');
      }
      if (env.ATT_AUTH === 'api_key') {
        requireVar(ctx, env.ATT_API_KEY, 'ATT_API_KEY', 'with ATT_AUTH=api_key');
        requireVar(ctx, env.ATT_API_KEY_HEADER, 'ATT_API_KEY_HEADER', 'with ATT_AUTH=api_key');
      }
    })
    .transform((env) => ({
      baseUrl: env.ATT_BASE_URL!,
      ordersBaseUrl: env.ATT_ORDERS_BASE_URL!,
      appName: env.ATT_APP_NAME,
      serviceType: env.ATT_SERVICE_TYPE,
      topics: env.ATT_TOPICS,
      authConfig: {
        kind: env.ATT_AUTH ?? 'none',
        tokenUrl: env.ATT_TOKEN_URL ?? '',
        clientId: env.ATT_CLIENT_ID,
        clientSecret: env.ATT_CLIENT_SECRET,
        username: env.ATT_USERNAME,
        password: env.ATT_PASSWORD,
        apiKey: env.ATT_API_KEY,
        apiKeyHeader: env.ATT_API_KEY_HEADER ?? '',
      },
      assume: {
        itemQuantity: env.ATT_ASSUME_ITEM_QUANTITY,
        itemRemoval: env.ATT_ASSUME_ITEM_REMOVAL,
        listOrdersByAccount: env.ATT_LIST_ORDERS_BY_ACCOUNT,
        idPatterns: env.ATT_ASSUME_ID_PATTERNS,
      },
    })),
  requestTable: ATT_REQUESTS,
  docsName: 'att',
  idempotencyTtlMs: DAY_MS,
  examples: ATT_EXAMPLES,
  createAdapter: ({ authConfig: a, ...settings }, { http, store }) => {
    const auth: AttAuth =
      a.kind === 'client_credentials'
        ? { kind: 'client_credentials', tokens: new AttTokenSource(a.tokenUrl, a.clientId, a.clientSecret, http) }
        : a.kind === 'basic'
          ? { kind: 'basic', username: a.username, password: a.password }
          : a.kind === 'api_key'
            ? { kind: 'api_key', header: a.apiKeyHeader, key: a.apiKey }
            : { kind: 'none' };
    return new AttAdapter({ ...settings, auth, http, store, recordTtlMs: RECORD_TTL_MS });
  },
});
