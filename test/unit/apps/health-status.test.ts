import { healthStatusFor } from '../../../src/apps/health-status';
import { MemoryHealthStore } from '../../../src/state/memory-health-store';
import { EVERY_MINUTE as health, brokerConfig } from '../../helpers/broker-config';

const plant = brokerConfig('plant', 1883, { health });
const lab = brokerConfig('lab', 1884);
const NOW = Date.UTC(2026, 11, 7, 10);

describe('/mqtt-why status [broker]', () => {
  const store = new MemoryHealthStore();

  it('gives status lines for a health-checked broker', async () => {
    const status = await healthStatusFor([plant, lab], store, () => NOW)('plant');
    expect(status.ok).toBe(true);
    expect(status.ok && status.text).toMatch(/^plant: /);
  });

  it('points a configured broker without health checks to a probe, and lists the checked ones', async () => {
    expect(await healthStatusFor([plant, lab], store)('lab')).toEqual({
      ok: false,
      message:
        '"lab" has no scheduled health checks, so there is no status to show (an admin gives a broker in brokers.yml a `health:` block). `/mqtt-why probe lab` tests it now. Health-checked: plant.',
    });
  });

  it('says a name is not configured, without code-formatting what was typed', async () => {
    const status = await healthStatusFor([plant, lab], store)('no`pe"');
    expect(status).toEqual({
      ok: false,
      message:
        'No broker named "nope" is configured. Health-checked: plant. `/mqtt-why probe <broker>` tests one now (configured: plant, lab).',
    });
  });

  it('names to a channel only the brokers it may probe', async () => {
    const secret = brokerConfig('payments-prod', 1885, { channels: ['C0SECRET'] });
    const status = healthStatusFor([plant, lab, secret], store);
    const elsewhere = await status('payments-prod', 'C0PUBLIC');
    expect(elsewhere.ok).toBe(false);
    expect(!elsewhere.ok && elsewhere.message).toBe(
      'No broker named "payments-prod" is configured for this channel. Health-checked: plant. `/mqtt-why probe <broker>` tests one now (configured: plant, lab).',
    );
    const own = await status('payments-prod', 'C0SECRET');
    expect(!own.ok && own.message).toContain('`/mqtt-why probe payments-prod` tests it now.');
    // Health-checked and kept to another channel: neither its status nor its name is shown there.
    const watched = brokerConfig('payments-dr', 1886, { health, channels: ['C0SECRET'] });
    const withChecks = healthStatusFor([plant, lab, watched], store, () => NOW);
    const all = await withChecks(null, 'C0PUBLIC');
    expect(all.ok && all.text).toMatch(/^plant: /);
    expect(JSON.stringify(all)).not.toContain('payments-dr');
    const named = await withChecks('payments-dr', 'C0PUBLIC');
    expect(!named.ok && named.message).toMatch(
      /^No broker named "payments-dr" is configured for this channel\. Health-checked: plant\./,
    );
    const ownAll = await withChecks(null, 'C0SECRET');
    expect(ownAll.ok && ownAll.text).toMatch(/^payments-dr: /m);
    const consoleAll = await withChecks(null, null);
    expect(consoleAll.ok && consoleAll.text).toMatch(/payments-dr/);
    const console = await status('nope', null);
    expect(!console.ok && console.message).toContain('(configured: plant, lab, payments-prod)');
  });

  it('with no health checks at all, says how to set them up and what can be probed', async () => {
    expect(await healthStatusFor([lab], store)(null)).toEqual({
      ok: false,
      message:
        'No broker has scheduled health checks (an admin gives a broker in brokers.yml a `health:` block). `/mqtt-why probe <broker>` tests one now (configured: lab).',
    });
    expect(await healthStatusFor([], store)(null)).toEqual({
      ok: false,
      message:
        'No broker has scheduled health checks (an admin gives a broker in brokers.yml a `health:` block).',
    });
  });
});
