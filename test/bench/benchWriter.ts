// What the extension does with each verified image, without VS Code: the PNG text chunks,
// the never-overwriting temp+rename save of image and sidecar (as src/storage/outputWriter.ts
// does through workspace.fs), and the studio's thumbnail. Node's fs stands in for
// workspace.fs, which for a local folder is the same disk calls behind an IPC hop.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobImage } from '../../src/generation/generationJob';
import { isPng, withPngText } from '../../src/imaging/pngText';
import { makeThumbnail } from '../../src/imaging/thumbnail';
import { actualCost } from '../../src/openai/costEstimate';
import type { ImageUsage } from '../../src/openai/imagesClient';
import { candidateBaseNames } from '../../src/storage/fileNames';

export interface SaveContext {
  folder: string;
  /** Where thumbnails go (the studio keeps them in global storage); none made when absent. */
  thumbnails?: string;
  prompt: string;
  model: string;
  count: number;
  date: Date;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Temp file, then rename unless the name is taken (outputWriter.writeExclusively). */
async function writeExclusively(target: string, bytes: Uint8Array): Promise<boolean> {
  const temporary = join(target, '..', `.image-studio-${randomBytes(6).toString('hex')}.partial`);
  await writeFile(temporary, bytes);
  if (await exists(target)) {
    await unlink(temporary);
    return false;
  }
  await rename(temporary, target);
  return true;
}

/**
 * Saves one job image the way generateAndSave's JobContext.save + saveImage do, then makes
 * its thumbnail (when `context.thumbnails` is set). Returns the image's path.
 */
export async function saveJobImage(context: SaveContext, image: JobImage, imageIndex: number): Promise<string> {
  const { prompt: sentPrompt, ...parameters } = image.request as unknown as Record<string, unknown>;
  const requestCost = actualCost(context.model, image.usage as ImageUsage | undefined);
  const costUsd = requestCost === undefined ? undefined : requestCost / Math.max(1, image.imagesInRequest);
  const bytes = isPng(image.bytes)
    ? withPngText(image.bytes, {
        Description: context.prompt,
        'Revised Prompt': image.revisedPrompt,
        Software: 'Image Studio for VS Code',
        Model: context.model,
      })
    : image.bytes;
  const extension = image.format === 'jpeg' ? 'jpg' : image.format === 'webp' ? 'webp' : 'png';
  await mkdir(context.folder, { recursive: true });
  for (const base of candidateBaseNames(context.prompt, context.date, context.count > 1 ? imageIndex : undefined)) {
    const path = join(context.folder, `${base}.${extension}`);
    const sidecarPath = join(context.folder, `${base}.json`);
    if ((await exists(path)) || (await exists(sidecarPath))) continue;
    const sidecar = {
      generator: 'image-studio',
      version: 1,
      prompt: context.prompt,
      ...(sentPrompt !== context.prompt ? { sentPrompt: String(sentPrompt) } : {}),
      model: context.model,
      parameters,
      revisedPrompt: image.revisedPrompt,
      usage: image.usage,
      costUsd,
      requestId: image.requestId,
      server: '127.0.0.1',
      width: image.width,
      height: image.height,
      image: `${base}.${extension}`,
      createdAt: context.date.toISOString(),
    };
    if (!(await writeExclusively(path, bytes))) continue;
    if (!(await writeExclusively(sidecarPath, new TextEncoder().encode(`${JSON.stringify(sidecar, null, 2)}\n`)))) {
      await unlink(path);
      continue;
    }
    if (context.thumbnails) {
      await mkdir(context.thumbnails, { recursive: true });
      // As JobContext.save does: the thumbnail verifyImage made from its decode, if any.
      await writeFile(join(context.thumbnails, `${base}.webp`), image.thumbnail ?? (await makeThumbnail(bytes)));
    }
    return path;
  }
  throw new Error(`no free name in ${context.folder}`);
}
