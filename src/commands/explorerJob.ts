// One explorer job: one progress notification, its saves, and the summary at the end.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { StudioSettings } from '../config/settings';
import { shutdownWarning } from '../openai/modelCapabilities';
import { serverHost, type ClientConfig } from '../openai/imagesClient';
import { runEditJob, type EditJobImage, type EditJobRequest, type GroupOutcome } from '../generation/editJob';
import { fileExtensionFor, type SavedImage } from '../storage/outputWriter';
import { saveResult } from '../storage/variationWriter';
import type { ResultLabel } from '../storage/variationNames';
import { reportFailure } from './commandRunner';
import { describeFailure } from './describeFailure';
import type { ExplorerCommandResult, Prepared, Ready, SourceResult } from './explorerCommands';
import { baseName } from './explorerSources';
import { confirmEstimatedCost, priceTable } from '../generation/costConfirmation';
import { actualCostPerImage, type ImageUsage, type RateOverrides } from '../openai/costEstimate';
import { withResultText } from '../imaging/pngText';

const SHOW_LOG_LABEL = 'Show Log';

/** One job: one progress notification, its saves, and what it tells the person at the end. */
export class ExplorerJob {
  readonly date = new Date();
  readonly started = Date.now();
  /** Saved images per group. */
  private saved: SavedImage[][] = [];
  private groups: Ready[][] = [];
  /** The price table, read once when the job starts. */
  private rates: RateOverrides = {};
  private readonly config: ClientConfig;
  private readonly server: string;

  constructor(
    private readonly services: Services,
    private readonly settings: StudioSettings,
    apiKey: string,
    private readonly request: EditJobRequest,
    private readonly label: ResultLabel,
    private readonly folderFor: (source: vscode.Uri) => vscode.Uri,
  ) {
    this.config = {
      apiKey,
      baseUrl: settings.baseUrl || undefined,
      timeoutMs: settings.requestTimeoutSeconds * 1000,
      maxRetries: settings.maxRetries,
    };
    this.server = serverHost(settings.baseUrl);
  }

  /** Runs the job under one cancellable notification; undefined when cancelled. */
  async run(title: string, groups: Ready[][]): Promise<GroupOutcome[] | undefined> {
    this.groups = groups;
    this.saved = groups.map(() => []);
    const { operation, options } = this.request;
    const warning = shutdownWarning(options.model, this.date, this.settings.baseUrl || undefined);
    if (warning) void this.services.notifier.show('warning', warning);
    this.services.logger.info(
      `${operation}: model=${options.model} n=${options.n ?? 1} size=${options.size ?? 'default'} images=${groups.flat().length} server=${this.server}`,
    );
    // The output side of the price (input image tokens come on top, as the label says).
    this.rates = priceTable(this.services);
    const costLabel = await confirmEstimatedCost(this.services, {
      model: options.model,
      prompt: 'prompt' in options ? options.prompt : '',
      size: options.size,
      quality: 'quality' in options ? options.quality : undefined,
      n: (options.n ?? 1) * groups.length,
    }, this.rates);
    if (costLabel === undefined) return undefined;
    const fullTitle = costLabel ? `${title} (${costLabel} + input images)` : title;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: fullTitle, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      const inputs = groups.flat().map((entry) => entry.input);
      // What was done to the images, before anything is sent.
      progress.report({ message: inputs.length === 1 ? inputs[0].summary : `${inputs.length} images prepared; sending…` });
      try {
        const jobGroups = groups.map((group) => ({ inputs: group.map((entry) => entry.input) }));
        const outcomes = await runEditJob(this.config, this.request, jobGroups, {
          signal: controller.signal,
          concurrency: this.settings.maxConcurrentRequests,
          onPartialImage: (groupIndex, requestIndex, partialIndex) =>
            progress.report({ message: `${groups[groupIndex][0].input.source.fileName}: preview ${partialIndex + 1} of image ${requestIndex + 1} received…` }),
          onImage: async (image, groupIndex) => {
            if (controller.signal.aborted) return;
            const saved = await this.save(image, groupIndex);
            progress.report({ message: `saved ${baseName(saved.uri)}` });
          },
        });
        const delivered = outcomes.reduce((sum, outcome) => sum + outcome.delivered, 0);
        const requestIds = outcomes.flatMap((outcome) => outcome.requestIds);
        this.services.logger.info(
          `${operation}: ${delivered} image(s) in ${Date.now() - this.started} ms${requestIds.length ? ` (requests ${requestIds.join(', ')})` : ''}`,
        );
        return outcomes;
      } catch (error) {
        if (!controller.signal.aborted) throw error;
        this.services.logger.info(`${operation}: cancelled after ${Date.now() - this.started} ms; kept ${this.saved.flat().length} finished image(s)`);
        await this.open();
        return undefined;
      } finally {
        subscription.dispose();
      }
    });
  }

  private async save(image: EditJobImage, groupIndex: number): Promise<SavedImage> {
    const entries = this.groups[groupIndex];
    const inputs = entries.map((entry) => entry.input);
    const { prompt, ...parameters } = image.parameters;
    const sources = entries.map((entry) => entry.name);
    // Named after, and saved beside, the first source.
    const promptText = typeof prompt === 'string' ? prompt : '';
    const costUsd = actualCostPerImage(this.request.options.model, image.usage as ImageUsage | undefined, image.imagesInRequest, this.rates);
    const saved = await saveResult({
      folder: this.folderFor(entries[0].uri),
      sourceFileName: inputs[0].source.fileName,
      label: this.label,
      extension: fileExtensionFor(image.format),
      // The prompt and source travel inside the PNG too, in case the sidecar is lost.
      bytes: withResultText(image.bytes, { prompt: promptText, model: this.request.options.model, source: sources.join(', ') }),
      date: this.date,
      sidecar: {
        generator: 'image-studio',
        version: 1,
        operation: this.label === 'var' ? 'variation' : 'edit',
        endpoint: this.request.operation === 'variation' ? '/images/variations' : '/images/edits',
        prompt: promptText,
        model: this.request.options.model,
        parameters,
        source: sources[0],
        ...(sources.length > 1 ? { sources } : {}),
        preparation: inputs.map((input) => input.summary),
        usage: image.usage,
        ...(costUsd !== undefined ? { costUsd } : {}),
        requestId: image.requestId,
        server: this.server,
        width: image.width,
        height: image.height,
      },
    });
    // Kept in name order (var-1, var-2, …, var-10) although parallel requests finish in any order.
    const group = this.saved[groupIndex];
    group.push(saved);
    group.sort((a, b) => a.uri.path.localeCompare(b.uri.path, 'en', { numeric: true }));
    return saved;
  }

  private async open(): Promise<void> {
    const all = this.saved.flat();
    if (all.length === 0) return;
    await vscode.commands.executeCommand('vscode.open', all[0].uri, { preview: false });
    this.services.logger.info(`saved: ${all.map((image) => vscode.workspace.asRelativePath(image.uri)).join(', ')}`);
  }

  /** One source (or one edit): its images, or its failure with the actions that fix it. */
  async reportSingle(outcome: GroupOutcome, kind: 'variation' | 'edit'): Promise<void> {
    const saved = this.saved[0];
    const source = this.groups[0][0].input.source;
    if (saved.length === 0 && outcome.failures.length > 0) throw outcome.failures[0];
    await this.open();
    const names = saved.map((image) => baseName(image.uri)).join(', ');
    const what = kind === 'variation' ? `${saved.length === 1 ? 'a variation' : `${saved.length} variations`} of ${source.fileName}` : `${saved.length === 1 ? 'an edited image' : `${saved.length} edited images`}`;
    if (outcome.failures.length > 0) {
      const prefix = `Saved ${what} (${names}); ${outcome.failures.length} of ${outcome.requested} failed. `;
      reportFailure(this.services, `${kind} (${outcome.failures.length} failed)`, outcome.failures[0], prefix);
      return;
    }
    void this.services.notifier.show('info', `Saved ${what}: ${names}.`);
  }

  /** Several sources: one line each, e.g. "cat.png: 3 variations; dog.jpg: failed — looks damaged…". */
  async reportSummary(prepared: Prepared[], outcomes: GroupOutcome[], skipped: vscode.Uri[]): Promise<void> {
    await this.open();
    const delivered = this.saved.flat().length;
    const preparedOk = prepared.filter((entry) => entry.input !== undefined);
    const allRequestsFailed = delivered === 0 && preparedOk.length === prepared.length && outcomes.every((o) => o.failures.length > 0);
    if (allRequestsFailed) {
      // The same failure everywhere (a rejected key, no credit): say it once, with its fix.
      reportFailure(this.services, 'variations (every request failed)', outcomes[0].failures[0], 'No variations were made. ');
      return;
    }
    let groupIndex = 0;
    let failed = skipped.length > 0;
    const lines: string[] = [];
    for (const entry of prepared) {
      const fileName = baseName(entry.uri);
      if (entry.error !== undefined) {
        failed = true;
        lines.push(`${fileName}: failed — ${withoutName(entry.error, fileName)}`);
        continue;
      }
      const outcome = outcomes[groupIndex];
      const count = this.saved[groupIndex].length;
      groupIndex++;
      const made = `${count} variation${count === 1 ? '' : 's'}`;
      if (outcome.failures.length > 0) failed = true;
      if (outcome.failures.length === 0) lines.push(`${fileName}: ${made}`);
      else if (count === 0) lines.push(`${fileName}: failed — ${this.reason(outcome.failures[0])}`);
      else lines.push(`${fileName}: ${made} (${outcome.failures.length} failed — ${this.reason(outcome.failures[0])})`);
    }
    for (const uri of skipped) lines.push(`${baseName(uri)}: skipped — not a PNG, JPEG or WebP image`);
    // Reasons are sentences; inside the list their final full stops would read ".;".
    const message = `${lines.map((line) => line.replace(/\.$/, '')).join('; ')}.`;
    this.services.logger[failed ? 'warn' : 'info'](`variations: ${message}`);
    void this.services.notifier.show(failed ? 'warning' : 'info', message, ...(failed ? [SHOW_LOG_LABEL] : [])).then((choice) => {
      if (choice === SHOW_LOG_LABEL) this.services.logger.show();
    });
  }

  private reason(error: unknown): string {
    return describeFailure(error, this.settings).message;
  }

  result(prepared: Prepared[]): ExplorerCommandResult {
    let groupIndex = 0;
    const sources = prepared.map((entry): SourceResult => {
      if (entry.input === undefined) return { source: entry.name, saved: [], requested: 0, error: entry.error };
      const saved = this.saved[groupIndex] ?? [];
      groupIndex++;
      return { source: entry.name, saved, requested: this.request.options.n ?? 1 };
    });
    return { saved: this.saved.flat(), sources };
  }
}

/** "dog.jpg looks damaged (…)" → "looks damaged (…)" where the file is named already. */
export function withoutName(message: string, fileName: string): string {
  return message.startsWith(`${fileName} `) ? message.slice(fileName.length + 1) : message;
}


