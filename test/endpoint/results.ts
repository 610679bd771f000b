// What a successful images request produces: the images (size, format, background as the
// service would choose them) and the `ImagesResponse` / stream-event payloads around them.
import type { ParsedImageRequest } from './imageRequests';
import { renderImage, renderPartial, type OutputFormat } from './images';
import { isGpt, type ModelInfo } from './models';
import { parseSize } from './serviceRules';

export interface ResultPlan {
  model: ModelInfo;
  operation: ParsedImageRequest['operation'];
  prompt: string;
  count: number;
  width: number;
  height: number;
  format: OutputFormat;
  compression?: number;
  transparent: boolean;
  /** GPT models: what the response echoes (`auto` resolved the way the service reports it). */
  quality: string;
  background: 'transparent' | 'opaque';
  responseFormat: 'url' | 'b64_json';
  stream: boolean;
  partialImages: number;
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
  // Edits keep the first input's size unless a size is asked for; otherwise 1024x1024 (also for `auto`).
  const size = requested ?? (request.operation === 'edit' && first?.width && first.height ? { width: first.width, height: first.height } : { width: 1024, height: 1024 });
  const quality = typeof body.quality === 'string' && body.quality !== 'auto' ? body.quality : gpt ? 'medium' : 'standard';
  const transparent = gpt && body.background === 'transparent';
  return {
    model,
    operation: request.operation,
    prompt: typeof body.prompt === 'string' ? body.prompt : 'variation',
    count: typeof body.n === 'number' ? body.n : 1,
    ...size,
    format: gpt && typeof body.output_format === 'string' ? (body.output_format as OutputFormat) : 'png',
    compression: typeof body.output_compression === 'number' ? body.output_compression : undefined,
    transparent,
    quality,
    background: transparent ? 'transparent' : 'opaque',
    responseFormat: gpt ? 'b64_json' : body.response_format === 'b64_json' ? 'b64_json' : 'url',
    stream: gpt && body.stream === true,
    partialImages: typeof body.partial_images === 'number' ? body.partial_images : 0,
  };
}

export function renderResults(plan: ResultPlan): Promise<Buffer[]> {
  return Promise.all(
    Array.from({ length: plan.count }, (_, i) =>
      renderImage({
        width: plan.width,
        height: plan.height,
        prompt: plan.prompt,
        format: plan.format,
        transparent: plan.transparent,
        compression: plan.compression,
        caption: `${plan.model.id} · ${plan.width}x${plan.height}${plan.count > 1 ? ` · ${i + 1}/${plan.count}` : ''}`,
      }),
    ),
  );
}

export function renderPartials(plan: ResultPlan, final: Buffer): Promise<Buffer[]> {
  return Promise.all(Array.from({ length: plan.partialImages }, (_, i) => renderPartial(final, plan.width, plan.height, plan.format, i, plan.partialImages)));
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
export function echo(plan: ResultPlan): { background: string; output_format: OutputFormat; quality: string; size: string } {
  return { background: plan.background, output_format: plan.format, quality: plan.quality, size: `${plan.width}x${plan.height}` };
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
  if (!isGpt(plan.model)) return { created, data };
  return { created, ...echo(plan), data, usage: { ...usage, output_tokens_details: { image_tokens: usage.output_tokens, text_tokens: 0 } } };
}
