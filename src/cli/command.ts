// The shape of one CLI command: a table entry that buildProgram turns into a
// commander command. Its options are a record from the name a handler reads
// (commander's camel-cased flag) to the option, so the handler's option type
// is derived from the entry itself.
import { Option } from 'commander';

export interface OptionSpec<T> {
  readonly option: Option;
  /** Type only: the value the handler receives. */
  readonly type?: () => T;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec<unknown>>>;

/** The options a handler receives, typed from its entry's option table. */
export type OptionValues<O extends OptionSpecs> = { readonly [K in keyof O]: O[K] extends OptionSpec<infer T> ? T : never };

export const flag = (flags: string, description: string): OptionSpec<boolean | undefined> => ({ option: new Option(flags, description) });

export function value(flags: string, description: string): OptionSpec<string | undefined>;
export function value<T>(flags: string, description: string, parse: (raw: string) => T): OptionSpec<T | undefined>;
export function value<T>(flags: string, description: string, parse?: (raw: string) => T): OptionSpec<T | string | undefined> {
  const option = new Option(flags, description);
  return { option: parse === undefined ? option : option.argParser(parse) };
}

export const choice = <C extends string>(flags: string, description: string, choices: readonly C[]): OptionSpec<C | undefined> => ({
  option: new Option(flags, description).choices(choices),
});

/** The option with a default: the handler always receives a value. */
export function withDefault<T>(spec: OptionSpec<T | undefined>, value: T): OptionSpec<T> {
  return { option: spec.option.default(value) };
}

export interface CommandSpec<O extends OptionSpecs, A extends unknown[]> {
  readonly name: string;
  readonly description: string;
  /** commander's argument syntax: `<x>` required, `[x]` optional, `[xs...]` a list. */
  readonly arguments: readonly { readonly name: string; readonly description: string; readonly choices?: readonly string[] }[];
  readonly options: O;
  /** Shown after the options by --help: details, exit codes, examples. */
  readonly help?: string;
  /**
   * Calls the library and prints; returns the exit code. Heavy modules load
   * inside, so --help stays fast. (A method, so that the table can hold
   * entries with different options.)
   */
  run(args: A, options: OptionValues<O>): Promise<number>;
}

/** Infers an entry's option and argument types. */
export const defineCommand = <O extends OptionSpecs, A extends unknown[]>(spec: CommandSpec<O, A>): CommandSpec<O, A> => spec;
