import type { CliCommand } from '../command';
import { serveCommand } from './serve';
import { synthCommand } from './synth';
import { indexCommand } from './index-dataset';

/** Every `ssp-studio` subcommand; add a command module and list it here. */
export const commands: CliCommand[] = [serveCommand, synthCommand, indexCommand];
