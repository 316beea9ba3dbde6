import { scheduleOffset } from '../../../jobs/health-job';

describe('where in its interval a broker is checked', () => {
  it('is the same point every time for the same broker and interval', () => {
    expect(scheduleOffset('plant-7', 60_000)).toBe(scheduleOffset('plant-7', 60_000));
    expect(scheduleOffset('plant-7', 30_000)).toBe(scheduleOffset('plant-7', 30_000));
  });

  it('lies inside the interval and is never 0, which BullMQ reads as no offset', () => {
    for (const every of [2, 1000, 1001, 60_000, 86_400_000])
      for (let i = 0; i < 500; i++) {
        const offset = scheduleOffset(`b${i}`, every);
        expect(Number.isInteger(offset)).toBe(true);
        expect(offset).toBeGreaterThanOrEqual(1);
        expect(offset).toBeLessThan(every);
      }
  });

  it('spreads 10,000 brokers over a minute with no second holding much more than its share', () => {
    const perSecond = new Array<number>(60).fill(0);
    for (let i = 0; i < 10_000; i++)
      perSecond[Math.floor(scheduleOffset(`b${i}`, 60_000) / 1000)]!++;
    // An even spread is ~167 a second; a burst would put thousands in one.
    expect(Math.max(...perSecond)).toBeLessThan(250);
    expect(Math.min(...perSecond)).toBeGreaterThan(100);
  });

  it('differs between brokers', () => {
    const offsets = new Set(
      Array.from({ length: 1000 }, (_, i) => scheduleOffset(`b${i}`, 60_000)),
    );
    expect(offsets.size).toBeGreaterThan(990);
  });
});
