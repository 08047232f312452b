import { integer, positiveInt } from '../common.js';
import { defineCommand, value, withDefault, type OptionValues } from '../command.js';

const options = {
  output: withDefault(value('-o, --output <file>', 'the page to write (written whole or not at all)'), 'reports/index.html'),
  runs: withDefault(value('--runs <n>', 'property-test cases per gradient', positiveInt('--runs')), 100),
  seed: value('--seed <n>', 'seed of the property test; the page prints the seed that replays a failure', integer('--seed')),
  training: withDefault(value('--training <dir>', 'folder of training results (*.jsonl from deltagrad train and sweep)'), 'reports/runs'),
};

export type ReportCliOptions = OptionValues<typeof options>;

export const reportCommand = defineCommand({
  name: 'report',
  description: 'write one self-contained HTML page: each derivation typeset with its verdicts, and the training results',
  arguments: [{ name: '[targets...]', description: 'built-in names or derivation files (default: every built-in)' }],
  options,
  help: '\nExit codes as for verify: 0 all verified, 1 some derivation is wrong, 2 malformed input or misuse, 3 internal error.',
  run: async ([targets]: [string[]], options) => (await import('../report-command.js')).runReport(targets, options),
});
