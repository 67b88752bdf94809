import type { z } from 'zod';

/** One call of the contract: its input and output schemas. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  description: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  description: string,
): MethodSpec<I, O> {
  return { input, output, description };
}

export type ContractShape = Record<string, MethodSpec>;
