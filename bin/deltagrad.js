#!/usr/bin/env node
// The CLI entry: the bundle built by `npm run build` (run by `npm ci` through `prepare`).
import { main } from '../dist/cli.js';

await main(process.argv);
