import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CartCreateDocument } from '../generated/graphql';
import { startTestApp } from '../support/test-app';
import { clearLoggedRequests, loggedRequests } from '../support/request-log';

/** A client-credentials token endpoint for the test: counts token requests and checks the grant. */
async function tokenServer(): Promise<{ url: string; grants: string[]; close(): Promise<void> }> {
  const grants: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      grants.push(`${form.get('grant_type')}:${form.get('client_id')}`);
      const ok = form.get('client_secret') === 'att-secret';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { access_token: 'att-token-1', token_type: 'bearer', expires_in: 3600 } : { error: 'invalid_client' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/oauth/token`, grants, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('AT&T auth as configuration', () => {
  it.each<[string, Record<string, string>, string]>([
    ['basic', { ATT_AUTH: 'basic', ATT_USERNAME: 'partner', ATT_PASSWORD: 'pw-secret' }, 'authorization'],
    ['api_key', { ATT_AUTH: 'api_key', ATT_API_KEY: 'k-123', ATT_API_KEY_HEADER: 'x-partner-key' }, 'x-partner-key'],
  ])('ATT_AUTH=%s sends its credential header on every AT&T call', async (_kind, env, header) => {
    const t = await startTestApp(env);
    try {
      const base = t.simulators.byVendor.ATT.baseUrl;
      await clearLoggedRequests(base);
      const res = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } });
      expect(res.data!.cartCreate.userErrors).toEqual([]);
      const logged = await loggedRequests(base);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.every((r) => r.headers.includes(header))).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('ATT_AUTH=client_credentials fetches one token and sends it as a bearer; the secret never reaches the log', async () => {
    const tokens = await tokenServer();
    const t = await startTestApp({ ATT_AUTH: 'client_credentials', ATT_TOKEN_URL: tokens.url, ATT_CLIENT_ID: 'att-client', ATT_CLIENT_SECRET: 'att-secret' });
    try {
      const base = t.simulators.byVendor.ATT.baseUrl;
      await clearLoggedRequests(base);
      for (let i = 0; i < 3; i++) {
        const res = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } });
        expect(res.data!.cartCreate.userErrors).toEqual([]);
      }
      expect(tokens.grants).toEqual(['client_credentials:att-client']);
      expect((await loggedRequests(base)).every((r) => r.headers.includes('authorization'))).toBe(true);
      expect(t.logs.join('\n')).not.toContain('att-secret');
      expect(t.logs.join('\n')).not.toContain('att-token-1');
    } finally {
      await t.close();
      await tokens.close();
    }
  });
});
