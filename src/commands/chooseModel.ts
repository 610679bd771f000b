import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandHandler } from '../commandIds';
import { updateSetting as update } from '../feedback/modelSwitch';
import { capabilitiesFor, isOpenAIBaseUrl, isShutDown, qualitiesFor, sizesToOffer, validateSize, type OutputFormat } from '../openai/modelCapabilities';
import { createClient } from '../openai/imagesClient';
import { fetchImageModels, ModelListCache } from '../openai/modelList';

const OTHER_MODEL = '$(edit) Other model…';
const CUSTOM_SIZE = '$(edit) Custom size…';

/** One cache per extension host: the list rarely changes, asking every time is slow. */
let cache: ModelListCache | undefined;

/**
 * *Choose Model…*: the models the server offers (GET /models, cached; the built-in table
 * when the server has no list; never one that no longer answers there), then only the
 * sizes, qualities, complexities and output formats that model accepts. Writes the settings
 * where they are currently defined (folder, workspace or user).
 */
export function chooseModelCommands(services: Services): Record<'imageStudio.chooseModel', CommandHandler> {
  return {
    'imageStudio.chooseModel': async () => {
      const model = await pickModel(services);
      if (!model) return undefined;
      const size = await pickSize(model);
      if (!size) return undefined;
      const quality = await pickQuality(model);
      if (!quality) return undefined;
      const complexity = await pickComplexity(model);
      if (!complexity) return undefined;
      const outputFormat = await pickFormat(model, services.settings().outputFormat);
      if (!outputFormat) return undefined;
      const known = capabilitiesFor(model).known;
      await update('model', known ? model : 'custom');
      if (!known) await update('customModel', model);
      await update('size', size);
      await update('quality', quality);
      if (complexity !== KEEP) await update('complexity', complexity);
      if (outputFormat !== KEEP) await update('outputFormat', outputFormat);
      const chosen = { model, size, quality, ...(complexity !== KEEP ? { complexity } : {}), ...(outputFormat !== KEEP ? { outputFormat } : {}) };
      services.logger.info(`settings: ${Object.entries(chosen).map(([key, value]) => `${key}=${value}`).join(' ')}`);
      const extras = [complexity !== KEEP && complexity !== 'default' ? `complexity ${complexity}` : '', outputFormat !== KEEP ? outputFormat.toUpperCase() : ''].filter(Boolean);
      void services.notifier.show('info', `Image Studio will use ${model}, ${size}, quality ${quality}${extras.length ? `, ${extras.join(', ')}` : ''}.`);
      return chosen;
    },
  };
}

async function pickModel(services: Services): Promise<string | undefined> {
  const settings = services.settings();
  // The cache outlives this call: each fetch asks the server it is keyed by, with the key
  // stored at that moment (the base URL or the key may have changed since the last pick).
  cache ??= new ModelListCache(async (baseUrl) => {
    const apiKey = await services.keys.get();
    if (!apiKey) throw new Error('no API key set');
    services.logger.addSecret(apiKey);
    const client = createClient({ apiKey, baseUrl: baseUrl || undefined, timeoutMs: 15_000, maxRetries: 0 });
    return fetchImageModels(client);
  });
  const picker = vscode.window.createQuickPick();
  picker.title = 'Image Studio: Choose Model';
  picker.placeholder = 'Loading the models your server offers…';
  picker.busy = true;
  picker.show();
  const list = await cache.get(settings.baseUrl);
  if (list.problem) services.logger.info(`models: showing the built-in list; ${list.problem}`);
  const onOpenAI = isOpenAIBaseUrl(settings.baseUrl || undefined);
  const now = new Date();
  // A model that no longer answers on this server is not offered (unless the server lists it under a name we do not know).
  const offered = list.models.filter((id) => !isShutDown(id, now, settings.baseUrl || undefined));
  picker.items = [
    ...offered.map((id) => ({ label: id, description: modelNote(id, onOpenAI, settings.model === id), detail: modelDetail(id) })),
    { label: OTHER_MODEL, description: 'a model name your server knows' },
  ];
  picker.placeholder = list.fromServer ? 'Models offered by your server' : 'Models (your server did not list any; showing the built-in list)';
  picker.busy = false;
  const chosen = await new Promise<string | undefined>((resolve) => {
    picker.onDidAccept(() => resolve(picker.selectedItems[0]?.label));
    picker.onDidHide(() => resolve(undefined));
  });
  picker.dispose();
  if (chosen !== OTHER_MODEL) return chosen;
  const typed = await vscode.window.showInputBox({
    title: 'Image Studio: Model name',
    prompt: 'The exact model name your OpenAI-compatible server expects.',
    validateInput: (value) => (value.trim() && !/\s/.test(value.trim()) ? undefined : 'Type a model name without spaces.'),
  });
  return typed?.trim() || undefined;
}

function modelNote(id: string, onOpenAI: boolean, current: boolean): string {
  const caps = capabilitiesFor(id);
  const notes: string[] = [];
  if (current) notes.push('current choice');
  if (caps.shutdown && (caps.shutdown.scope === 'everywhere' || onOpenAI)) notes.push(`shuts down ${caps.shutdown.date}`);
  if (!caps.known) notes.push('unknown to Image Studio: the server decides');
  return notes.join(' · ');
}

function modelDetail(id: string): string | undefined {
  const caps = capabilitiesFor(id);
  if (!caps.known) return undefined;
  const sizes = caps.sizes.kind === 'flexible' ? 'any size up to 3840x2160' : caps.suggestedSizes.join(', ');
  return `${sizes} · up to ${caps.maxN} per request · ${caps.edits.supported ? 'edits' : 'no edits'}${caps.streaming ? ' · streams previews' : ''}`;
}

async function pickSize(model: string): Promise<string | undefined> {
  const flexible = capabilitiesFor(model).sizes.kind !== 'fixed';
  const items = [...sizesToOffer(model).map((size) => ({ label: size })), ...(flexible ? [{ label: CUSTOM_SIZE }] : [])];
  const chosen = await vscode.window.showQuickPick(items, { title: `Image Studio: Size for ${model}`, placeHolder: 'Only sizes this model accepts are listed' });
  if (!chosen || chosen.label !== CUSTOM_SIZE) return chosen?.label;
  const typed = await vscode.window.showInputBox({
    title: `Image Studio: Custom size for ${model}`,
    prompt: 'WIDTHxHEIGHT, for example 1920x1088',
    validateInput: (value) => validateSize(model, value.trim().toLowerCase())?.message,
  });
  return typed?.trim().toLowerCase() || undefined;
}

async function pickQuality(model: string): Promise<string | undefined> {
  const qualities = qualitiesFor(model);
  if (qualities.length <= 1) return qualities[0] ?? 'auto';
  const chosen = await vscode.window.showQuickPick(qualities.map((quality) => ({ label: quality })), {
    title: `Image Studio: Quality for ${model}`,
  });
  return chosen?.label;
}

/** A step the model has no choice for: the setting is left as it is. */
const KEEP = 'keep';

const COMPLEXITIES = [
  { label: 'default', detail: "The model's own default." },
  { label: 'low', detail: 'Plans quickly: simple subjects, fastest.' },
  { label: 'medium', detail: 'Balanced planning.' },
  { label: 'high', detail: 'Plans carefully: crowded scenes, text and layouts that must be right; slower.' },
];

/** How much the model plans before it renders (independent of quality), where it has the choice. */
async function pickComplexity(model: string): Promise<string | undefined> {
  if (!capabilitiesFor(model).complexity) return KEEP;
  const chosen = await vscode.window.showQuickPick(COMPLEXITIES, {
    title: `Image Studio: Complexity for ${model}`,
    placeHolder: 'How much the model plans the picture before rendering it (independent of quality)',
  });
  return chosen?.label;
}

const FORMAT_DETAILS: Record<OutputFormat, string> = {
  png: 'Lossless, keeps transparency.',
  jpeg: 'Smaller files, no transparency.',
  webp: 'Small files, keeps transparency.',
  gif: 'A short animation (frames and timing in the settings).',
  svg: 'A vector drawing that scales: icons, logos, diagrams. Sanitized before it is saved.',
};

/** The output format, among those the model makes (DALL·E has no choice). */
async function pickFormat(model: string, current: OutputFormat): Promise<OutputFormat | typeof KEEP | undefined> {
  const formats = capabilitiesFor(model).outputFormats;
  if (formats.length <= 1) return KEEP;
  const items = formats.map((format) => ({ label: format, description: format === current ? 'current choice' : undefined, detail: FORMAT_DETAILS[format] }));
  const chosen = await vscode.window.showQuickPick(items, { title: `Image Studio: Output format for ${model}` });
  return chosen?.label;
}
