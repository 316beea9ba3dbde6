import { promises as fs } from 'fs';
import path from 'path';
import { runBin } from '../../helpers/cli-run';
import {
  RunningBroker,
  freePort,
  passwordFile,
  startMosquitto,
  tempDir,
} from '../../helpers/brokers';

let open: RunningBroker;
let secured: RunningBroker;
let dir: string;

beforeAll(async () => {
  dir = await tempDir('mqtt-why-cli-probe-');
  passwordFile(dir, 'alice', 'cli-secret-pw');
  open = await startMosquitto(['allow_anonymous true']);
  secured = await startMosquitto(['allow_anonymous false', `password_file ${dir}/passwd`]);
});
afterAll(async () => {
  await open.stop();
  await secured.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('mqtt-why probe', () => {
  it('exits 0 with the JSON contract for a healthy broker', async () => {
    const r = await runBin(['probe', `mqtt://127.0.0.1:${open.port}`, '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ ok: true, diagnosis: [] });
    expect(body.steps.map((s: { name: string }) => s.name)).toEqual([
      'dns',
      'tcp',
      'connect',
      'roundtrip',
    ]);
    for (const s of body.steps)
      expect(s).toEqual(
        expect.objectContaining({ name: expect.any(String), ok: true, ms: expect.any(Number) }),
      );
  });

  it('runs the takeover check on request', async () => {
    const r = await runBin(['probe', `mqtt://127.0.0.1:${open.port}`, '--takeover', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).steps.at(-1)).toMatchObject({ name: 'takeover', ok: true });
  });

  it('runs the delivery checks with --delivery, after the round trip', async () => {
    const r = await runBin(['probe', `mqtt://127.0.0.1:${open.port}`, '--delivery', '--json']);
    expect(r.code).toBe(0);
    const names = JSON.parse(r.stdout).steps.map((s: { name: string }) => s.name);
    expect(names.slice(3)).toEqual(['roundtrip', 'retained', 'will', 'session', 'qos', 'shared']);
  });

  it('exits 1 with a diagnosis when a step fails, in text and JSON', async () => {
    const port = await freePort();
    const text = await runBin(['probe', `mqtt://127.0.0.1:${port}`]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAIL tcp/);
    expect(text.stdout).toContain('communication/mqtt-tcp-connection-refused');
    const json = JSON.parse((await runBin(['probe', `mqtt://127.0.0.1:${port}`, '--json'])).stdout);
    expect(json.ok).toBe(false);
    expect(json.diagnosis[0]).toBe('communication/mqtt-tcp-connection-refused');
  });

  it('takes --username with --password or --password-env, and never prints the password', async () => {
    const url = `mqtt://127.0.0.1:${secured.port}`;
    const good = await runBin([
      'probe',
      url,
      '--username',
      'alice',
      '--password',
      'cli-secret-pw',
      '--json',
    ]);
    expect(good.code).toBe(0);
    const bad = await runBin([
      'probe',
      url,
      '--username',
      'alice',
      '--password',
      'wrong-pw-123',
      '--json',
    ]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).steps.find((s: { name: string }) => s.name === 'auth').ok).toBe(
      false,
    );
    for (const out of [good.stdout, bad.stdout, good.stderr, bad.stderr]) {
      expect(out).not.toContain('cli-secret-pw');
      expect(out).not.toContain('wrong-pw-123');
    }
    process.env.MQTT_WHY_TEST_PW = 'cli-secret-pw';
    try {
      expect(
        (await runBin(['probe', url, '--username', 'alice', '--password-env', 'MQTT_WHY_TEST_PW']))
          .code,
      ).toBe(0);
    } finally {
      delete process.env.MQTT_WHY_TEST_PW;
    }
  });

  it('probes a broker by its name in brokers.yml, with the password from password_env', async () => {
    const file = path.join(dir, 'brokers.yml');
    await fs.writeFile(
      file,
      `brokers:\n  - name: plant-a\n    url: mqtt://127.0.0.1:${secured.port}\n    username: alice\n    password_env: PLANT_A_PW\n    protocol: '3.1.1'\n`,
    );
    process.env.PLANT_A_PW = 'cli-secret-pw';
    try {
      const r = await runBin(['probe', 'plant-a', '--brokers', file, '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).target).toEqual({
        name: 'plant-a',
        url: `mqtt://127.0.0.1:${secured.port}`,
      });
      const unknown = await runBin(['probe', 'plant-b', '--brokers', file]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/no broker named "plant-b" \(configured: plant-a\)/);
    } finally {
      delete process.env.PLANT_A_PW;
    }
    // A password_env that is not set is a configuration error, named with file and line.
    const unset = await runBin(['probe', 'plant-a', '--brokers', file]);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/brokers\.yml:5: password_env names PLANT_A_PW, which is not set/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await runBin(['probe'])).code).toBe(2);
    expect((await runBin(['probe', 'http://example.com'])).code).toBe(2);
    expect((await runBin(['probe', 'mqtt://127.0.0.1:1883', '--protocol', '7'])).code).toBe(2);
    expect(
      (await runBin(['probe', 'mqtt://127.0.0.1:1883', '--password-env', 'SURELY_NOT_SET_VAR']))
        .code,
    ).toBe(2);
  });
});
