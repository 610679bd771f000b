import type * as vscode from 'vscode';
import type { Services } from './services';
import type { ImageJobs } from './jobs/imageJobs';
import type { SavedImage } from './storage/outputWriter';
import type { ThumbnailCache } from './storage/thumbnailCache';
import type { HeldResultStore } from './panels/maskEditor/heldResultStore';
import type { MaskEditorRegistry } from './panels/maskEditor/maskEditorRegistry';
import type { StudioHistories } from './panels/studio/studioHistories';

/**
 * The long-lived services of the features bundle, built once by its composition root
 * (features.ts) when the first command runs, and disposed with the extension.
 */
export interface FeatureServices extends Services {
  /** The one job runner every presenter uses. */
  jobs: ImageJobs;
  thumbnails: ThumbnailCache;
  /** Fired after the job pipeline saved an image. */
  onDidSaveImage: vscode.Event<SavedImage>;
  heldResults: HeldResultStore;
  histories: StudioHistories;
  maskEditors: MaskEditorRegistry;
}
