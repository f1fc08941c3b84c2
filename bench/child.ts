import 'reflect-metadata';
import path from 'node:path';
import type * as AppModule from '../src/app';
import type * as ConfigModule from '../src/config';
import type * as LoggerModule from '../src/logger';
import type * as AttSimulatorModule from '../dev/simulators/att/att.simulator';
import type * as OracleSimulatorModule from '../dev/simulators/oracle/oracle.simulator';
import { ChildReply, ChildRequest, MemorySample, Role, SimVendor } from './protocol';
import { startProxy } from './proxy';

/**
 * One server of the benchmark in its own process, so that the load generator, the simulator and the server under
 * test each have an event loop of their own, as in a deployment. Started by `procs.ts` with
 * `child <role> <code root: the repository's src or dist> <json args>`; it answers the parent over IPC.
 */
const [role, root, rawArgs] = process.argv.slice(2) as [Role, string, string | undefined];
const args = (rawArgs ? JSON.parse(rawArgs) : {}) as {
  attBaseUrl?: string;
  oracleBaseUrl?: string;
  oracleCredentials?: { username: string; password: string };
  port?: number;
  oraclePort?: number;
};
// The code root (src or dist) is chosen at run time, so the module path is not a literal an import could name.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- path known only at run time
const load = <T>(module: string): T => require(path.join(root, module)) as T;

// Its name is PROFILE_MARK of protocol.ts; a declaration (not an expression) keeps that name in the profile.
function benchProfileMark(): void {
  const end = performance.now() + 20;
  while (performance.now() < end);
}

function send(message: unknown): void {
  process.send?.(message);
}

async function start(): Promise<{ info: Record<string, unknown>; stats?: (vendor: SimVendor) => unknown; close: () => Promise<void> }> {
  if (role === 'sim') {
    // The AT&T and Oracle simulators share this process (one of them is idle while the other is measured).
    const simulators = path.join(__dirname, '..', 'dev', 'simulators');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the simulators are loaded only in the sim role
    const { startAttSimulator } = require(path.join(simulators, 'att', 'att.simulator')) as typeof AttSimulatorModule;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the simulators are loaded only in the sim role
    const { startOracleSimulator } = require(path.join(simulators, 'oracle', 'oracle.simulator')) as typeof OracleSimulatorModule;
    const [att, oracle] = await Promise.all([startAttSimulator(args.port ?? 0), startOracleSimulator(args.oraclePort ?? 0)]);
    return {
      info: { baseUrl: att.baseUrl, oracleBaseUrl: oracle.baseUrl },
      stats: (vendor) => (vendor === 'oracle' ? oracle.sim : att.sim).stats.snapshot(),
      close: async () => {
        await Promise.all([att.close(), oracle.close()]);
      },
    };
  }
  if (role === 'proxy') {
    const proxy = await startProxy({ att: args.attBaseUrl!, oracle: args.oracleBaseUrl!, oracleCredentials: args.oracleCredentials! });
    return { info: { url: proxy.url }, close: () => proxy.close() };
  }
  const { loadConfig } = load<typeof ConfigModule>('config');
  const { createLogger } = load<typeof LoggerModule>('logger');
  const { startApp } = load<typeof AppModule>('app');
  const config = loadConfig(process.env);
  const app = await startApp(config, createLogger(config.logLevel));
  return { info: { url: `http://127.0.0.1:${app.port}/graphql` }, close: () => app.close() };
}

start().then(
  (server) => {
    process.on('message', (message: ChildRequest) => {
      const reply = (value: unknown) => send({ id: message.id, ok: true, value } satisfies ChildReply);
      const fail = (error: unknown) => send({ id: message.id, ok: false, error: String(error) } satisfies ChildReply);
      try {
        switch (message.op) {
          case 'stats':
            if (!server.stats) throw new Error(`${role} keeps no stats`);
            return reply(server.stats(message.vendor ?? 'att'));
          case 'memory': {
            const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
            return reply({ rss, heapUsed, heapTotal, external } satisfies MemorySample);
          }
          case 'cpu':
            return reply(process.cpuUsage());
          case 'gc': {
            const gc = (global as { gc?: () => void }).gc;
            // Twice: the first pass can leave objects whose finalizers free more on the second.
            gc?.();
            gc?.();
            return reply(gc !== undefined);
          }
          case 'mark':
            benchProfileMark();
            return reply(true);
          case 'close':
            // The parent waits for the exit, not a reply; exiting also writes a --cpu-prof profile.
            return void server.close().then(
              () => process.exit(0),
              (error) => {
                process.stderr.write(`bench ${role} failed to close: ${String(error)}\n`);
                process.exit(1);
              },
            );
        }
      } catch (error) {
        fail(error);
      }
    });
    process.on('disconnect', () => process.exit(0));
    send({ ready: server.info });
  },
  (error: unknown) => {
    process.stderr.write(`bench ${role} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
