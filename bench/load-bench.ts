/**
 * `npm run bench -- --load [--rate 50] [--seconds 10]`: signed slash commands at a steady rate
 * against the real Bolt app in HTTP mode, Web API calls answered by the local fake Slack. Reports
 * the acknowledgement latency (Slack allows 3 s; target p99 under 100 ms at 50/s) and the time
 * until the answer is posted.
 */
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { readBotConfig } from '../src/config';
import { Triage } from '../src/core/triage';
import { createLogger } from '../src/log';
import { startSlackBot } from '../src/apps/bot';
import { FakeSlack } from './fake-slack';
import { postSigned, slashCommandBody } from './slack-requests';
import { deleteKeysUnder } from './redis-keys';
import { ms, percentile, progress } from './stats';

const TEXTS = [
  '0x87',
  'rc=5',
  'Connection Refused: not authorised',
  'CONNACK 134',
  'Error: connect ECONNREFUSED 127.0.0.1:1883',
];

export async function loadBench(
  triage: Triage,
  redisUrl: string,
  rate: number,
  seconds: number,
): Promise<void> {
  const fake = new FakeSlack();
  await fake.start();
  const secret = 'bench-secret';
  const prefix = `bench-load-${randomUUID()}:`;
  const read = readBotConfig({
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_SIGNING_SECRET: secret,
    PORT: '0',
    SLACK_API_URL: fake.apiUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
  });
  if (!read.ok || read.config.mode.kind !== 'http') throw new Error('bench config');
  const bot = await startSlackBot(
    { ...read.config, mode: read.config.mode },
    triage,
    createLogger('silent'),
  );
  const port = bot.port!;
  const acks: number[] = [];
  const sentAt = new Map<string, number>();
  const total = rate * seconds;
  console.log(`\nLoad: ${total} signed slash commands at ${rate}/s against the HTTP receiver`);
  try {
    const started = Date.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (i > 0 && i % (rate * 5) === 0) progress(`load: ${i} of ${total} commands sent`);
      const channel = `CLOAD${i}`;
      const body = slashCommandBody({
        text: TEXTS[i % TEXTS.length]!,
        channel,
        responseUrl: fake.responseUrl(`load-${i}`),
      });
      const t0 = process.hrtime.bigint();
      sentAt.set(channel, Date.now());
      inFlight.push(
        postSigned(port, body, 'application/x-www-form-urlencoded', { secret }).then((res) => {
          if (res.status === 200) acks.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }),
      );
    }
    await Promise.all(inFlight);
    await fake
      .waitFor(() => fake.callsTo('chat.postMessage').length >= total, 30_000)
      .catch(() => undefined);
    const answers = fake
      .callsTo('chat.postMessage')
      .map((c) => ({ channel: String(c.args.channel) }))
      .filter((c) => sentAt.has(c.channel)).length;
    acks.sort((a, b) => a - b);
    console.log(
      `  acknowledged ${acks.length}/${total}: p50 ${ms(percentile(acks, 50))}, p99 ${ms(percentile(acks, 99))}, max ${ms(acks.at(-1) ?? NaN)} (target p99 < 100 ms)`,
    );
    console.log(
      `  answers posted: ${answers}/${total} within ${((Date.now() - started) / 1000).toFixed(1)} s of the first request`,
    );
  } finally {
    await bot.stop();
    await fake.close();
    const redis = new Redis(redisUrl);
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  }
}
