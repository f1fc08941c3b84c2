import { VendorHttpClient, VendorHttpOptions } from '../../http/vendor-http';
import { VendorCallError } from '../../http/vendor-call-error';

/**
 * How the subgraph authenticates to AT&T (`ATT_AUTH`). The partner docs do not say [U: README §1.2 "Auth for
 * partner.att.com"], so it is configuration: none, an OAuth2 client-credentials token, HTTP Basic, or an API key in a
 * named header.
 */
export type AttAuth =
  | { kind: 'none' }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'api_key'; header: string; key: string }
  | { kind: 'client_credentials'; tokens: AttTokenSource };

/** Renew a token this long before the vendor says it expires. */
const EARLY_RENEWAL_MS = 30_000;

/**
 * OAuth2 client-credentials tokens from `ATT_TOKEN_URL`, cached until shortly before they expire; concurrent callers
 * share one fetch. The secret is sent only to the token URL and never logged.
 */
export class AttTokenSource {
  private token?: { value: string; expiresAt: number };
  private pending?: Promise<string>;
  private readonly http: VendorHttpClient;
  private readonly path: string;

  constructor(
    tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    http: Omit<VendorHttpOptions, 'vendor' | 'baseUrl'>,
  ) {
    const url = new URL(tokenUrl);
    this.path = `${url.pathname}${url.search}`;
    this.http = new VendorHttpClient({ ...http, vendor: 'AT&T', baseUrl: url.origin });
  }

  /** A live token, fetched when there is none. */
  async get(): Promise<string> {
    if (this.token && Date.now() < this.token.expiresAt) return this.token.value;
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forgets the cached token (after the vendor answered 401 to it). */
  invalidate(): void {
    this.token = undefined;
  }

  private async fetch(): Promise<string> {
    const route = 'POST {ATT_TOKEN_URL}';
    const res = await this.http.request({
      method: 'POST',
      path: this.path,
      route,
      form: { grant_type: 'client_credentials', client_id: this.clientId, client_secret: this.clientSecret },
      idempotent: true,
    });
    const body = res.body as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (res.status !== 200 || typeof body?.access_token !== 'string' || body.access_token.length === 0) {
      throw new VendorCallError(
        res.status === 401 || res.status === 403 ? 'unavailable' : 'bad_response',
        'AT&T',
        route,
        false,
        `token answer ${res.status}`,
        res.status,
      );
    }
    const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300;
    this.token = { value: body.access_token, expiresAt: Date.now() + Math.max(0, seconds * 1000 - EARLY_RENEWAL_MS) };
    return body.access_token;
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

/** The headers that carry the configured credential on every AT&T call. */
export async function attAuthHeaders(auth: AttAuth): Promise<Record<string, string>> {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
    case 'api_key':
      return { [auth.header]: auth.key };
    case 'client_credentials':
      return { authorization: `Bearer ${await auth.tokens.get()}` };
  }
}
