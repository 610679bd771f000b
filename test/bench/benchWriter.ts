// The bench's `JobEnvironment` for the real job runner (src/jobs/runImageJob.ts): a fixed key,
// no prices to confirm, and a `save` that does on disk with node:fs what saveJobImage.ts does
// through the extension's storage: the prompt written into the PNG (`withJobText`), the
// image and the sidecar the runner built written exclusively under the first free name (a
// hidden temporary file linked into place, as src/storage/outputWriter.ts does for local
// folders), and the thumbnail the runner made while verifying filed beside (written then
// renamed, as the thumbnail cache does). Only what stands in for workspace.fs is here; the
// plan, the requests, verification, the sidecar and the cost are the runner's own.
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { withJobText } from '../../src/jobs/resultText';
import { temporaryName, writeExclusivelyOnDisk } from '../../src/storage/exclusiveDiskWrite';
import type { ImageJobRequest, JobImage } from '../../src/jobs/imageJob';
import type { JobEnvironment, SaveContext } from '../../src/jobs/runImageJob';
import type { SavedImage } from '../../src/storage/outputWriter';
import { candidateBaseNames } from '../../src/storage/fileNames';

/**
 * A stand-in for a `file:` vscode.Uri: the runner only passes destinations through, and the
 * bench's `save` reads `fsPath`.
 */
export function fileUri(path: string): vscode.Uri {
  return { scheme: 'file', path, fsPath: path, toString: () => `file://${path}` } as unknown as vscode.Uri;
}

export interface BenchEnvironmentOptions {
  apiKey: string;
  /** Where thumbnails go (the extension keeps them in global storage); none written when absent. */
  thumbnails?: string;
  /** Called after each save with the time it took (PNG text, image + sidecar, thumbnail). */
  onSaved?: (ms: number) => void;
}

/** The runner's environment in the bench process: no VS Code, the workspace on local disk. */
export function benchEnvironment(options: BenchEnvironmentOptions): JobEnvironment {
  return {
    apiKey: async () => options.apiKey,
    logger: { info: () => undefined, warn: () => undefined },
    prices: () => ({}),
    needsConfirmation: () => false,
    save: async (request: ImageJobRequest, image: Omit<JobImage, 'saved'>, context: SaveContext) => {
      const start = performance.now();
      const saved = await saveBenchImage(request, image, context, options.thumbnails);
      options.onSaved?.(performance.now() - start);
      return saved;
    },
    now: () => new Date(),
  };
}

/** What saving one image reads (a JobImage without `saved` has it). */
export type BenchImage = Pick<JobImage, 'bytes' | 'format' | 'index' | 'revisedPrompt' | 'thumbnail' | 'sidecar'>;

/** saveJobImage.ts for a `folder` destination, on local disk with node:fs. */
export async function saveBenchImage(request: Pick<ImageJobRequest, 'destination'>, image: BenchImage, context: SaveContext, thumbnails?: string): Promise<SavedImage | undefined> {
  const destination = request.destination;
  if (destination.kind === 'memory') return undefined;
  if (destination.kind !== 'folder') throw new Error('the bench saves into a folder only');
  const { prompt } = image.sidecar;
  const bytes = withJobText(image, context.sources);
  const extension = image.format === 'jpeg' ? 'jpg' : image.format === 'webp' ? 'webp' : 'png'; // outputWriter.fileExtensionFor
  const folder = destination.folder.fsPath;
  // outputWriter.saveImage: createDirectory, then saveWithSidecar over the candidate names.
  await mkdir(folder, { recursive: true });
  const createdAt = context.date.toISOString();
  let attempts = 0;
  for (const base of candidateBaseNames(prompt, context.date, context.count > 1 ? image.index : undefined)) {
    if (++attempts > 1000) break;
    const imageName = `${base}.${extension}`;
    const path = join(folder, imageName);
    const sidecarPath = join(folder, `${base}.json`);
    if ((await exists(path)) || (await exists(sidecarPath))) continue;
    const sidecar = { ...image.sidecar, image: imageName, createdAt };
    if (!(await writeExclusivelyOnDisk(path, bytes))) continue;
    if (!(await writeExclusivelyOnDisk(sidecarPath, new TextEncoder().encode(`${JSON.stringify(sidecar, null, 2)}\n`)))) {
      await unlink(path);
      continue;
    }
    // ThumbnailCache.store: stat the saved image, write the thumbnail beside and rename it in.
    if (thumbnails && image.thumbnail) {
      await stat(path);
      await mkdir(thumbnails, { recursive: true });
      const target = join(thumbnails, `${base}.webp`);
      const temporary = join(thumbnails, temporaryName());
      await writeFile(temporary, image.thumbnail);
      await rename(temporary, target);
    }
    return { uri: fileUri(path), sidecarUri: fileUri(sidecarPath), sidecar };
  }
  throw new Error(`no free name in ${folder}`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

