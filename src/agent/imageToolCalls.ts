// One image tool call, whoever makes it (agent mode's language-model tools, an MCP client):
// the untrusted input checked and turned into a job of the one pipeline, what the person is
// shown before approving (prompt, model, parameters as sent, estimated cost, destination),
// the cost ceiling, and the result as an agent reads it (paths, Markdown, revised prompt,
// cost, a small preview). The tools' adapters (languageModelTools.ts, mcpBackend.ts) only
// translate this to their protocol.
import * as vscode from 'vscode';
import type { StudioSettings } from '../config/settings';
import type { FeatureServices } from '../featureServices';
import { altTextFromPrompt, buildImageReference } from '../editor/imageReference';
import { ImageError } from '../imaging/imageErrors';
import { validateMask, MaskError } from '../imaging/maskValidation';
import { makeThumbnail } from '../imaging/thumbnail';
import type { EditMarkup, ImageJobRequest, JobImage } from '../jobs/imageJob';
import { verifyImage } from '../imaging/verifyImage';
import type { JobPreview } from '../jobs/imageJobs';
import { confirmCostModally, notSentMessage } from '../jobs/jobFeedback';
import { inputTargetFor, prepareSource, type PreparedSource } from '../jobs/jobSources';
import { readSource, SourceRefusedError, sourceFor } from '../jobs/readSource';
import { formatUsd } from '../openai/costEstimate';
import { describeFailure } from '../feedback/describeFailure';
import { capabilitiesFor, defaultsFor, type ParameterProblem } from '../openai/modelCapabilities';
import { OutputFolderError, resolveOutputFolder } from '../storage/outputWriter';
import { workspaceContainment } from '../storage/workspaceContainment';
import { AGENT_MODELS, checkToolInput, workspacePathProblem, type ImageToolInput, type ToolName } from './toolSchemas';
import { joinClauses } from '../../shared/listJoin';

/** Longest side of the preview an agent gets back: enough to judge the image, cheap in tokens. */
export const AGENT_PREVIEW_EDGE = 512;

/** "Not sent: " and the reason (a sentence). */
const notSent = (reason: string) => vscode.l10n.t('Not sent: {reason}', { reason });

/** The refusal while the person has the tools turned off. */
export const agentToolsOffMessage = () =>
  vscode.l10n.t('Image Studio\'s agent tools are turned off (setting "{setting}"). Ask the person to turn them on.', { setting: 'imageStudio.agentTools.enabled' });

/**
 * The refusal in Restricted Mode. An agent reads the workspace's files, and in a folder the
 * person has not trusted those may be written to steer it into calls that spend on the
 * person's API key and write into the workspace; VS Code's guidance is to withhold what
 * untrusted content could abuse, so the tools (and the MCP server) wait for trust.
 */
export const agentToolsRestrictedMessage = () =>
  vscode.l10n.t(
    'Not sent: Image Studio\'s agent tools are not available in Restricted Mode, since files in a workspace that is not trusted could lead an agent to spend on your API key. Trust the workspace (Manage Workspace Trust) to use them.',
  );

/** A call refused before anything is sent; the message says what to change. */
export class ToolRefusal extends Error {
  override readonly name = 'ToolRefusal';
}

/** What a tool answers, before its protocol's wrapping. */
export interface ToolOutput {
  text: string;
  images: { bytes: Uint8Array; mimeType: string }[];
  /** The call did not do what was asked (the text says why). */
  isError: boolean;
}

/** A checked call, ready to show for approval and to run. */
export interface PreparedImageCall {
  tool: Exclude<ToolName, 'describeImageOptions'>;
  input: ImageToolInput;
  request: ImageJobRequest;
  preview: JobPreview;
  /** Workspace-relative output folder ("images"). */
  folder: string;
  sources: string[];
  mask?: string;
  markup?: string;
}

/** The models an agent may name: the table's, and the one the person configured (a custom model). */
export function namedModels(settings: StudioSettings): string[] {
  return [...new Set([...AGENT_MODELS, settings.model])];
}

/** A refusal with every problem and, where the table has them, the values allowed. */
function problemsRefusal(problems: readonly ParameterProblem[]): ToolRefusal {
  const lines = problems.map((problem) =>
    problem.allowed?.length
      ? vscode.l10n.t('- {field}: {message} Allowed: {allowed}.', { field: problem.field, message: problem.message, allowed: problem.allowed.join(', ') })
      : vscode.l10n.t('- {field}: {message}', { field: problem.field, message: problem.message }),
  );
  return new ToolRefusal([vscode.l10n.t('Not sent: the request is not valid.'), ...lines].join('\n'));
}

/**
 * Checks a generate or edit call and plans its job; nothing is sent and no question asked.
 * @throws ToolRefusal with a message the agent can act on (which parameter, what is allowed).
 */
export async function prepareImageCall(services: FeatureServices, tool: PreparedImageCall['tool'], raw: unknown): Promise<PreparedImageCall> {
  if (!vscode.workspace.isTrusted) throw new ToolRefusal(agentToolsRestrictedMessage());
  const settings = services.settings();
  if (!settings.agentToolsEnabled) {
    throw new ToolRefusal(agentToolsOffMessage());
  }
  const checked = checkToolInput(tool, raw, namedModels(settings));
  if (!checked.ok) throw new ToolRefusal(vscode.l10n.t('Not sent: {reason}.', { reason: checked.reason }));
  const input = checked.message;
  if (!(await services.keys.get())) throw new ToolRefusal(notSentMessage({ kind: 'notSent', reason: 'noKey' }));

  const jobSettings = settingsFor(settings, input);
  const folderSetting = input.outputFolder ?? settings.outputFolder;
  const folder = await outputFolder(folderSetting);
  // The preview of the result comes from the decode that verifies it (no second decode).
  const base = { prompt: input.prompt, settings: jobSettings, destination: { kind: 'folder' as const, folder }, previewEdge: AGENT_PREVIEW_EDGE };
  let request: ImageJobRequest;
  let mask: string | undefined;
  const images = input.images ?? [];
  if (tool === 'generateImage') {
    request = { kind: 'generate', ...base };
  } else {
    const caps = capabilitiesFor(jobSettings.model);
    if (caps.known && !caps.edits.supported) throw problemsRefusal(services.jobs.preview({ kind: 'edit', ...base, sources: [] }).problems);
    if (images.length > caps.edits.maxImages) {
      throw new ToolRefusal(
        vscode.l10n.t('Not sent: {model} takes at most {max} image(s) in one edit, and {count} were given.', { model: jobSettings.model, max: caps.edits.maxImages, count: images.length }),
      );
    }
    const target = inputTargetFor(jobSettings.model, 'edit', jobSettings);
    const sources: PreparedSource[] = [];
    for (const path of images) sources.push(await prepared(services, path, target));
    let editMask: { image: { bytes: Uint8Array; fileName: string; mimeType: string; width: number; height: number }; name: string } | undefined;
    if (input.mask !== undefined) {
      mask = input.mask;
      editMask = await maskFor(input.mask, sources[0]);
    }
    const editMarkup = input.markup !== undefined ? await markupFor(input.markup) : undefined;
    request = { kind: 'edit', ...base, sources, ...(editMask ? { mask: editMask } : {}), ...(editMarkup ? { markup: editMarkup } : {}) };
  }
  const preview = services.jobs.preview(request);
  if (preview.problems.length > 0) throw problemsRefusal(preview.problems);
  const ceiling = settings.agentMaxCostPerCallUsd;
  if (preview.estimate && preview.estimate.usd > ceiling) {
    throw new ToolRefusal(
      vscode.l10n.t(
        'Not sent: this call is estimated at {estimate} ({basis}), above the per-call limit of {limit} (setting "{setting}"). Ask for fewer images, a lower quality or a smaller size.',
        { estimate: formatUsd(preview.estimate.usd), basis: preview.estimate.basis, limit: formatUsd(ceiling), setting: 'imageStudio.agentTools.maxCostPerCallUsd' },
      ),
    );
  }
  return { tool, input, request, preview, folder: vscode.workspace.asRelativePath(folder, false), sources: images, mask, ...(input.markup ? { markup: input.markup } : {}) };
}

/**
 * A call checked earlier (by prepareInvocation) for the same input, if it still holds for
 * invoke: a generation only (an edit reads its images when it runs), the settings unchanged,
 * and its output folder, resolved and checked again (it may have become a link meanwhile),
 * the same. Otherwise undefined: check the input afresh. The runner reads the key and
 * validates the plan again either way.
 * @throws ToolRefusal when the output folder is no longer inside the workspace.
 */
export async function stillValid(services: FeatureServices, call: PreparedImageCall, settingsWhenChecked: string): Promise<PreparedImageCall | undefined> {
  if (call.tool !== 'generateImage' || call.request.destination.kind !== 'folder') return undefined;
  const settings = services.settings();
  if (JSON.stringify(settings) !== settingsWhenChecked || !settings.agentToolsEnabled) return undefined;
  const folder = await outputFolder(call.input.outputFolder ?? settings.outputFolder);
  return folder.toString() === call.request.destination.folder.toString() ? call : undefined;
}

/** The settings the job runs with: the agent's choices over the person's; a model the agent picked brings its own defaults. */
function settingsFor(settings: StudioSettings, input: ImageToolInput): StudioSettings {
  const model = input.model ?? settings.model;
  const defaults = model === settings.model ? undefined : defaultsFor(model);
  return {
    ...settings,
    model,
    size: input.size ?? defaults?.size ?? (defaults ? '1024x1024' : settings.size),
    quality: input.quality ?? defaults?.quality ?? (defaults ? 'auto' : settings.quality),
    count: input.n ?? 1,
    outputFormat: (input.outputFormat as StudioSettings['outputFormat'] | undefined) ?? defaults?.outputFormat ?? settings.outputFormat,
    background: (input.background as StudioSettings['background'] | undefined) ?? defaults?.background ?? settings.background,
    complexity: (input.complexity as StudioSettings['complexity'] | undefined) ?? settings.complexity,
    gifFrameCount: input.frameCount ?? settings.gifFrameCount,
    gifFrameDurationMs: input.frameDurationMs ?? settings.gifFrameDurationMs,
    // An agent sees no streamed previews: one request makes all n images.
    stream: false,
  };
}

/** The workspace folder the first segment names (multi-root), else the first folder. */
function workspaceUri(path: string): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new ToolRefusal(vscode.l10n.t('Not sent: no folder is open, and Image Studio reads and saves images only inside the workspace.'));
  const slashed = path.replace(/\\/g, '/');
  const [first, ...rest] = slashed.split('/');
  const named = folders.length > 1 ? folders.find((folder) => folder.name === first) : undefined;
  return named ? vscode.Uri.joinPath(named.uri, ...rest) : vscode.Uri.joinPath(folders[0].uri, ...slashed.split('/'));
}

/**
 * The output folder inside the workspace; where it (or the nearest folder above it that
 * exists) is a link, it must point inside the workspace too.
 */
async function outputFolder(setting: string): Promise<vscode.Uri> {
  const problem = workspacePathProblem(setting);
  if (problem) throw new ToolRefusal(vscode.l10n.t('Not sent: the output folder {folder} {problem}.', { folder: JSON.stringify(setting), problem }));
  let folder: vscode.Uri;
  try {
    folder = resolveOutputFolder(setting);
  } catch (error) {
    if (error instanceof OutputFolderError) throw new ToolRefusal(notSent(error.message));
    throw error;
  }
  for (let existing = folder; ; existing = vscode.Uri.joinPath(existing, '..')) {
    const containment = await workspaceContainment(existing);
    if (containment.kind === 'unresolved' && existing.path.length > 1) continue; // not made yet: check the folder above
    if (containment.kind === 'inside' || containment.kind === 'unresolvable') return folder;
    throw new ToolRefusal(vscode.l10n.t('Not sent: the output folder "{folder}" is not inside the workspace (it is, or is inside, a link that leads out of it).', { folder: setting }));
  }
}

/** Reads and prepares one source through the one containment policy. */
async function prepared(services: FeatureServices, path: string, target: ReturnType<typeof inputTargetFor>): Promise<PreparedSource> {
  const source = sourceFor(workspaceUri(path));
  try {
    const input = await prepareSource(source, target);
    services.logger.info(`agent tool: prepared ${source.name}: ${input.summary}`);
    return input;
  } catch (error) {
    throw new ToolRefusal(notSent(readRefusal(error, path)));
  }
}

/** The mask file checked against the first image as it will be uploaded. */
async function maskFor(path: string, first: PreparedSource): Promise<{ image: { bytes: Uint8Array; fileName: string; mimeType: string; width: number; height: number }; name: string }> {
  const { uri, bytes } = await readNamed(path, 'mask');
  const { width, height } = first.prepared;
  try {
    await validateMask(bytes, { width, height });
  } catch (error) {
    if (error instanceof MaskError) {
      // The mask editor's advice does not apply to an agent (English; a translated message keeps it).
      const reason = error.message.replace(/ Reopen the mask editor and paint again\.$/, '');
      const resized = error.code === 'wrongSize' && (width !== first.prepared.original.width || height !== first.prepared.original.height);
      throw new ToolRefusal(
        resized
          ? vscode.l10n.t('Not sent: the mask {path}: {reason} (the first image is sent as {size})', { path, reason, size: `${width}x${height}` })
          : vscode.l10n.t('Not sent: the mask {path}: {reason}', { path, reason }),
      );
    }
    throw error;
  }
  const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return { image: { bytes, fileName, mimeType: 'image/png', width, height }, name: vscode.workspace.asRelativePath(uri, false) };
}

/**
 * A markup overlay named by the agent: read under the containment policy, decoded fully,
 * and its transparency checked; whether it fits the edit (model, size, PNG, transparent
 * pixels, no mask) is the capability table's to say, with the job's other problems.
 */
async function markupFor(path: string): Promise<EditMarkup> {
  const { uri, bytes } = await readNamed(path, 'markup');
  const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  try {
    const verified = await verifyImage(bytes, fileName, { checkTransparency: true });
    const mimeType = verified.format === 'png' ? 'image/png' : `image/${verified.format}`;
    return {
      image: { bytes, fileName, mimeType, width: verified.width, height: verified.height, hasTransparentPixels: verified.usesTransparency === true },
      name: vscode.workspace.asRelativePath(uri, false),
    };
  } catch (error) {
    if (error instanceof ImageError) throw new ToolRefusal(vscode.l10n.t('Not sent: the markup {path}: {reason}', { path, reason: error.message }));
    throw error;
  }
}

/** A file the agent named (`what`: mask, markup), read under the containment policy; refused with the reason. */
async function readNamed(path: string, what: 'mask' | 'markup'): Promise<{ uri: vscode.Uri; bytes: Uint8Array }> {
  const uri = workspaceUri(path);
  try {
    return { uri, bytes: await readSource(uri) };
  } catch (error) {
    const reason = readRefusal(error, path);
    throw new ToolRefusal(what === 'mask' ? vscode.l10n.t('Not sent: the mask: {reason}', { reason }) : vscode.l10n.t('Not sent: the markup: {reason}', { reason }));
  }
}

function readRefusal(error: unknown, path: string): string {
  if (error instanceof SourceRefusedError || error instanceof ImageError) return error.message;
  if (error instanceof vscode.FileSystemError) return vscode.l10n.t('{file} could not be read ({code}).', { file: path, code: error.code });
  throw error;
}

// ---------------------------------------------------------------------------------------------
// Showing and running

/** What the person approves: the prompt, the model and parameters as sent, the estimate, where files go. */
export function confirmationText(call: PreparedImageCall): string {
  const { preview, request } = call;
  const parameters = Object.entries(preview.parameters)
    .filter(([key]) => key !== 'model')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
  const images = joinClauses([
    call.sources.join(', '),
    ...(call.mask ? [vscode.l10n.t('mask {path}', { path: call.mask })] : []),
    ...(call.markup ? [vscode.l10n.t('markup {path}', { path: call.markup })] : []),
  ]);
  const estimate = preview.estimate;
  const cost = !estimate
    ? vscode.l10n.t('no price known for this model')
    : call.sources.length > 0
      ? vscode.l10n.t('{cost} ({basis}; input images on top)', { cost: formatUsd(estimate.usd), basis: estimate.basis })
      : vscode.l10n.t('{cost} ({basis})', { cost: formatUsd(estimate.usd), basis: estimate.basis });
  const lines = [
    vscode.l10n.t('**Prompt:** {prompt}', { prompt: request.prompt }),
    parameters
      ? vscode.l10n.t('**Model:** {model} ({parameters})', { model: preview.model, parameters })
      : vscode.l10n.t('**Model:** {model}', { model: preview.model }),
    ...(call.sources.length > 0 ? [vscode.l10n.t('**Images:** {images}', { images })] : []),
    vscode.l10n.t('**Estimated cost:** {cost}', { cost }),
    vscode.l10n.t('**Saved to:** {folder}/ (new files, never overwriting)', { folder: call.folder }),
  ];
  return lines.join('\n\n');
}

/**
 * Runs a prepared call's job (the runner re-checks everything) and answers with what it
 * made. A cancelled call leaves no file: images finished before the cancel are removed.
 */
export async function runImageCall(services: FeatureServices, call: PreparedImageCall, signal: AbortSignal): Promise<ToolOutput> {
  const outcome = await services.jobs.run(
    call.request,
    {
      // Above the person's confirmation threshold they are asked as for any job (the ceiling bounds what an agent can ask for).
      confirmCost: (question) => confirmCostModally(services, question),
      warn: (message) => services.logger.warn(`agent tool: ${message}`),
      image: () => undefined,
    },
    signal,
  );
  switch (outcome.kind) {
    case 'notSent':
      return { text: outcome.reason === 'declined' ? vscode.l10n.t('Not sent: the person declined the estimated cost.') : notSent(notSentMessage(outcome)), images: [], isError: true };
    case 'cancelled':
      await removeSaved(outcome.images);
      return { text: vscode.l10n.t('Cancelled: nothing was saved.'), images: [], isError: true };
    case 'failed':
      return { text: vscode.l10n.t('The request failed: {reason}', { reason: describeFailure(outcome.error, call.request.settings).message }), images: [], isError: true };
    case 'finished':
      return finishedOutput(services, call, outcome.images, outcome.requested, outcome.failures, outcome.costUsd);
  }
}

async function finishedOutput(
  services: FeatureServices,
  call: PreparedImageCall,
  images: readonly JobImage[],
  requested: number,
  failures: readonly unknown[],
  costUsd: number,
): Promise<ToolOutput> {
  // The answer is for the language model (paths, Markdown, what to do with them): English.
  /* eslint-disable image-studio/localized-text -- read by the language model */
  const alt = altTextFromPrompt(call.request.prompt);
  const lines = [`Saved ${images.length} of ${requested} image(s) made with ${call.preview.model}:`];
  for (const image of images) {
    if (!image.saved) continue;
    const path = vscode.workspace.asRelativePath(image.saved.uri, false);
    lines.push(`- ${path} (${image.width}x${image.height} ${image.format.toUpperCase()}); Markdown from the workspace root: ${buildImageReference('markdown', path, alt)}`);
    if (image.differences.length > 0) lines.push(`  Not what was asked: ${image.differences.join(' ')}`);
  }
  const revised = images.map((image) => image.revisedPrompt).find((text) => text !== undefined && text !== call.request.prompt);
  if (revised) lines.push(`Revised prompt (what the model drew): ${revised}`);
  lines.push(costUsd > 0 ? `Cost: ${formatUsd(costUsd)} (from the usage the server reported).` : call.preview.estimate ? `Cost: about ${formatUsd(call.preview.estimate.usd)} (estimated).` : 'Cost: not known.');
  if (failures.length > 0) lines.push(`${failures.length} request(s) failed: ${describeFailure(failures[0], call.request.settings).message}`);
  lines.push('Each image has a JSON sidecar beside it with the prompt and parameters. Markdown paths are relative to the workspace root: make them relative to the document that references them.');
  /* eslint-enable image-studio/localized-text */
  const previews: ToolOutput['images'] = [];
  for (const image of images) {
    try {
      // Made while verifying; decoded again only where it could not be (an animation).
      previews.push({ bytes: image.preview ?? (await makeThumbnail(image.bytes, AGENT_PREVIEW_EDGE)), mimeType: 'image/webp' });
    } catch (error) {
      services.logger.warn(`agent tool: no preview of image ${image.index + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { text: lines.join('\n'), images: previews, isError: images.length === 0 };
}

async function removeSaved(images: readonly JobImage[]): Promise<void> {
  for (const image of images) {
    if (!image.saved) continue;
    for (const uri of [image.saved.uri, image.saved.sidecarUri]) {
      await Promise.resolve(vscode.workspace.fs.delete(uri, { useTrash: false })).catch(() => undefined);
    }
  }
}
