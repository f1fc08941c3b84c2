import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { VendorHttpClient } from '../../../../src/http/vendor-http';
import { fetchFormToken, TokenSource } from '../../../../src/vendors/shared/token-source';

/**
 * A tiny token issuer and protected API on loopback: `POST /token` issues `t-<n>` (answering after a short pause, so
 * that concurrent callers overlap with the fetch in flight), `GET /api` answers 401 to a token the test revoked.
 */
function startIssuer(): Promise<{ server: Server; baseUrl: string; issued: () => number; apiCalls: () => number; revoke(token: string): void }> {
  let issued = 0;
  let apiCalls = 0;
  const revoked = new Set<string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/token') {
        const token = `t-${++issued}`;
        setTimeout(() => send(200, { access_token: token, token_type: 'bearer', expires_in: 3600 }), 30);
        return;
      }
      if (req.method === 'GET' && req.url === '/api') {
        apiCalls++;
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        return revoked.has(token) ? send(401, { error: 'invalid_token' }) : send(200, { ok: true, token });
      }
      send(404, {});
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        issued: () => issued,
        apiCalls: () => apiCalls,
        revoke: (token) => revoked.add(token),
      }),
    ),
  );
}

describe('the shared token source, against a token server over HTTP', () => {
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let http: VendorHttpClient;
  let clock: number;

  beforeAll(async () => {
    issuer = await startIssuer();
    // Generous deadlines and no breaker: this test is about the token source, on a machine that may be busy.
    http = new VendorHttpClient({ vendor: 'Issuer', baseUrl: issuer.baseUrl, attemptTimeoutMs: 15000, overallTimeoutMs: 30000, breakerThreshold: 10000 });
  });

  afterAll(async () => {
    await http.close();
    await new Promise((resolve) => issuer.server.close(resolve));
  });

  function source(): TokenSource {
    clock = Date.now();
    return new TokenSource({
      fetch: () => fetchFormToken({ http, vendor: 'Issuer', path: '/token', route: 'POST /token', form: { grant_type: 'client_credentials' } }),
      maxMarginSeconds: 300,
      now: () => clock,
    });
  }

  const callApi = (tokens: TokenSource) =>
    tokens.send(async (token) => {
      const res = await http.request({ method: 'GET', path: '/api', route: 'GET /api', headers: { authorization: `Bearer ${token}` }, idempotent: true });
      return { status: res.status, token };
    });

  it('50 concurrent callers share one fetch in flight and one token; the next fetch comes only at the early renewal', async () => {
    const tokens = source();
    const before = issuer.issued();
    const got = await Promise.all(Array.from({ length: 50 }, () => tokens.token()));
    expect(issuer.issued() - before).toBe(1);
    expect(new Set(got).size).toBe(1);

    // Early refresh: a tenth of 3600 s is 360 s, capped at the 300 s margin.
    clock += (3600 - 301) * 1000;
    expect(await tokens.token()).toBe(got[0]);
    clock += 2000;
    const renewed = await Promise.all(Array.from({ length: 50 }, () => tokens.token()));
    expect(issuer.issued() - before).toBe(2);
    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]).not.toBe(got[0]);
  });

  it('a 401 renews the token exactly once, even with 50 callers refused at once, and each call is sent once more', async () => {
    const tokens = source();
    const first = await tokens.token();
    issuer.revoke(first);
    const issuedBefore = issuer.issued();
    const apiBefore = issuer.apiCalls();
    const answers = await Promise.all(Array.from({ length: 50 }, () => callApi(tokens)));
    expect(issuer.issued() - issuedBefore).toBe(1);
    expect(answers.every((a) => a.status === 200 && a.token !== first)).toBe(true);
    expect(new Set(answers.map((a) => a.token)).size).toBe(1);
    expect(issuer.apiCalls() - apiBefore).toBe(100);
  });

  it('a second 401 with the renewed token is answered as it is, with no third attempt', async () => {
    const tokens = source();
    issuer.revoke(await tokens.token());
    const apiBefore = issuer.apiCalls();
    const issuedBefore = issuer.issued();
    // Revoke whatever the renewal will issue next, too.
    issuer.revoke(`t-${issuer.issued() + 1}`);
    const answer = await callApi(tokens);
    expect(answer.status).toBe(401);
    expect(issuer.apiCalls() - apiBefore).toBe(2);
    expect(issuer.issued() - issuedBefore).toBe(1);
  });
});
