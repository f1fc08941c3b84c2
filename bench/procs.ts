import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import type { ChildReply, ChildRequest, MemorySample, Role, SimVendor } from './protocol';
import { NODE_FLAGS } from '../src/node-flags';

/** The simulator's `GET /__sim/stats`, read over IPC so that reading it opens no socket that P5 would count. */
export interface SimStats {
  requests: Record<string, number>;
  requestsTotal: number;
  socketsOpened: number;
  ordersCreated: number;
}

export interface ChildOptions {
  /** Where the server's code comes from: `src` through ts-node, or the compiled `dist`. */
  from: 'src' | 'dist';
  env?: Record<string, string>;
  /** Extra node flags (`--expose-gc`, `--cpu-prof`). */
  nodeArgs?: string[];
  args?: Record<string, unknown>;
}

const REPO = path.resolve(__dirname, '..');
const CHILD = path.join(__dirname, 'child.ts');
let compiled: string | undefined;

/**
 * child.ts as plain JavaScript, for servers loaded from dist: under ts-node the TypeScript compiler would sit in the
 * measured process (tens of MB of heap in P6, and its start-up). Written to a temporary directory, removed on exit.
 */
function compiledChild(): string {
  if (compiled) return compiled;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'orders-bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['child', 'protocol', 'proxy']) {
    const source = readFileSync(path.join(__dirname, `${name}.ts`), 'utf8');
    const output = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: `${name}.ts`,
    });
    writeFileSync(path.join(dir, `${name}.js`), output.outputText);
  }
  compiled = path.join(dir, 'child.js');
  return compiled;
}

/**
 * Configuration the subgraph would read from the environment (CI exports REDIS_URL, for one): left out, so that
 * every run measures the same default set-up and `--env` is the one way to change it.
 */
const SUBGRAPH_CONFIG =
  /^(PORT|NODE_ENV|LOG_LEVEL|REDIS_\w+|SINGLE_REPLICA|CALLER_\w+|ROUTER_SECRET\w*|ALLOW_NO_ROUTER_SECRET|METRICS_PORT|INTROSPECTION|CORS_ORIGINS|VENDORS?_\w+|VENDORS|SHUTDOWN_GRACE_MS|APOLLO_\w+|OTEL_\w+|SIMULATOR_\w+|LANDING_PAGE|(ATT|ORACLE|ADOBE)_\w+)$/;

/** The environment without the subgraph's configuration variables. */
export function neutralEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !SUBGRAPH_CONFIG.test(e[0])));
}

const STDERR_KEPT = 8000;

/** A bench server in its own process, driven over IPC. */
export class BenchChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly role: Role,
    private readonly proc: ChildProcess,
    private readonly stderr: () => string,
    readonly info: Record<string, string>,
  ) {
    this.exited = new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve(proc.exitCode);
      else proc.once('exit', (code) => resolve(code));
    });
    proc.on('message', (message: ChildReply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(`${role}: ${message.error}`));
    });
    proc.once('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${role} exited (${code}):\n${this.stderr()}`));
      this.pending.clear();
    });
  }

  static start(role: Role, options: ChildOptions): Promise<BenchChild> {
    // The simulator is a development package in TypeScript (`dev/simulators`), never part of dist: it always runs
    // through ts-node. It stands in for the vendor, so its compiler overhead is not measured.
    const fromDist = options.from === 'dist' && role !== 'sim';
    const proc = fork(fromDist ? compiledChild() : CHILD, [role, path.join(REPO, options.from), JSON.stringify(options.args ?? {})], {
      cwd: REPO,
      // The subgraph runs with the V8 flags it is deployed with (src/node-flags.ts).
      execArgv: [
        ...(fromDist ? [] : ['-r', require.resolve('ts-node/register/transpile-only')]),
        ...(role === 'subgraph' ? NODE_FLAGS : []),
        ...(options.nodeArgs ?? []),
      ],
      // The compiled child lives outside the repository: it finds reflect-metadata and undici through NODE_PATH.
      env: { ...neutralEnv(), NODE_PATH: path.join(REPO, 'node_modules'), ...options.env },
      // The server's own logs go nowhere; stderr is kept to explain a crash.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    proc.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench ${role} exited (${code}) before it was ready:\n${stderr}`));
      proc.once('exit', onExit);
      proc.on('message', function onReady(message: { ready?: Record<string, string> }) {
        if (!message.ready) return;
        proc.off('message', onReady);
        proc.off('exit', onExit);
        resolve(new BenchChild(role, proc, () => stderr, message.ready));
      });
    });
  }

  get pid(): number {
    return this.proc.pid!;
  }

  private call<T>(op: ChildRequest['op'], vendor?: SimVendor): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.proc.send({ id, op, ...(vendor ? { vendor } : {}) } satisfies ChildRequest);
    });
  }

  /** The stats of one simulator of the `sim` process (AT&T unless named). */
  stats(vendor: SimVendor = 'att'): Promise<SimStats> {
    return this.call('stats', vendor);
  }

  memory(): Promise<MemorySample> {
    return this.call('memory');
  }

  /** CPU time the child has used so far, user and system, in microseconds. */
  cpu(): Promise<NodeJS.CpuUsage> {
    return this.call('cpu');
  }

  /** Full garbage collection in the child; false when it was not started with `--expose-gc`. */
  gc(): Promise<boolean> {
    return this.call('gc');
  }

  /** Burns 20 ms in a function whose name brackets a `--cpu-prof` window. */
  mark(): Promise<boolean> {
    return this.call('mark');
  }

  /** Asks the server to close and waits for the process to exit; kills it after `graceMs`. */
  async close(graceMs = 10000): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.send({ id: 0, op: 'close' } satisfies ChildRequest);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
