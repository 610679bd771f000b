// Turns a raw images request (JSON or multipart) into the parameters the service sees,
// and collects every reason the service would reject it: content type, body syntax,
// the spec's schema, the model, and the per-model service rules.
import { apiError, invalidJson, unsupportedContentType, type ApiError, type ParamError } from './errors';
import { hasTransparentPixels, probeImage } from './images';
import type { ModelInfo } from './models';
import { multipartBoundary, MultipartError, parseMultipart } from './multipart';
import { checkModel, checkServiceRules, defaultModel, type Operation, type UploadedImage } from './serviceRules';
import type { SchemaName, Spec } from './spec';
import type { RecordedFile } from './types';

export interface ParsedImageRequest {
  operation: Operation;
  /** Parameters as the service sees them (file parts replaced by placeholders). */
  body: Record<string, unknown>;
  json?: Record<string, unknown>;
  fields?: Record<string, string | string[]>;
  files: RecordedFile[];
  images: UploadedImage[];
  mask?: UploadedImage;
  /** The multipart `markup` file (ImageEditParamsBase.markup), judged like `mask`. */
  markup?: UploadedImage;
  model?: ModelInfo;
  modelId?: string;
  /** Every rejection reason, most fundamental first; the answer uses the first. */
  errors: ParamError[];
  /** A rejection that is not about one parameter (bad JSON, wrong content type). */
  fatal?: ApiError;
}

const SCHEMAS: Record<Operation, SchemaName> = {
  generate: 'CreateImageRequest',
  edit: 'CreateImageEditRequest',
  variation: 'CreateImageVariationRequest',
};

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function fatal(result: ParsedImageRequest, error: ApiError): ParsedImageRequest {
  result.fatal = error;
  result.errors.push({ message: error.body.error.message, param: error.body.error.param, code: error.body.error.code });
  return result;
}

/** JSON edits reference images (`image_url` / `file_id`); data URLs can be inspected, the rest cannot. */
async function referencedImage(ref: unknown): Promise<UploadedImage> {
  const url = ref && typeof ref === 'object' ? (ref as { image_url?: unknown }).image_url : undefined;
  const match = typeof url === 'string' ? /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(url) : null;
  if (!match || !match[2]) return { size: 0, opaqueReference: true };
  const bytes = Buffer.from(match[3], 'base64');
  return { contentType: match[1], size: bytes.length, ...(await probeImage(bytes)) };
}

async function readMultipart(spec: Spec, schema: SchemaName, raw: Buffer, boundary: string, result: ParsedImageRequest): Promise<void> {
  const parts = parseMultipart(raw, boundary);
  const fields: Record<string, string | string[]> = {};
  const collected = new Map<string, { values: unknown[]; array: boolean }>();
  for (const part of parts) {
    const isArray = part.name.endsWith('[]');
    const name = isArray ? part.name.slice(0, -2) : part.name;
    let value: unknown;
    if (part.filename !== undefined) {
      const info = await probeImage(part.data);
      const file: RecordedFile = { field: part.name, filename: part.filename, contentType: part.contentType ?? 'application/octet-stream', size: part.data.length, bytes: part.data, ...info };
      result.files.push(file);
      const uploaded: UploadedImage = { contentType: file.contentType, size: file.size, ...info };
      if (name === 'image') result.images.push(uploaded);
      if (name === 'mask') result.mask = uploaded;
      if (name === 'markup') result.markup = { ...uploaded, transparentPixels: await hasTransparentPixels(part.data) };
      // A file part stands in the schema as a `format: binary` string; a file for a text parameter is a type error.
      value = spec.isBinary(schema, name) ? `<file ${part.filename}>` : { file: part.filename };
    } else {
      const text = part.data.toString('utf8');
      const previous = fields[part.name];
      fields[part.name] = previous === undefined ? text : [...(Array.isArray(previous) ? previous : [previous]), text];
      if (spec.isBinary(schema, name)) {
        result.errors.push({ param: name, code: 'invalid_type', message: `Invalid type for '${name}': expected a file upload, but got a text field instead.` });
        continue;
      }
      value = spec.coerceField(schema, name, text);
    }
    const entry = collected.get(name) ?? { values: [], array: false };
    entry.values.push(value);
    entry.array ||= isArray;
    collected.set(name, entry);
  }
  // `image[]` parts, or a repeated name, form an array; a single plain part is a scalar.
  const body: Record<string, unknown> = {};
  for (const [name, { values, array }] of collected) body[name] = array || values.length > 1 ? values : values[0];
  result.fields = fields;
  result.body = body;
}

/** Parses and judges one images request; never throws for client mistakes. */
export async function parseImageRequest(spec: Spec, operation: Operation, contentType: string | undefined, raw: Buffer): Promise<ParsedImageRequest> {
  const result: ParsedImageRequest = { operation, body: {}, files: [], images: [], errors: [] };
  const type = mediaType(contentType);
  let schema = SCHEMAS[operation];
  const acceptsJson = operation !== 'variation';
  const acceptsMultipart = operation !== 'generate';
  const accepted = [...(acceptsJson ? ['application/json'] : []), ...(acceptsMultipart ? ['multipart/form-data'] : [])];

  if (type === 'application/json' && acceptsJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return fatal(result, invalidJson());
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return fatal(result, apiError(400, `Invalid body: expected a JSON object, but got ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`));
    }
    result.json = parsed as Record<string, unknown>;
    result.body = result.json;
    if (operation === 'edit') {
      schema = 'EditImageBodyJsonParam';
      const refs = Array.isArray(result.body.images) ? result.body.images : [];
      result.images = await Promise.all(refs.map(referencedImage));
      if (result.body.mask !== undefined) result.mask = await referencedImage(result.body.mask);
    }
  } else if (type === 'multipart/form-data' && acceptsMultipart) {
    const boundary = multipartBoundary(contentType);
    if (!boundary) return fatal(result, apiError(400, 'Invalid multipart/form-data request: the Content-Type header has no boundary.'));
    try {
      await readMultipart(spec, schema, raw, boundary, result);
    } catch (error) {
      if (!(error instanceof MultipartError)) throw error;
      return fatal(result, apiError(400, `Could not parse multipart/form-data body: ${error.message}.`));
    }
  } else {
    return fatal(result, unsupportedContentType(type || '(none)', accepted));
  }

  result.errors.push(...spec.validate(schema, result.body));
  const named = result.body.model;
  const modelId = typeof named === 'string' ? named : named === undefined || named === null ? defaultModel(operation, result.body) : undefined;
  if (modelId === undefined) return result; // a non-string model is already a schema error
  result.modelId = modelId;
  const { model, error } = checkModel(operation, modelId);
  if (error) {
    result.errors.push(error);
    return result;
  }
  result.model = model;
  // One complaint per parameter: a service rule adds nothing where the schema already objected.
  const judged = new Set(result.errors.map((e) => e.param));
  result.errors.push(
    ...checkServiceRules(model!, { operation, body: result.body, images: result.images, mask: result.mask, markup: result.markup, jsonEdit: schema === 'EditImageBodyJsonParam' }).filter(
      (e) => !judged.has(e.param),
    ),
  );
  return result;
}
