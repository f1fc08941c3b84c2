import { auditServer, AuditResult } from 'graphql-http';
import { startSimulators, StartedSimulators } from '../../dev/simulators/all';
import { Replica, startReplica } from '../support/replica';

const SECRET = 'router-secret-audit-0123456789';

let sims: StartedSimulators;
let replica: Replica;
let results: AuditResult[];

/** The audit's requests as the router sends them: with the router secret. */
const withSecret: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('x-router-secret', SECRET);
  return fetch(input, { ...init, headers });
};

beforeAll(async () => {
  sims = await startSimulators({});
  // The audit reads types with `__type`: introspection is turned on for it (production leaves it off by default).
  replica = await startReplica({ NODE_ENV: 'production', ROUTER_SECRET: SECRET, INTROSPECTION: 'true', ...sims.env });
  results = await auditServer({ url: replica.url, fetchFn: withSecret });
}, 60000);

afterAll(async () => {
  await replica?.stop();
  await sims?.close();
});

function score(level: 'MUST' | 'SHOULD'): { ok: number; total: number; failed: string[] } {
  const mine = results.filter((r) => r.name.startsWith(level));
  const failed = mine.filter((r) => r.status !== 'ok').map((r) => `${r.name}: ${r.reason}`);
  return { ok: mine.length - failed.length, total: mine.length, failed };
}

describe('the GraphQL-over-HTTP audit (graphql-http) against a production process with the router secret', () => {
  it('passes every MUST', () => {
    const must = score('MUST');
    process.stdout.write(`graphql-http audit: MUST ${must.ok}/${must.total}\n`);
    expect(must.failed).toEqual([]);
    expect(must.total).toBe(13);
  });

  it('passes at least 20 of the 23 SHOULDs', () => {
    const should = score('SHOULD');
    process.stdout.write(`graphql-http audit: SHOULD ${should.ok}/${should.total}; not passed: ${should.failed.join(' | ')}\n`);
    expect(should.total).toBe(23);
    expect(should.ok).toBeGreaterThanOrEqual(20);
  });

  it('without the secret the audit cannot pass: every operation is refused with 401', async () => {
    const refused = await auditServer({ url: replica.url });
    expect(refused.filter((r) => r.name.startsWith('MUST') && r.status === 'ok').length).toBeLessThan(13);
    const res = await fetch(replica.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(401);
  });
});
