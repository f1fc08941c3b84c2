import { expect } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config';
import { NODE_FLAGS } from '../../src/node-flags';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
// Defaults of the core; one vendor enabled so that the configuration is complete.
const DEFAULTS_ENV = { VENDORS: 'ORACLE', ORACLE_BASE_URL: 'https://shop.example.com', ORACLE_USERNAME: 'agent', ORACLE_PASSWORD: 'secret' };
const DEFAULTS = loadConfig(DEFAULTS_ENV);

/** The parts of Kubernetes objects these checks read. */
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    ports?: { port: number; targetPort: string | number }[];
    template?: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: { terminationGracePeriodSeconds?: number; securityContext?: { runAsNonRoot?: boolean }; containers: Container[] };
    };
  };
}

const objects: K8sObject[] = readdirSync(join(ROOT, 'deploy', 'k8s'))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'k8s', f), 'utf8')).map((doc) => {
      if (doc.errors.length) throw new Error(`${f}: ${doc.errors[0].message}`);
      return doc.toJS() as K8sObject;
    }),
  );

function find(kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return found;
}

/** The container port a probe or Service port names (by port name or number). */
function resolvePort(container: Container, port: string | number): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
}

function env(container: Container, name: string) {
  return container.env?.find((e) => e.name === name);
}

/** The Service that selects a Deployment's pods, and the container port it sends traffic to. */
function serviceFor(deployment: K8sObject, serviceName: string): { port: number; containerPort?: number } {
  const service = find('Service', serviceName);
  const labels = deployment.spec.template!.metadata.labels;
  expect(Object.entries(service.spec.selector as Record<string, string>).every(([k, v]) => labels[k] === v)).toBe(true);
  const [port] = service.spec.ports!;
  return { port: port.port, containerPort: resolvePort(deployment.spec.template!.spec.containers[0], port.targetPort) };
}

describe('Kubernetes manifests (deploy/k8s)', () => {
  const deployment = find('Deployment', 'orders-subgraph');
  const pod = deployment.spec.template!.spec;
  const container = pod.containers[0];

  it('runs at least two replicas whose pods the Deployment selects', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const labels = deployment.spec.template!.metadata.labels;
    expect(Object.entries(deployment.spec.selector!.matchLabels!).every(([k, v]) => labels[k] === v)).toBe(true);
  });

  it("listens, is probed and is served on the server's port: readiness /ready, liveness /health", () => {
    const port = Number(env(container, 'PORT')?.value ?? DEFAULTS.port);
    expect(port).toBe(DEFAULTS.port);
    expect(container.ports?.map((p) => p.containerPort)).toContain(port);
    expect(container.readinessProbe?.httpGet?.path).toBe('/ready');
    expect(container.livenessProbe?.httpGet?.path).toBe('/health');
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
      if (probe) expect(resolvePort(container, probe.httpGet!.port)).toBe(port);
    }
    expect(serviceFor(deployment, 'orders-subgraph').containerPort).toBe(port);
  });

  it('serves metrics on METRICS_PORT, which Prometheus scrapes on the pod and the Service does not expose', () => {
    const metricsPort = Number(env(container, 'METRICS_PORT')?.value);
    expect(metricsPort).toBeGreaterThan(0);
    expect(loadConfig({ ...DEFAULTS_ENV, METRICS_PORT: String(metricsPort) }).metricsPort).toBe(metricsPort);
    expect(metricsPort).not.toBe(Number(env(container, 'PORT')?.value ?? DEFAULTS.port));
    expect(container.ports?.map((p) => p.containerPort)).toContain(metricsPort);
    const annotations = deployment.spec.template!.metadata.annotations ?? {};
    expect(annotations['prometheus.io/port']).toBe(String(metricsPort));
    const service = find('Service', 'orders-subgraph');
    const exposed = service.spec.ports!.map((p) => resolvePort(container, p.targetPort));
    expect(exposed).not.toContain(metricsPort);
  });

  it('points REDIS_URL at the Redis Service, which selects the Redis pods on their port', () => {
    const url = new URL(env(container, 'REDIS_URL')!.value!);
    expect(url.protocol).toBe('redis:');
    const redis = find('Deployment', 'orders-redis');
    const service = serviceFor(redis, url.hostname);
    expect(service.port).toBe(Number(url.port || 6379));
    expect(service.containerPort).toBe(6379);
  });

  it('takes ROUTER_SECRET from a Secret, never from a literal', () => {
    expect(env(container, 'ROUTER_SECRET')).toMatchObject({ valueFrom: { secretKeyRef: { name: expect.any(String), key: expect.any(String) } } });
    expect(env(container, 'ROUTER_SECRET')?.value).toBeUndefined();
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  it('gives a stopping pod more time than its pause and its drain take', () => {
    const graceMs = Number(env(container, 'SHUTDOWN_GRACE_MS')?.value ?? DEFAULTS.shutdownGraceMs);
    const [cmd, seconds] = container.lifecycle?.preStop?.exec?.command ?? ['sleep', '0'];
    expect(cmd).toBe('sleep');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(Number(seconds) + graceMs / 1000);
  });

  it('runs in production mode, as a non-root user, on a read-only root filesystem', () => {
    expect(env(container, 'NODE_ENV')?.value).toBe('production');
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const instructions = dockerfile
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: string[][] = [];
  for (const line of instructions) {
    if (line.startsWith('FROM ')) stages.push([line]);
    else stages[stages.length - 1]?.push(line);
  }
  const runtime = stages[stages.length - 1];

  it('builds in one node:20-slim stage and runs in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]).toMatch(/^FROM node:20-slim\b/);
    expect(runtime.some((l) => /^RUN npm ci --omit=dev\b/.test(l))).toBe(true);
    expect(runtime.some((l) => /^COPY --from=\S+ \/app\/dist/.test(l))).toBe(true);
  });

  it('ships no simulator: the image gets only what `src/` compiles to, and nothing in `src/` reaches `dev/`', () => {
    const copied = stages.flatMap((stage) => stage.filter((l) => l.startsWith('COPY ')));
    const sources = copied.filter((l) => !l.startsWith('COPY --from=')).flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(sources.sort()).toEqual(
      ['package-lock.json', 'package-lock.json', 'package.json', 'package.json', 'src', 'tsconfig.build.json', 'tsconfig.json'].sort(),
    );
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[]; compilerOptions: { rootDir: string } };
    expect(build.include).toEqual(['src']);
    const files = (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      expect(file).not.toMatch(/simulator/i);
      const text = readFileSync(join(ROOT, 'src', file), 'utf8');
      expect({ file, imports: text.match(/from '[^']*(\/dev\/|simulators?)[^']*'/g) }).toEqual({ file, imports: null });
    }
  });

  it('runs as a non-root user', () => {
    const user = runtime.filter((l) => l.startsWith('USER ')).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)(:|$)/);
    expect(runtime.indexOf(user!)).toBeLessThan(runtime.findIndex((l) => l.startsWith('CMD ')));
  });

  it("exposes the server's port, checks /health on it, and starts the compiled entry point", () => {
    expect(runtime).toContain(`EXPOSE ${DEFAULTS.port}`);
    const healthcheck = runtime.find((l) => l.startsWith('HEALTHCHECK '));
    expect(healthcheck).toContain('/health');
    expect(healthcheck).toContain(String(DEFAULTS.port));
    // With the V8 flags of src/node-flags.ts, which `npm start` and the bench use too.
    expect(runtime).toContain(`CMD ${JSON.stringify(['node', ...NODE_FLAGS, 'dist/main.js'])}`.replace(/","/g, '", "'));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('dist/main.js');
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
  });

  it('keeps dependencies, git history and env files out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git', '.env', 'dist']));
  });
});

describe('the probe paths are the ones the server answers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it.each(['/health', '/ready'])('%s answers 200 on a running subgraph', async (path) => {
    const res = await fetch(`http://127.0.0.1:${t.app.port}${path}`);
    expect(res.status).toBe(200);
  });
});
