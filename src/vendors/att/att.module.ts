import { z } from 'zod';
import { headerTextVar, requireVar, urlVar } from '../../common/env-schema';
import { defineVendorModule } from '../vendor-module';
import { ATT_EXAMPLES } from './att.examples';
import { AttAdapter } from './att.adapter';
import { ATT } from './att.vendor';

const DAY_MS = 24 * 3600 * 1000;

/**
 * AT&T: the partner cart API at `ATT_BASE_URL`, and the orders query, which the docs put on another host, at
 * `ATT_ORDERS_BASE_URL`. Both are required once AT&T is enabled; neither falls back to the other.
 */
export const attModule = defineVendorModule({
  declaration: ATT,
  settings: z
    .object({ ATT_BASE_URL: urlVar(), ATT_ORDERS_BASE_URL: urlVar(), ATT_APP_NAME: headerTextVar('orders-subgraph') })
    .superRefine((env, ctx) => {
      requireVar(ctx, env.ATT_BASE_URL, 'ATT_BASE_URL', '(the AT&T partner API base URL), or leave ATT out of VENDORS');
      requireVar(ctx, env.ATT_ORDERS_BASE_URL, 'ATT_ORDERS_BASE_URL', '(the AT&T orders query host) when AT&T is enabled');
    })
    .transform((env) => ({ baseUrl: env.ATT_BASE_URL!, ordersBaseUrl: env.ATT_ORDERS_BASE_URL!, appName: env.ATT_APP_NAME })),
  idempotencyTtlMs: DAY_MS,
  examples: ATT_EXAMPLES,
  createAdapter: (settings, { http }) => new AttAdapter({ ...settings, http }),
});
