import { VendorCallScope, VendorHttpClient, VendorResponse } from '../../http/vendor-http';
import { VendorCallError } from '../../http/vendor-call-error';
import { ShapeChecker } from '../shape';

/** A bearer token and how long the issuer says it lives. */
export interface TokenGrant {
  token: string;
  expiresInSeconds: number;
}

/** How a token source asks for a token, and how early it renews one. */
export interface TokenSourceOptions {
  /** Asks the issuer for a new token, on behalf of the request that needed it. Never logs or throws the credentials. */
  fetch(scope?: VendorCallScope): Promise<TokenGrant>;
  /** Renew this many seconds before expiry at most (a tenth of the lifetime when that is shorter). */
  maxMarginSeconds: number;
  now?: () => number;
}

/** Tokens go into a header: printable ASCII without spaces only. */
const HEADER_SAFE_TOKEN = /^[\x21-\x7e]{1,4096}$/;

/**
 * A vendor's bearer token, shared by every call of one adapter: cached until shortly before it expires (a tenth of
 * its lifetime, at most `maxMarginSeconds`), fetched by one request at a time however many callers wait for it, and
 * renewed once when the vendor answers 401. It does not retry a failed fetch: the next call asks again.
 */
export class TokenSource {
  private cached?: { token: string; renewAt: number };
  private inFlight?: Promise<string>;
  private readonly now: () => number;

  constructor(private readonly options: TokenSourceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A token believed valid: the cached one, the fetch in flight, or a new fetch made for `scope`'s request. */
  token(scope?: VendorCallScope): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return Promise.resolve(this.cached.token);
    this.inFlight ??= this.fetch(scope).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /**
   * Forgets a token the vendor refused. Only that token is dropped: when another caller has already renewed it, the
   * new one stays and no second fetch happens.
   */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  /**
   * Sends a call with a token; when the vendor answers 401, renews the token once and sends once more, answering
   * whatever that second attempt gets. A 401 means the vendor did not act on the call, so even a write is safe to
   * send again.
   */
  async send<R extends Pick<VendorResponse, 'status'>>(call: (token: string) => Promise<R>, scope?: VendorCallScope): Promise<R> {
    const token = await this.token(scope);
    const first = await call(token);
    if (first.status !== 401) return first;
    this.invalidate(token);
    return call(await this.token(scope));
  }

  private async fetch(scope?: VendorCallScope): Promise<string> {
    const grant = await this.options.fetch(scope);
    const margin = Math.min(this.options.maxMarginSeconds, Math.floor(grant.expiresInSeconds / 10));
    this.cached = { token: grant.token, renewAt: this.now() + (grant.expiresInSeconds - margin) * 1000 };
    return grant.token;
  }
}

/** A token endpoint that takes a form POST and answers `{ access_token, expires_in }` (OAuth 2 style). */
export interface FormTokenEndpoint {
  http: VendorHttpClient;
  vendor: string;
  path: string;
  /** The route name for logs and metrics, e.g. `POST /ims/token/v3`. */
  route: string;
  form: Record<string, string>;
  /** Lifetime assumed when the answer has no `expires_in`; when unset, `expires_in` is required. */
  defaultTtlSeconds?: number;
  /** Extra words for the log line when the issuer refuses (a vendor error code), never the credentials. */
  describeRefusal?: (res: VendorResponse) => string;
  /** The variables that hold the credentials, named (never their values) when the issuer refuses them. */
  credentialVariables?: readonly string[];
}

/**
 * Fetches a token from a form endpoint. Asking twice only issues another token, so the HTTP client may retry it on a
 * fault. Refused credentials (400, 401, 403) are `auth_failed`, a configuration fault naming `credentialVariables`;
 * any other failure is `unavailable`.
 */
export async function fetchFormToken(endpoint: FormTokenEndpoint, scope?: VendorCallScope): Promise<TokenGrant> {
  const { http, vendor, route } = endpoint;
  // A token grant orders nothing and changes no cart or order: not a write for the audit trail.
  const res = await http.request({ method: 'POST', path: endpoint.path, route, form: endpoint.form, idempotent: true, onlyReads: true, scope });
  const more = endpoint.describeRefusal ? ` ${endpoint.describeRefusal(res)}` : '';
  if (res.status === 400 || res.status === 401 || res.status === 403) {
    // Wrong credentials: a configuration fault of this subgraph, which neither the caller nor a retry can fix.
    throw new VendorCallError('auth_failed', vendor, route, false, `token refused: HTTP ${res.status}${more}`, res.status, endpoint.credentialVariables ?? []);
  }
  if (res.status !== 200) throw new VendorCallError('unavailable', vendor, route, false, `token request failed: HTTP ${res.status}${more}`, res.status);
  const check = new ShapeChecker(vendor, route);
  const body = check.object(res.body, 'token');
  const token = check.string(body.access_token, 'token.access_token');
  if (!HEADER_SAFE_TOKEN.test(token)) check.fail('token.access_token', 'a token that fits in a header');
  const expiresInSeconds = check.integer(body.expires_in, 'token.expires_in', endpoint.defaultTtlSeconds);
  return { token, expiresInSeconds };
}
