/** Issue 15: a log file given to the CLI that it cannot read names the cause and a fix. */
import { promises as fs } from 'fs';
import { brokenEnvironment, expectMessage } from '../../helpers/broken-environment';

const { cli, file } = brokenEnvironment();

describe('mqtt-why <log file>', () => {
  it('names a log file it cannot read and how to make it readable, exit 2, never "a bug"', async () => {
    await fs.writeFile(
      file('root-only.log'),
      '1700000002: Client x disconnected, not authorised.\n',
    );
    await fs.chmod(file('root-only.log'), 0o600);
    const r = await cli([file('root-only.log')], {}, { asOtherUser: true });
    expectMessage(r, {
      code: 2,
      cause: /cannot read .*root-only\.log: permission denied reading .*root-only\.log \(EACCES\)/,
      fix: /make it readable by the user running mqtt-why \(e\.g\. chmod a\+r /,
    });
    expect(r.stderr).not.toMatch(/bug/i);
  });
});
