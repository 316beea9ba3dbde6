import {
  SlackMessage,
  answerMessage,
  entryMessage,
  otherMatchesMessage,
  textMessage,
  wrongEntryMessage,
} from '../../../../src/chat/slack/blocks';
import { ACTIONS, decodeButton } from '../../../../src/chat/slack/ids';
import { LIMITS } from '../../../../src/chat/slack/mrkdwn';
import { answer, entry, evidence, match, workaround } from '../../fixtures';

const answerId = '0f8e4a52-6d0b-4a3c-9e7e-2b1f5c9d0a11';

type Block = {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: {
    type: string;
    text?: string | { text: string };
    action_id?: string;
    value?: string;
  }[];
  accessory?: {
    action_id: string;
    option_groups: {
      label: { text: string };
      options: { text: { text: string }; value: string }[];
    }[];
  };
};
const blocksOf = (m: SlackMessage) => m.blocks as unknown as Block[];
/** Every mrkdwn text of a message: section texts and context elements. */
const texts = (m: SlackMessage): string[] =>
  blocksOf(m).flatMap((b) => [
    ...(b.type === 'section' && b.text ? [b.text.text] : []),
    ...(b.type === 'context' ? (b.elements ?? []).map((e) => e.text as string) : []),
  ]);

const e = entry({
  id: 'auth/not-authorized',
  title: 'Not authorised',
  errorCodes: ['0x87', '5'],
  workarounds: [
    workaround('Check the ACL.', ['pattern ```readwrite``` #']),
    workaround('Second.'),
    workaround('Third.'),
  ],
});

describe('the Slack answer', () => {
  it('is a header, the id and codes, why, the card, and six buttons carrying only the answer and entry ids', () => {
    const msg = answerMessage(answer([match(e, 0.9)]), { answerId, feedback: null });
    const blocks = blocksOf(msg);
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Not authorised' },
    });
    expect(texts(msg)[0]).toBe('`auth/not-authorized` · `0x87` `5`');
    expect(texts(msg)[1]).toContain(
      '*Why this entry* (line 3): `Connection Refused: not authorised`',
    );
    expect(texts(msg)).toContain(
      '*Root cause*\nThe broker refused the client. It checked the ACL. A third sentence.',
    );
    const actions = blocks[blocks.length - 1]!;
    expect(actions.type).toBe('actions');
    expect(actions.elements!.map((b) => b.action_id)).toEqual([
      ACTIONS.runProbe,
      ACTIONS.fullEntry,
      ACTIONS.helped,
      ACTIONS.notHelped,
      ACTIONS.otherMatches,
      ACTIONS.wrongEntry,
    ]);
    for (const b of actions.elements!) {
      expect(decodeButton(b.value)).toEqual({ a: answerId, e: 'auth/not-authorized' });
      expect(Object.keys(JSON.parse(b.value!) as object)).toEqual(['a', 'e']);
    }
    expect(msg.text).toBe('Not authorised — The broker refused the client.');
  });

  it('shows two workarounds, code fences made harmless, and says what the card leaves out', () => {
    const msg = answerMessage(answer([match(e, 0.9)]), { answerId, feedback: null });
    const all = texts(msg).join('\n');
    expect(all).toContain("*1. Check the ACL.*\n```pattern '''readwrite''' #```");
    expect(all).toContain('*2. Second.*');
    expect(all).not.toContain('Third.');
    expect(all).toContain('Whole entry (1 more workaround(s), 1 dead end(s) not to waste time on)');
  });

  it('escapes pasted text so it can never mention the channel, and keeps backticks out of code spans', () => {
    const hostile = evidence({ text: '<!channel> `rm -rf` & <http://evil|click>', why: '<@U1>' });
    const msg = answerMessage(answer([match(e, 0.9, [hostile])]), { answerId, feedback: null });
    const json = JSON.stringify(msg.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U1>');
    expect(json).not.toContain('<http://evil');
    expect(texts(msg)[1]).toContain("`&lt;!channel&gt; 'rm -rf' &amp; &lt;http://evil|click&gt;`");
  });

  it('stays within section and header limits for huge entries and evidence', () => {
    const huge = entry({
      title: 'T'.repeat(400),
      summary: 'Long sentence here. '.repeat(400),
      workarounds: [workaround('W'.repeat(4000), ['x\n'.repeat(3000)])],
    });
    const msg = answerMessage(answer([match(huge, 0.9, [evidence({ text: 'y'.repeat(5000) })])]), {
      answerId,
      feedback: null,
    });
    const blocks = blocksOf(msg);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect((blocks[0]!.text!.text as string).length).toBeLessThanOrEqual(LIMITS.headerText);
    for (const t of texts(msg)) expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(msg.text.length).toBeLessThanOrEqual(3000);
  });

  it('says how often the entry helped here, links the web page, notes truncation and runner-ups', () => {
    const other = entry({ id: 'auth/other' });
    const msg = answerMessage(
      answer([match(e, 0.9), match(other, 0.8)], { truncated: true, linesRead: 2000 }),
      { answerId, feedback: { helped: 3, total: 4 }, webUrl: 'https://why.example.com' },
    );
    const all = texts(msg);
    expect(all[0]).toContain('only its last 2000 lines were read');
    expect(all.join('\n')).toContain(' · helped 3 of 4 times here');
    expect(all.join('\n')).toContain(
      "<https://why.example.com/kb/auth/not-authorized|the entry's page>",
    );
    expect(all.join('\n')).toContain('Also possible: `auth/other` (0.80)');
  });

  it('says an unsure answer is unsure in its header and lists every other candidate', () => {
    const far = entry({ id: 'auth/far', title: 'Far' });
    const msg = answerMessage(
      answer([match(e, 0.3), match(far, 0.1)], {
        abstain: true,
        abstainReason: 'description-only',
      }),
      { answerId, feedback: null },
    );
    expect(blocksOf(msg).find((b) => b.type === 'header')).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Unsure: Not authorised' },
    });
    expect(msg.text).toMatch(/^Unsure: Not authorised/);
    expect(texts(msg).join('\n')).toContain('*Other candidates*\n• *Far* (`auth/far`, 0.10)');
    // No fixes on a guess: the card's root cause and workarounds are a click away.
    expect(texts(msg).some((t) => t.startsWith('*Root cause*'))).toBe(false);
  });

  it('shows beside each unsure candidate the symptom it was ranked on, escaped', () => {
    const like = 'the second <device> connects & the first drops';
    const takeover = entry({ id: 'session/takeover', title: 'Takeover', symptoms: [like] });
    const byWords = evidence({ kind: 'description', matched: like, caveat: 'weak' });
    const msg = answerMessage(
      answer([match(e, 0.49), match(takeover, 0.48, [byWords])], {
        abstain: true,
        abstainReason: 'description-only',
      }),
      { answerId, feedback: null },
    );
    expect(texts(msg).join('\n')).toContain(
      '• *Takeover* (`session/takeover`, 0.48)\n   _described like "the second &lt;device&gt; connects &amp; the first drops"_',
    );
  });

  it('answers an abstention with one section and no buttons', () => {
    const msg = answerMessage(answer([], { abstain: true, abstainReason: 'not-mqtt' }), {
      answerId,
      feedback: null,
    });
    expect(msg.text).toBe("Nothing here says MQTT: this may be another program's error.");
    expect(blocksOf(msg).map((b) => b.type)).toEqual(['section']);
  });
});

describe('the whole entry in Slack', () => {
  it('shows at most four workarounds and points at the rest, with a web link when known', () => {
    const many = entry({
      workarounds: ['1', '2', '3', '4', '5', '6'].map((n) => workaround(`Fix ${n}.`)),
    });
    const msg = entryMessage(many, 'https://why.example.com');
    const all = texts(msg).join('\n');
    expect(all).toContain('*4. Fix 4.*');
    expect(all).not.toContain('Fix 5.');
    expect(all).toContain(
      '2 more workaround(s): … (full entry: `mqtt-why show auth/not-authorized`)',
    );
    expect(all).toContain('<https://why.example.com/kb/auth/not-authorized|on the web>');
    expect(blocksOf(msg).some((b) => b.type === 'actions')).toBe(false);
  });

  it('shows a long root cause whole, over sections within the limit, cut only past four of them', () => {
    const long = Array.from({ length: 8 }, (_, i) => `Paragraph ${i} & more. `.repeat(20)).join(
      '\n\n',
    );
    const parts = texts(entryMessage(entry({ rootCause: long })));
    const start = parts.findIndex((t) => t.startsWith('*Root cause*'));
    const root = parts.slice(start, start + 3).join('\n\n');
    expect(parts.slice(start, start + 3).every((t) => t.length <= LIMITS.sectionText)).toBe(true);
    expect(root).toContain('Paragraph 7 &amp; more.');
    expect(root).not.toContain('(full entry:');
    const huge = texts(entryMessage(entry({ rootCause: 'Cause & effect. '.repeat(1000) })));
    expect(
      huge.some((t) => t.endsWith('… (full entry: `mqtt-why show auth/not-authorized`)')),
    ).toBe(true);
    expect(huge.every((t) => t.length <= LIMITS.sectionText)).toBe(true);
  });

  it('turns KB Markdown into Slack mrkdwn: bold, links, and wrapped lines joined', () => {
    const parts = texts(
      entryMessage(
        entry({
          rootCause:
            'The broker counts **only what it receives**,\nnot what it sends. See [the spec](https://mqtt.org/).\n\n- one\n- two',
        }),
      ),
    );
    const root = parts.find((t) => t.startsWith('*Root cause*'))!;
    expect(root).toContain(
      '*only what it receives*, not what it sends. See <https://mqtt.org/|the spec>.',
    );
    expect(root).toContain('\n- one\n- two');
  });
});

describe('other matches and the wrong-entry picker', () => {
  it('lists other matches with the first sentence of each root cause, escaped', () => {
    const msg = otherMatchesMessage([entry({ id: 'a/b', title: 'A <b>', rootCause: 'One. Two.' })]);
    expect(texts(msg)).toEqual(['*Other matches*\n• *A &lt;b&gt;*\n  `a/b` — One.']);
    expect(otherMatchesMessage([]).text).toBe('No other entry matched this text.');
  });

  it('offers close matches first, then every other entry but the one answered, within 100 options', () => {
    const all = Array.from({ length: 120 }, (_, i) => entry({ id: `d/e${i}` }));
    const msg = wrongEntryMessage(answerId, 'd/e0', [all[5]!, all[7]!], all);
    const select = blocksOf(msg)[0]!.accessory!;
    expect(select.action_id).toBe(ACTIONS.wrongEntryPick);
    const [close, rest] = select.option_groups;
    expect(close!.label.text).toBe('Close matches');
    expect(close!.options.map((o) => decodeButton(o.value)?.e)).toEqual(['d/e5', 'd/e7']);
    expect(close!.options[0]!.text.text).toBe('Title of d/e5');
    const restIds = rest!.options.map((o) => decodeButton(o.value)!.e);
    expect(restIds).not.toContain('d/e0');
    expect(restIds).not.toContain('d/e5');
    expect(close!.options.length + rest!.options.length).toBe(100);
    expect(decodeButton(rest!.options[0]!.value)).toEqual({ a: answerId, e: 'd/e1' });
  });

  it('clips plain text messages to a section', () => {
    const msg = textMessage('z'.repeat(5000));
    expect(msg.text.length).toBe(5000);
    expect(texts(msg)[0]!.length).toBeLessThanOrEqual(LIMITS.sectionText);
  });

  it('leaves out the "All entries" group when nothing is left for it (Slack rejects an empty group)', () => {
    const all = [entry({ id: 'd/e0' }), entry({ id: 'd/e1' })];
    const msg = wrongEntryMessage(answerId, 'd/e0', [all[1]!], all);
    const groups = blocksOf(msg)[0]!.accessory!.option_groups;
    expect(groups.map((g) => g.label.text)).toEqual(['Close matches']);
  });

  it('escapes & < > inside workaround code, where Slack decodes them too', () => {
    const withCode = entry({
      id: 'a/code',
      workarounds: [workaround('Test it.', ['mosquitto_pub -h <prefix>.iot && echo ok'])],
    });
    const all = texts(answerMessage(answer([match(withCode, 0.9)]), { answerId, feedback: null }));
    expect(all.join('\n')).toContain(
      '```mosquitto_pub -h &lt;prefix&gt;.iot &amp;&amp; echo ok```',
    );
    const full = texts(entryMessage(withCode, null)).join('\n');
    expect(full).toContain('&lt;prefix&gt;');
    expect(full).not.toContain('<prefix>');
  });
});
