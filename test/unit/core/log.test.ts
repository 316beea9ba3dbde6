import { Writable } from 'stream';
import { createLogger, currentLogContext, withLogContext } from '../../../src/log';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('info', sink) };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('log lines', () => {
  it('carry the id of the request or job they are written for, across awaits and child loggers', async () => {
    const { lines, logger } = capture();
    logger.info('start-up');
    await withLogContext({ reqId: 'Ev1' }, async () => {
      await flush();
      logger.child({ component: 'bolt' }).info('inside the request');
      await withLogContext({ jobId: 'job-7', queue: 'probe' }, async () => {
        await flush();
        logger.info('inside the job');
        expect(currentLogContext()).toEqual({ reqId: 'Ev1', jobId: 'job-7', queue: 'probe' });
      });
    });
    logger.info('after');
    await flush();
    expect(lines.map((l) => [l.msg, l.reqId, l.jobId])).toEqual([
      ['start-up', undefined, undefined],
      ['inside the request', 'Ev1', undefined],
      ['inside the job', 'Ev1', 'job-7'],
      ['after', undefined, undefined],
    ]);
  });

  it('keeps concurrent requests apart', async () => {
    const { lines, logger } = capture();
    await Promise.all(
      ['A', 'B', 'C'].map((id) =>
        withLogContext({ reqId: id }, async () => {
          await flush();
          logger.info(`for ${id}`);
        }),
      ),
    );
    await flush();
    expect(lines.map((l) => `${String(l.msg)}:${String(l.reqId)}`).sort()).toEqual([
      'for A:A',
      'for B:B',
      'for C:C',
    ]);
  });

  it('still redacts secrets in lines that carry a context', async () => {
    const { lines, logger } = capture();
    withLogContext({ reqId: 'Ev2' }, () =>
      logger.warn({ url: 'mqtt://svc:hunter2@broker:1883', password: 'hunter2' }, 'probe failed'),
    );
    await flush();
    expect(JSON.stringify(lines)).not.toContain('hunter2');
    expect(lines[0]).toMatchObject({ reqId: 'Ev2' });
  });
});
