import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'undici';

export interface RunningProxy {
  url: string;
  close(): Promise<void>;
}

export interface ProxyUpstreams {
  /** The AT&T simulator's base URL (`…/omni-svcs/v1`): `POST /orders/query` is forwarded there. */
  att: string;
  /** The Oracle simulator's origin: `GET /ccagent/v1/orders/{id}` is forwarded there with the agent's token. */
  oracle: string;
  oracleCredentials: { username: string; password: string };
}

/**
 * P2's baseline (a): the least a server can do for a documented vendor read — forward it over a keep-alive undici
 * Pool sized like the subgraph's vendor pool and return the vendor's JSON as it came. No parsing, no logging, no
 * GraphQL: whatever the subgraph costs beyond this is what P2 and P3 measure.
 *
 * - `GET /ccagent/v1/orders/{id}?…` → Oracle, with `Authorization: Bearer <token>`. The token is taken once at start
 *   with the agent login at the first read (as the subgraph's adapter does) and taken again only when Oracle
 *   answers 401.
 * - `POST /orders/query` → AT&T's orders query, with its body.
 */
function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const ORACLE_READ = /^\/ccagent\/v1\/orders\/[^/?]+(\?[^#]*)?$/;

export async function startProxy(upstreams: ProxyUpstreams, connections = 64): Promise<RunningProxy> {
  const att = new URL(upstreams.att);
  const attPrefix = att.pathname.replace(/\/+$/, '');
  const attPool = new Pool(att.origin, { connections, pipelining: 1, keepAliveTimeout: 4000 });
  const oraclePool = new Pool(new URL(upstreams.oracle).origin, { connections, pipelining: 1, keepAliveTimeout: 4000 });
  const login = async (): Promise<string> => {
    const res = await oraclePool.request({
      method: 'POST',
      path: '/ccagent/v1/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', ...upstreams.oracleCredentials }).toString(),
    });
    const body = (await res.body.json()) as { access_token?: string };
    if (res.statusCode !== 200 || !body.access_token) throw new Error(`proxy: Oracle login answered ${res.statusCode}`);
    return body.access_token;
  };
  // Taken at the first Oracle read (the simulator may still be starting when the proxy is), then kept.
  let token: string | undefined;
  let renewing: Promise<void> | undefined;
  const renew = (): Promise<void> => {
    renewing ??= login()
      .then((t) => {
        token = t;
      })
      .finally(() => {
        renewing = undefined;
      });
    return renewing;
  };
  const oracleGet = async (path: string) => {
    if (token === undefined) await renew();
    const send = () => oraclePool.request({ method: 'GET', path, headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
    let upstream = await send();
    if (upstream.statusCode === 401) {
      await upstream.body.dump();
      await renew();
      upstream = await send();
    }
    return upstream;
  };
  const server: Server = createServer({ keepAliveTimeout: 65000 }, (req, res) => {
    const url = req.url ?? '';
    const oracleRead = req.method === 'GET' && ORACLE_READ.test(url);
    const ordersQuery = req.method === 'POST' && url === '/orders/query';
    if (!oracleRead && !ordersQuery) {
      res.writeHead(404).end();
      return;
    }
    const upstreamRequest = oracleRead
      ? oracleGet(url)
      : readAll(req).then((body) =>
          attPool.request({
            method: 'POST',
            path: `${attPrefix}/orders/query`,
            headers: { accept: 'application/json', 'content-type': 'application/json' },
            body,
          }),
        );
    upstreamRequest
      .then(async (upstream) => {
        const body = Buffer.from(await upstream.body.arrayBuffer());
        res.writeHead(upstream.statusCode, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await Promise.all([attPool.close(), oraclePool.close()]);
    },
  };
}
