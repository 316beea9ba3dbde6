/** Builds the Bolt app for Socket Mode or HTTP mode and registers every listener. */
import { App } from '@slack/bolt';
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
  /** Extra HTTP routes (/healthz, /metrics) served by Bolt's receiver in HTTP mode. */
  routes?: { path: string; handler: (req: IncomingMessage, res: ServerResponse) => void }[];
  /** Web API retries (429 with Retry-After, 5xx): a few, with backoff. */
  retries?: { retries: number; minTimeout: number; maxTimeout: number };
}

export function createSlackApp(deps: SlackDeps, opts: SlackAppOptions): App {
  const retries = opts.retries ?? { retries: 4, minTimeout: 500, maxTimeout: 8000 };
  const common = {
    token: opts.mode.botToken,
    logger: boltLogger(deps.logger),
    clientOptions: {
      ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}),
      retryConfig: { ...retries, factor: 2, randomize: true },
    },
  };
  const app =
    opts.mode.kind === 'socket'
      ? new App({ ...common, appToken: opts.mode.appToken, socketMode: true })
      : new App({
          ...common,
          signingSecret: opts.mode.signingSecret,
          processBeforeResponse: false,
          customRoutes: (opts.routes ?? []).map((r) => ({
            path: r.path,
            method: ['GET'],
            handler: r.handler,
          })),
        });

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
  app.error(async (error) => {
    deps.logger.error({ err: error, code: error.code }, 'Slack listener failed');
  });
  return app;
}

/** Slack's own id for a request: events carry an event id, commands and actions a trigger id. */
function requestIdOf(body: unknown): string {
  const b = (body ?? {}) as { event_id?: unknown; trigger_id?: unknown };
  const id = [b.event_id, b.trigger_id].find(
    (v): v is string => typeof v === 'string' && /^[\w.-]{1,100}$/.test(v),
  );
  return id ?? randomUUID();
}
