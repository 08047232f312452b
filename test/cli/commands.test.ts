// The command table: every entry becomes a command with its arguments and
// options, and an option read under a key commander does not give it is refused.
import { describe, expect, it } from 'vitest';
import { defineCommand, flag } from '../../src/cli/command.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { buildProgram } from '../../src/cli/main.js';

describe('the command table', () => {
  it('builds one command per entry, with its arguments and options in order', () => {
    const program = buildProgram();
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    for (const spec of COMMANDS) {
      const command = program.commands.find((c) => c.name() === spec.name)!;
      expect(command.registeredArguments.length).toBe(spec.arguments.length);
      expect(command.options.map((o) => o.attributeName())).toEqual(Object.keys(spec.options));
    }
  });

  it('passes the arguments and the typed options to the handler', async () => {
    let received: unknown;
    const echo = defineCommand({
      name: 'echo',
      description: 'test',
      arguments: [{ name: '[words...]', description: 'words' }],
      options: { loud: flag('--loud', 'shout') },
      run: async (args: [string[]], options) => ((received = { args, loud: options.loud }), 0),
    });
    await buildProgram([echo]).parseAsync(['node', 'deltagrad', 'echo', 'a', 'b', '--loud']);
    expect(received).toEqual({ args: [['a', 'b']], loud: true });
  });

  it('refuses an option whose key is not the name commander gives it', () => {
    const wrong = defineCommand({ name: 'x', description: 'test', arguments: [], options: { dryRun: flag('--dry', 'test') }, run: async () => 0 });
    expect(() => buildProgram([wrong])).toThrow(/option --dry is read as dry, not dryRun/);
  });
});
