import 'reflect-metadata';
import { Writable } from 'node:stream';
import { print } from 'graphql';
import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { RunningApp, startApp } from '../../src/app';
import { Vendor } from '../../src/common/vendor';
import { SimControl } from './sim-control';
import { startSimulators, StartedSimulators } from '../../dev/simulators/all';

/** A GraphQL answer as the HTTP client sees it. */
export interface GqlResponse<T> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  raw: string;
}

/** The caller a router sends for these tests unless a test names another: a seeded customer. */
export const DEFAULT_CALLER = 'cust-1001';

/** Headers of one test request; `null` leaves a header out (`{ 'x-customer-id': null }` sends no caller). */
export type TestHeaders = Record<string, string | null>;

/** For tests of the caller rule itself: a request with no `x-customer-id` at all. */
export const NO_CALLER: TestHeaders = { 'x-customer-id': null };

/** A GraphQL client bound to one caller. */
export interface TestClient {
  gql<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables?: TVars, headers?: TestHeaders): Promise<GqlResponse<TData>>;
  post(body: unknown, headers?: TestHeaders): Promise<GqlResponse<unknown>>;
}

/** The subgraph started on port 0 against simulators started for it, plus helpers to talk to both. */
export interface TestApp {
  app: RunningApp;
  /** The simulators this test app started (none for a vendor whose base URL the test set). */
  simulators: StartedSimulators;
  url: string;
  /** Every log line the subgraph wrote (JSON strings). */
  logs: string[];
  sim(vendor: Vendor): SimControl;
  /** Sends an operation as the router would: with `x-customer-id` of DEFAULT_CALLER unless `headers` names another (or null). */
  gql<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables?: TVars, headers?: TestHeaders): Promise<GqlResponse<TData>>;
  /** Posts any body to /graphql (for hostile-input tests), with the default caller unless `headers` says otherwise. */
  post(body: unknown, headers?: TestHeaders): Promise<GqlResponse<unknown>>;
  /** A client whose requests name `customerId` as the caller. */
  as(customerId: string): TestClient;
  close(): Promise<void>;
}

/**
 * Starts the real subgraph over real HTTP, as `npm start` does (simulators on free ports, their URLs as
 * configuration) but in-process, with logs captured. `env` overrides environment variables (a vendor base URL,
 * NODE_ENV, ROUTER_SECRET, …); a vendor whose base URL it sets gets no simulator.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const simulators = await startSimulators({ skipWhenSet: env, strict: env.SIMULATOR_STRICT === '1' });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let app: RunningApp;
  let config;
  try {
    config = loadConfig({ PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'test', VENDOR_TIMEOUT_MS: '2000', SHUTDOWN_GRACE_MS: '2000', ...simulators.env, ...env });
    app = await startApp(config, createLogger(config.logLevel, sink));
  } catch (error) {
    await simulators.close();
    throw error;
  }
  const url = `http://127.0.0.1:${app.port}/graphql`;
  const sims = new Map<Vendor, SimControl>();
  const send = async <T>(body: unknown, caller: string, headers: TestHeaders = {}): Promise<GqlResponse<T>> => {
    const sent: Record<string, string> = {};
    for (const [name, value] of Object.entries({ 'content-type': 'application/json', 'x-customer-id': caller, ...headers }))
      if (value !== null) sent[name] = value;
    const res = await fetch(url, { method: 'POST', headers: sent, body: JSON.stringify(body) });
    const raw = await res.text();
    let parsed: { data?: T; errors?: GqlResponse<T>['errors'] } = {};
    try {
      parsed = JSON.parse(raw) as typeof parsed;
    } catch {
      // not JSON: the raw text is there for the assertion
    }
    return { status: res.status, headers: res.headers, data: parsed.data, errors: parsed.errors, raw };
  };
  return {
    app,
    simulators,
    url,
    logs,
    sim(vendor) {
      const started = simulators.byVendor[vendor];
      if (!started) throw new Error(`no in-process simulator for ${vendor}`);
      if (!sims.has(vendor)) sims.set(vendor, new SimControl(started.baseUrl));
      return sims.get(vendor)!;
    },
    gql: (doc, variables, headers) => send({ query: print(doc), variables }, DEFAULT_CALLER, headers),
    post: (body, headers) => send(body, DEFAULT_CALLER, headers),
    as: (customerId) => ({
      gql: (doc, variables, headers) => send({ query: print(doc), variables }, customerId, headers),
      post: (body, headers) => send(body, customerId, headers),
    }),
    close: async () => {
      await app.close();
      await simulators.close();
    },
  };
}

/** A unique idempotency key per call. */
export function newKey(prefix = 'test'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
