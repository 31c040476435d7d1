// Validation through the contract's schemas: a request that does not match gets the domain's stable
// code and French message for the first problem found (zod's own messages are English and generic).
import type { z } from 'zod';
import { badRequest } from '../errors.ts';

export type Refusal = z.core.$ZodIssue;

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, refusal: (issue: Refusal) => [code: string, message: string]): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [code, message] = refusal(result.error.issues[0]!);
  throw badRequest(code, message);
}
