import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandHandler } from '../commandIds';
import { SECTION } from '../config/settings';
import { capabilitiesFor, isOpenAIBaseUrl, qualitiesFor, sizesToOffer, validateSize } from '../openai/modelCapabilities';
import { createClient } from '../openai/imagesClient';
import { fetchImageModels, ModelListCache } from '../openai/modelList';

const OTHER_MODEL = '$(edit) Other model…';
const CUSTOM_SIZE = '$(edit) Custom size…';

/** One cache per extension host: the list rarely changes, asking every time is slow. */
let cache: ModelListCache | undefined;

/**
 * *Choose Model…*: the models the server offers (GET /models, cached; the built-in table
 * when the server has no list), then only the sizes and qualities that model accepts.
 * Writes the settings where they are currently defined (workspace or user).
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
      const known = capabilitiesFor(model).known;
      await update('model', known ? model : 'custom');
      if (!known) await update('customModel', model);
      await update('size', size);
      await update('quality', quality);
      services.logger.info(`settings: model=${model} size=${size} quality=${quality}`);
      void services.notifier.show('info', `Image Studio will use ${model}, ${size}, quality ${quality}.`);
      return { model, size, quality };
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
  picker.items = [
    ...list.models.map((id) => ({ label: id, description: modelNote(id, onOpenAI, settings.model === id), detail: modelDetail(id) })),
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

/** Updates a setting where it is defined now (workspace beats user), else in user settings. */
async function update(name: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect(name);
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(name, value, target);
}
