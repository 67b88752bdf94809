import { commands } from './commands/index';
import { parseCommandArgs } from './command';
import { AppError } from '../api/errors';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'ssp-studio — audio-visual segmentation workbench (SSP / AAVS)',
    '',
    'Usage: ssp-studio <command> [options]      ssp-studio <command> --help',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  let args;
  try {
    args = parseCommandArgs(command, rest);
  } catch (err) {
    console.error(`${(err as Error).message}\n\nUsage: ${command.usage}`);
    return 2;
  }
  if (args.values.help) {
    console.log(`Usage: ${command.usage}`);
    return 0;
  }
  try {
    return (await command.run(args as never)) ?? 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`Error: ${err.message}${err.details?.fix ? `\nFix: ${err.details.fix}` : ''}`);
      return 1;
    }
    throw err;
  }
}
