import {
  ACTIONS,
  decodeButton,
  decodeProbeButton,
  encodeButton,
  encodeProbeButton,
} from '../../../../src/chat/slack/ids';

const answerId = '0f8e4a52-6d0b-4a3c-9e7e-2b1f5c9d0a11';

describe('button values', () => {
  it('has a distinct action id per button', () => {
    const ids = Object.values(ACTIONS);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads an answer button back as it was written', () => {
    const v = { a: answerId, e: 'auth/not-authorized' };
    expect(decodeButton(encodeButton(v))).toEqual(v);
  });

  it('refuses forged answer buttons: wrong shapes, extra length, not JSON', () => {
    expect(decodeButton(encodeButton({ a: 'not-a-uuid', e: 'auth/x' }))).toBeNull();
    expect(decodeButton(encodeButton({ a: answerId, e: '../../etc/passwd' }))).toBeNull();
    expect(decodeButton(encodeButton({ a: answerId, e: 'Auth/X' }))).toBeNull();
    expect(decodeButton(JSON.stringify({ a: answerId, e: `auth/${'x'.repeat(300)}` }))).toBeNull();
    expect(decodeButton('{not json')).toBeNull();
    expect(decodeButton(42)).toBeNull();
  });

  it('reads a probe button back for a broker, a URL, with or without card and thread', () => {
    const values = [
      { target: { broker: 'prod' }, cardEntryId: 'auth/x', threadTs: '1700000000.000100' },
      { target: { url: 'mqtt://broker.example.com:1883' }, cardEntryId: null, threadTs: null },
    ];
    for (const v of values) expect(decodeProbeButton(encodeProbeButton(v))).toEqual(v);
  });

  it('keeps probe buttons small: short keys, no thread when there is none', () => {
    expect(
      encodeProbeButton({ target: { broker: 'prod' }, cardEntryId: null, threadTs: null }),
    ).toBe('{"b":"prod","c":null}');
  });

  it('drops a forged card id or thread, and refuses a probe button with no target', () => {
    expect(decodeProbeButton(JSON.stringify({ b: 'prod', c: '<!channel>', t: 'x' }))).toEqual({
      target: { broker: 'prod' },
      cardEntryId: null,
      threadTs: null,
    });
    expect(decodeProbeButton(JSON.stringify({ u: '', c: 'auth/x' }))).toBeNull();
    expect(decodeProbeButton(JSON.stringify({ b: 7 }))).toBeNull();
    expect(decodeProbeButton('x'.repeat(2001))).toBeNull();
  });
});
