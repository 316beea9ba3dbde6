#!/usr/bin/env node
'use strict';
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run by `prepare`).
const path = require('path');
const entry = path.join(__dirname, '..', 'dist', 'src', 'apps', 'cli.js');
let main;
try {
  main = require(entry).main;
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(entry)) {
    process.stderr.write(
      'mqtt-why is not built yet: run `npm run build` (npm ci runs it for you).\n',
    );
    process.exit(2);
  }
  throw err;
}
// `mqtt-why … | head -1`: the reader went away; that is the end, not an error.
// Any other write failure (a full disk, `> /dev/full`) is said in one line, not a stack trace.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(
    `mqtt-why: cannot write the output: ${err && err.message ? err.message : String(err)}\n`,
  );
  process.exit(2);
});
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Every failure a user can cause has its own message; reaching this is a bug.
    process.stderr.write(
      `mqtt-why: unexpected error: ${err && err.message ? err.message : String(err)}\n` +
        'This is a bug in mqtt-why: please report it with the command you ran.\n',
    );
    process.exitCode = 1;
  },
);
