import { editDistance } from '../../../src/common/edit-distance';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours as one edit each', () => {
    expect(editDistance('notauthorized', 'notauthorized', 2)).toBe(0);
    expect(editDistance('notauthorsed', 'notauthorized', 2)).toBe(2);
    expect(editDistance('sesiontakenover', 'sessiontakenover', 2)).toBe(1);
    expect(editDistance('sessoin', 'session', 2)).toBe(1);
    expect(editDistance('banned', 'bannde', 1)).toBe(1);
  });

  it('stops at the limit', () => {
    expect(editDistance('quotaexceeded', 'serverbusy', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});
