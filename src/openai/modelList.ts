// Which image models the account can use, from `GET /models` when the server offers it,
// cached per server, falling back to the built-in table. No `vscode` import.
import type OpenAI from 'openai';
import { capabilitiesFor, KNOWN_MODELS } from './modelCapabilities';

export interface ModelList {
  models: string[];
  /** True when the list came from the server; false when it is the built-in table. */
  fromServer: boolean;
  /** Why the server's list could not be used (shown as a hint, never blocking). */
  problem?: string;
}

const IMAGE_MODEL_NAME = /(^|[/-])(gpt-image|dall-e|chatgpt-image)|image|diffusion|flux|imagen/i;

/**
 * The image models among a server's models: every name the capability table knows (or a
 * snapshot/prefixed form of one), plus names that look like image models on compatible
 * servers. Sorted: known current models first, then the rest alphabetically.
 */
export function imageModelsAmong(ids: readonly string[]): string[] {
  const chosen = [...new Set(ids.filter((id) => capabilitiesFor(id).known || IMAGE_MODEL_NAME.test(id)))];
  const order = (id: string) => {
    const index = KNOWN_MODELS.indexOf(id);
    return index >= 0 ? index : KNOWN_MODELS.length;
  };
  return chosen.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/** Fetches the image models of the server behind `client` (bounded: one page of up to 1000). */
export async function fetchImageModels(client: OpenAI, signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  for await (const model of client.models.list({ signal })) {
    ids.push(model.id);
    if (ids.length >= 1000) break;
  }
  return imageModelsAmong(ids);
}

/**
 * A per-server cache of the model list. Failures are not cached for long, so a server
 * that was down is asked again soon; the table always answers meanwhile.
 */
export class ModelListCache {
  private readonly entries = new Map<string, { list: ModelList; expires: number }>();

  /** `fetch` is given the key of the entry it fills: the server to ask. */
  constructor(
    private readonly fetch: (serverKey: string) => Promise<string[]>,
    private readonly ttlMs = 10 * 60_000,
    private readonly failureTtlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(serverKey: string): Promise<ModelList> {
    const cached = this.entries.get(serverKey);
    if (cached && cached.expires > this.now()) return cached.list;
    let list: ModelList;
    let ttl = this.ttlMs;
    try {
      const models = await this.fetch(serverKey);
      // eslint-disable-next-line image-studio/localized-text -- `problem` goes to the log and to the language model (describeImageOptions), both English
      list = models.length > 0 ? { models, fromServer: true } : { models: [...KNOWN_MODELS], fromServer: false, problem: 'the server lists no image models' };
    } catch (error) {
      ttl = this.failureTtlMs;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      // eslint-disable-next-line image-studio/localized-text -- `problem` goes to the log and to the language model, both English
      list = { models: [...KNOWN_MODELS], fromServer: false, problem: `the model list could not be fetched (${reason})` };
    }
    this.entries.set(serverKey, { list, expires: this.now() + ttl });
    return list;
  }

  clear(): void {
    this.entries.clear();
  }
}
