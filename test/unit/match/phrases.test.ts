import { normalisePhrase } from '../../../src/match/normalise';
import { PhraseIndex, PhraseSource } from '../../../src/match/phrases';

const source = (phrase: string, entryIndex = 0): PhraseSource => ({
  entryIndex,
  phrase,
  needsContext: false,
  weak: false,
});

// The index reads lines as prepareText leaves them (lower case, spellings folded).
const found = (index: PhraseIndex, line: string) =>
  index.find(normalisePhrase(line)).map((c) => c.phrase);

describe('PhraseIndex', () => {
  it('finds a wildcard phrase whose rarest word lies outside its longest literal part', () => {
    const index = new PhraseIndex([
      source('Client connection from * failed: *wrong version number'),
      source('New connection from', 1),
      source('connection from * on port', 2),
    ]);
    expect(
      found(
        index,
        'client connection from 10.0.0.7 failed: error:0a00010b:ssl routines::wrong version number.',
      ),
    ).toEqual(['Client connection from * failed: *wrong version number']);
  });

  it('finds phrases whose only words a wildcard cuts, and lets the wildcard run into a word', () => {
    const index = new PhraseIndex([
      source('MQTT_ERR_*'),
      source('disconnectReason*AUTH_ERROR', 1),
      source('on_connect*never called', 2),
    ]);
    expect(found(index, 'on_disconnect: mqtt_err_conn_lost')).toEqual(['MQTT_ERR_*']);
    expect(found(index, '{"disconnectreason":"auth_error"}')).toEqual([
      'disconnectReason*AUTH_ERROR',
    ]);
    expect(found(index, 'my on_connect() is never called')).toEqual(['on_connect*never called']);
    expect(found(index, 'my on_connect() is never calledx')).toEqual([]);
  });

  it('matches whole words only, except in scripts written without spaces', () => {
    const index = new PhraseIndex([source('not authorized'), source('未授权', 1)]);
    expect(found(index, 'connection refused: not authorized.')).toEqual(['not authorized']);
    expect(found(index, 'connection refused: not authorizedx')).toEqual([]);
    expect(found(index, '连接失败:未授权')).toEqual(['未授权']);
  });

  it('finds phrases made only of common words and numbers', () => {
    const index = new PhraseIndex([source('port 1883 is in use')]);
    expect(found(index, 'error: port 1883 is in use by another process')).toEqual([
      'port 1883 is in use',
    ]);
  });

  it('answers per line, in order, for a whole paste', () => {
    const index = new PhraseIndex([source('not authorised'), source('oversize packet', 1)]);
    const hits = index.findInLines(
      ['client a disconnected, not authorised.', 'ok', 'oversize packet'].map(normalisePhrase),
    );
    expect(hits.map((h) => h.map((c) => c.phrase))).toEqual([
      ['not authorised'],
      [],
      ['oversize packet'],
    ]);
  });

  it('finds the same phrases in one scan of a whole text as line by line', () => {
    const index = new PhraseIndex([
      source('already connected, closing old connection'),
      source('Client * disconnected, not authorised', 1),
      source('MQTT_ERR_*', 2),
      source('received connack (5)', 3),
      source('Socket error on client', 4),
    ]);
    const lines = [
      '1700000001: client a already connected, closing old connection.',
      '',
      'on_disconnect rc mqtt_err_conn_lost',
      '1700000003: client b disconnected, not authorised.',
      'received connack (5) received connack (5)',
      'socket error on client <unknown>, disconnecting.',
      'nothing here',
    ].map(normalisePhrase);
    const whole = index.findInLines(lines).map((hits) => hits.map((c) => c.phrase));
    expect(whole).toEqual(lines.map((l) => found(index, l)));
    expect(whole.flat()).toHaveLength(5);
    // A "line" that holds a line break is read line by line rather than misaligned.
    expect(index.findInLines(['a', 'mqtt_err_x\nb']).map((h) => h.length)).toEqual([0, 1]);
  });

  it('checks a phrase once per line however long the process has run (stamps never wrap)', () => {
    const index = new PhraseIndex([source('Connection Refused: not authorised')]);
    const line = normalisePhrase(
      'connection refused: not authorised; connection refused: not authorised',
    );
    const stamps = index as unknown as { epoch: number };
    for (const start of [0x7ffffff0, 0x7ffffffe, 0x80000005]) {
      stamps.epoch = start;
      expect(found(index, line)).toEqual(['Connection Refused: not authorised']);
      expect(index.findInLines([line, line]).map((h) => h.length)).toEqual([1, 1]);
    }
  });
});
