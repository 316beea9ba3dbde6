/** Starts the real Bolt app in HTTP mode against the fake Slack API, real Redis, the small KB. */
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { Writable } from 'stream';
import { readBotConfig } from '../../src/config';
import { Triage } from '../../src/core/triage';
import { createLogger } from '../../src/log';
import { RunningBot, startSlackBot } from '../../src/apps/bot';
import { BrokersFile } from '../../src/probe/brokers';
import { FakeSlack } from './fake-slack';
import { actionBody, eventBody, postSigned, slashCommandBody } from './slack-requests';
import { smallKb } from './small-kb';
import { deleteKeysUnder } from '../../bench/redis-keys';

export const SECRET = 'test-signing-secret';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestBot {
  bot: RunningBot;
  fake: FakeSlack;
  logs: string[];
  prefix: string;
  command(
    text: string,
    extra?: { channel?: string; user?: string },
  ): Promise<{ status: number; text: string }>;
  event(
    event: Record<string, unknown>,
    opts?: { eventId?: string; retryNum?: number },
  ): Promise<{ status: number; text: string }>;
  action(fields: {
    actionId: string;
    value?: string;
    selectedValue?: string;
    user?: string;
    messageTs?: string;
    channel?: string;
  }): Promise<{ status: number; text: string }>;
  stop(): Promise<void>;
}

export async function startTestBot(
  env: Record<string, string> = {},
  opts: { brokers?: BrokersFile; prefix?: string; keepKeys?: boolean } = {},
): Promise<TestBot> {
  const fake = new FakeSlack();
  await fake.start();
  const prefix = opts.prefix ?? `test-${randomUUID()}:`;
  const read = readBotConfig({
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    PORT: '0',
    SLACK_API_URL: fake.apiUrl,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'debug',
    METRICS_PORT: '0',
    ...env,
  });
  if (!read.ok || read.config.mode.kind !== 'http')
    throw new Error(`bad test config: ${JSON.stringify(read)}`);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const bot = await startSlackBot(
    { ...read.config, mode: read.config.mode },
    new Triage(smallKb()),
    createLogger('debug', sink),
    {
      retries: { retries: 2, minTimeout: 50, maxTimeout: 200 },
      ...(opts.brokers ? { brokers: opts.brokers } : {}),
    },
  );
  const port = bot.port!;
  // Bolt checks its token with auth.test once, started at construction: wait for it, so its log
  // lines (which belong to no request) never land inside a test's window.
  for (let i = 0; i < 200 && !logs.some((l) => l.includes("apiCall('auth.test') end")); i++)
    await new Promise((r) => setTimeout(r, 10));
  let responses = 0;
  return {
    bot,
    fake,
    logs,
    prefix,
    command: (text, extra = {}) =>
      postSigned(
        port,
        slashCommandBody({ text, ...extra, responseUrl: fake.responseUrl(`cmd-${++responses}`) }),
        'application/x-www-form-urlencoded',
        { secret: SECRET },
      ),
    event: (event, opts = {}) =>
      postSigned(port, eventBody(event, opts.eventId), 'application/json', {
        secret: SECRET,
        headers: opts.retryNum
          ? { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' }
          : {},
      }),
    action: (fields) =>
      postSigned(
        port,
        actionBody({ ...fields, responseUrl: fake.responseUrl(`act-${++responses}`) }),
        'application/x-www-form-urlencoded',
        { secret: SECRET },
      ),
    async stop() {
      await bot.stop();
      await fake.close();
      if (!opts.keepKeys) await deleteKeys(prefix);
    },
  };
}

/** Removes every key a test run wrote (its prefix is unique to the run). */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await deleteKeysUnder(redis, prefix);
  } catch {
    // Redis may be the thing a test took away; nothing of this run's is left to remove then.
  } finally {
    redis.disconnect();
  }
}
