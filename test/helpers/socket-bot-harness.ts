/**
 * Starts the real Bolt app in Socket Mode (SLACK_BOT_TOKEN + SLACK_APP_TOKEN) against the fake Web
 * API and its Socket Mode stand-in, real Redis and the small KB: the Socket Mode twin of
 * `startTestBot`. Requests go out as envelopes and resolve with the bot's acknowledgement.
 */
import { randomUUID } from 'crypto';
import { Writable } from 'stream';
import { readBotConfig } from '../../src/config';
import { Triage } from '../../src/core/triage';
import { createLogger } from '../../src/log';
import { RunningBot, startSlackBot } from '../../src/apps/bot';
import { BrokersFile } from '../../src/probe/brokers';
import { Ack, FakeSocketMode } from '../../bench/fake-socket-mode';
import { FakeSlack } from './fake-slack';
import { REDIS_URL, deleteKeys } from './bot-harness';
import { smallKb } from './small-kb';

/** Pongs missing this long drop the socket; a reconnect waits this long (times failures in a row). */
export const SOCKET_PING_TIMEOUT_MS = 2000;

export interface SocketTestBot {
  bot: RunningBot;
  fake: FakeSlack;
  socket: FakeSocketMode;
  logs: string[];
  prefix: string;
  command(text: string, extra?: { channel?: string; user?: string }): Promise<Ack>;
  event(
    event: Record<string, unknown>,
    opts?: { eventId?: string; retryAttempt?: number; retryReason?: string },
  ): Promise<Ack>;
  action(fields: {
    actionId: string;
    value?: string;
    selectedValue?: string;
    user?: string;
  }): Promise<Ack>;
  stop(): Promise<void>;
}

export async function startSocketTestBot(
  env: Record<string, string> = {},
  opts: { brokers?: BrokersFile } = {},
): Promise<SocketTestBot> {
  const fake = new FakeSlack();
  const socket = new FakeSocketMode();
  await Promise.all([fake.start(), socket.start()]);
  fake.socketMode = socket;
  const prefix = `test-${randomUUID()}:`;
  const read = readBotConfig({
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_APP_TOKEN: socket.appToken,
    PORT: '0',
    SLACK_API_URL: fake.apiUrl,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'debug',
    METRICS_PORT: '0',
    ...env,
  });
  if (!read.ok || read.config.mode.kind !== 'socket')
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
      socket: { clientPingTimeoutMs: SOCKET_PING_TIMEOUT_MS },
      ...(opts.brokers ? { brokers: opts.brokers } : {}),
    },
  );
  for (let i = 0; i < 200 && !logs.some((l) => l.includes("apiCall('auth.test') end")); i++)
    await new Promise((r) => setTimeout(r, 10));
  let responses = 0;
  return {
    bot,
    fake,
    socket,
    logs,
    prefix,
    command: async (text, extra = {}) =>
      socket.waitForAck(
        await socket.slashCommand({
          text,
          ...extra,
          responseUrl: fake.responseUrl(`cmd-${++responses}`),
        }),
      ),
    event: async (event, o = {}) => socket.waitForAck(await socket.event(event, o)),
    action: async (fields) =>
      socket.waitForAck(
        await socket.interactive({
          ...fields,
          responseUrl: fake.responseUrl(`act-${++responses}`),
        }),
      ),
    async stop() {
      await bot.stop();
      await Promise.all([fake.close(), socket.close()]);
      await deleteKeys(prefix);
    },
  };
}
