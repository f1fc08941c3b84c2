import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Vendor } from '../../src/common/vendor';
import { Env } from '../../src/common/env-schema';
import { ConfigError, loadConfig } from '../../src/config';
import { otlpTracesUrl } from '../../src/observability/observability';
import { VENDOR_MODULES } from '../../src/vendors/modules';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const run = promisify(execFile);

/**
 * The README's conventions, which this test holds it to:
 * - a shell or GraphQL snippet that cannot run here is preceded by the visible line
 *   `*Not run by the README test: <reason>.*`;
 * - placeholders are `<cart id>`, `<slot id>`, `<order id>` (from the previous snippets' answers) and
 *   `<idempotency key>` (a new key each time), and no other `<…>` appears in a snippet that runs;
 * - the subgraph is `localhost:4001` and the simulators `127.0.0.1:4101` (AT&T), `4102` (Oracle), `4103` (Adobe),
 *   which the test points at the subgraph and simulators it started.
 */
const SKIP_MARKER = /^\*Not run by the README test: (.+)\.\*$/;
const PLACEHOLDER = /<([a-z][a-z ]*)>/g;
const SIMULATOR_PORTS: Record<string, Vendor> = { '4101': 'ATT', '4102': 'ORACLE', '4103': 'ADOBE' };

interface Snippet {
  lang: string;
  body: string;
  line: number;
  skipReason?: string;
}

function snippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w+)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++) body.push(lines[j].slice(indent));
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    const marker = k >= 0 ? SKIP_MARKER.exec(lines[k].trim()) : null;
    found.push({ lang: open[2], body: body.join('\n'), line: i + 1, skipReason: marker?.[1] });
    i = j;
  }
  return found;
}

const all = snippets(README);
const runnable = all.filter((s) => (s.lang === 'sh' || s.lang === 'graphql') && !s.skipReason);

describe('the README', () => {
  it('marks every shell snippet that needs a tool this machine lacks, with the reason', () => {
    const shell = all.filter((s) => s.lang === 'sh');
    expect(shell.length).toBeGreaterThan(0);
    for (const snippet of shell) {
      if (/\b(rover|docker|kubectl)\b/.test(snippet.body)) expect(`line ${snippet.line}: ${snippet.skipReason ?? 'no marker'}`).not.toMatch(/no marker$/);
    }
    for (const snippet of all.filter((s) => s.skipReason)) console.log(`README line ${snippet.line}: not run (${snippet.skipReason})`);
  });

  it('names only files the repository has', () => {
    const prose = README.replace(/```[\s\S]*?```/g, '');
    const paths = new Set<string>();
    for (const m of prose.matchAll(/`((?:\.ci|src|test|dev|docs|schema|deploy|bench|scripts)\/[\w./-]+)`/g)) paths.add(m[1]);
    for (const m of prose.matchAll(/\]\(([^)#:]+)\)/g)) paths.add(m[1]);
    for (const m of prose.matchAll(/\b([A-Z][A-Z_]+\.md)\b/g)) paths.add(m[1]);
    expect(paths.size).toBeGreaterThan(5);
    const missing = [...paths].filter((path) => !path.includes('*') && !existsSync(join(ROOT, path.replace(/\/$/, ''))));
    expect(missing).toEqual([]);
  });

  it('uses only the placeholders the test fills in, and no fixed idempotency key', () => {
    for (const snippet of runnable) {
      const names = [...snippet.body.matchAll(PLACEHOLDER)].map((m) => m[1]);
      for (const name of names) expect(['cart id', 'slot id', 'order id', 'idempotency key']).toContain(name);
      for (const m of snippet.body.matchAll(/idempotencyKey:\s*"([^"]*)"/g)) expect(m[1]).toBe('<idempotency key>');
    }
  });
});

describe("the README's Configuration table", () => {
  it('lists every variable the configuration reads: the core and every vendor folder', () => {
    // An environment that records what is asked of it. Every variable is unset, so each vendor is refused for its
    // missing base URL, after its schema has read all of its variables.
    const read = new Set<string>();
    const env: Env = new Proxy(
      {},
      {
        get: (_target, name) => {
          // Only variable names: a caller may also probe the object (`then`, symbols).
          if (typeof name === 'string' && /^[A-Z][A-Z0-9_]+$/.test(name)) read.add(name);
          return undefined;
        },
      },
    );
    for (const module of VENDOR_MODULES) expect(() => loadConfig(env, [module])).toThrow(ConfigError);
    otlpTracesUrl(env);
    const section = README.slice(README.indexOf('\n## Configuration'), README.indexOf('\n### Pointing it at the real vendors'));
    const documented = new Set([...section.matchAll(/^\|([^|]+)\|/gm)].flatMap((m) => [...m[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((n) => n[1])));
    expect(read.size).toBeGreaterThan(40);
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });
});

describe("the README's shell and GraphQL snippets, run in order against the simulators", () => {
  let t: TestApp;
  const last: Record<string, string> = {};
  let keys = 0;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  function fill(text: string): string {
    return text.replace(PLACEHOLDER, (whole, name: string) => {
      if (name === 'idempotency key') return `readme-${Date.now().toString(36)}-${keys++}`;
      const value = last[name.replace(' id', '')];
      if (!value) throw new Error(`${whole} used before a snippet produced one`);
      return value;
    });
  }

  function remember(data: string): void {
    last.cart = /"cart":\{"id":"([^"]+)"/.exec(data)?.[1] ?? last.cart;
    last.order = /"(?:order|productOrder)":\{"id":"([^"]+)"/.exec(data)?.[1] ?? last.order;
    last.slot = /"appointmentSlots":\[\{"id":"([^"]+)"/.exec(data)?.[1] ?? last.slot;
  }

  function pointAtTestServers(script: string): string {
    return script
      .replace(/(localhost|127\.0\.0\.1):4001\b/g, `127.0.0.1:${t.app.port}`)
      .replace(/127\.0\.0\.1:(410[123])\b/g, (_whole, port: string) => new URL(t.simulators.byVendor[SIMULATOR_PORTS[port]].baseUrl).host);
  }

  it('has runnable snippets of both kinds', () => {
    expect(runnable.filter((s) => s.lang === 'graphql').length).toBeGreaterThan(3);
    expect(runnable.filter((s) => s.lang === 'sh').length).toBeGreaterThan(1);
  });

  it.each(runnable.map((s) => [s.line, s.lang, s] as const))('README line %i (%s) runs', async (_line, lang, snippet) => {
    if (lang === 'graphql') {
      // The answer must hold no error and no refusal; the ids it holds feed the next snippets' placeholders.
      const res = await t.post({ query: fill(snippet.body) }, { 'x-customer-id': 'cust-1001' });
      expect(res.errors).toBeUndefined();
      const data = JSON.stringify(res.data);
      expect(data).not.toMatch(/"userErrors":\[\{/);
      remember(data);
      return;
    }
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', pointAtTestServers(fill(snippet.body))], { timeout: 60000 });
    expect(stdout.trim().length).toBeGreaterThan(0);
    expect(stdout).not.toContain('"errors"');
  });
});
