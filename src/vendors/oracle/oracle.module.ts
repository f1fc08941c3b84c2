import { z } from 'zod';
import { headerTextVar, requireVar, secretVar, urlVar } from '../../common/env-schema';
import { defineVendorModule } from '../vendor-module';
import { ORACLE_EXAMPLES } from './oracle.examples';
import { OracleAdapter } from './oracle.adapter';
import { ORACLE } from './oracle.vendor';

const DAY_MS = 24 * 3600 * 1000;

/** Oracle Commerce: the instance at `ORACLE_BASE_URL` and the agent user `ORACLE_USERNAME` / `ORACLE_PASSWORD`. */
export const oracleModule = defineVendorModule({
  declaration: ORACLE,
  settings: z
    .object({ ORACLE_BASE_URL: urlVar(), ORACLE_USERNAME: headerTextVar(), ORACLE_PASSWORD: secretVar() })
    .superRefine((env, ctx) => {
      requireVar(ctx, env.ORACLE_BASE_URL, 'ORACLE_BASE_URL', '(the Oracle Commerce instance origin), or leave ORACLE out of VENDORS');
      requireVar(ctx, env.ORACLE_USERNAME, 'ORACLE_USERNAME', 'when Oracle Commerce is enabled (the agent user)');
      requireVar(ctx, env.ORACLE_PASSWORD, 'ORACLE_PASSWORD', 'when Oracle Commerce is enabled (the agent user)');
    })
    .transform((env) => ({ baseUrl: env.ORACLE_BASE_URL!, credentials: { username: env.ORACLE_USERNAME, password: env.ORACLE_PASSWORD } })),
  idempotencyTtlMs: DAY_MS,
  // The agent API's site and B2B organization headers.
  requestHeaders: ['x-ccsite', 'x-ccorganization'],
  examples: ORACLE_EXAMPLES,
  createAdapter: (settings, { http }) => new OracleAdapter({ ...settings, http }),
});
