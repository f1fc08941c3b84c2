import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { print } from 'graphql';
import { trace } from '@opentelemetry/api';
import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ConfigError } from '../../src/config';
import { otlpTracesUrl } from '../../src/observability/observability';
import { parentFromTraceparent } from '../../src/observability/tracing';
import { RunningAttSimulator, startAttSimulator } from '../../dev/simulators/att/att.simulator';
import { CartCreateDocument, ProductOrderDocument } from '../generated/graphql';
import { startReplica } from '../support/replica';
import { SimControl } from '../support/sim-control';

/** A span as OTLP/HTTP JSON carries it, with its attributes flattened. */
interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status?: { code?: number };
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  arrayValue?: { values: OtlpValue[] };
}

function value(v: OtlpValue): unknown {
  if (v.arrayValue) return v.arrayValue.values.map(value);
  if (v.intValue !== undefined) return Number(v.intValue);
  return v.stringValue ?? v.boolValue;
}

function attributes(list: { key: string; value: OtlpValue }[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map((a) => [a.key, value(a.value)]));
}

/** A loopback OTLP/HTTP receiver: accepts `POST /v1/traces` (JSON) and keeps every span. */
async function startReceiver(): Promise<{ url: string; spans: ExportedSpan[]; paths: string[]; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { resource: { attributes: [] }; scopeSpans: { spans: (Omit<ExportedSpan, 'attributes' | 'resource'> & { attributes: [] })[] }[] }[];
      };
      for (const rs of body.resourceSpans) {
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans) spans.push({ ...span, attributes: attributes(span.attributes), resource: attributes(rs.resource.attributes) });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    paths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// AT&T documents no cart read (carts are the subgraph's own records): the read traced is the orders query.
const ORDERS_QUERY = 'POST /omni-svcs/v1/orders/query';
const ORDER_ID = Buffer.from('v1:ATT:ProductOrder:o-traced-read').toString('base64url');
const ROUTER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const ROUTER_SPAN = '00f067aa0ba902b7';
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;
const STATUS_ERROR = 2;

async function gql<TData, TVars>(
  url: string,
  doc: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  headers: Record<string, string> = {},
): Promise<{ data?: TData; errors?: unknown[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  return (await res.json()) as { data?: TData; errors?: unknown[] };
}

describe('OpenTelemetry traces over OTLP/HTTP', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let att: RunningAttSimulator;
  let cartId: string;
  let exitCode: number | null;

  beforeAll(async () => {
    receiver = await startReceiver();
    att = await startAttSimulator(0);
    const sim = new SimControl(att.baseUrl);
    // In a process of its own, as `npm start` runs: the OTLP exporter loads node:http with a dynamic import(), which
    // Jest's module sandbox cannot run. SIGTERM then drains it and flushes its spans, as in production.
    const subgraph = await startReplica({
      REDIS_URL: '',
      OTEL_SDK_DISABLED: '',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'orders-subgraph-test',
      VENDORS: 'ATT',
      ATT_AUTH: 'none',
      ATT_BASE_URL: att.baseUrl,
      ATT_ORDERS_BASE_URL: att.ordersBaseUrl,
    });
    try {
      const created = await gql(
        subgraph.url,
        CartCreateDocument,
        { input: { vendor: 'ATT', customerId: 'cust-1004', items: [{ offeringId: 'fiber-1000', productType: 'Fiber_Internet', quantity: 1 }] } },
        { traceparent: `00-${ROUTER_TRACE}-${ROUTER_SPAN}-01`, 'x-customer-id': 'cust-1004' },
      );
      cartId = created.data!.cartCreate.cart!.id;
      await sim.fault(ORDERS_QUERY, { type: 'status', status: 503 }, 1);
      await gql(subgraph.url, ProductOrderDocument, { id: ORDER_ID }, { 'x-customer-id': 'cust-1004' });
      await sim.fault(ORDERS_QUERY, { type: 'status', status: 500 });
      await gql(subgraph.url, ProductOrderDocument, { id: ORDER_ID }, { 'x-customer-id': 'cust-1004' });
    } finally {
      exitCode = await subgraph.stop();
    }
  });

  afterAll(async () => {
    await att.close();
    await receiver.close();
  });

  it('flushes on SIGTERM and exits cleanly', () => {
    expect(exitCode).toBe(0);
  });

  it('sends JSON to <endpoint>/v1/traces, naming the service', () => {
    expect(receiver.paths[0]).toMatch(/^POST \/v1\/traces application\/json/);
    expect(receiver.spans.length).toBeGreaterThan(0);
    expect(receiver.spans.every((s) => s.resource['service.name'] === 'orders-subgraph-test')).toBe(true);
  });

  it('has a SERVER span per GraphQL operation, child of the router span from traceparent', () => {
    const operations = receiver.spans.filter((s) => s.name === 'mutation CartCreate');
    expect(operations).toHaveLength(1);
    const [first] = operations.filter((s) => s.traceId === ROUTER_TRACE);
    expect(first).toMatchObject({ parentSpanId: ROUTER_SPAN, kind: SPAN_KIND_SERVER });
    expect(first.attributes).toMatchObject({ 'graphql.operation.type': 'mutation', 'graphql.operation.name': 'CartCreate' });
    expect(first.attributes['request.id']).toEqual(expect.any(String));
  });

  it('has a CLIENT span per vendor call, child of its operation, named by the route template', () => {
    const operation = receiver.spans.find((s) => s.traceId === ROUTER_TRACE && s.kind === SPAN_KIND_SERVER)!;
    const calls = receiver.spans.filter((s) => s.parentSpanId === operation.spanId);
    expect(calls.length).toBeGreaterThan(0);
    const create = calls.find((s) => s.name === 'AT&T POST /carts');
    expect(create).toMatchObject({ kind: SPAN_KIND_CLIENT, traceId: ROUTER_TRACE });
    expect(create!.attributes).toMatchObject({
      'vendor.name': 'AT&T',
      'vendor.route': 'POST /carts',
      'vendor.outcome': 'ok',
      'vendor.attempts': 1,
      'http.request.method': 'POST',
      'url.template': '/carts',
      'http.response.status_code': 201,
    });
    expect(create!.attributes['server.address']).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('keeps ids and personal data out of span names and attributes', () => {
    const opaque = Buffer.from(cartId, 'base64url').toString('utf8').split(':').pop()!;
    const exported = JSON.stringify(receiver.spans);
    expect(exported).not.toContain(cartId);
    expect(exported).not.toContain(opaque);
    expect(exported).not.toContain('cust-1004');
    for (const span of receiver.spans) expect(span.name).not.toMatch(/\d{3,}/);
  });

  it('records retries, and marks a failed call and its operation as errors', () => {
    const reads = receiver.spans.filter((s) => s.name === 'query ProductOrder');
    expect(reads).toHaveLength(2);
    const [retried, failed] = reads.map((op) => receiver.spans.find((s) => s.parentSpanId === op.spanId && s.name === 'AT&T POST /orders/query')!);
    expect(retried.attributes).toMatchObject({
      'vendor.outcome': 'ok',
      'vendor.attempts': 2,
      'http.request.resend_count': 1,
      'http.response.status_code': 200,
    });
    expect(retried.status?.code).not.toBe(STATUS_ERROR);
    expect(failed.attributes).toMatchObject({ 'vendor.outcome': 'unavailable', 'error.type': 'unavailable', 'http.response.status_code': 500 });
    expect(failed.status?.code).toBe(STATUS_ERROR);
    const failedOperation = reads.find((op) => op.spanId === failed.parentSpanId)!;
    expect(failedOperation.status?.code).toBe(STATUS_ERROR);
    expect(failedOperation.attributes['graphql.error.codes']).toEqual(['VENDOR_UNAVAILABLE']);
  });
});

describe('tracing configuration', () => {
  it('is off unless an OTLP endpoint is set, and appends the traces path to the general endpoint', () => {
    expect(otlpTracesUrl({})).toBeUndefined();
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://b/traces' })).toBe('https://b/traces');
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  });

  it('stops the boot with one line naming a bad endpoint', () => {
    expect(() => otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(ConfigError);
    expect(() => otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('ignores a malformed or all-zero traceparent instead of failing the request', () => {
    for (const header of [undefined, 'garbage', `00-${'0'.repeat(32)}-${ROUTER_SPAN}-01`, `01-${ROUTER_TRACE}-${ROUTER_SPAN}`]) {
      expect(trace.getSpanContext(parentFromTraceparent(header))).toBeUndefined();
    }
    expect(trace.getSpanContext(parentFromTraceparent(`00-${ROUTER_TRACE}-${ROUTER_SPAN}-01`))).toMatchObject({
      traceId: ROUTER_TRACE,
      spanId: ROUTER_SPAN,
      isRemote: true,
    });
  });
});
