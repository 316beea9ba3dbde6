/** Builds the Bolt app for Socket Mode or HTTP mode and registers every listener. */
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App';
import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { withLogContext } from '../../log';
import type { SlackMode } from '../../config';
import { boltLogger } from './bolt-logger';
import { SlackDeps } from './deps';
import { registerActions } from './listeners/actions';
import { registerAppMention } from './listeners/app-mention';
import { registerMessageListener } from './listeners/message';
import { registerProbeActions } from './listeners/probe-actions';
import { registerSlashCommand } from './listeners/slash-command';

export interface SlackAppOptions {
  mode: Exclude<SlackMode, { kind: 'console' }>;
  slackApiUrl: string | null;
  /** Web API retries (429 with Retry-After, 5xx): a few, with backoff. */
  retries?: { retries: number; minTimeout: number; maxTimeout: number };
  /**
   * Socket Mode only: the WebSocket heartbeat. A pong missing for `clientPingTimeoutMs` (default
   * 5000) drops the connection, and a reconnect waits that long times the failures in a row; a
   * server ping missing for `serverPingTimeoutMs` (default 30000) drops it too. Tests shorten them.
   */
  socket?: { clientPingTimeoutMs?: number; serverPingTimeoutMs?: number };
}

export interface SlackApp {
  app: App;
  /**
   * HTTP mode: Bolt's request handler for /slack/events, mounted on the bot's own server (which
   * adds deadlines and the timestamp window Bolt lacks). Null in Socket Mode.
   */
  events: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  /**
   * Socket Mode: closes the WebSocket and resolves once it is closed (Bolt's `app.stop()` resolves
   * before the close handshake ends). Null in HTTP mode, where the bot's own server is closed.
   */
  disconnect: (() => Promise<void>) | null;
}

export function createSlackApp(deps: SlackDeps, opts: SlackAppOptions): SlackApp {
  const retries = opts.retries ?? { retries: 4, minTimeout: 500, maxTimeout: 8000 };
  const common = {
    token: opts.mode.botToken,
    logger: boltLogger(deps.logger),
    clientOptions: {
      ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}),
      retryConfig: { ...retries, factor: 2, randomize: true },
    },
  };
  const receiver =
    opts.mode.kind === 'http'
      ? new HTTPReceiver({
          signingSecret: opts.mode.signingSecret,
          processBeforeResponse: false,
          logger: common.logger,
        })
      : null;
  // Built here rather than by Bolt, which gives its Socket Mode client none of `clientOptions`:
  // apps.connections.open would ignore SLACK_API_URL and always go to slack.com.
  const socket =
    opts.mode.kind === 'socket'
      ? new SocketModeReceiver({
          appToken: opts.mode.appToken,
          logger: common.logger,
          ...(opts.socket?.clientPingTimeoutMs
            ? { clientPingTimeout: opts.socket.clientPingTimeoutMs }
            : {}),
          ...(opts.socket?.serverPingTimeoutMs
            ? { serverPingTimeout: opts.socket.serverPingTimeoutMs }
            : {}),
          installerOptions: {
            clientOptions: {
              ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}),
              // Unset, the client retries apps.connections.open up to 100 times (its default).
              ...(opts.retries
                ? { retryConfig: { ...opts.retries, factor: 2, randomize: true } }
                : {}),
            },
          },
        })
      : null;
  const app = socket
    ? new App({ ...common, receiver: socket, socketMode: true, extendedErrorHandler: true })
    : new App({ ...common, receiver: receiver!, extendedErrorHandler: true });

  // Every line logged while a request is handled carries its id: Bolt's own (acks, authorization,
  // Web API calls and retries) and the error handler's too, so the id is set where the receiver
  // hands the request over rather than in a middleware, which runs after Bolt's first lines.
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event) =>
    withLogContext({ reqId: requestIdOf(event.body) }, () => processEvent(event));
  registerSlashCommand(app, deps);
  registerMessageListener(app, deps);
  registerAppMention(app, deps);
  registerActions(app, deps);
  registerProbeActions(app, deps);
  // One bad event never takes the process down: Bolt routes listener errors here.
  app.error(async ({ error, body }: ExtendedErrorHandlerArgs) => {
    deps.logger.error({ err: error, code: error.code }, 'Slack listener failed');
    await tellUser(app, body, requestIdOf(body)).catch((err: Error) =>
      deps.logger.warn({ reason: err.message }, 'could not tell the user about the failure'),
    );
  });
  return {
    app,
    events: receiver ? receiver.requestListener : null,
    disconnect: socket ? () => socket.client.disconnect() : null,
  };
}

/**
 * A command, button or mention that fails after its ack would otherwise end in silence: the user
 * gets a private note with the request id (which every log line of the request carries).
 */
async function tellUser(app: App, body: unknown, reqId: string): Promise<void> {
  const b = (body ?? {}) as {
    response_url?: unknown;
    user_id?: unknown;
    channel_id?: unknown;
    user?: { id?: unknown };
    channel?: { id?: unknown };
    event?: { user?: unknown; channel?: unknown; type?: unknown };
  };
  const text = `Sorry, that failed on my side. Quote request id \`${reqId}\` to whoever runs this bot.`;
  if (typeof b.response_url === 'string') {
    // Slack's response URLs are https; plain http only to a loopback fake in tests.
    if (!/^https:\/\/|^http:\/\/127\.0\.0\.1[:/]/.test(b.response_url)) return;
    await fetch(b.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
      signal: AbortSignal.timeout(5000),
    });
    return;
  }
  // Mentions have no response URL: a private message in the channel to the person who asked.
  const channel = b.event?.channel ?? b.channel?.id ?? b.channel_id;
  const user = b.event?.user ?? b.user?.id ?? b.user_id;
  if (b.event?.type === 'message') return; // passive listening never speaks up about itself
  if (typeof channel === 'string' && typeof user === 'string')
    await app.client.chat.postEphemeral({ channel, user, text });
}

/** Slack's own id for a request: events carry an event id, commands and actions a trigger id. */
function requestIdOf(body: unknown): string {
  const b = (body ?? {}) as { event_id?: unknown; trigger_id?: unknown };
  const id = [b.event_id, b.trigger_id].find(
    (v): v is string => typeof v === 'string' && /^[\w.-]{1,100}$/.test(v),
  );
  return id ?? randomUUID();
}
