import 'reflect-metadata';
import { Writable } from 'node:stream';
import { print } from 'graphql';
import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { RunningApp, startApp } from '../../src/app';
import { Vendor } from '../../src/common/vendor';
import { SimControl } from './sim-control';

/** A GraphQL answer as the HTTP client sees it. */
export interface GqlResponse<T> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  raw: string;
}

/** The subgraph started on port 0 with its in-process simulators, plus helpers to talk to both. */
export interface TestApp {
  app: RunningApp;
  url: string;
  /** Every log line the subgraph wrote (JSON strings). */
  logs: string[];
  sim(vendor: Vendor): SimControl;
  gql<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables?: TVars, headers?: Record<string, string>): Promise<GqlResponse<TData>>;
  /** Posts any body to /graphql (for hostile-input tests). */
  post(body: unknown, headers?: Record<string, string>): Promise<GqlResponse<unknown>>;
  close(): Promise<void>;
}

/**
 * Starts the real subgraph over real HTTP, exactly as `npm start` does but on a free port, with logs captured.
 * `env` overrides environment variables (a vendor base URL, NODE_ENV, ROUTER_SECRET, …).
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'test', VENDOR_TIMEOUT_MS: '2000', SHUTDOWN_GRACE_MS: '2000', ...env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await startApp(config, createLogger(config.logLevel, sink));
  const url = `http://127.0.0.1:${app.port}/graphql`;
  const sims = new Map<Vendor, SimControl>();
  const send = async <T>(body: unknown, headers: Record<string, string> = {}): Promise<GqlResponse<T>> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const raw = await res.text();
    let parsed: { data?: T; errors?: GqlResponse<T>['errors'] } = {};
    try {
      parsed = JSON.parse(raw);
    } catch {
      // not JSON: the raw text is there for the assertion
    }
    return { status: res.status, headers: res.headers, data: parsed.data, errors: parsed.errors, raw };
  };
  return {
    app,
    url,
    logs,
    sim(vendor) {
      const started = app.simulators[vendor];
      if (!started) throw new Error(`no in-process simulator for ${vendor}`);
      if (!sims.has(vendor)) sims.set(vendor, new SimControl(started.baseUrl));
      return sims.get(vendor)!;
    },
    gql: (doc, variables, headers) => send({ query: print(doc), variables }, headers),
    post: (body, headers) => send(body, headers),
    close: () => app.close(),
  };
}

/** A unique idempotency key per call. */
export function newKey(prefix = 'test'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
