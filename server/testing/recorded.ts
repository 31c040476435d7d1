// One reader of the query parsers' recorded cases, so that every recorded file compares its answers alike.
import { AppError } from '../errors.ts';

export type Answer = [code: string, message: string] | { ok: unknown };

/** What read returned, or its refusal's code and message with spaces made plain (errors.ts makes some non-breaking). */
export function readOrRefusal<T>(read: () => T): T | [code: string, message: string] {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return [e.code, e.message.replace(/\s/g, ' ')];
  }
}

/** The refusal's code and message, or the value read (as { ok }, so a value cannot pass for a refusal). */
export const answer = (read: () => unknown): Answer => readOrRefusal(() => ({ ok: read() }));
