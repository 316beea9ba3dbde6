import { promises as fs } from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { answerMessage, wrongEntryMessage } from '../../../../src/chat/slack/blocks';
import { pickBrokerMessage, probeResultMessage } from '../../../../src/chat/slack/probe-blocks';
import {
  ACTIONS,
  BOT_EVENTS,
  BOT_SCOPES,
  COMMAND,
  LISTENED_EVENTS,
} from '../../../../src/chat/slack/ids';
import { Triage } from '../../../../src/core/triage';
import { smallKb } from '../../../helpers/small-kb';

interface Manifest {
  features: { slash_commands: { command: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

let manifest: Manifest;
beforeAll(async () => {
  manifest = parse(
    await fs.readFile(path.join(__dirname, '../../../../slack/manifest.yml'), 'utf8'),
  ) as Manifest;
});

describe('slack/manifest.yml agrees with the code', () => {
  it('declares the slash command the app listens to', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([COMMAND]);
  });

  it('subscribes to exactly the events the listeners handle', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      [...BOT_EVENTS].sort(),
    );
    const handled = new Set(BOT_EVENTS.map((e) => e.split('.')[0]));
    expect([...handled].sort()).toEqual([...LISTENED_EVENTS].sort());
  });

  it('asks for the scopes the listeners use, and enables interactivity and Socket Mode', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('renders buttons only with action ids the app handles, and every handled id somewhere', () => {
    const triage = new Triage(smallKb());
    const rendered = JSON.stringify([
      answerMessage(triage.triage('0x87'), { answerId: 'a', feedback: null }),
      wrongEntryMessage('a', 't/not-authorized', [], triage.kb.entries),
      pickBrokerMessage(['a', 'b'], null, null),
      probeResultMessage(
        {
          result: {
            ok: true,
            target: { name: 'a', url: 'mqtt://a:1883' },
            startedAt: '',
            steps: [],
            diagnosis: [],
          },
          changes: [],
          previousAt: '2026-12-01T10:00:00.000Z',
          verdict: null,
          again: { broker: 'a', url: null, cardEntryId: null },
        },
        triage.kb,
      ),
    ]);
    const used = new Set([...rendered.matchAll(/"action_id":"([a-z_]+)"/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.values(ACTIONS).sort());
  });
});
