// Validation through the contract's schemas: a request that does not match gets the domain's stable
// code and French message for the first problem found (zod's own messages are English and generic).
//
// A schema says its refusals itself, field by field: its `error` option (or a refinement's issue) gives
// refusing(code, message), which parseWith turns into badRequest(code, message). A domain may instead
// map zod's issues with a `refusal` function (checks, login).
import { z } from 'zod';
import { badRequest } from '../errors.ts';

export type Refusal = z.core.$ZodIssue;

// Joins the code to the message inside a zod issue's message (the only text zod keeps of an error option).
const SEP = '\u001f';

/** A refusal written in a schema: `z.string({ error: () => refusing(code, message) })`. */
export const refusing = (code: string, message: string): string => `${code}${SEP}${message}`;

/** The code and message of an issue whose schema said them with refusing(), or undefined. */
function refused(issue: Refusal): [string, string] | undefined {
  const at = issue.message.indexOf(SEP);
  return at > 0 ? [issue.message.slice(0, at), issue.message.slice(at + SEP.length)] : undefined;
}

/** The message listing unknown fields, `where` naming the object (body, applicant…). */
export function unknownFields(keys: readonly string[], where: string, allowed: readonly string[]): string {
  const s = keys.length > 1 ? 's' : '';
  return `Champ${s} inconnu${s} : ${keys.map((k) => `« ${where}.${k} »`).join(', ')}. Champs admis : ${allowed.join(', ')}.`;
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, refusal?: (issue: Refusal) => [code: string, message: string]): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // An unknown field first: it is often the misspelt name of the field another problem is about.
  const issues = result.error.issues;
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
  const [code, message] = refused(issue) ?? refusal?.(issue) ?? unsaid(issue);
  throw badRequest(code, message);
}

/** An issue no refusal names (a schema's gap): the field, still in French. */
function unsaid(issue: Refusal): [string, string] {
  return ['field_invalid', issue.path.length ? `Le champ « ${issue.path.join('.')} » est mal formé.` : 'Le corps de la requête est mal formé.'];
}

// --- query strings ------------------------------------------------------------------------------
// Express 5 reads `?a=1&a=2` as an array and `?a=` as ''. A parameter is a string given once; '' reads as
// absent and the value is trimmed, so each domain's schema pipes a clean string into its own checks. A
// blank value is kept as '' (not absent): the domain's check refuses it, as the staff list always did.

/**
 * A query parameter given at most once: `param('bbox').pipe(…)`; twice → 400 param_repeated; longer than
 * `max` characters (before trimming; the contract shows it as maxLength) → 400 param_too_long.
 */
export const param = (key: string, max?: number) => {
  const text = z.string({ error: () => refusing('param_repeated', `Le paramètre « ${key} » doit être donné une seule fois.`) });
  return (max === undefined ? text : text.max(max, { error: () => refusing('param_too_long', `Le paramètre « ${key} » est trop long (${max} caractères au plus).`) }))
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v.trim()));
};

/** A parameter that must be given: absent or '' → 400 `refusal` (refusing(code, message)); the contract says required. */
export const required = <S extends z.ZodType<string | undefined>>(field: S, refusal: string) =>
  field.transform((v, ctx): string => (v === undefined ? refuse(ctx, refusal) : v));

/** In a transform, refuses a value that needed reading to judge: `return refuse(ctx, refusing(code, message))`. */
export function refuse(ctx: z.RefinementCtx, refusal: string): never {
  ctx.addIssue({ message: refusal, code: 'custom' });
  return z.NEVER;
}

/** A query's parameters: an unknown one → 400 field_unknown with the domain's own message. */
export const strictQuery = <T extends z.core.$ZodLooseShape>(fields: T, unknown: (keys: readonly string[], allowed: readonly string[]) => string) =>
  z.strictObject(fields, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? refusing('field_unknown', unknown(iss.keys, Object.keys(fields))) : refusing('field_invalid', 'La requête est mal formée.')),
  });
