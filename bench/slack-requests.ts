/** Requests to the bot exactly as Slack sends them: v0 HMAC-SHA256 signatures over the raw body. */
import { createHmac } from 'crypto';

export interface SignedOptions {
  secret: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  headers?: Record<string, string>;
  /** Replace the signature (forgery tests). */
  signature?: string | null;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSigned(
  port: number,
  body: string,
  contentType: string,
  opts: SignedOptions,
): Promise<{ status: number; text: string }> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const sig = opts.signature === undefined ? signature(opts.secret, ts, body) : opts.signature;
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      ...(sig === null ? {} : { 'x-slack-signature': sig }),
      ...opts.headers,
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

export function slashCommandBody(fields: {
  text: string;
  channel?: string;
  user?: string;
  responseUrl: string;
}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'test',
    channel_id: fields.channel ?? 'C1',
    channel_name: 'iot-ops',
    user_id: fields.user ?? 'U1',
    user_name: 'alice',
    command: '/mqtt-why',
    text: fields.text,
    api_app_id: 'A1',
    response_url: fields.responseUrl,
    trigger_id: nextTriggerId(),
  }).toString();
}

let eventCounter = 0;
let triggerCounter = 0;

/** Unique per request, shaped like Slack's (`13345224609.738474920.8088930838d88f008e0`). */
function nextTriggerId(): string {
  return `${Date.now()}.${++triggerCounter}.${process.pid.toString(16)}`;
}

export function eventBody(
  event: Record<string, unknown>,
  eventId = `Ev${Date.now()}${++eventCounter}`,
): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
  });
}

export function actionBody(fields: {
  actionId: string;
  value?: string;
  selectedValue?: string;
  user?: string;
  responseUrl: string;
}): string {
  const action =
    fields.selectedValue !== undefined
      ? {
          type: 'static_select',
          action_id: fields.actionId,
          block_id: 'b',
          selected_option: { text: { type: 'plain_text', text: 'x' }, value: fields.selectedValue },
          action_ts: '1',
        }
      : {
          type: 'button',
          action_id: fields.actionId,
          block_id: 'answer_actions',
          value: fields.value,
          text: { type: 'plain_text', text: 'x' },
          action_ts: '1',
        };
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'test' },
    user: { id: fields.user ?? 'U1', username: 'alice', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: '1800000000.000001',
      channel_id: 'C1',
      is_ephemeral: false,
    },
    trigger_id: nextTriggerId(),
    channel: { id: 'C1', name: 'iot-ops' },
    message: { ts: '1800000000.000001', text: 'answer' },
    response_url: fields.responseUrl,
    actions: [action],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
