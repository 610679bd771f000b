// The Images API grew after the contract file (shared/openai-openapi/openapi.yaml, 2026-08-21).
// The newer parameters are known from the typings of the shipped `openai` package
// (node_modules/openai/resources/images.d.ts, 7.55: ImageGenerateParamsBase,
// ImageEditParamsBase). This overlay adds exactly those to the loaded schemas, with the
// types the typings give and nothing more; everything else is still validated from the
// spec alone. Per-model rules and ranges the typings only describe in prose (which models,
// 2–16 frames, the 128-character identifier, ...) are service facts in serviceRules.ts.
type JsonSchema = { [key: string]: unknown };

const nullableString = (values: string[]): JsonSchema => ({ type: 'string', enum: values, nullable: true });

/** `complexity?: 'low' | 'medium' | 'high' | null` (generations and edits). */
const COMPLEXITY = nullableString(['low', 'medium', 'high']);
/** `frame_count?: number | null`, documented as integers; `frame_duration_ms?: number | null`, in whole ms. */
const FRAME_COUNT: JsonSchema = { type: 'integer', nullable: true };
const FRAME_DURATION_MS: JsonSchema = { type: 'integer', nullable: true };
/** `safety_identifier?: string | null` (generations and edits). */
const SAFETY_IDENTIFIER: JsonSchema = { type: 'string', nullable: true };
/** `svg?: ImageGenerateParams.Svg | null`: `{ model: string; reasoning?: { effort?: ... | null } | null }`, generations only. */
const SVG: JsonSchema = {
  type: 'object',
  nullable: true,
  additionalProperties: false,
  required: ['model'],
  properties: {
    model: { type: 'string' },
    reasoning: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      properties: { effort: nullableString(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']) },
    },
  },
};
/** `markup?: Uploadable`: a multipart file part, like `mask`. */
const MARKUP: JsonSchema = { type: 'string', format: 'binary' };

interface Overlay {
  properties: Record<string, JsonSchema>;
  /** Values appended to `output_format`'s enum. */
  outputFormats: string[];
}

/** By schema name (spec.ts's SchemaName; a string here so the two modules do not import each other). */
const OVERLAYS: Record<string, Overlay | undefined> = {
  // ImageGenerateParamsBase: output_format 'png' | 'jpeg' | 'webp' | 'gif' | 'svg'.
  CreateImageRequest: {
    properties: { complexity: COMPLEXITY, frame_count: FRAME_COUNT, frame_duration_ms: FRAME_DURATION_MS, safety_identifier: SAFETY_IDENTIFIER, svg: SVG },
    outputFormats: ['gif', 'svg'],
  },
  // ImageEditParamsBase: output_format 'png' | 'jpeg' | 'webp' | 'gif'. 'svg' is not in the
  // edit typings; it is let through here only so serviceRules.ts answers what the service
  // says to it ("SVG edits are not supported", ImageGenerateParams.svg) instead of an enum list.
  CreateImageEditRequest: {
    properties: { complexity: COMPLEXITY, frame_count: FRAME_COUNT, frame_duration_ms: FRAME_DURATION_MS, safety_identifier: SAFETY_IDENTIFIER, markup: MARKUP },
    outputFormats: ['gif', 'svg'],
  },
  // EditImageBodyJsonParam (JSON edits) and variations: the typings describe no new fields for them.
};

/** Appends `values` to every enum under `node` (through `anyOf`) that contains `anchor`. */
function extendEnum(node: JsonSchema | undefined, anchor: string, values: string[]): void {
  if (!node) return;
  if (Array.isArray(node.enum) && node.enum.includes(anchor)) node.enum = [...node.enum, ...values.filter((v) => !(node.enum as unknown[]).includes(v))];
  if (Array.isArray(node.anyOf)) node.anyOf.forEach((branch) => extendEnum(branch as JsonSchema, anchor, values));
}

/**
 * Extends one resolved schema in place, before `nullable` is normalised. Every schema with a
 * `quality` also takes `xhigh` and `max` (both quality unions in the typings); serviceRules.ts
 * keeps them to the 2.5 family.
 */
export function applyTypingsOverlay(name: string, schema: JsonSchema): void {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return;
  extendEnum(properties.quality, 'high', ['xhigh', 'max']);
  const overlay = OVERLAYS[name];
  if (!overlay) return;
  extendEnum(properties.output_format, 'png', overlay.outputFormats);
  for (const [key, property] of Object.entries(overlay.properties)) {
    if (key in properties) throw new Error(`typings overlay: ${name}.${key} is already in the spec; drop it from the overlay`);
    properties[key] = structuredClone(property);
  }
}
