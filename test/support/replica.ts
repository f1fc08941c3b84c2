import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A subgraph replica running as its own process, as it would behind the router. */
export interface Replica {
  url: string;
  process: ChildProcess;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<number | null>;
}

/**
 * Starts `src/main.ts` in a child process (ts-node, transpile only) on a free port with the given environment, and
 * resolves once it prints its URL.
 */
export function startReplica(env: Record<string, string>): Promise<Replica> {
  const root = join(__dirname, '..', '..');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(root, 'src', 'main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    // ts-node compiles the whole server first, which takes a while on a busy machine. A replica that has not started
    // by then is killed: left running, its pipes would keep the Jest worker from exiting.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`replica did not start within 35 s: ${stderr}`));
    }, 35000);
    child.stdout.on('data', (d: Buffer) => {
      const match = /on (http:\/\/localhost:\d+\/graphql)/.exec(d.toString());
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1].replace('localhost', '127.0.0.1'),
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited with ${code}: ${stderr}`));
    });
  });
}
