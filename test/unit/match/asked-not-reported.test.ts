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

  it('still reads a failure told beside a question, or asked with why', () => {
    expect(reportsProblem('can anyone help? my esp32 keeps disconnecting every 30 seconds')).toBe(
      true,
    );
    expect(reportsProblem('why does my client keep disconnecting every 30 seconds?')).toBe(true);
    expect(reportsProblem('connection refused. what does rc 5 mean?')).toBe(true);
  });
});
