import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'undici';

export interface RunningProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * P2's baseline (a): the least a server can do for an AT&T read (`POST /orders/query`, or `GET /carts/{id}` of the rich simulator) — forward it to the vendor over a keep-alive
 * undici Pool sized like the subgraph's vendor pool, and return the vendor's JSON as it came. No parsing, no
 * logging, no GraphQL: whatever the subgraph costs beyond this is what P2 and P3 measure.
 */
function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startProxy(vendorBaseUrl: string, connections = 64): Promise<RunningProxy> {
  const base = new URL(vendorBaseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, { connections, pipelining: 1, keepAliveTimeout: 4000 });
  const server: Server = createServer({ keepAliveTimeout: 65000 }, (req, res) => {
    const match = /^\/carts\/([^/?]+)$/.exec(req.url ?? '');
    const ordersQuery = req.method === 'POST' && req.url === '/orders/query';
    if (!ordersQuery && (req.method !== 'GET' || !match)) {
      res.writeHead(404).end();
      return;
    }
    // The documented order read (POST /orders/query) is forwarded with its body, as it came.
    const upstreamRequest = ordersQuery
      ? readAll(req).then((body) =>
          pool.request({ method: 'POST', path: `${prefix}/orders/query`, headers: { accept: 'application/json', 'content-type': 'application/json' }, body }),
        )
      : pool.request({ method: 'GET', path: `${prefix}/carts/${match![1]}`, headers: { accept: 'application/json' } });
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
      await pool.close();
    },
  };
}
