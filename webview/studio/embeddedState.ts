// What the host put in the page's HTML (`data-state`, see StudioPageState): the first page of
// the history when the host had it at hand. Checked here like a message before anything is
// drawn from it: a state that is not exactly what the host writes is dropped whole, and the
// page asks for the history by message as it would without one. No DOM, so it is unit-tested.
import { STUDIO_LIMITS, type StudioImage, type StudioPageState } from '../../shared/protocol';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isSize = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);
/** The ids the host issues (imageRegistry.ts): 12 random bytes in hex. */
const IMAGE_ID = /^[0-9a-f]{24}$/;

function isImage(value: unknown): value is StudioImage {
  if (!isObject(value)) return false;
  return (
    isString(value.id) &&
    IMAGE_ID.test(value.id) &&
    isString(value.name) &&
    isString(value.path) &&
    isString(value.prompt) &&
    isString(value.model) &&
    isSize(value.width) &&
    isSize(value.height) &&
    isString(value.createdAt) &&
    optional(value.revisedPrompt, isString) &&
    optional(value.quality, isString) &&
    optional(value.costUsd, isSize) &&
    optional(value.origin, (origin) => origin === 'variation' || origin === 'edit') &&
    // Only read to fill the form for "Run Again", which checks each value as typed ones.
    optional(value.params, (params) => isObject(params) && isString(params.model)) &&
    optional(value.differences, (list) => Array.isArray(list) && list.every(isString))
  );
}

/** The page's state from its `data-state` text; `{}` (ask by message) when absent or not as the host writes it. */
export function parseEmbeddedState(text: string | undefined): StudioPageState {
  let value: unknown;
  try {
    value = JSON.parse(text ?? 'null');
  } catch {
    return {};
  }
  if (!isObject(value) || !isObject(value.history)) return {};
  const { total, entries } = value.history;
  if (!isCount(total) || !Array.isArray(entries) || entries.length > Math.min(total, STUDIO_LIMITS.maxPageSize)) return {};
  if (!entries.every(isImage)) return {};
  return { history: { total, entries } };
}
