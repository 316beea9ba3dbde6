import { reportsProblem } from '../../../src/match/abstain';

describe('reportsProblem', () => {
  it('reads a question that asks whether or how as no report of a failure', () => {
    for (const asked of [
      'i may have a topic of 12 levels. will i suffer a performance lose? is topic depth a key factor?',
      'is there a way to buffer messages when the broker is not available for a while?',
      'how do i stop the client from disconnecting after a publish?',
    ])
      expect(reportsProblem(asked)).toBe(false);
  });

  it('reads a missing way or option as a feature asked for, not a failure', () => {
    for (const wished of [
      'i need to pass user properties in the connect request, but i do not see any way to pass them in the client options.',
      'there is no option to set the maximum packet size for a v4 broker.',
      "there's no way to get the reason code of a rejected subscribe",
    ])
      expect(reportsProblem(wished)).toBe(false);
    // The same sentence beside a failure is still a report of that failure.
    expect(
      reportsProblem('the publish fails with 0x87. there is no option to see which acl denied it.'),
    ).toBe(true);
    expect(
      reportsProblem('there is no option to set the packet size, so big messages are dropped'),
    ).toBe(true);
  });

  it('reads duplicates, loops, freezes and stale state as failures', () => {
    for (const told of [
      'every message arrives twice on the local broker since the bridge',
      'the two brokers send the same message back and forth in an infinite loop',
      'the broker freezes after an hour and the dashboard shows stale values',
      'the gateway no longer responds to commands; it worked until the update, not anymore',
      'mosquitto memory keeps growing, a memory leak?',
      'above 12 kb the broker ignores the message and closes the connection',
      'after the reconnect i get no more data from the sensors',
      'the broker sits at 100% cpu with no clients connected',
    ])
      expect(reportsProblem(told)).toBe(true);
  });

  it('reads what would not or could not happen as a failure', () => {
    expect(reportsProblem("i misspelled allow_anonymous and mosquitto wouldn't start")).toBe(true);
    expect(reportsProblem("my esp32 couldn't connect after the update")).toBe(true);
  });

  it('still reads a failure told beside a question, or asked with why', () => {
    expect(reportsProblem('can anyone help? my esp32 keeps disconnecting every 30 seconds')).toBe(
      true,
    );
    expect(reportsProblem('why does my client keep disconnecting every 30 seconds?')).toBe(true);
    expect(reportsProblem('connection refused. what does rc 5 mean?')).toBe(true);
  });

  it('reads "looses" and "loosing" a connection as losing it', () => {
    expect(reportsProblem('while one is connected the other looses the connection')).toBe(true);
    expect(reportsProblem('the esp is loosing its session')).toBe(true);
  });
});
