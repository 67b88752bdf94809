import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `ssp-studio <name>` subcommand. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Usage lines shown by `ssp-studio <name> --help`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] }): Promise<number | void>;
}

export function defineCommand(c: CliCommand): CliCommand {
  return c;
}

export function parseCommandArgs(c: CliCommand, argv: string[]) {
  return parseArgs({ args: argv, options: { ...c.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
}
