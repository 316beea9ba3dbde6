import { parseCommand } from '../../../src/core/command';

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['watch off', { kind: 'watch', on: false }],
    ['watch ON', { kind: 'watch', on: true }],
    ['watch', { kind: 'watch', on: null }],
    ['show mqtt-banned', { kind: 'show', id: 'mqtt-banned' }],
    ['probe plant-a', { kind: 'probe', target: 'plant-a' }],
    ['status', { kind: 'status', broker: null }],
    ['0x02', { kind: 'triage', text: '0x02' }],
    ['rc=5 not authorised', { kind: 'triage', text: 'rc=5 not authorised' }],
    [
      'watch the logs: Connection lost',
      { kind: 'triage', text: 'watch the logs: Connection lost' },
    ],
  ])('reads %j', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it('answers a command word without its argument with how to use it, not a triage of the word', () => {
    expect(parseCommand('probe')).toEqual({
      kind: 'usage',
      text: expect.stringContaining('Which broker?'),
    });
    expect(parseCommand('show')).toEqual({
      kind: 'usage',
      text: expect.stringContaining('Which entry?'),
    });
  });
});
