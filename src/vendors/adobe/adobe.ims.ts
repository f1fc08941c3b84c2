import { VendorHttpClient } from '../../http/vendor-http';
import { VendorCallError } from '../../http/vendor-call-error';
import { ShapeChecker } from '../shape';

/** The integration's credentials: `X-Api-Key` and the IMS client-credentials pair. */
export interface AdobeCredentials {
  apiKey: string;
  clientId: string;
  clientSecret: string;
}

const VENDOR = 'Adobe';
const ROUTE = 'POST /ims/token/v3';
/** Metascope of the partner API [I: named in Adobe's onboarding pages, not in the API reference]. */
const SCOPE = 'openid,AdobeID,ent_partners_sdk';
/** Tokens go into a header: printable ASCII without spaces only. */
const TOKEN = /^[\x21-\x7e]{1,4096}$/;

/**
 * Adobe IMS server-to-server tokens: fetched with the client-credentials grant, cached until shortly before they
 * expire, shared by concurrent callers (one token request in flight at a time). It does not know when Adobe
 * revokes a token early: the adapter calls `invalidate` on a 401 and asks again.
 */
export class AdobeTokenSource {
  private cached: { token: string; renewAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly ims: VendorHttpClient,
    private readonly credentials: AdobeCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token that was valid when last checked. */
  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return this.cached.token;
    this.inFlight ??= this.fetch().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Forgets `token` if it is the cached one, so that the next `token()` asks IMS again. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetch(): Promise<string> {
    const res = await this.ims.request({
      method: 'POST',
      path: '/token/v3',
      route: ROUTE,
      form: { grant_type: 'client_credentials', client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret, scope: SCOPE },
      // Asking for a token twice changes nothing at IMS.
      idempotent: true,
    });
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      // Wrong credentials are a configuration fault, never something a shopper can fix, nor a retry.
      throw new VendorCallError('auth_failed', VENDOR, ROUTE, false, `IMS refused the client credentials (HTTP ${res.status})`, res.status, [
        'ADOBE_CLIENT_ID',
        'ADOBE_CLIENT_SECRET',
        'ADOBE_IMS_URL',
      ]);
    }
    if (res.status !== 200) {
      throw new VendorCallError('unavailable', VENDOR, ROUTE, false, `IMS answered HTTP ${res.status} to the token request`, res.status);
    }
    const check = new ShapeChecker(VENDOR, ROUTE);
    const body = check.object(res.body, 'body');
    const token = check.string(body.access_token, 'access_token');
    if (!TOKEN.test(token)) check.fail('access_token', 'a header-safe token');
    const expiresIn = check.integer(body.expires_in, 'expires_in');
    // Renew early: a tenth of the lifetime, at most five minutes, so that no call leaves with a dying token.
    const margin = Math.min(300, Math.floor(expiresIn / 10));
    this.cached = { token, renewAt: this.now() + (expiresIn - margin) * 1000 };
    return token;
  }
}
