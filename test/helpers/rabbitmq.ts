/**
 * A RabbitMQ node of its own with the `rabbitmq_mqtt` plugin enabled, for one test file: its own
 * node name, ports, database, logs, Erlang cookie and enabled-plugins file in a temporary
 * directory, so the machine's RabbitMQ (and its plugin list) is never touched. Users come from a
 * definitions file loaded at boot (no rabbitmqctl round trips). Start-up takes 10-20 s: share one
 * node per file.
 */
import { ChildProcess, spawn } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import { existsSync, promises as fs } from 'fs';
import path from 'path';
import { freePort, tempDir } from './brokers';

export interface RabbitUser {
  name: string;
  password: string;
  /** Topic permission (regex on the AMQP routing key: MQTT `/` becomes `.`); default all. */
  topicWrite?: string;
}

export interface RunningRabbit {
  /** The MQTT listener. */
  port: number;
  /** The AMQP listener. */
  amqpPort: number;
  dir: string;
  version: string;
  log(): Promise<string>;
  stop(): Promise<void>;
}

/** Debian installs the real script here; /usr/sbin/rabbitmq-server would switch to the rabbitmq user. */
const SERVER = ['/usr/lib/rabbitmq/bin/rabbitmq-server', '/usr/sbin/rabbitmq-server'].find((p) =>
  existsSync(p),
);

/** RabbitMQ's `rabbit_password_hashing_sha256`: base64(salt ++ sha256(salt ++ password)). */
function passwordHash(password: string): string {
  const salt = randomBytes(4);
  const digest = createHash('sha256')
    .update(Buffer.concat([salt, Buffer.from(password)]))
    .digest();
  return Buffer.concat([salt, digest]).toString('base64');
}

export async function startRabbitMq(opts: {
  users: RabbitUser[];
  allowAnonymous?: boolean;
}): Promise<RunningRabbit> {
  if (!SERVER)
    throw new Error('rabbitmq-server is not installed (apt-get install rabbitmq-server)');
  const dir = await tempDir('mqtt-why-rabbit-');
  const [port, amqpPort, distPort] = [await freePort(), await freePort(), await freePort()];
  const node = `mqttwhy${port}@localhost`;
  const definitions = {
    users: opts.users.map((u) => ({
      name: u.name,
      password_hash: passwordHash(u.password),
      hashing_algorithm: 'rabbit_password_hashing_sha256',
      tags: '',
    })),
    vhosts: [{ name: '/' }],
    permissions: opts.users.map((u) => ({
      user: u.name,
      vhost: '/',
      configure: '.*',
      write: '.*',
      read: '.*',
    })),
    topic_permissions: opts.users
      .filter((u) => u.topicWrite)
      .map((u) => ({
        user: u.name,
        vhost: '/',
        exchange: 'amq.topic',
        write: u.topicWrite,
        read: '.*',
      })),
  };
  await fs.writeFile(path.join(dir, 'definitions.json'), JSON.stringify(definitions));
  const first = opts.users[0]!;
  await fs.writeFile(
    path.join(dir, 'rabbitmq.conf'),
    [
      `listeners.tcp.1 = 127.0.0.1:${amqpPort}`,
      `mqtt.listeners.tcp.1 = 127.0.0.1:${port}`,
      `mqtt.allow_anonymous = ${opts.allowAnonymous === true}`,
      ...(opts.allowAnonymous
        ? [`mqtt.default_user = ${first.name}`, `mqtt.default_pass = ${first.password}`]
        : []),
      'loopback_users = none',
      `load_definitions = ${path.join(dir, 'definitions.json')}`,
      '',
    ].join('\n'),
  );
  // The plugin is installed with the package but enabled only for this node, offline.
  await fs.writeFile(path.join(dir, 'enabled_plugins'), '[rabbitmq_mqtt].\n');
  const env = {
    ...process.env,
    HOME: dir, // the node's own Erlang cookie
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_PLUGINS_EXPAND_DIR: path.join(dir, 'plugins-expand'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbitmq.pid'),
  };
  const out = await fs.open(path.join(dir, 'stdout.log'), 'w');
  const child = spawn(SERVER, [], {
    env,
    cwd: dir,
    stdio: ['ignore', out.fd, out.fd],
    detached: true,
  });
  await out.close();
  const logFile = path.join(dir, 'log', `${node}.log`);
  const log = () => fs.readFile(logFile, 'utf8').catch(() => '');
  const stop = () => stopNode(child, dir);
  try {
    const version = await waitForBoot(child, log, () =>
      fs.readFile(path.join(dir, 'stdout.log'), 'utf8'),
    );
    return { port, amqpPort, dir, version, log, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitForBoot(
  child: ChildProcess,
  log: () => Promise<string>,
  stdout: () => Promise<string>,
): Promise<string> {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    const text = await log();
    // Users are imported after the MQTT listener opens: "complete" means both are there.
    if (text.includes('Server startup complete'))
      return /Starting RabbitMQ (\S+)/.exec(text)?.[1] ?? 'unknown';
    if (child.exitCode !== null)
      throw new Error(
        `rabbitmq-server exited with ${child.exitCode}: ${(await stdout()).slice(-2000)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('RabbitMQ did not finish booting within 90 s');
}

/** SIGTERM to the start script stops the node cleanly; its whole process group goes if it hangs. */
async function stopNode(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 15_000);
    await exited;
    clearTimeout(timer);
  }
  await fs.rm(dir, { recursive: true, force: true });
}
