import * as vscode from 'vscode';

/** A streamed preview of one image of a job (low fidelity, replaced by the final image). */
export interface PartialImageEvent {
  jobId: string;
  imageIndex: number;
  partialIndex: number;
  bytes: Uint8Array;
}

export interface ImageSavedEvent {
  jobId: string;
  imageIndex: number;
  uri: vscode.Uri;
  sidecarUri: vscode.Uri;
}

export interface JobStateEvent {
  jobId: string;
  state: 'started' | 'finished' | 'cancelled' | 'failed';
  prompt: string;
  model: string;
  count: number;
}

/**
 * The one event API through which generation reports progress to any UI: the progress
 * notification today, the studio panel's tiles later.
 */
export class GenerationEvents implements vscode.Disposable {
  private readonly partial = new vscode.EventEmitter<PartialImageEvent>();
  private readonly saved = new vscode.EventEmitter<ImageSavedEvent>();
  private readonly job = new vscode.EventEmitter<JobStateEvent>();
  readonly onDidReceivePartialImage = this.partial.event;
  readonly onDidSaveImage = this.saved.event;
  readonly onDidChangeJobState = this.job.event;

  firePartialImage(event: PartialImageEvent): void {
    this.partial.fire(event);
  }

  fireImageSaved(event: ImageSavedEvent): void {
    this.saved.fire(event);
  }

  fireJobState(event: JobStateEvent): void {
    this.job.fire(event);
  }

  dispose(): void {
    this.partial.dispose();
    this.saved.dispose();
    this.job.dispose();
  }
}
