import { decodeProbeButton, ACTIONS } from '../../../../src/chat/slack/ids';
import { LIMITS } from '../../../../src/chat/slack/mrkdwn';
import {
  pickBrokerMessage,
  probeFailedMessage,
  probeResultMessage,
  probingMessage,
} from '../../../../src/chat/slack/probe-blocks';
import { SlackMessage } from '../../../../src/chat/slack/blocks';
import { FinishedProbe } from '../../../../src/probe/report';
import { entry, kbOf, probeResult, step } from '../../fixtures';

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id: string; value: string; text: { text: string } }[];
  accessory?: { action_id: string; options: { text: { text: string }; value: string }[] };
};
const blocksOf = (m: SlackMessage) => m.blocks as unknown as Block[];
const kb = kbOf([entry({ id: 'auth/not-authorized', title: 'Not <authorised>' })]);

const failed = probeResult(
  [
    step('tcp', true, { ms: 2.04 }),
    step('connect', false, { summary: 'CONNACK 0x87 <refused>', kbIds: ['auth/not-authorized'] }),
  ],
  { target: { name: 'prod', url: 'mqtt://10.0.0.1:1883' } },
);

function finished(over: Partial<FinishedProbe> = {}): FinishedProbe {
  return {
    result: failed,
    changes: [],
    previousAt: null,
    verdict: null,
    again: { broker: 'prod', url: null, cardEntryId: 'auth/not-authorized' },
    ...over,
  };
}

describe('probe results in Slack', () => {
  it('shows each step with its time, escaped, then the diagnosis by title with the show command', () => {
    const msg = probeResultMessage(finished(), kb);
    const [steps, diagnosis] = blocksOf(msg);
    expect(steps!.text!.text).toBe(
      ':red_circle: *prod (mqtt://10.0.0.1:1883)* failed at connect: CONNACK 0x87 &lt;refused&gt;\n' +
        ':white_check_mark: *tcp* `2.0 ms` tcp fine\n' +
        ':x: *connect* `1.3 ms` CONNACK 0x87 &lt;refused&gt;',
    );
    expect(diagnosis!.text!.text).toBe(
      '*Diagnosis*\n• *Not &lt;authorised&gt;* — `/mqtt-why show auth/not-authorized`',
    );
    // The notification says what failed in words, not an entry id.
    expect(msg.text).toBe(
      'prod (mqtt://10.0.0.1:1883) failed at connect: CONNACK 0x87 &lt;refused&gt;',
    );
  });

  it('adds what changed and the verdict on the card, each escaped', () => {
    const msg = probeResultMessage(
      finished({
        changes: ['tls: ok -> now failed (<x>)'],
        previousAt: '2026-12-07T09:30:00.000Z',
        verdict: 'Confirms the card & more',
      }),
      kb,
    );
    const all = blocksOf(msg).map((b) => b.text?.text ?? '');
    expect(all).toContain(
      '*Since the last probe* (<!date^1796635800^{date_short_pretty} at {time}|2026-12-07 09:30 UTC>)\n• tls: ok -&gt; now failed (&lt;x&gt;)',
    );
    expect(all).toContain('*About the card above*\nConfirms the card &amp; more');
  });

  it('says a re-probe is unchanged, and says nothing of a last probe when there was none', () => {
    const texts = (over: Partial<FinishedProbe>) =>
      blocksOf(probeResultMessage(finished(over), kb)).map((b) => b.text?.text ?? '');
    expect(texts({ previousAt: '2026-12-07T09:30:00.000Z' })).toContain(
      '*Since the last probe* (<!date^1796635800^{date_short_pretty} at {time}|2026-12-07 09:30 UTC>): unchanged: the same steps passed and failed, for the same reasons.',
    );
    expect(texts({ previousAt: null }).join('\n')).not.toContain('Since the last probe');
  });

  it('ends with one Re-probe button whose value reads back as the same probe, without a thread', () => {
    const byName = blocksOf(probeResultMessage(finished(), kb)).at(-1)!;
    expect(byName.type).toBe('actions');
    expect(byName.elements!.map((e) => e.action_id)).toEqual([ACTIONS.reProbe]);
    expect(decodeProbeButton(byName.elements![0]!.value)).toEqual({
      target: { broker: 'prod' },
      cardEntryId: 'auth/not-authorized',
      threadTs: null,
    });
    const byUrl = blocksOf(
      probeResultMessage(
        finished({ again: { broker: null, url: 'mqtt://10.0.0.1:1883', cardEntryId: null } }),
        kb,
      ),
    ).at(-1)!;
    expect(decodeProbeButton(byUrl.elements![0]!.value)).toEqual({
      target: { url: 'mqtt://10.0.0.1:1883' },
      cardEntryId: null,
      threadTs: null,
    });
  });

  it('says a healthy broker is healthy, with no diagnosis block', () => {
    const ok = probeResult([step('tcp', true)], { target: { name: null, url: 'mqtt://h:1883' } });
    const msg = probeResultMessage(finished({ result: ok }), kb);
    expect(msg.text).toBe('mqtt://h:1883 is healthy');
    expect(blocksOf(msg).map((b) => b.type)).toEqual(['section', 'actions']);
    expect(
      blocksOf(msg)[0]!.text!.text.startsWith(':large_green_circle: *mqtt://h:1883* is healthy'),
    ).toBe(true);
  });

  it('keeps a result with very long summaries within the section limit', () => {
    const long = probeResult(
      Array.from({ length: 12 }, () => step('tcp', false, { summary: 's'.repeat(600) })),
    );
    const msg = probeResultMessage(finished({ result: long }), kb);
    for (const b of blocksOf(msg))
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
  });
});

describe('probing, picking and failing', () => {
  it('says what is being probed, escaped, and the steps so far', () => {
    expect(blocksOf(probingMessage('<!here>', null))[0]!.text!.text).toBe(
      ':hourglass_flowing_sand: Probing *&lt;!here&gt;*…',
    );
    const partial = probingMessage('prod', probeResult([step('dns', true)]));
    expect(blocksOf(partial)[0]!.text!.text).toContain('\n:white_check_mark: *dns*');
  });

  it('offers at most 100 brokers, each option carrying the broker, the card and the thread', () => {
    const names = Array.from({ length: 120 }, (_, i) => `broker-${i}`);
    const msg = pickBrokerMessage(names, 'auth/not-authorized', '1700000000.000100');
    const select = blocksOf(msg)[0]!.accessory!;
    expect(select.action_id).toBe(ACTIONS.runProbePick);
    expect(select.options).toHaveLength(100);
    expect(select.options[3]!.text.text).toBe('broker-3');
    expect(decodeProbeButton(select.options[3]!.value)).toEqual({
      target: { broker: 'broker-3' },
      cardEntryId: 'auth/not-authorized',
      threadTs: '1700000000.000100',
    });
  });

  it('words a probe that could not run, escaped, with the request id to quote', () => {
    const msg = probeFailedMessage('Redis <down>', 'req-1');
    expect(blocksOf(msg)[0]!.text!.text).toBe(
      ':x: The probe could not run: Redis &lt;down&gt;. Quote request id `req-1` to whoever runs this bot.',
    );
    expect(blocksOf(probeFailedMessage('x', null))[0]!.text!.text).toBe(
      ':x: The probe could not run: x.',
    );
  });

  it("keeps each pick within Slack's 150-character option value, even for long names", () => {
    const long = `plant-${'x'.repeat(58)}`; // the longest name brokers.yml accepts: 64
    const msg = pickBrokerMessage(
      [long, 'b'],
      'communication/mqtt-connack-unacceptable-protocol-version',
      '1700000000.000100',
    );
    const [first, second] = blocksOf(msg)[0]!.accessory!.options;
    expect(first!.value.length).toBeLessThanOrEqual(LIMITS.optionValue);
    expect(decodeProbeButton(first!.value)).toEqual({
      target: { broker: long },
      cardEntryId: null,
      threadTs: '1700000000.000100',
    });
    expect(decodeProbeButton(second!.value)?.cardEntryId).toBe(
      'communication/mqtt-connack-unacceptable-protocol-version',
    );
  });
});
