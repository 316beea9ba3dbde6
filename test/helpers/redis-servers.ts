/**
 * Real Redis topologies for tests, each on free ports in its own directory: a plain server, a
 * Sentinel watching a primary, and a three-node Redis Cluster. Stop what you start.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import { promises as fs } from 'fs';
import net from 'net';
import path from 'path';
import { promisify } from 'util';
import { freePort, tempDir } from './brokers';

const run = promisify(execFile);

export interface RunningRedis {
  port: number;
  stop(): Promise<void>;
}

/** `redis-server` on `port`, keeping its files in `dir`; extra arguments are passed as given. */
export function spawnRedisServer(port: number, dir: string, extra: string[] = []): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...extra],
    { stdio: 'ignore' },
  );
}

export async function stopProcess(
  child: ChildProcess | null,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

export async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met in ${ms} ms`);
}

export const portOpen = (port: number): Promise<boolean> =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/** What `redis-cli -p <port> <args…>` prints. */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args]);
  return stdout.trim();
}

function running(children: ChildProcess[], port: number, dir: string): RunningRedis {
  return {
    port,
    async stop() {
      await Promise.all(children.map((c) => stopProcess(c)));
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export async function startRedisServer(extra: string[] = []): Promise<RunningRedis> {
  const dir = await tempDir('mqtt-why-redis-');
  const port = await freePort();
  const child = spawnRedisServer(port, dir, extra);
  await until(async () => (await redisCli(port, 'ping')) === 'PONG');
  return running([child], port, dir);
}

/** A Sentinel (quorum 1) that watches the primary on `primaryPort` under `name`. */
export async function startSentinel(primaryPort: number, name: string): Promise<RunningRedis> {
  const dir = await tempDir('mqtt-why-sentinel-');
  const port = await freePort();
  // Sentinel rewrites its own configuration file, so it lives in the test's directory.
  const conf = path.join(dir, 'sentinel.conf');
  await fs.writeFile(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 1`,
      `sentinel down-after-milliseconds ${name} 2000`,
      `sentinel failover-timeout ${name} 10000`,
      '',
    ].join('\n'),
  );
  const child = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  await until(async () =>
    (await redisCli(port, 'sentinel', 'get-master-addr-by-name', name)).includes(
      String(primaryPort),
    ),
  );
  return running([child], port, dir);
}

export interface RunningCluster {
  ports: number[];
  /** `redis+cluster://` with every node as a seed. */
  url: string;
  stop(): Promise<void>;
}

/** Three primaries, no replicas, all 16384 slots assigned: the smallest real Redis Cluster. */
export async function startRedisCluster(): Promise<RunningCluster> {
  const dir = await tempDir('mqtt-why-cluster-');
  const ports = [await freePort(), await freePort(), await freePort()];
  const children = ports.map((port) =>
    spawnRedisServer(port, dir, [
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--appendonly',
      'no',
    ]),
  );
  const stop = running(children, 0, dir).stop;
  try {
    for (const port of ports) await until(async () => (await redisCli(port, 'ping')) === 'PONG');
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const port of ports)
      await until(async () =>
        (await redisCli(port, 'cluster', 'info')).includes('cluster_state:ok'),
      );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    ports,
    url: `redis+cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`,
    stop,
  };
}
