// The deltagrad command line: one commander command per entry of the table in
// commands/index.ts. Heavy modules (mathjs, fast-check) load only inside the
// handlers, so `--help` stays fast.
import { Argument, Command, CommanderError } from 'commander';
import { EXIT } from './common.js';
import type { CommandSpec, OptionSpecs } from './command.js';
import { COMMANDS } from './commands/index.js';
import { reportError } from './errors.js';

export { EXIT, reportError };

export function buildProgram(commands: readonly CommandSpec<OptionSpecs, any>[] = COMMANDS): Command {
  const program = new Command()
    .name('deltagrad')
    .description('Verify backpropagation derivations written in index notation against finite differences.')
    .version(process.env.DELTAGRAD_VERSION ?? '0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  for (const spec of commands) {
    const command = program.command(spec.name).description(spec.description);
    for (const a of spec.arguments) {
      const argument = new Argument(a.name, a.description);
      command.addArgument(a.choices === undefined ? argument : argument.choices(a.choices));
    }
    for (const [key, { option }] of Object.entries(spec.options)) {
      // The handler reads the option under its key: they must agree.
      if (option.attributeName() !== key) throw new Error(`deltagrad ${spec.name}: option ${option.flags} is read as ${option.attributeName()}, not ${key}`);
      command.addOption(option);
    }
    if (spec.help !== undefined) command.addHelpText('after', spec.help);
    command.action(async (...values: unknown[]) => {
      const args = values.slice(0, spec.arguments.length);
      process.exitCode = await spec.run(args, values[spec.arguments.length] as never);
    });
  }
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : EXIT.misuse;
      return;
    }
    // Whatever a command did not handle: one line, never a stack trace, never exit 1 (a verdict).
    process.exitCode = reportError(err);
  }
}
