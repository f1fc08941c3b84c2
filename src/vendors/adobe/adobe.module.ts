import { z } from 'zod';
import { boolVar, headerTextVar, requireVar, secretVar, urlVar } from '../../common/env-schema';
import { defineVendorModule } from '../vendor-module';
import { ADOBE_EXAMPLES } from './adobe.examples';
import { ADOBE_REQUESTS } from './adobe.requests';
import { AdobeAdapter } from './adobe.adapter';
import { ADOBE } from './adobe.vendor';

/** Production IMS, with the `/ims` path the token endpoint lives under. */
const DEFAULT_IMS_URL = 'https://ims-na1.adobelogin.com/ims';
/** Adobe replays an `X-Correlation-Id` for 10 days; our records live as long. */
const TEN_DAYS_MS = 10 * 24 * 3600 * 1000;

/** IMS URLs are given with or without their `/ims` path (`https://ims-na1.adobelogin.com` is the host Adobe names). */
function imsBase(url: string): string {
  return /\/ims$/.test(url) ? url : `${url}/ims`;
}

/**
 * Adobe VIP Marketplace: the partner API at `ADOBE_BASE_URL`, IMS at `ADOBE_IMS_URL` (production IMS when unset),
 * the integration's client credentials and `X-Api-Key` (the client id unless `ADOBE_API_KEY` is set). Draft carts
 * live in the app's Store.
 */
export const adobeModule = defineVendorModule({
  declaration: ADOBE,
  settings: z
    .object({
      ADOBE_BASE_URL: urlVar(),
      ADOBE_IMS_URL: urlVar(),
      ADOBE_API_KEY: headerTextVar(),
      ADOBE_CLIENT_ID: headerTextVar(),
      ADOBE_CLIENT_SECRET: secretVar(),
      ADOBE_ASSUME_ID_PATTERNS: boolVar(false),
    })
    .superRefine((env, ctx) => {
      requireVar(ctx, env.ADOBE_BASE_URL, 'ADOBE_BASE_URL', '(the VIP Marketplace partner API base URL), or leave ADOBE out of VENDORS');
      requireVar(ctx, env.ADOBE_CLIENT_ID, 'ADOBE_CLIENT_ID', 'when Adobe is enabled (the IMS integration)');
      requireVar(ctx, env.ADOBE_CLIENT_SECRET, 'ADOBE_CLIENT_SECRET', 'when Adobe is enabled (the IMS integration)');
    })
    .transform((env) => ({
      baseUrl: env.ADOBE_BASE_URL!,
      imsUrl: imsBase(env.ADOBE_IMS_URL ?? DEFAULT_IMS_URL),
      credentials: { apiKey: env.ADOBE_API_KEY || env.ADOBE_CLIENT_ID, clientId: env.ADOBE_CLIENT_ID, clientSecret: env.ADOBE_CLIENT_SECRET },
      assumeIdPatterns: env.ADOBE_ASSUME_ID_PATTERNS,
    })),
  requestTable: ADOBE_REQUESTS,
  docsName: 'adobe',
  idempotencyTtlMs: TEN_DAYS_MS,
  examples: ADOBE_EXAMPLES,
  createAdapter: (settings, { http, store }) => new AdobeAdapter({ ...settings, http, store }),
});
