#!/usr/bin/env node
// The CLI entry: the bundle built by `npm run build` (run by `npm ci` through `prepare`).
import { EXIT, main, reportError } from '../dist/cli.js';

// An error outside a command's own promise (thrown in a callback): one line and exit 3, as main reports
// the errors it catches, never a stack trace and exit 1 (the code for "wrong").
for (const event of ['uncaughtException', 'unhandledRejection']) process.on(event, (err) => process.exit(reportError(err)));
// A reader that stops early (`| head`) closes the pipe: end quietly with the status a
// process killed by SIGPIPE has (128 + 13), as other command-line tools do; not a bug.
for (const stream of [process.stdout, process.stderr]) stream.on('error', (err) => process.exit(err.code === 'EPIPE' ? EXIT.brokenPipe : reportError(err)));
await main(process.argv);
