import type { z } from 'zod';
import { systemContract } from './contracts/system';
import { settingsContract } from './contracts/settings';
import { jobsContract } from './contracts/jobs';
import { datasetsContract } from './contracts/datasets';
import { annotationsContract } from './contracts/annotations';
import { trainingContract } from './contracts/training';
import { inferenceContract } from './contracts/inference';
import { flowContract } from './contracts/flow';
import { metricsContract } from './contracts/metrics';
import { promptsContract } from './contracts/prompts';

/**
 * The whole API the UI can call, served identically by the Electron host (ipcMain) and the web host (HTTP).
 * Each domain keeps its calls in contracts/<domain>.ts; add a domain by spreading it here.
 */
export const contract = {
  ...systemContract,
  ...settingsContract,
  ...jobsContract,
  ...datasetsContract,
  ...annotationsContract,
  ...trainingContract,
  ...inferenceContract,
  ...flowContract,
  ...metricsContract,
  ...promptsContract,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

/** Server side: one implementation per method, receiving the validated input. */
export type Handlers = { [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

/** The handlers of one domain: every method named `<domain>.*`. */
export type DomainHandlers<D extends string> = Pick<Handlers, Extract<MethodName, `${D}.${string}`>>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
