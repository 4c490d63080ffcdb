import { z } from 'zod';
import { didYouMean } from './flows/diagnostics.js';

// The one shape of a refused request, for the HTTP API and the CLI alike: every management input
// (directory, sign-in, wrap-ups, reports) is validated with parseInput, so both answer a mistake
// with the same message.

/** Why an operation was refused; the API answers 400/404/409, the CLI exits 2/1/1. */
export class InputError extends Error {
  constructor(
    readonly kind: 'invalid' | 'not-found' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}

/** A refusal that names the field at fault, e.g. `skills.billing: must be …`. */
export const invalidField = (path: string, problem: string) => new InputError('invalid', `${path}: ${problem}`);

const describeType: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/** Messages for issues the schemas leave to zod: missing fields, wrong types, choices, unknown fields. */
function message(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (!iss.path?.length && iss.expected === 'object') return 'must be a JSON object';
      return iss.input === undefined ? 'is required' : `must be ${describeType[iss.expected] ?? iss.expected}`;
    case 'invalid_value':
      if (iss.input === undefined) return 'is required';
      return `must be one of ${iss.values.join(', ')}`;
    case 'invalid_union':
      return 'options' in iss && Array.isArray(iss.options) ? `must be one of ${iss.options.join(', ')}` : undefined;
    case 'unrecognized_keys': {
      const shape = (iss.inst as { def?: { shape?: object } } | undefined)?.def?.shape ?? {};
      return `unknown field${didYouMean(iss.keys[0], Object.keys(shape))}`;
    }
    default:
      return undefined;
  }
}

const formatPath = (path: PropertyKey[]) =>
  path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${String(seg)}` : String(seg)), '');

/** Validates `input`; the first problem becomes a InputError naming its field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input, { error: message });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  throw invalidField(formatPath(path) || 'body', issue.message);
}
