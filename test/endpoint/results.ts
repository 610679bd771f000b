// What a successful images request produces: the images (size, format, background as the
// service would choose them) and the `ImagesResponse` / stream-event payloads around them.
import { renderGif } from './gifImages';
import type { ParsedImageRequest } from './imageRequests';
import { renderImage, renderPartial, type OutputFormat } from './images';
import { DEFAULT_SVG_AUTHOR, isGpt, type ModelInfo } from './models';
import { FRAME_COUNT, FRAME_DURATION_MS, gifFrameDelay, parseSize } from './serviceRules';
import { renderSvg } from './svgImages';

/** Raster formats, plus the animated GIF and the SVG document of the 2.5 family. */
export type ResultFormat = OutputFormat | 'gif' | 'svg';

export interface ResultPlan {
  model: ModelInfo;
  operation: ParsedImageRequest['operation'];
  prompt: string;
  count: number;
  width: number;
  height: number;
  format: ResultFormat;
  /** GIF output: how many frames, and each frame's delay (rounded to 10 ms as the service does). */
  gif?: { frames: number; delayMs: number };
  /** SVG output: the author model and reasoning effort (null: the author's default). */
  svgAuthor?: { model: string; effort: string | null };
  /** The effective identifier the answer echoes: a non-empty `safety_identifier`, else `user`. */
  safetyIdentifier?: string;
  compression?: number;
  transparent: boolean;
  /** GPT models: what the response echoes (`auto` resolved the way the service reports it). */
  quality: string;
  background: 'transparent' | 'opaque';
  responseFormat: 'url' | 'b64_json';
  stream: boolean;
  partialImages: number;
  /** The edit's markup overlay, drawn over every result. */
  markup?: Buffer;
}

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details: { text_tokens: number; image_tokens: number };
}

const OUTPUT_TOKENS_1024: Record<string, number> = { low: 272, medium: 1056, high: 4160, xhigh: 6240, max: 8320 };

/** Decides the result of a request already judged valid. */
export function planResult(request: ParsedImageRequest): ResultPlan {
  const body = request.body;
  const model = request.model!;
  const gpt = isGpt(model);
  const requested = typeof body.size === 'string' && body.size !== 'auto' ? parseSize(body.size) : undefined;
  const first = request.images[0];
  const format = gpt && typeof body.output_format === 'string' ? (body.output_format as ResultFormat) : 'png';
  // Edits keep the first input's size unless a size is asked for; otherwise 1024x1024 (also for
  // `auto`). GIFs come in the GIF sizes only, so an edit's GIF without a size is 1024x1024 too.
  const keepInput = request.operation === 'edit' && format !== 'gif' && first?.width && first.height;
  const size = requested ?? (keepInput ? { width: first.width!, height: first.height! } : { width: 1024, height: 1024 });
  const quality = typeof body.quality === 'string' && body.quality !== 'auto' ? body.quality : gpt ? 'medium' : 'standard';
  const transparent = gpt && body.background === 'transparent';
  const svg = body.svg && typeof body.svg === 'object' ? (body.svg as { model?: unknown; reasoning?: { effort?: unknown } | null }) : undefined;
  const identifier = [body.safety_identifier, body.user].find((value): value is string => typeof value === 'string' && value !== '');
  return {
    model,
    operation: request.operation,
    prompt: typeof body.prompt === 'string' ? body.prompt : 'variation',
    count: typeof body.n === 'number' ? body.n : 1,
    ...size,
    format,
    ...(format === 'gif'
      ? {
          gif: {
            frames: typeof body.frame_count === 'number' ? body.frame_count : FRAME_COUNT.default,
            delayMs: gifFrameDelay(typeof body.frame_duration_ms === 'number' ? body.frame_duration_ms : FRAME_DURATION_MS.default),
          },
        }
      : {}),
    ...(format === 'svg'
      ? { svgAuthor: { model: typeof svg?.model === 'string' ? svg.model : DEFAULT_SVG_AUTHOR, effort: typeof svg?.reasoning?.effort === 'string' ? svg.reasoning.effort : null } }
      : {}),
    ...(identifier !== undefined ? { safetyIdentifier: identifier } : {}),
    compression: typeof body.output_compression === 'number' ? body.output_compression : undefined,
    transparent,
    quality,
    background: transparent ? 'transparent' : 'opaque',
    responseFormat: gpt ? 'b64_json' : body.response_format === 'b64_json' ? 'b64_json' : 'url',
    stream: gpt && body.stream === true,
    partialImages: typeof body.partial_images === 'number' ? body.partial_images : 0,
    ...markupOf(request),
  };
}

function markupOf(request: ParsedImageRequest): Pick<ResultPlan, 'markup'> {
  const file = request.files.find((entry) => entry.field === 'markup');
  return file ? { markup: file.bytes } : {};
}

function renderOne(plan: ResultPlan, caption: string): Promise<Buffer> {
  const { width, height, prompt, transparent } = plan;
  switch (plan.format) {
    case 'gif':
      return renderGif({ width, height, prompt, transparent, caption, frames: plan.gif!.frames, delayMs: plan.gif!.delayMs });
    case 'svg':
      return Promise.resolve(renderSvg({ width, height, prompt, transparent }));
    default:
      return renderImage({ width, height, prompt, format: plan.format, transparent, compression: plan.compression, caption, markup: plan.markup });
  }
}

export function renderResults(plan: ResultPlan): Promise<Buffer[]> {
  return Promise.all(
    Array.from({ length: plan.count }, (_, i) => renderOne(plan, `${plan.model.id} · ${plan.width}x${plan.height}${plan.count > 1 ? ` · ${i + 1}/${plan.count}` : ''}`)),
  );
}

/** Partial images exist for raster formats only (GIF and SVG refuse streaming and partials). */
export function renderPartials(plan: ResultPlan, final: Buffer): Promise<Buffer[]> {
  const format = plan.format;
  if (format === 'gif' || format === 'svg') return Promise.resolve([]);
  return Promise.all(Array.from({ length: plan.partialImages }, (_, i) => renderPartial(final, plan.width, plan.height, format, i, plan.partialImages)));
}

/** Plausible token accounting: the extension shows it, so it must be present and consistent. */
export function usageFor(plan: ResultPlan, inputImages: number): Usage {
  const text = Math.max(1, Math.ceil(plan.prompt.length / 4));
  const image = inputImages * 388;
  const perImage = Math.round((OUTPUT_TOKENS_1024[plan.quality] ?? 1056) * ((plan.width * plan.height) / (1024 * 1024)));
  const output = Math.max(1, perImage) * plan.count;
  return { input_tokens: text + image, output_tokens: output, total_tokens: text + image + output, input_tokens_details: { text_tokens: text, image_tokens: image } };
}

/** The GPT-model fields echoed in responses and stream events. */
export function echo(plan: ResultPlan): { background: string; output_format: ResultFormat; quality: string; size: string } {
  return { background: plan.background, output_format: plan.format, quality: plan.quality, size: `${plan.width}x${plan.height}` };
}

/** ImagesResponse.safety_identifier (and the completed stream events'): only when there is one. */
export function identifierEcho(plan: ResultPlan): { safety_identifier?: string } {
  return plan.safetyIdentifier !== undefined ? { safety_identifier: plan.safetyIdentifier } : {};
}

/** Reasoning tokens the SVG author spends per effort; omitted or null effort is the author's default, medium. */
const SVG_REASONING_TOKENS: Record<string, number> = { none: 0, minimal: 64, low: 256, medium: 1024, high: 4096, xhigh: 8192, max: 16384 };

/**
 * ImagesResponse.svg_usage: the author model reads the prompt and the reference image and
 * writes the document; its output tokens include its reasoning, as the Responses API counts them.
 */
export function svgUsage(plan: ResultPlan, svg: Buffer): { model: string; input_tokens: number; output_tokens: number; reasoning_tokens: number; total_tokens: number } {
  const author = plan.svgAuthor!;
  const input = Math.max(1, Math.ceil(plan.prompt.length / 4)) + 1056;
  const reasoning = SVG_REASONING_TOKENS[author.effort ?? 'medium'];
  const output = Math.ceil(svg.length / 4) + reasoning;
  return { model: author.model, input_tokens: input, output_tokens: output, reasoning_tokens: reasoning, total_tokens: input + output };
}

/** `ImagesResponse` for a non-streaming answer; `urlFor` stores an image and returns its URL. */
export function imagesResponse(plan: ResultPlan, images: Buffer[], usage: Usage, urlFor: (bytes: Buffer) => string): Record<string, unknown> {
  const created = Math.floor(Date.now() / 1000);
  const data = images.map((bytes) => {
    const item: Record<string, unknown> = plan.responseFormat === 'url' ? { url: urlFor(bytes) } : { b64_json: bytes.toString('base64') };
    // dall-e-3 rewrites prompts and says so; GPT image models and dall-e-2 do not.
    if (plan.model.family === 'dall-e-3') item.revised_prompt = `A detailed illustration of: ${plan.prompt}`;
    return item;
  });
  if (!isGpt(plan.model)) return { created, data, ...identifierEcho(plan) };
  return {
    created,
    ...echo(plan),
    ...identifierEcho(plan),
    data,
    usage: { ...usage, output_tokens_details: { image_tokens: usage.output_tokens, text_tokens: 0 } },
    ...(plan.svgAuthor ? { svg_usage: svgUsage(plan, images[0]) } : {}),
  };
}
