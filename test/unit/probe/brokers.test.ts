import { promises as fs } from 'fs';
import path from 'path';
import { parseBrokersFile, parseDuration } from '../../../src/probe/brokers';
import { endpointDisplay } from '../../../src/probe/endpoint';

describe('brokers.yml', () => {
  it('reads the committed example, resolving passwords from the environment', async () => {
    const text = await fs.readFile(path.join(__dirname, '../../../brokers.example.yml'), 'utf8');
    const r = parseBrokersFile(text, 'brokers.example.yml', { PLANT_A_MQTT_PASSWORD: 'pw' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.file.allowHosts).toEqual([
      { kind: 'name', labels: ['*', 'iot', 'example', 'com'], wildcard: true },
    ]);
    expect(r.file.brokers[0]).toMatchObject({
      name: 'plant-a',
      password: 'pw',
      protocol: 'auto',
      channels: ['C0123456789'],
      health: { everyMs: 60_000, failAfter: 3, recoverAfter: 2, certDays: 14 },
    });
    expect(r.file.brokers[1]).toMatchObject({
      name: 'lab',
      password: null,
      protocol: 'auto',
      topic: 'mqtt-why/probe',
      health: null,
    });
  });

  it('reads the docker-compose demo brokers', async () => {
    const text = await fs.readFile(path.join(__dirname, '../../../docker/brokers.yml'), 'utf8');
    const r = parseBrokersFile(text, 'docker/brokers.yml', { DEMO_MQTT_PASSWORD: 'pw' });
    expect(
      r.ok && r.file.brokers.map((b) => [b.name, endpointDisplay(b.endpoint), b.password]),
    ).toEqual([
      ['open', 'mqtt://mosquitto:1883', null],
      ['secured', 'mqtt://mosquitto:1884', 'pw'],
    ]);
  });

  it('names file and line of every problem, and refuses passwords in the file', () => {
    const text = [
      'brokers:',
      '  - name: a',
      '    url: http://a',
      '    password: hunter2',
      '  - name: b',
      '    url: mqtt://b:1883',
      '    protocol: 4',
      '    password_env: NOT_SET_ANYWHERE',
      '    health:',
      '      every: soon',
      '  - name: b',
      '    url: mqtt://user:pw@c:1883',
    ].join('\n');
    const r = parseBrokersFile(text, 'brokers.yml', {});
    expect(r.ok).toBe(false);
    const problems = r.ok ? '' : r.problems.join('\n');
    expect(problems).toMatch(
      /brokers\.yml:3: "http:\/\/a" is not a broker URL: scheme "http:" is not one of/,
    );
    expect(problems).toMatch(/brokers\.yml:4: passwords do not belong in brokers\.yml/);
    expect(problems).toMatch(/brokers\.yml:7: protocol "4" must be 3\.1\.1, 5 or auto/);
    expect(problems).toMatch(/brokers\.yml:8: password_env names NOT_SET_ANYWHERE/);
    expect(problems).toMatch(/brokers\.yml:10: health\.every "soon" is not a duration/);
    expect(problems).toMatch(/broker name "b" appears twice/);
    expect(problems).toMatch(/brokers\.yml:12: the url holds a password/);
    expect(problems).not.toContain('hunter2');
  });

  it("refuses alerts to a channel the broker's channels keep from probing it", () => {
    const yml = (channels: string) =>
      `brokers:\n  - name: payments\n    url: mqtt://10.0.0.5:1883\n    channels: [${channels}]\n    health:\n      every: 30s\n      channel: C0ALERTS\n`;
    const r = parseBrokersFile(yml('C0PAYMENTS'), 'brokers.yml', {});
    expect(r.ok ? '' : r.problems.join('\n')).toMatch(
      /brokers\.yml:7: health\.channel C0ALERTS is not in this broker's channels \(C0PAYMENTS\): add it there, or send the alerts to one of them/,
    );
    expect(parseBrokersFile(yml('C0PAYMENTS, C0ALERTS'), 'brokers.yml', {}).ok).toBe(true);
  });

  it('suggests the key a misspelt one was meant to be', () => {
    const r = parseBrokersFile(
      'brokers:\n  - name: a\n    url: mqtt://a:1883\n    helth:\n      every: 30s\n    usename: u\n',
      'brokers.yml',
      {},
    );
    const problems = r.ok ? '' : r.problems.join('\n');
    expect(problems).toMatch(/brokers\.yml:4: unknown broker key "helth": did you mean health\?/);
    expect(problems).toMatch(/unknown broker key "usename": did you mean username\?/);
    // Two edits make any short word another: "port" is not "cert".
    const short = parseBrokersFile(
      'brokers:\n  - name: a\n    url: mqtt://a:1883\n    port: 1883\n',
      'b.yml',
      {},
    );
    expect(short.ok ? '' : short.problems.join('\n')).toMatch(
      /unknown broker key "port" \(expected/,
    );
  });

  it('says health.every needs a unit when it is a bare number, and that it is missing when it is', () => {
    const block = (every: string) =>
      parseBrokersFile(
        `brokers:\n  - name: a\n    url: mqtt://a:1883\n    health:\n${every}      channel: C1\n`,
        'brokers.yml',
        {},
      );
    const bare = block('      every: 10\n');
    expect(bare.ok ? '' : bare.problems.join('\n')).toMatch(
      /health\.every "10" is not a duration of at least 1s: write it with its unit, such as 10s or 30s/,
    );
    const tooShort = block('      every: 500ms\n');
    expect(tooShort.ok ? '' : tooShort.problems.join('\n')).toMatch(
      /health\.every "500ms" is shorter than 1s/,
    );
    const missing = block('');
    expect(missing.ok ? '' : missing.problems.join('\n')).toMatch(/health\.every is required/);
  });

  it('lets health checks name delivery checks in steps, but not the takeover check', () => {
    const file = (steps: string) =>
      [
        'brokers:',
        '  - name: a',
        '    url: mqtt://a:1883',
        '    health:',
        '      every: 60s',
        `      steps: ${steps}`,
      ].join('\n');
    const ok = parseBrokersFile(
      file('[dns, tcp, connect, roundtrip, retained, will, session, qos, shared]'),
      'b.yml',
      {},
    );
    expect(ok.ok && ok.file.brokers[0]!.health!.steps).toEqual([
      'dns',
      'tcp',
      'connect',
      'roundtrip',
      'retained',
      'will',
      'session',
      'qos',
      'shared',
    ]);
    const bad = parseBrokersFile(file('[connect, takeover]'), 'b.yml', {});
    expect(bad.ok ? '' : bad.problems.join('\n')).toMatch(
      /health step "takeover" must be one of dns, tcp, tls, connect, auth, roundtrip, retained, will, session, qos, shared/,
    );
  });

  it('says a broker name is too long, or which characters it may hold, on its line', () => {
    const long = `plant-${'a'.repeat(60)}`;
    const r = parseBrokersFile(
      `brokers:\n  - name: ${long}\n    url: mqtt://a:1883\n  - name: "bad name"\n    url: mqtt://b:1883\n`,
      'b.yml',
      {},
    );
    expect(r.ok ? [] : r.problems).toEqual([
      expect.stringMatching(/^b\.yml:2: name "plant-a+…" is 66 characters: at most 64$/),
      expect.stringMatching(/^b\.yml:4: name must start with a letter or digit/),
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const r = parseBrokersFile('brokers:\n  - name: a\n   url: [\n', 'b.yml', {});
    expect(r.ok ? '' : r.problems[0]).toMatch(/^b\.yml:\d+: /);
  });

  it('refuses an allow_hosts entry that is no host pattern, with its line', () => {
    const r = parseBrokersFile(
      'allow_hosts:\n  - "*.ok.example.com"\n  - "bad host!"\nbrokers: []\n',
      'b.yml',
      {},
    );
    expect(r.ok ? [] : r.problems).toEqual([
      expect.stringMatching(/^b\.yml:3: allow_hosts entry "bad host!" is not a host pattern/),
    ]);
  });

  it('reads durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('soon')).toBeNull();
  });
});
