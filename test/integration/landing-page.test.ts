import { Kind, parse, OperationDefinitionNode } from 'graphql';
import { loadConfig, ConfigError } from '../../src/config';
import { IDE_CALLER_HEADERS, startHereExample } from '../../src/server/sandbox-document';
import { VENDOR_MODULES } from '../../src/vendors/modules';
import { VendorExample } from '../../src/vendors/vendor-module';
import { startTestApp, TestApp } from '../support/test-app';

describe('LANDING_PAGE', () => {
  it('defaults to graphiql in development, and refuses a value it does not know', () => {
    expect(
      loadConfig({ NODE_ENV: 'development', VENDORS: 'ATT', ATT_BASE_URL: 'http://127.0.0.1:1', ATT_ORDERS_BASE_URL: 'http://127.0.0.1:1' }).landingPage,
    ).toBe('graphiql');
    expect(() =>
      loadConfig({ LANDING_PAGE: 'playground', VENDORS: 'ATT', ATT_BASE_URL: 'http://127.0.0.1:1', ATT_ORDERS_BASE_URL: 'http://127.0.0.1:1' }),
    ).toThrow(ConfigError);
  });
});

describe('the GraphiQL page (LANDING_PAGE=graphiql)', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ LANDING_PAGE: 'graphiql' });
    base = `http://127.0.0.1:${t.app.port}`;
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves GraphiQL and React from the dependencies, and the Sandbox page it links to', async () => {
    const page = await (await fetch(`${base}/`, { headers: { accept: 'text/html' } })).text();
    const assets = [...page.matchAll(/(?:src|href)="(\/ide\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toHaveLength(4);
    for (const asset of assets) {
      const res = await fetch(`${base}${asset}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    expect(page).not.toMatch(/(?:src|href)="https?:/);
    expect(page).toContain('href="/ide/sandbox"');

    const sandbox = await fetch(`${base}/ide/sandbox`);
    expect(sandbox.status).toBe(200);
    const html = await sandbox.text();
    expect(html).toContain('EmbeddedSandbox');
    expect(html).toContain('href="/ide/graphiql"');
    expect((await fetch(`${base}/ide/assets/..%2Fpackage.json`)).status).toBe(404);
  });

  it('keeps a well-formed x-request-id on its pages, and replaces one holding a card number, as /graphql does', async () => {
    const kept = await fetch(`${base}/ide/graphiql`, { headers: { 'x-request-id': 'req-1234' } });
    expect(kept.headers.get('x-request-id')).toBe('req-1234');
    const replaced = await fetch(`${base}/ide/graphiql`, { headers: { 'x-request-id': '4111111111111111' } });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get('x-request-id')).not.toContain('4111111111111111');
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("shows every enabled vendor's examples, and each runs in order against the simulators as the seeded caller", async () => {
    const page = await (await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } })).text();
    const examples: VendorExample[] = [startHereExample(), ...VENDOR_MODULES.flatMap((m) => m.examples ?? [])];
    expect(examples.length).toBeGreaterThan(VENDOR_MODULES.length);
    const last: Record<string, string> = {};
    const keys = new Set<string>();
    for (const example of examples) {
      const operations = parse(example.document).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      for (const operation of operations) expect(page).toContain(`${String(operation.operation)} ${operation.name!.value}`);
      for (const operation of operations) {
        // The same placeholders the page's fetcher fills.
        const variables: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(example.variables ?? {})) {
          if (value === '<new per run>') variables[name] = `ide-${Date.now().toString(36)}-${keys.size}`;
          else if (value === '<last cart id>') variables[name] = last.cart;
          else if (value === '<last order id>') variables[name] = last.order;
          else if (value === '<last slot id>') variables[name] = last.slot;
          else variables[name] = value;
        }
        if (typeof variables.idempotencyKey === 'string') keys.add(variables.idempotencyKey);
        const res = await t.post({ query: example.document, operationName: operation.name!.value, variables }, IDE_CALLER_HEADERS);
        expect({ operation: operation.name!.value, errors: res.errors }).toEqual({ operation: operation.name!.value, errors: undefined });
        const data = JSON.stringify(res.data);
        expect(data).not.toMatch(/"userErrors":\[\{/);
        last.cart = /"cart":\{"id":"([^"]+)"/.exec(data)?.[1] ?? last.cart;
        last.order = /"(?:order|productOrder)":\{"id":"([^"]+)"/.exec(data)?.[1] ?? last.order;
        last.slot = /"appointmentSlots":\[\{"id":"([^"]+)"/.exec(data)?.[1] ?? last.slot;
      }
    }
  });
});

describe('the Sandbox page (LANDING_PAGE=sandbox)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LANDING_PAGE: 'sandbox' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('keeps Apollo Sandbox on / with the examples and the caller header, linking to GraphiQL', async () => {
    const html = await (await fetch(`http://127.0.0.1:${t.app.port}/`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('EmbeddedSandbox');
    expect(html).toContain('x-customer-id');
    expect(html).toContain('AttCartCreate');
    expect(html).toContain('href="/ide/graphiql"');
    const graphiql = await fetch(`http://127.0.0.1:${t.app.port}/ide/graphiql`);
    expect(await graphiql.text()).toContain('/ide/assets/graphiql.min.js');
  });
});
