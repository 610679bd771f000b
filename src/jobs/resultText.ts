import { withResultText } from '../imaging/pngText';
import type { JobSidecar } from './jobSidecar';

/**
 * A job image's bytes with its prompt, model, revised prompt and sources written into it
 * (PNG text), so they survive a lost sidecar. Pure: the bench saves the same bytes.
 */
export function withJobText(image: { bytes: Buffer; revisedPrompt?: string; sidecar: JobSidecar }, sources: readonly { name: string }[]): Buffer {
  return withResultText(image.bytes, {
    prompt: image.sidecar.prompt,
    model: image.sidecar.model,
    revisedPrompt: image.revisedPrompt,
    source: sources.length > 0 ? sources.map((source) => source.name).join(', ') : undefined,
  });
}
