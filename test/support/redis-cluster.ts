import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describeWhen, freePort, hasBinaries } from './local-tools';

const run = promisify(execFile);

/** Whether a Redis Cluster can be started here: Debian's `redis-server` and `redis-cli` are installed. */
export const REDIS_CLUSTER_AVAILABLE = hasBinaries('redis-server', 'redis-cli');

/**
 * `describe` when a cluster can be started; otherwise it says why and skips, except under CI, where a missing
 * `redis-server` fails the run.
 */
export function describeWithRedisCluster(name: string, fn: () => void): void {
  describeWhen(REDIS_CLUSTER_AVAILABLE, { what: 'Redis Cluster', missing: 'no redis-server / redis-cli binary (apt-get install redis-server)' }, name, fn);
}

/** One node of a test cluster. */
export interface ClusterNodeProcess {
  port: number;
  process: ChildProcess;
  /** The arguments it was started with, to start it again after a kill. */
  args: string[];
}

/** A Redis Cluster of three masters and three replicas on loopback, for one test file. */
export interface TestRedisCluster {
  /** `REDIS_CLUSTER_NODES` for the subgraph. */
  nodesEnv: string;
  nodes: { host: string; port: number }[];
  /** Runs `redis-cli -p <port> <args…>` and returns its output. */
  cli(port: number, ...args: string[]): Promise<string>;
  /** The master and replica ports that hold a key now. */
  ownersOf(key: string): Promise<{ master: number; replica: number }>;
  /** Promotes the replica of the master holding `key` (`CLUSTER FAILOVER` on the replica) and waits for the switch. */
  failover(key: string): Promise<{ oldMaster: number; newMaster: number }>;
  /**
   * Kills the master holding `key` (SIGKILL: no goodbye to the cluster), waits until the cluster promotes its
   * replica, then starts the killed node again from its directory so that it rejoins as the new master's replica.
   */
  killMaster(key: string): Promise<{ oldMaster: number; newMaster: number }>;
  /** Waits until every node says `cluster_state:ok` and every master has a replica attached. */
  settled(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts six `redis-server` processes in cluster mode (ports and bus ports chosen at run time, an absolute `--dir`
 * each), joins them with `redis-cli --cluster create … --cluster-replicas 1`, and waits until the cluster is ok and
 * every master has its replica in sync. About two seconds. `stop()` kills the nodes and removes their files.
 */
export async function startRedisCluster(): Promise<TestRedisCluster> {
  const root = mkdtempSync(join(tmpdir(), 'orders-redis-cluster-'));
  const children: ClusterNodeProcess[] = [];
  const cli = async (port: number, ...args: string[]): Promise<string> => (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout;

  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (node) =>
          new Promise<void>((resolve) => {
            if (node.process.exitCode !== null || node.process.signalCode !== null) return resolve();
            node.process.once('exit', () => resolve());
            node.process.kill('SIGKILL');
          }),
      ),
    );
    rmSync(root, { recursive: true, force: true });
  };

  const infoOf = async (port: number, section: string): Promise<string> =>
    cli(port, section === 'cluster' ? 'CLUSTER' : 'INFO', section === 'cluster' ? 'INFO' : section);

  const settled = async (timeoutMs = 20000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const live = children.filter((n) => n.process.exitCode === null && n.process.signalCode === null);
        const states = await Promise.all(live.map((n) => infoOf(n.port, 'cluster')));
        const replication = await Promise.all(live.map((n) => infoOf(n.port, 'replication')));
        const ok = states.every((s) => s.includes('cluster_state:ok'));
        const masters = replication.filter((r) => r.includes('role:master'));
        const attached = masters.every((r) => /connected_slaves:[1-9]/.test(r) && /slave0:.*state=online/.test(r));
        if (ok && masters.length === 3 && attached) return;
      } catch {
        // a node restarting or not up yet
      }
      if (Date.now() > deadline) throw new Error('the Redis Cluster did not settle');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  try {
    for (let i = 0; i < 6; i++) {
      const port = await freePort();
      const busPort = await freePort();
      const dir = join(root, `node-${port}`);
      mkdirSync(dir);
      const args = [
        '--port',
        String(port),
        '--cluster-port',
        String(busPort),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, 'nodes.conf'),
        '--cluster-node-timeout',
        '1000',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ];
      children.push({ port, process: spawn('redis-server', args, { stdio: 'ignore' }), args });
    }
    const deadline = Date.now() + 10000;
    for (const node of children) {
      for (;;) {
        try {
          if ((await cli(node.port, 'PING')).trim() === 'PONG') break;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`redis-server on ${node.port} did not start`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await run('redis-cli', ['--cluster', 'create', ...children.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes']);
    await settled();
  } catch (error) {
    await stop();
    throw error;
  }

  const ownersOf = async (key: string): Promise<{ master: number; replica: number }> => {
    const slot = Number((await cli(children[0].port, 'CLUSTER', 'KEYSLOT', key)).trim());
    // CLUSTER NODES: id host:port@bus flags master-id ping pong epoch state slots…
    const lines = (await cli(children[0].port, 'CLUSTER', 'NODES')).trim().split('\n');
    const parsed = lines.map((line) => {
      const [id, address, flags, masterId, , , , state, ...slots] = line.split(' ');
      return { id: id, port: Number(address.split('@')[0].split(':')[1]), flags: flags, masterId: masterId, state: state, slots };
    });
    const master = parsed.find(
      (n) =>
        n.flags.includes('master') &&
        !n.flags.includes('fail') &&
        n.slots.some((range) => {
          const [from, to] = range.split('-').map(Number);
          return slot >= from && slot <= (to ?? from);
        }),
    );
    const replica = parsed.find((n) => n.masterId === master?.id && !n.flags.includes('fail'));
    if (!master || !replica) throw new Error(`no master and replica for slot ${slot}`);
    return { master: master.port, replica: replica.port };
  };

  return {
    nodes: children.map((n) => ({ host: '127.0.0.1', port: n.port })),
    nodesEnv: children.map((n) => `127.0.0.1:${n.port}`).join(','),
    cli,
    ownersOf,
    async failover(key) {
      const { master, replica } = await ownersOf(key);
      await cli(replica, 'CLUSTER', 'FAILOVER');
      const deadline = Date.now() + 15000;
      while (!(await infoOf(replica, 'replication')).includes('role:master')) {
        if (Date.now() > deadline) throw new Error(`replica ${replica} was not promoted`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return { oldMaster: master, newMaster: replica };
    },
    async killMaster(key) {
      const { master, replica } = await ownersOf(key);
      const node = children.find((n) => n.port === master)!;
      await new Promise<void>((resolve) => {
        node.process.once('exit', () => resolve());
        node.process.kill('SIGKILL');
      });
      const deadline = Date.now() + 20000;
      while (!(await infoOf(replica, 'replication').catch(() => '')).includes('role:master')) {
        if (Date.now() > deadline) throw new Error(`replica ${replica} was not promoted`);
        await new Promise((r) => setTimeout(r, 50));
      }
      node.process = spawn('redis-server', node.args, { stdio: 'ignore' });
      return { oldMaster: master, newMaster: replica };
    },
    settled,
    stop,
  };
}
