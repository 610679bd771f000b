import type * as vscode from 'vscode';
import type { JobSidecar } from '../../jobs/jobSidecar';
import type { ImageExtension } from '../../storage/outputWriter';

/** A mask editor result held (in memory, and stored by heldResultStore.ts) until it is kept or discarded. */
export interface HeldResult {
  /** 24 hex digits, unguessable: the page can only name results it was given. */
  id: string;
  /** What Keep writes: the composite (PNG) or the model's image as it came. */
  bytes: Buffer;
  mimeType: string;
  fileExtension: ImageExtension;
  width: number;
  height: number;
  composited: boolean;
  prompt: string;
  model: string;
  costUsd?: number;
  costLabel?: string;
  /** Prompts of the earlier unsaved edits this one continues. */
  chain: string[];
  /** The sidecar Keep writes beside the file, as the job pipeline built it. */
  sidecar: JobSidecar;
  keptUri?: vscode.Uri;
  saving?: Promise<vscode.Uri>;
}
