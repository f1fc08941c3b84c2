import { VendorCallScope, VendorHttpClient, VendorHttpOptions } from '../../http/vendor-http';
import { fetchFormToken, TokenSource } from '../shared/token-source';

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

/**
 * OAuth2 client-credentials tokens from `ATT_TOKEN_URL`, through the shared token source (cached until shortly
 * before they expire, one fetch in flight, renewed once on a 401). The secret is sent only to the token URL and never
 * logged; refused credentials are VENDOR_AUTH_FAILED naming the variables.
 */
export class AttTokenSource {
  private readonly http: VendorHttpClient;
  private readonly source: TokenSource;
  private last?: string;

  constructor(tokenUrl: string, clientId: string, clientSecret: string, http: Omit<VendorHttpOptions, 'vendor' | 'baseUrl'>) {
    const url = new URL(tokenUrl);
    this.http = new VendorHttpClient({ ...http, vendor: 'AT&T', baseUrl: url.origin });
    this.source = new TokenSource({
      maxMarginSeconds: 30,
      fetch: (scope) =>
        fetchFormToken(
          {
            http: this.http,
            vendor: 'AT&T',
            path: `${url.pathname}${url.search}`,
            route: 'POST {ATT_TOKEN_URL}',
            form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
            defaultTtlSeconds: 300,
            credentialVariables: ['ATT_CLIENT_ID', 'ATT_CLIENT_SECRET', 'ATT_TOKEN_URL'],
          },
          scope,
        ),
    });
  }

  /** A live token, fetched (on behalf of `scope`'s request) when there is none. */
  async get(scope?: VendorCallScope): Promise<string> {
    this.last = await this.source.token(scope);
    return this.last;
  }

  /** Forgets the token the vendor answered 401 to (a token renewed meanwhile by another caller stays). */
  invalidate(): void {
    if (this.last) this.source.invalidate(this.last);
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

/** The variables that hold the credential of each `ATT_AUTH` kind, named (never their values) when AT&T refuses it. */
export function attCredentialVariables(auth: AttAuth): string[] {
  switch (auth.kind) {
    case 'none':
      return ['ATT_AUTH'];
    case 'basic':
      return ['ATT_AUTH', 'ATT_USERNAME', 'ATT_PASSWORD'];
    case 'api_key':
      return ['ATT_AUTH', 'ATT_API_KEY', 'ATT_API_KEY_HEADER'];
    case 'client_credentials':
      return ['ATT_AUTH', 'ATT_CLIENT_ID', 'ATT_CLIENT_SECRET', 'ATT_TOKEN_URL'];
  }
}

/** The headers that carry the configured credential on every AT&T call. */
export async function attAuthHeaders(auth: AttAuth, scope?: VendorCallScope): Promise<Record<string, string>> {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
    case 'api_key':
      return { [auth.header]: auth.key };
    case 'client_credentials':
      return { authorization: `Bearer ${await auth.tokens.get(scope)}` };
  }
}
