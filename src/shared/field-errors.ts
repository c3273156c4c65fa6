import type { core } from 'zod/mini';
import type { FieldErrors } from './errors.js';

/** Flattens zod issues into `path → message`, naming each unknown key, for error bodies and messages. */
export function fieldErrors(issues: readonly core.$ZodIssue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const base = issue.path.map(String);
    const paths =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => [...base, key].join('.'))
        : [base.join('.') || '(body)'];
    for (const path of paths) {
      fields[path] ??= issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message;
    }
  }
  return fields;
}
