/**
 * A nats-server of its own with JetStream and an MQTT listener (which needs both JetStream and a
 * server_name), on free ports, storing in a temporary directory. Starts in well under a second.
 */
import { execFileSync, spawn } from 'child_process';
import { promises as fs } from 'fs';
import net from 'net';
import path from 'path';
import { freePort, tempDir } from './brokers';

export interface NatsUser {
  user: string;
  password: string;
  /** Subjects this user may publish to (MQTT `a/b` is the subject `a.b`); default all. */
  publish?: string[];
}

export interface RunningNats {
  /** The MQTT listener. */
  port: number;
  /** The NATS client listener. */
  clientPort: number;
  version: string;
  log(): Promise<string>;
  stop(): Promise<void>;
}

export async function startNats(opts: { users?: NatsUser[] } = {}): Promise<RunningNats> {
  const dir = await tempDir('mqtt-why-nats-');
  const [port, clientPort] = [await freePort(), await freePort()];
  const users = (opts.users ?? []).map((u) => {
    // MQTT sessions, retained messages and QoS 1 need the server's own $MQTT subjects.
    const perms = u.publish
      ? `, permissions: { publish: { allow: ${JSON.stringify([...u.publish, '$MQTT.>'])} }, subscribe: ">" }`
      : '';
    return `{ user: ${JSON.stringify(u.user)}, password: ${JSON.stringify(u.password)}${perms} }`;
  });
  const conf = [
    `server_name: mqttwhy_${port}`,
    `listen: 127.0.0.1:${clientPort}`,
    `jetstream { store_dir: ${JSON.stringify(path.join(dir, 'js'))} }`,
    ...(users.length ? [`authorization { users: [ ${users.join(', ')} ] }`] : []),
    `mqtt { listen: 127.0.0.1:${port} }`,
    '',
  ].join('\n');
  await fs.writeFile(path.join(dir, 'nats.conf'), conf);
  const logFile = path.join(dir, 'nats.log');
  const child = spawn('nats-server', ['-c', path.join(dir, 'nats.conf'), '-l', logFile], {
    stdio: 'ignore',
  });
  const log = () => fs.readFile(logFile, 'utf8').catch(() => '');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await fs.rm(dir, { recursive: true, force: true });
  };
  const until = Date.now() + 10_000;
  for (;;) {
    if (await listening(port)) break;
    if (child.exitCode !== null || Date.now() > until) {
      const text = await log();
      await stop();
      throw new Error(`nats-server did not start: ${text.slice(-1000)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const version =
    /nats-server: v(\S+)/.exec(execFileSync('nats-server', ['--version']).toString())?.[1] ??
    'unknown';
  return { port, clientPort, version, log, stop };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
