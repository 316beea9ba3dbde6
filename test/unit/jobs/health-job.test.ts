import { Job, UnrecoverableError } from 'bullmq';
import { HealthProcessorDeps, createHealthProcessor } from '../../../jobs/health-job';
import { brokerConfig } from '../../helpers/broker-config';

describe('the health job processor', () => {
  it('fails a job of a broker no longer health-checked once, without retries', async () => {
    // A broker without a health block: the processor refuses before it touches any other dependency.
    const deps = { brokers: [brokerConfig('quiet', 1)] } as unknown as HealthProcessorDeps;
    const run = createHealthProcessor(deps);
    for (const broker of ['quiet', 'removed']) {
      const attempt = run({ data: { broker } } as Job);
      await expect(attempt).rejects.toBeInstanceOf(UnrecoverableError);
      await expect(attempt).rejects.toThrow(`no health settings for broker "${broker}"`);
    }
  });
});
