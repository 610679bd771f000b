import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandHandler } from '../commandIds';
import { updateSetting as update } from '../feedback/modelSwitch';
import { capabilitiesFor, isOpenAIBaseUrl, modelsStillAnswering, qualitiesFor, sizesToOffer, validateSize, type OutputFormat } from '../openai/modelCapabilities';
import { createClient } from '../openai/imagesClient';
import { fetchImageModels, ModelListCache } from '../openai/modelList';
import { formatDate, formatNumber } from '../../shared/localeFormat';
import { joinNames } from '../../shared/listJoin';

const otherModelLabel = () => vscode.l10n.t('$(edit) Other model…');
const customSizeLabel = () => vscode.l10n.t('$(edit) Custom size…');

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
      const extras = [complexity !== KEEP && complexity !== 'default' ? vscode.l10n.t('complexity {complexity}', { complexity }) : '', outputFormat !== KEEP ? outputFormat.toUpperCase() : ''].filter(Boolean);
      void services.notifier.show(
        'info',
        extras.length
          ? vscode.l10n.t('Image Studio will use {model}, {size}, quality {quality}, {extras}.', { model, size, quality, extras: joinNames(extras) })
          : vscode.l10n.t('Image Studio will use {model}, {size}, quality {quality}.', { model, size, quality }),
      );
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
    if (!apiKey) throw new Error(vscode.l10n.t('no API key set'));
    services.logger.addSecret(apiKey);
    const client = createClient({ apiKey, baseUrl: baseUrl || undefined, timeoutMs: 15_000, maxRetries: 0 });
    return fetchImageModels(client);
  });
  const picker = vscode.window.createQuickPick();
  picker.title = vscode.l10n.t('Image Studio: Choose Model');
  picker.placeholder = vscode.l10n.t('Loading the models your server offers…');
  picker.busy = true;
  picker.show();
  const list = await cache.get(settings.baseUrl);
  if (list.problem) services.logger.info(`models: showing the built-in list; ${list.problem}`);
  const onOpenAI = isOpenAIBaseUrl(settings.baseUrl || undefined);
  const now = new Date();
  // A model that no longer answers on this server is not offered (unless the server lists it under a name we do not know).
  const offered = modelsStillAnswering(list.models, now, settings.baseUrl || undefined);
  const otherModel = otherModelLabel();
  picker.items = [
    ...offered.map((id) => ({ label: id, description: modelNote(id, onOpenAI, settings.model === id), detail: modelDetail(id) })),
    { label: otherModel, description: vscode.l10n.t('a model name your server knows') },
  ];
  picker.placeholder = list.fromServer ? vscode.l10n.t('Models offered by your server') : vscode.l10n.t('Models (your server did not list any; showing the built-in list)');
  picker.busy = false;
  const chosen = await new Promise<string | undefined>((resolve) => {
    picker.onDidAccept(() => resolve(picker.selectedItems[0]?.label));
    picker.onDidHide(() => resolve(undefined));
  });
  picker.dispose();
  if (chosen !== otherModel) return chosen;
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Image Studio: Model name'),
    prompt: vscode.l10n.t('The exact model name your OpenAI-compatible server expects.'),
    validateInput: (value) => (value.trim() && !/\s/.test(value.trim()) ? undefined : vscode.l10n.t('Type a model name without spaces.')),
  });
  return typed?.trim() || undefined;
}

function modelNote(id: string, onOpenAI: boolean, current: boolean): string {
  const caps = capabilitiesFor(id);
  const notes: string[] = [];
  if (current) notes.push(vscode.l10n.t('current choice'));
  if (caps.shutdown && (caps.shutdown.scope === 'everywhere' || onOpenAI)) notes.push(vscode.l10n.t('shuts down {date}', { date: formatDate(Date.parse(`${caps.shutdown.date}T00:00:00Z`)) }));
  if (!caps.known) notes.push(vscode.l10n.t('unknown to Image Studio: the server decides'));
  return notes.join(' · ');
}

function modelDetail(id: string): string | undefined {
  const caps = capabilitiesFor(id);
  if (!caps.known) return undefined;
  const sizes = caps.sizes.kind === 'flexible' ? vscode.l10n.t('any size up to {size}', { size: '3840x2160' }) : caps.suggestedSizes.join(', ');
  const parts = [
    sizes,
    vscode.l10n.t('up to {count} per request', { count: formatNumber(caps.maxN) }),
    caps.edits.supported ? vscode.l10n.t('edits') : vscode.l10n.t('no edits'),
    ...(caps.streaming ? [vscode.l10n.t('streams previews')] : []),
  ];
  return parts.join(' · ');
}

async function pickSize(model: string): Promise<string | undefined> {
  const flexible = capabilitiesFor(model).sizes.kind !== 'fixed';
  const customSize = customSizeLabel();
  const items = [...sizesToOffer(model).map((size) => ({ label: size })), ...(flexible ? [{ label: customSize }] : [])];
  const chosen = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Image Studio: Size for {model}', { model }), placeHolder: vscode.l10n.t('Only sizes this model accepts are listed') });
  if (!chosen || chosen.label !== customSize) return chosen?.label;
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Image Studio: Custom size for {model}', { model }),
    prompt: vscode.l10n.t('WIDTHxHEIGHT, for example {example}', { example: '1920x1088' }),
    validateInput: (value) => validateSize(model, value.trim().toLowerCase())?.message,
  });
  return typed?.trim().toLowerCase() || undefined;
}

async function pickQuality(model: string): Promise<string | undefined> {
  const qualities = qualitiesFor(model);
  if (qualities.length <= 1) return qualities[0] ?? 'auto';
  const chosen = await vscode.window.showQuickPick(qualities.map((quality) => ({ label: quality })), {
    title: vscode.l10n.t('Image Studio: Quality for {model}', { model }),
  });
  return chosen?.label;
}

/** A step the model has no choice for: the setting is left as it is. */
const KEEP = 'keep';

/** The labels are setting values (not translated); the details are. */
const complexities = () => [
  { label: 'default', detail: vscode.l10n.t("The model's own default.") },
  { label: 'low', detail: vscode.l10n.t('Plans quickly: simple subjects, fastest.') },
  { label: 'medium', detail: vscode.l10n.t('Balanced planning.') },
  { label: 'high', detail: vscode.l10n.t('Plans carefully: crowded scenes, text and layouts that must be right; slower.') },
];

/** How much the model plans before it renders (independent of quality), where it has the choice. */
async function pickComplexity(model: string): Promise<string | undefined> {
  if (!capabilitiesFor(model).complexity) return KEEP;
  const chosen = await vscode.window.showQuickPick(complexities(), {
    title: vscode.l10n.t('Image Studio: Complexity for {model}', { model }),
    placeHolder: vscode.l10n.t('How much the model plans the picture before rendering it (independent of quality)'),
  });
  return chosen?.label;
}

const formatDetails = (): Record<OutputFormat, string> => ({
  png: vscode.l10n.t('Lossless, keeps transparency.'),
  jpeg: vscode.l10n.t('Smaller files, no transparency.'),
  webp: vscode.l10n.t('Small files, keeps transparency.'),
  gif: vscode.l10n.t('A short animation (frames and timing in the settings).'),
  svg: vscode.l10n.t('A vector drawing that scales: icons, logos, diagrams. Sanitized before it is saved.'),
});

/** The output format, among those the model makes (DALL·E has no choice). */
async function pickFormat(model: string, current: OutputFormat): Promise<OutputFormat | typeof KEEP | undefined> {
  const formats = capabilitiesFor(model).outputFormats;
  if (formats.length <= 1) return KEEP;
  const details = formatDetails();
  const items = formats.map((format) => ({ label: format, description: format === current ? vscode.l10n.t('current choice') : undefined, detail: details[format] }));
  const chosen = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Image Studio: Output format for {model}', { model }) });
  return chosen?.label;
}
