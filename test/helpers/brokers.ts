/**
 * Brokers with special behaviour, started and stopped by the tests: Mosquitto with its own config
 * on a free port, an aedes broker in a child process (CONNACK codes Mosquitto will not give),
 * a listener that accepts and never answers, a closed port, and a CA with certificates.
 */
import { ChildProcess, execFileSync, fork, spawn } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { freePort } from '../../bench/free-port';

export { freePort };

async function waitForPort(port: number, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing listens on ${port} after ${ms} ms`);
}

export async function tempDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  // Mosquitto started as root drops to the mosquitto user: it must be able to read our files.
  await fs.chmod(dir, 0o755);
  return dir;
}

export interface RunningBroker {
  port: number;
  dir: string;
  log(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `mosquitto -c <conf>` with `listener <port> 127.0.0.1` prepended to the given lines. */
export async function startMosquitto(
  confLines: string[],
  files: Record<string, string> = {},
  fixedPort?: number,
): Promise<RunningBroker> {
  const dir = await tempDir('mqtt-why-mosq-');
  for (const [name, content] of Object.entries(files)) {
    await fs.writeFile(path.join(dir, name), content);
    await fs.chmod(path.join(dir, name), 0o644);
  }
  const logFile = path.join(dir, 'mosquitto.log');
  // A port free when freePort() looked may be taken by a parallel test before Mosquitto binds it:
  // Mosquitto then exits ("Address already in use") while our port check may reach the other
  // test's server. Started is when its own log says "running"; a lost race takes a fresh port.
  for (let tries = 0; ; tries++) {
    const port = fixedPort ?? (await freePort());
    const conf = [
      `listener ${port} 127.0.0.1`,
      'set_tcp_nodelay true',
      `log_dest file ${logFile}`,
      'log_type all',
      ...confLines.map((l) => l.replace(/\{dir\}/g, dir)),
    ].join('\n');
    await fs.writeFile(path.join(dir, 'mosquitto.conf'), `${conf}\n`);
    await fs.chmod(path.join(dir, 'mosquitto.conf'), 0o644);
    await fs.writeFile(logFile, '');
    await fs.chmod(logFile, 0o666);
    const child = spawn('mosquitto', ['-c', path.join(dir, 'mosquitto.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const log = () => fs.readFile(logFile, 'utf8').catch(() => '');
    const deadline = Date.now() + 5000;
    while (child.exitCode === null && Date.now() < deadline && !/ running\b/.test(await log()))
      await new Promise((r) => setTimeout(r, 25));
    if (child.exitCode !== null) {
      const said = `${stderr} ${await log()}`;
      if (fixedPort === undefined && tries < 4 && said.includes('Address already in use')) continue;
      throw new Error(`mosquitto did not start (exit ${child.exitCode}): ${said}`);
    }
    try {
      await waitForPort(port);
    } catch (err) {
      child.kill('SIGKILL');
      throw new Error(`mosquitto did not start: ${stderr} ${(err as Error).message}`);
    }
    return brokerHandle(child, port, dir, () => fs.readFile(logFile, 'utf8'));
  }
}

/** Runs mosquitto with `conf` until it exits (one that cannot start): its status and output. */
export async function runToExit(conf: string): Promise<{ code: number | null; output: string }> {
  const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  return { code, output };
}

/** `ownDir`: a directory this broker made and owns, removed when it stops (never a shared one). */
function brokerHandle(
  child: ChildProcess,
  port: number,
  ownDir: string | null,
  log: () => Promise<string>,
): RunningBroker {
  return {
    port,
    dir: ownDir ?? '',
    log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownDir) await fs.rm(ownDir, { recursive: true, force: true });
    },
  };
}

/** A Mosquitto password file entry made by mosquitto_passwd (`create`: a new file, else added). */
export function passwordFile(dir: string, user: string, password: string, create = true): void {
  const file = path.join(dir, 'passwd');
  if (!create && !existsSync(file)) create = true;
  execFileSync('mosquitto_passwd', ['-b', ...(create ? ['-c'] : []), file, user, password]);
  execFileSync('chmod', ['644', file]);
}

/**
 * aedes (v3.1.1) answering every CONNECT with `returnCode`, in a child process (aedes is
 * ESM-only); `mode` makes it half-dead after CONNACK (see aedes-broker.mjs).
 */
export async function startAedes(
  returnCode: number,
  mode: 'normal' | 'silent-subscribe' | 'silent-publish' | 'ws' | 'deny-subscribe' = 'normal',
): Promise<RunningBroker> {
  const seen: string[] = [];
  const child = fork(path.join(__dirname, 'aedes-broker.mjs'), [String(returnCode), mode], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const onPort = (m: { port?: number }) => {
      if (m.port === undefined) return;
      child.off('message', onPort);
      resolve(m.port);
    };
    child.on('message', onPort);
    child.on('message', (m: { upgradeHost?: string }) => {
      if (m.upgradeHost !== undefined) seen.push(`upgrade Host: ${m.upgradeHost}`);
    });
    child.once('exit', (code) => reject(new Error(`aedes helper exited with ${code}`)));
  });
  return brokerHandle(child, port, null, async () => seen.join('\n'));
}

/** Accepts TCP connections and never says a word. */
export async function startSilentListener(): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A Mosquitto with a TLS listener serving `cert`/`key`, trusting the test CA, anonymous allowed. */
export function startTlsMosquitto(
  pki: TestPki,
  cert: string,
  key: string,
  extra: string[] = [],
): Promise<RunningBroker> {
  return startMosquitto([
    'allow_anonymous true',
    `cafile ${pki.ca}`,
    `certfile ${cert}`,
    `keyfile ${key}`,
    ...extra,
  ]);
}

export interface TestPki {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  expiredCert: string;
  expiredKey: string;
  wrongNameCert: string;
  wrongNameKey: string;
}

/** A CA made for the test, with server certificates (good, expired, wrong name) and a client one. */
export async function makePki(): Promise<TestPki> {
  const dir = await tempDir('mqtt-why-pki-');
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '30',
    '-subj',
    '/CN=mqtt-why test CA',
  );
  const issue = (name: string, cn: string, san: string, extra: string[] = []) => {
    run(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${cn}`,
    );
    const ext = path.join(dir, `${name}.ext`);
    execFileSync('sh', ['-c', `printf 'subjectAltName=${san}\\n' > ${ext}`]);
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-extfile',
      ext,
      ...extra,
    );
  };
  issue('server', 'localhost', 'DNS:localhost,IP:127.0.0.1', ['-days', '30']);
  issue('wrongname', 'broker.example.com', 'DNS:broker.example.com', ['-days', '30']);
  issue('client', 'probe-client', 'DNS:probe-client', ['-days', '30']);
  // Expired (January 2020): `openssl ca` can set past dates on OpenSSL 3.0, `x509 -req` cannot.
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'expired.key',
    '-out',
    'expired.csr',
    '-subj',
    '/CN=localhost',
  );
  await fs.writeFile(path.join(dir, 'index.txt'), '');
  await fs.writeFile(path.join(dir, 'serial'), '1000\n');
  await fs.writeFile(
    path.join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      'dir = .',
      'database = index.txt',
      'new_certs_dir = .',
      'serial = serial',
      'default_md = sha256',
      'policy = any',
      'x509_extensions = ext',
      '[any]',
      'commonName = supplied',
      '[ext]',
      'subjectAltName = DNS:localhost,IP:127.0.0.1',
      '',
    ].join('\n'),
  );
  run(
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'ca.crt',
    '-keyfile',
    'ca.key',
    '-in',
    'expired.csr',
    '-out',
    'expired.crt',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200201000000Z',
  );
  for (const f of await fs.readdir(dir)) await fs.chmod(path.join(dir, f), 0o644);
  const p = (f: string) => path.join(dir, f);
  return {
    dir,
    ca: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    expiredCert: p('expired.crt'),
    expiredKey: p('expired.key'),
    wrongNameCert: p('wrongname.crt'),
    wrongNameKey: p('wrongname.key'),
  };
}

/**
 * A listener that answers every CONNECT with one CONNACK code, MQTT 5 or 3.1.1 (what no real broker
 * here does on demand), then closes; and one that accepts TCP and resets it at once.
 */
export async function startScriptedConnack(
  reasonCode: number,
  version: '3.1.1' | '5' = '5',
): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.once('data', () => {
      // CONNACK: flags 0 and the code; MQTT 5 adds an empty property list.
      s.end(
        Buffer.from(
          version === '5' ? [0x20, 0x03, 0x00, reasonCode, 0x00] : [0x20, 0x02, 0x00, reasonCode],
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

export async function startResettingListener(): Promise<{ port: number; stop(): Promise<void> }> {
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    s.resetAndDestroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * startMosquitto for one test file: call it at the file's top level; every broker it starts is
 * stopped after the file's tests.
 */
export function mosquittoForFile(): (
  lines: string[],
  files?: Record<string, string>,
) => Promise<RunningBroker> {
  const started: RunningBroker[] = [];
  afterAll(() => Promise.all(started.map((b) => b.stop())));
  return async (lines, files = {}) => {
    const b = await startMosquitto(lines, files);
    started.push(b);
    return b;
  };
}
