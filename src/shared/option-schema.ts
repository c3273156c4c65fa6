import * as z from 'zod/mini';
import { unknownOptionMessage } from './option-names.js';
import { IN_ENGLISH } from './english-messages.js';
import { HttpUrl } from './schema-parts.js';

// How every public options object is declared and checked: one strict zod schema per function,
// whose `z.input` is the public type and whose defaults are the only ones.

/** setTimeout fires at once for a delay past 2^31 - 1 ms, which would make every time limit expire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * An options object that refuses any name it does not declare, naming the nearest one
 * (`allowedOrigin` → did you mean `allowedOrigins`?): zod's plain `object` would drop it in silence.
 */
export function strictOptions<Shape extends z.core.$ZodLooseShape>(shape: Shape): z.ZodMiniObject<Shape, z.core.$strict> {
  // The declared return type makes the published typings keep each option's doc comment (an inferred one drops them).
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? issue.keys.map((name) => unknownOptionMessage(name, known)).join('; ') : undefined),
  });
}

/**
 * The options parsed once, defaults applied; anything wrong is one TypeError naming each
 * bad option after `where`, the function they were given to:
 * "payfect-checkout: createCheckoutHandler has no option `allowedOrigin`; did you mean `allowedOrigins`? …".
 */
export function resolveOptions<T extends z.ZodMiniType>(schema: T, options: unknown, where: string): z.output<T> {
  if (options === null || typeof options !== 'object') throw new TypeError(`payfect-checkout: ${where} needs an options object`);
  const parsed = schema.safeParse(options, IN_ENGLISH);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap(describeIssue);
  throw new TypeError(`payfect-checkout: ${where} ${problems.join('; ')}`);
}

/** `option path message` for each issue; for `rateLimit: false | {…}`, the object branch's own issues say what is wrong. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_union') {
    const branch = issue.errors.at(-1) ?? [];
    return branch.flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] }));
  }
  // The top level's own issue is an unknown name, and its message already reads "has no option …".
  return [issue.path.length === 0 ? issue.message : `option \`${issue.path.join('.')}\` ${issue.message}`];
}

type Defaults<Shape extends z.core.$ZodLooseShape, Name extends keyof Shape> = {
  readonly [K in Name]: Readonly<Exclude<z.output<Shape[K]>, false | undefined>>;
};

/**
 * What each named option is when left out, read from its own schema, frozen: a table of
 * defaults that cannot drift from what the functions do.
 */
export function defaultsOf<Shape extends z.core.$ZodLooseShape, Name extends keyof Shape & string>(
  shape: Shape,
  names: readonly Name[],
): Defaults<Shape, Name> {
  const defaults = Object.fromEntries(names.map((name) => [name, deepFreeze(z.parse(shape[name]!, undefined))]));
  return Object.freeze(defaults) as unknown as Defaults<Shape, Name>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

// The building blocks the options schemas share.

export function fn<T>(what: string) {
  return z.custom<T>((value) => typeof value === 'function', { error: `must be a function ${what}` });
}

export function positiveInteger(max = Number.MAX_SAFE_INTEGER) {
  const message = `must be an integer from 1 to ${max}`;
  return z.int({ error: message }).check(z.gte(1, message), z.lte(max, message));
}

/** A time limit in milliseconds: a positive integer that setTimeout can wait for. */
export const Milliseconds = positiveInteger(MAX_TIMER_MS);

/** An http(s) origin, as `new URL(value).origin` writes it (`https://Shop.example:443/` → `https://shop.example`). */
export const Origin = z.pipe(
  z.string({ error: 'must be an http(s) origin' }).check(z.refine((value) => HttpUrl.safeParse(value).success, 'must be an http(s) origin')),
  z.transform((value: string) => new URL(value).origin),
);

/** A list of origins; a `readonly` array is accepted, as `as const` gives. */
export const Origins = z.readonly(z.array(Origin));

/** A store object: checked only for the one method that tells it apart, so any implementation fits. */
export function store<T>(method: string) {
  return z.custom<T>(
    (value) => value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>)[method] === 'function',
    { error: `must be a store with a ${method}() method` },
  );
}
