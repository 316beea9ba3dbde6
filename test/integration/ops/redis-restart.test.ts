import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import path from 'path';
import { FakeSlack } from '../../helpers/fake-slack';
import { postSigned, slashCommandBody } from '../../helpers/slack-requests';
import { RunningBroker, freePort, startMosquitto, tempDir } from '../../helpers/brokers';
import { tempKb } from '../../helpers/cli-run';
import {
  portOpen,
  spawnRedisServer,
  stopProcess as stop,
  until,
} from '../../helpers/redis-servers';

// Append-only on: the queued probes must survive the restart.
const startRedis = (port: number, dir: string) =>
  spawnRedisServer(port, dir, ['--appendonly', 'yes']);

const DIST = path.join(__dirname, '../../../dist/src/apps');
const SECRET = 'restart-secret';

describe('Redis restarted mid-run (bot and worker as separate processes)', () => {
  it('keeps answering triage meanwhile, and the probes queued before are run once afterwards', async () => {
    const dir = await tempDir('mqtt-why-redis-');
    const kb = await tempKb();
    const fake = new FakeSlack();
    await fake.start();
    const mosquitto: RunningBroker = await startMosquitto(['allow_anonymous true']);
    const redisPort = await freePort();
    const botPort = await freePort();
    await fs.writeFile(
      path.join(dir, 'brokers.yml'),
      `brokers:\n  - name: local\n    url: mqtt://127.0.0.1:${mosquitto.port}\n    protocol: '3.1.1'\n`,
    );
    const env = {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_PREFIX: `test-${randomUUID()}:`,
      BROKERS_FILE: path.join(dir, 'brokers.yml'),
      MQTT_WHY_KB_DIR: kb,
      LOG_LEVEL: 'warn',
    };
    let redis: ChildProcess | null = startRedis(redisPort, dir);
    let bot: ChildProcess | null = null;
    let worker: ChildProcess | null = null;
    const command = (text: string, channel: string) =>
      postSigned(
        botPort,
        slashCommandBody({ text, channel, responseUrl: fake.responseUrl(channel) }),
        'application/x-www-form-urlencoded',
        { secret: SECRET },
      );
    try {
      await until(() => portOpen(redisPort));
      // The bot runs no worker: the probes wait in the queue across the restart.
      bot = spawn(process.execPath, [path.join(DIST, 'bot.js')], {
        env: { ...env, PORT: String(botPort), WORKER: 'off' },
        stdio: 'ignore',
      });
      await until(() => portOpen(botPort));
      for (const channel of ['CR1', 'CR2', 'CR3'])
        expect((await command('probe local', channel)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.callsTo('response_url')).toEqual([]);

      await stop(redis);
      redis = null;
      expect((await command('0x87', 'CTRIAGE')).status).toBe(200);
      await fake.waitFor(
        () => fake.callsTo('chat.postMessage').some((c) => c.args.channel === 'CTRIAGE'),
        10_000,
      );
      expect(
        JSON.stringify(
          fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'CTRIAGE')!.args,
        ),
      ).toContain('t/not-authorized');

      redis = startRedis(redisPort, dir);
      await until(() => portOpen(redisPort));
      const workerPort = await freePort();
      worker = spawn(process.execPath, [path.join(DIST, 'worker.js')], {
        env: { ...env, WORKER_PORT: String(workerPort) },
        stdio: 'ignore',
      });
      const finals = () =>
        fake.callsTo('chat.update').filter((c) => JSON.stringify(c.args).includes('Re-probe'));
      await fake.waitFor(() => finals().length >= 3, 20_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(
        finals()
          .map((c) => String(c.args.channel))
          .sort(),
      ).toEqual(['CR1', 'CR2', 'CR3']);
      // The worker's own operations endpoints count what it did.
      const metrics = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text();
      expect(metrics).toMatch(/mqtt_why_probes_total\{ok="true",diagnosis="none"\} 3/);
      const health = await (await fetch(`http://127.0.0.1:${workerPort}/healthz`)).json();
      expect(health).toMatchObject({ status: 'ok', redis: 'up' });
    } finally {
      await stop(worker);
      await stop(bot);
      await stop(redis, 'SIGKILL');
      await mosquitto.stop();
      await fake.close();
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rm(kb, { recursive: true, force: true });
    }
  }, 60_000);
});
