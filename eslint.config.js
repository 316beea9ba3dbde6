// Boundaries from ARCHITECTURE.md are enforced here, so a wrong import fails CI, not review.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  // Each file falls in exactly one of these groups: flat config would let a later block's
  // no-restricted-imports replace an earlier one's for the same file.
  ...[
    [
      ['src/common/**'],
      ['@slack/*', 'bullmq', 'ioredis', 'mqtt', 'pino', '../*'],
      'src/common is the leaf (the spec tables, redaction, deadlines): it imports no other folder.',
    ],
    [
      ['src/alerts/**'],
      ['@slack/*', 'bullmq', 'ioredis', 'mqtt', '../state/*', '../chat/*', '../apps/*'],
      'Health decisions are pure: the stores implement their interfaces, not the other way round.',
    ],
    [
      ['src/core/**', 'src/kb/**', 'src/match/**'],
      ['@slack/*', 'bullmq', 'ioredis', 'mqtt'],
      'The core is chat-, queue- and transport-neutral.',
    ],
    [['src/probe/**'], ['@slack/*', 'bullmq'], 'Probes know nothing of Slack or queues.'],
    [
      ['src/state/**', 'src/render/**', 'src/cli/**', 'src/chat/console/**', 'src/*.ts'],
      ['@slack/*', 'bullmq', 'mqtt'],
      '@slack/* lives in src/chat/slack, bullmq in jobs/ and src/apps, mqtt in src/probe.',
    ],
    [
      ['src/web/**'],
      ['@slack/*', 'bullmq', 'ioredis', 'mqtt'],
      'Web pages are rendered from plain values; routes and their data are wired in src/apps.',
    ],
    [
      ['src/chat/slack/**'],
      ['bullmq', 'mqtt'],
      'The Slack adapter reaches probes through ProbeGateway, not the queue.',
    ],
    [
      ['jobs/**'],
      ['@slack/*', 'mqtt'],
      'Jobs report through ProbeReporter and probe through src/probe.',
    ],
  ].map(([files, group, message]) => ({
    files: files.map((f) => (f.endsWith('.ts') ? f : `${f}/*.ts`)),
    rules: restrict([{ group, message }]),
  })),
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read the environment only in src/config.ts.',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { process: 'readonly' } },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
