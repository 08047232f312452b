import { defineCommand, flag } from '../command.js';

export const listCommand = defineCommand({
  name: 'list',
  description: 'list the built-in derivations with their titles and sources',
  arguments: [],
  options: {
    json: flag('--json', 'print a JSON array of {name, title, source}'),
  },
  run: async ([]: [], options) => (await import('../list-command.js')).runList(options),
});
