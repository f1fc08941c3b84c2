import { z } from 'zod';
import { boolVar, headerTextVar, requireVar, secretVar, urlVar } from '../../common/env-schema';
import { defineVendorModule } from '../vendor-module';
import { ORACLE_EXAMPLES } from './oracle.examples';
import { ORACLE_REQUESTS } from './oracle.requests';
import { OracleAdapter } from './oracle.adapter';
import { ORACLE } from './oracle.vendor';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Oracle Commerce: the instance at `ORACLE_BASE_URL` and the agent user `ORACLE_USERNAME` / `ORACLE_PASSWORD`.
 * `ORACLE_LIST_ORDERS_QUERY` (off) lists orders with the undocumented agent list call instead of the own index.
 */
export const oracleModule = defineVendorModule({
  declaration: ORACLE,
  settings: z
    .object({
      ORACLE_BASE_URL: urlVar(),
      ORACLE_USERNAME: headerTextVar(),
      ORACLE_PASSWORD: secretVar(),
      ORACLE_LIST_ORDERS_QUERY: boolVar(false),
      ORACLE_ASSUME_ID_PATTERNS: boolVar(false),
    })
    .superRefine((env, ctx) => {
      requireVar(ctx, env.ORACLE_BASE_URL, 'ORACLE_BASE_URL', '(the Oracle Commerce instance origin), or leave ORACLE out of VENDORS');
      requireVar(ctx, env.ORACLE_USERNAME, 'ORACLE_USERNAME', 'when Oracle Commerce is enabled (the agent user)');
      requireVar(ctx, env.ORACLE_PASSWORD, 'ORACLE_PASSWORD', 'when Oracle Commerce is enabled (the agent user)');
    })
    .transform((env) => ({
      baseUrl: env.ORACLE_BASE_URL!,
      credentials: { username: env.ORACLE_USERNAME, password: env.ORACLE_PASSWORD },
      listOrdersQuery: env.ORACLE_LIST_ORDERS_QUERY,
      assumeIdPatterns: env.ORACLE_ASSUME_ID_PATTERNS,
    })),
  requestTable: ORACLE_REQUESTS,
  docsName: 'oracle',
  idempotencyTtlMs: DAY_MS,
  // The agent API's site and B2B organization headers.
  requestHeaders: ['x-ccsite', 'x-ccorganization'],
  examples: ORACLE_EXAMPLES,
  createAdapter: (settings, { http, store }) => new OracleAdapter({ ...settings, http, store, indexTtlMs: 90 * DAY_MS }),
});
