// Every command of the CLI, in the order --help lists them. Adding a command
// is one module in this folder exporting its entry, plus one line here.
import type { CommandSpec, OptionSpecs } from '../command.js';
import { auditCommand } from './audit.js';
import { convertCommand } from './convert.js';
import { deriveCommand } from './derive.js';
import { listCommand } from './list.js';
import { reportCommand } from './report.js';
import { serveCommand } from './serve.js';
import { sweepCommand } from './sweep.js';
import { trainCommand } from './train.js';
import { verifyCommand } from './verify.js';

/** Each entry's handler takes its own argument tuple, hence `any` for the arguments. */
export const COMMANDS: readonly CommandSpec<OptionSpecs, any>[] = [
  verifyCommand,
  listCommand,
  deriveCommand,
  reportCommand,
  convertCommand,
  trainCommand,
  sweepCommand,
  serveCommand,
  auditCommand,
];
