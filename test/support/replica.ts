import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A subgraph replica running as its own process, as it would behind the router. */
export interface Replica {
  url: string;
  process: ChildProcess;
  /** Everything the process has written to stdout so far (its log lines, with LOG_LEVEL set), from its first line. */
  stdout(): string;
  /** Sends SIGTERM and waits for the process to exit and its output to close. */
  stop(): Promise<number | null>;
}

/** Replicas this test file started that are still running. */
const running = new Set<ChildProcess>();

/** Ends a child process: SIGTERM, SIGKILL if it is still there after 10 s; resolves once its output has closed. */
function end(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const kill = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.once('close', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}

// Whatever a test file's own tests did (a failed start beside a good one, an assertion before its stop), no replica
// outlives the file: a process left running would keep the Jest worker from exiting.
afterAll(async () => {
  await Promise.all([...running].map(end));
});

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
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve, reject) => {
    // ts-node compiles the whole server first, which takes a while on a busy machine. A replica that has not started
    // by then is killed: left running, its pipes would keep the Jest worker from exiting.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`replica did not start within 35 s: ${stderr}`));
    }, 35000);
    const started = () => {
      const match = /on (http:\/\/localhost:\d+\/graphql)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', started);
      resolve({
        url: match[1].replace('localhost', '127.0.0.1'),
        process: child,
        stdout: () => stdout,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            // 'close' rather than 'exit': the last log lines have arrived by then.
            child.once('close', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', started);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited with ${code}: ${stderr}`));
    });
  });
}
