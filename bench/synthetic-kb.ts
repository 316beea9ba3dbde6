/**
 * Synthetic KB entries for scale benchmarks: plausible error phrases made of pseudo-words and
 * common error vocabulary, so the indexes see realistic word and trigram overlap.
 */
import { entryText } from './entry-template';

const COMMON = [
  'error',
  'failed',
  'connection',
  'refused',
  'timeout',
  'client',
  'server',
  'broker',
  'closed',
  'invalid',
  'denied',
  'socket',
  'lost',
  'unable',
  'to',
  'the',
  'not',
  'found',
  'session',
  'topic',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pseudoWord(next: () => number): string {
  const syllables = [
    'ka',
    'lo',
    'mi',
    'tre',
    'dus',
    'vor',
    'pen',
    'qua',
    'zil',
    'rho',
    'sta',
    'gen',
  ];
  const n = 2 + Math.floor(next() * 3);
  return Array.from({ length: n }, () => syllables[Math.floor(next() * syllables.length)]).join('');
}

export function syntheticEntries(
  count: number,
  seed = 1,
): { file: string; id: string; text: string }[] {
  const next = rng(seed);
  const word = (): string =>
    next() < 0.4 ? COMMON[Math.floor(next() * COMMON.length)]! : pseudoWord(next);
  return Array.from({ length: count }, (_, i) => {
    const id = `synthetic/entry-${i}`;
    const signals = Array.from({ length: 12 }, () =>
      Array.from({ length: 2 + Math.floor(next() * 4) }, word).join(' '),
    ).filter((s) => s.length >= 4);
    const text = entryText({
      id,
      signals,
      codes: [[String(40000 + i), 'any', 'paho-java', 'synthetic code']],
    });
    return { file: `synthetic/${id}.md`, id, text };
  });
}
