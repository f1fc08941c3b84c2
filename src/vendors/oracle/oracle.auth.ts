import { VendorHttpClient } from '../../http/vendor-http';
import { VendorCallError } from '../../http/vendor-call-error';
import { ShapeChecker } from '../shape';
import { oracleErrorCodes } from './oracle.errors';

/** The agent user the adapter logs in as. Never logged, never put in an error. */
export interface OracleCredentials {
  username: string;
  password: string;
}

const VENDOR = 'Oracle';
const ROUTE = 'POST /ccagent/v1/login';
/** Token lifetime assumed when the login answer has no `expires_in` (Oracle's documented example has none) [I]. */
const DEFAULT_TTL_SECONDS = 300;
/** Renew this long before the token expires, so that a call never leaves with a token about to lapse. */
const MAX_MARGIN_SECONDS = 60;

/**
 * The agent's bearer token: obtained with `POST /ccagent/v1/login`, form `grant_type=password&username&password`
 * [I: Oracle documents this grant for shoppers and admins; the agent login follows the same pattern], cached for
 * `expires_in` less a margin, and shared: concurrent callers wait on one login in flight. It guarantees at most one
 * login at a time; it does not retry a failed login (the next call tries again).
 */
export class OracleTokenSource {
  private cached?: { token: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly http: VendorHttpClient,
    private readonly credentials: OracleCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token believed valid: the cached one, the login in flight, or a new login. */
  token(): Promise<string> {
    if (this.cached && this.now() < this.cached.expiresAt) return Promise.resolve(this.cached.token);
    this.pending ??= this.login().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /**
   * Forgets a token Oracle refused. Only the token that failed is dropped: when another caller has already renewed
   * it, the new token stays and no second login happens.
   */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async login(): Promise<string> {
    // Repeating a login does no harm (it only issues another token), so the client may retry it on a fault.
    const res = await this.http.request({
      method: 'POST',
      path: '/ccagent/v1/login',
      route: ROUTE,
      form: { grant_type: 'password', username: this.credentials.username, password: this.credentials.password },
      idempotent: true,
    });
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      // Wrong credentials are a configuration fault of this subgraph, not something the caller (or a retry) can fix.
      throw new VendorCallError('auth_failed', VENDOR, ROUTE, false, `login refused: HTTP ${res.status} errorCode ${oracleErrorCodes(res)}`, res.status, [
        'ORACLE_USERNAME',
        'ORACLE_PASSWORD',
      ]);
    }
    if (res.status !== 200) {
      throw new VendorCallError('unavailable', VENDOR, ROUTE, false, `login failed: HTTP ${res.status} errorCode ${oracleErrorCodes(res)}`, res.status);
    }
    const check = new ShapeChecker(VENDOR, ROUTE);
    const body = check.object(res.body, 'login');
    const token = check.string(body.access_token, 'login.access_token');
    if (!/^[\x21-\x7e]{1,4096}$/.test(token)) check.fail('login.access_token', 'a token that fits in a header');
    const ttl = check.integer(body.expires_in, 'login.expires_in', DEFAULT_TTL_SECONDS);
    const margin = Math.min(MAX_MARGIN_SECONDS, Math.floor(ttl / 10));
    this.cached = { token, expiresAt: this.now() + (ttl - margin) * 1000 };
    return token;
  }
}
