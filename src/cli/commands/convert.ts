import { defineCommand, flag } from '../command.js';

export const convertCommand = defineCommand({
  name: 'convert',
  description: 'print the derivation file a Markdown or LaTeX answer is read as, each claim under the LaTeX it was read from',
  arguments: [{ name: '<file>', description: 'an answer in Markdown (.md) or LaTeX (.tex) with a front matter' }],
  options: {
    json: flag('--json', 'print {gradients: [{wrt, steps: [{latex, line, column, expression}]}], notJudged}'),
  },
  help: '\nExit codes: 0 read, 2 malformed input.',
  run: async ([file]: [string], options) => (await import('../convert-command.js')).runConvert(file, options),
});
