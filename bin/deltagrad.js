#!/usr/bin/env node
// The CLI entry: the bundle built by `npm run build` (run by `npm ci` through `prepare`).
import { main, reportError } from '../dist/cli.js';

// An error outside a command's own promise (thrown in a callback): one line and exit 3, as main reports
// the errors it catches, never a stack trace and exit 1 (the code for "wrong").
for (const event of ['uncaughtException', 'unhandledRejection']) process.on(event, (err) => process.exit(reportError(err)));
await main(process.argv);
