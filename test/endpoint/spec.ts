// Loads the request schemas from the OpenAI OpenAPI contract and validates bodies with Ajv.
// Why from the spec file and not hand-written: the spec is the contract; if the extension
// sends a body the contract does not allow, the tests must fail the way the service would.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ParamError } from './errors';
import { applyTypingsOverlay } from './typingsOverlay';

export type SchemaName =
  | 'CreateImageRequest'
  | 'CreateImageEditRequest'
  | 'CreateImageVariationRequest'
  | 'EditImageBodyJsonParam';

const SCHEMA_NAMES: SchemaName[] = [
  'CreateImageRequest',
  'CreateImageEditRequest',
  'CreateImageVariationRequest',
  'EditImageBodyJsonParam',
];

type JsonSchema = { [key: string]: unknown };

/** IMAGE_STUDIO_OPENAPI, else shared/openai-openapi/openapi.yaml found walking up from cwd and here. */
export function findSpecPath(): string {
  const fromEnv = process.env.IMAGE_STUDIO_OPENAPI;
  if (fromEnv) return resolve(fromEnv);
  const tried: string[] = [];
  for (const start of [process.cwd(), __dirname]) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'shared', 'openai-openapi', 'openapi.yaml');
      tried.push(candidate);
      if (existsSync(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`openapi.yaml not found (set IMAGE_STUDIO_OPENAPI); looked at:\n${tried.join('\n')}`);
}

/** Inlines `#/components/schemas/...` references; a cycle becomes `{}` (none occur in the image schemas). */
function resolveRefs(node: unknown, schemas: Record<string, unknown>, stack: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveRefs(item, schemas, stack));
  if (node === null || typeof node !== 'object') return node;
  const object = node as JsonSchema;
  const ref = object.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    if (stack.includes(name) || !(name in schemas)) return {};
    const { $ref: _ignored, ...siblings } = object;
    const target = resolveRefs(schemas[name], schemas, [...stack, name]) as JsonSchema;
    return { ...target, ...(resolveRefs(siblings, schemas, stack) as JsonSchema) };
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(object)) out[key] = resolveRefs(value, schemas, stack);
  return out;
}

/**
 * The spec mixes OpenAPI 3.0 `nullable: true` into a 3.1 document; Ajv only accepts
 * `nullable` next to `type`, so rewrite it as an explicit null alternative everywhere.
 */
function normalizeNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node as JsonSchema)) out[key] = normalizeNullable(value);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
    else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal number';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return 'an object';
}

function describeType(type: string): string {
  return ({ integer: 'an integer', number: 'a number', string: 'a string', boolean: 'a boolean', object: 'an object', array: 'an array', null: 'null' } as Record<string, string>)[type] ?? type;
}

function quoteList(values: unknown[]): string {
  const quoted = values.filter((v) => v !== null).map((v) => `'${String(v)}'`);
  if (quoted.length <= 2) return quoted.join(' and ');
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}

/** `/images/0/image_url` → `images[0].image_url`, the way the service names nested params. */
function paramName(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (extra !== undefined) parts.push(extra);
  return parts.map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function valueAt(body: unknown, instancePath: string): unknown {
  let current = body;
  for (const part of instancePath.split('/').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

const SPECIFIC = new Set(['enum', 'minimum', 'maximum', 'maxLength', 'minLength', 'maxItems', 'minItems', 'additionalProperties', 'required']);

/** Whether a value's JSON type is one of `types` (an integer is also a number). */
function typeAccepted(value: unknown, types: Set<string>): boolean {
  if (value === null) return types.has('null');
  if (Array.isArray(value)) return types.has('array');
  if (typeof value === 'number') return types.has('number') || (Number.isInteger(value) && types.has('integer'));
  return types.has(typeof value);
}

/**
 * Turns Ajv's errors into one service-style error per parameter (the service reports one
 * at a time). `typesAt` gives the types a path accepts, so a value of the wrong type gets
 * a type error even when some `anyOf` branch also complained about its value.
 */
function toParamErrors(errors: ErrorObject[], body: unknown, typesAt: (instancePath: string) => Set<string>): ParamError[] {
  const byParam = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const name =
      error.keyword === 'required'
        ? paramName(error.instancePath, String((error.params as { missingProperty: string }).missingProperty))
        : error.keyword === 'additionalProperties'
          ? paramName(error.instancePath, String((error.params as { additionalProperty: string }).additionalProperty))
          : paramName(error.instancePath);
    byParam.set(name, [...(byParam.get(name) ?? []), error]);
  }
  const result: ParamError[] = [];
  for (const [param, list] of byParam) {
    const typeErrors = list.filter((e) => e.keyword === 'type');
    const first = list[0];
    const declared = typesAt(first.instancePath);
    const wrongType = typeErrors.length > 0 && declared.size > 0 && !typeAccepted(valueAt(body, first.instancePath), declared);
    const specific = list.find((e) => SPECIFIC.has(e.keyword));
    const chosen = (wrongType ? typeErrors[0] : specific) ?? typeErrors[0] ?? first;
    const value = valueAt(body, chosen.instancePath);
    const limit = (chosen.params as { limit?: number }).limit;
    switch (chosen.keyword) {
      case 'required':
        result.push({ param, code: 'missing_required_parameter', message: `Missing required parameter: '${param}'.` });
        break;
      case 'additionalProperties':
        result.push({ param, code: 'unknown_parameter', message: `Unknown parameter: '${param}'.` });
        break;
      case 'enum':
        result.push({
          param,
          code: 'invalid_value',
          message: `Invalid value for '${param}': '${String(value)}'. Supported values are: ${quoteList((chosen.params as { allowedValues: unknown[] }).allowedValues)}.`,
        });
        break;
      case 'minimum':
        result.push({ param, code: 'integer_below_min_value', message: `Invalid '${param}': integer below minimum value. Expected a value >= ${limit}, but got ${String(value)} instead.` });
        break;
      case 'maximum':
        result.push({ param, code: 'integer_above_max_value', message: `Invalid '${param}': integer above maximum value. Expected a value <= ${limit}, but got ${String(value)} instead.` });
        break;
      case 'maxLength':
        result.push({ param, code: 'string_above_max_length', message: `Invalid '${param}': string too long. Expected a string with maximum length ${limit}, but got a string with length ${String(value).length} instead.` });
        break;
      case 'minLength':
        result.push({ param, code: 'string_below_min_length', message: `Invalid '${param}': string too short. Expected a string with minimum length ${limit}, but got a string with length ${String(value).length} instead.` });
        break;
      case 'maxItems':
        result.push({ param, code: 'array_above_max_length', message: `Invalid '${param}': array too long. Expected an array with maximum length ${limit}, but got an array with length ${Array.isArray(value) ? value.length : '?'} instead.` });
        break;
      case 'minItems':
        result.push({ param, code: 'array_below_min_length', message: `Invalid '${param}': array too short. Expected an array with minimum length ${limit}, but got an array with length ${Array.isArray(value) ? value.length : '?'} instead.` });
        break;
      case 'type': {
        // `null` is accepted too (nullable), but the service's messages only name the real type.
        const types = [...new Set(typeErrors.flatMap((e) => String((e.params as { type: string }).type).split(',')))];
        const expected = (types.length > 1 ? types.filter((t) => t !== 'null') : types).map(describeType);
        const wanted = expected.length === 1 ? expected[0] : `one of ${expected.join(' or ')}`;
        result.push({ param, code: 'invalid_type', message: `Invalid type for '${param}': expected ${wanted}, but got ${describeValue(value)} instead.` });
        break;
      }
      default:
        result.push({ param, code: 'invalid_value', message: `Invalid value for '${param}': ${chosen.message ?? 'does not match the schema'}.` });
    }
  }
  return result;
}

/** Every JSON type a property accepts, looking through `anyOf`/`oneOf`. */
function typesOf(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (!schema) return types;
  if (typeof schema.type === 'string') types.add(schema.type);
  if (Array.isArray(schema.type)) schema.type.forEach((t) => types.add(String(t)));
  for (const key of ['anyOf', 'oneOf']) {
    const branches = schema[key];
    if (Array.isArray(branches)) branches.forEach((b) => typesOf(b as JsonSchema).forEach((t) => types.add(t)));
  }
  return types;
}

function hasBinary(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  if (schema.format === 'binary') return true;
  if (schema.items && hasBinary(schema.items as JsonSchema)) return true;
  return ['anyOf', 'oneOf'].some((key) => Array.isArray(schema[key]) && (schema[key] as JsonSchema[]).some(hasBinary));
}

export class Spec {
  private readonly schemas = new Map<SchemaName, JsonSchema>();
  private readonly validators = new Map<SchemaName, ValidateFunction>();

  constructor(readonly path: string) {
    const document = yaml.load(readFileSync(path, 'utf8')) as { components?: { schemas?: Record<string, unknown> } };
    const all = document.components?.schemas;
    if (!all) throw new Error(`${path}: no components.schemas`);
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    for (const name of SCHEMA_NAMES) {
      if (!(name in all)) throw new Error(`${path}: schema ${name} missing`);
      const resolved = resolveRefs(all[name], all, [name]) as JsonSchema;
      // The fields that came after the spec, from the `openai` typings (typingsOverlay.ts).
      applyTypingsOverlay(name, resolved);
      const schema = normalizeNullable(resolved) as JsonSchema;
      this.schemas.set(name, schema);
      this.validators.set(name, ajv.compile(schema));
    }
  }

  schema(name: SchemaName): JsonSchema {
    return this.schemas.get(name)!;
  }

  properties(name: SchemaName): string[] {
    return Object.keys((this.schema(name).properties as Record<string, unknown>) ?? {});
  }

  property(name: SchemaName, property: string): JsonSchema | undefined {
    return ((this.schema(name).properties as Record<string, JsonSchema>) ?? {})[property];
  }

  /** Properties whose schema is a binary upload (multipart file parts). */
  isBinary(name: SchemaName, property: string): boolean {
    return hasBinary(this.property(name, property));
  }

  /**
   * Schema errors plus unknown top-level parameters. The schemas do not say
   * `additionalProperties: false`, but the service rejects parameters it does not know.
   */
  validate(name: SchemaName, body: Record<string, unknown>): ParamError[] {
    const known = new Set(this.properties(name));
    const errors: ParamError[] = Object.keys(body)
      .filter((key) => !known.has(key))
      .map((key) => ({ param: key, code: 'unknown_parameter', message: `Unknown parameter: '${key}'.` }));
    const validator = this.validators.get(name)!;
    // Top-level parameters: their declared types; nested paths fall back to Ajv's own choice.
    const typesAt = (path: string) => (/^\/[^/]+$/.test(path) ? typesOf(this.property(name, path.slice(1))) : new Set<string>());
    if (!validator(body)) errors.push(...toParamErrors(validator.errors ?? [], body, typesAt));
    return errors;
  }

  /** Multipart fields arrive as text: turn them into the numbers/booleans the schema expects. */
  coerceField(name: SchemaName, property: string, value: string): unknown {
    const types = typesOf(this.property(name, property));
    if (types.has('string') || types.size === 0) return value;
    if ((types.has('integer') || types.has('number')) && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
    if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
    if (types.has('null') && value === 'null') return null;
    return value;
  }
}

const cache = new Map<string, Spec>();

/** Parsing the 3 MB spec takes ~150 ms; share it between endpoints in one process. */
export function loadSpec(path: string): Spec {
  const key = resolve(path);
  let spec = cache.get(key);
  if (!spec) {
    spec = new Spec(key);
    cache.set(key, spec);
  }
  return spec;
}
