/**
 * A small JSON Schema (draft-07) validator for the keywords schema/flow.schema.json uses, so the
 * schema can be tested without a validator package. It refuses any keyword it does not implement,
 * so the schema cannot quietly rely on one that this test would ignore.
 */
type Schema = boolean | { [k: string]: unknown };
export interface SchemaError {
  path: string;
  message: string;
}

const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'markdownDescription', 'default', 'examples', 'definitions']);
const KEYWORDS = new Set([
  '$ref', 'type', 'enum', 'const', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum',
  'required', 'properties', 'additionalProperties', 'propertyNames', 'minProperties', 'items', 'minItems', 'uniqueItems',
  'anyOf', 'oneOf', 'allOf', 'not',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const hasType = (v: unknown, t: string) => typeOf(v) === t || (t === 'number' && typeOf(v) === 'integer');

export function validate(root: Schema, value: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  check(root, value, '', errors, root);
  return errors;
}

function resolve(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported, found ${ref}`);
  let s: unknown = root;
  for (const part of ref.slice(2).split('/')) s = (s as Record<string, unknown>)[part];
  if (s === undefined) throw new Error(`$ref ${ref} points at nothing`);
  return s as Schema;
}

function check(s: Schema, v: unknown, path: string, out: SchemaError[], root: Schema): void {
  if (s === true) return;
  if (s === false) return void out.push({ path, message: 'no value is allowed here' });
  const err = (message: string): void => void out.push({ path, message });
  for (const k of Object.keys(s)) if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) throw new Error(`schema keyword '${k}' is not supported by this validator (at ${path || '/'})`);
  const sub = (schema: unknown, value: unknown, p = path) => {
    const e: SchemaError[] = [];
    check(schema as Schema, value, p, e, root);
    return e;
  };

  if (s.$ref !== undefined) {
    // Draft-07 ignores every keyword beside $ref, so the schema may only annotate it.
    const beside = Object.keys(s).filter((k) => k !== '$ref' && !ANNOTATIONS.has(k));
    if (beside.length) throw new Error(`schema keyword(s) ${beside.join(', ')} beside $ref are ignored in draft-07 (at ${path || '/'})`);
    return void out.push(...sub(resolve(root, s.$ref as string), v));
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => hasType(v, t))) return err(`must be ${types.join(' or ')}, found ${typeOf(v)}`);
  }
  if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => e === v)) err(`must be one of ${JSON.stringify(s.enum)}`);
  if (s.const !== undefined && s.const !== v) err(`must be ${JSON.stringify(s.const)}`);
  if (typeof v === 'string') {
    if (s.pattern !== undefined && !new RegExp(s.pattern as string, 'u').test(v)) err(`"${v}" does not match ${s.pattern}`);
    if (s.minLength !== undefined && [...v].length < (s.minLength as number)) err(`shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && [...v].length > (s.maxLength as number)) err(`longer than ${s.maxLength}`);
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < (s.minimum as number)) err(`below ${s.minimum}`);
    if (s.maximum !== undefined && v > (s.maximum as number)) err(`above ${s.maximum}`);
    if (s.exclusiveMinimum !== undefined && v <= (s.exclusiveMinimum as number)) err(`not above ${s.exclusiveMinimum}`);
  }
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in o)) err(`missing required field '${r}'`);
    if (s.minProperties !== undefined && Object.keys(o).length < (s.minProperties as number)) err(`needs at least ${s.minProperties} field(s)`);
    for (const [k, val] of Object.entries(o)) {
      const p = `${path}/${k}`;
      if (s.propertyNames !== undefined) for (const e of sub(s.propertyNames, k, p)) out.push({ path: p, message: `field name: ${e.message}` });
      if (k in props) out.push(...sub(props[k], val, p));
      else if (s.additionalProperties === false) out.push({ path: p, message: `unknown field '${k}'` });
      else if (s.additionalProperties !== undefined) out.push(...sub(s.additionalProperties, val, p));
    }
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < (s.minItems as number)) err(`needs at least ${s.minItems} item(s)`);
    if (s.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) err('items must be unique');
    if (s.items !== undefined) v.forEach((x, i) => out.push(...sub(s.items, x, `${path}/${i}`)));
  }
  if (s.allOf !== undefined) for (const a of s.allOf as Schema[]) out.push(...sub(a, v));
  if (s.anyOf !== undefined) {
    const results = (s.anyOf as Schema[]).map((a) => sub(a, v));
    if (!results.some((e) => e.length === 0)) err(`matches none of the allowed forms (${closest(results)})`);
  }
  if (s.oneOf !== undefined) {
    const results = (s.oneOf as Schema[]).map((a) => sub(a, v));
    const passing = results.filter((e) => e.length === 0).length;
    if (passing === 0) err(`matches none of the allowed forms (${closest(results)})`);
    else if (passing > 1) err(`matches ${passing} forms where exactly one is allowed`);
  }
  if (s.not !== undefined && sub(s.not, v).length === 0) err('matches a form that is not allowed here');
}

/** The errors of the alternative that came closest, so a failure says what is wrong. */
function closest(results: SchemaError[][]): string {
  const best = results.reduce((a, b) => (b.length < a.length ? b : a));
  return best.map((e) => `${e.path || '/'}: ${e.message}`).join('; ');
}
