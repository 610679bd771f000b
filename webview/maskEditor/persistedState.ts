// What the page saves with VS Code's getState/setState so unsaved work (strokes, extension,
// prompt, choices, view) survives the editor being hidden (its page is discarded: no
// retained context) and the window being reloaded.
import type { MaskBackground, MaskEditorMode, MaskEditSettings, MaskOutputFormat, StudioComplexity } from '../../shared/protocol';
import { STUDIO_COMPLEXITIES } from '../../shared/protocol';
import { ANNOTATION_COLORS, ANNOTATION_TOOLS, type AnnotationTool, type AnnotationWidth } from './annotationShapes';
import { parseOp, type MaskOp } from './maskHistory';
import type { OverlayMode } from './maskRenderer';
import type { ToolName } from './paintTools';

export interface PersistedState {
  version: 1;
  /** The image the ops were painted on. */
  image: { sessionId: string; revision: number; origin: 'source' | 'result'; width: number; height: number };
  ops: MaskOp[];
  cursor: number;
  prompt: string;
  settings?: MaskEditSettings;
  tool: ToolName;
  brushSize: number;
  hardness: number;
  overlay: OverlayMode;
  view?: { zoom: number; x: number; y: number };
  /** Annotate mode and its choices (absent in state saved before it existed). */
  mode?: MaskEditorMode;
  annotate?: { tool: AnnotationTool; color: string; width: AnnotationWidth };
}

const TOOLS: readonly ToolName[] = ['brush', 'eraser', 'rect', 'lasso'];
const FORMATS: readonly MaskOutputFormat[] = ['png', 'jpeg', 'webp'];
const BACKGROUNDS: readonly MaskBackground[] = ['auto', 'opaque', 'transparent'];

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function parseSettings(value: unknown): MaskEditSettings | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Record<string, unknown>;
  if (typeof s.model !== 'string' || typeof s.size !== 'string' || typeof s.quality !== 'string' || !isNumber(s.n)) return undefined;
  if (!FORMATS.includes(s.outputFormat as MaskOutputFormat) || !BACKGROUNDS.includes(s.background as MaskBackground)) return undefined;
  if (typeof s.strictComposite !== 'boolean' || !isNumber(s.featherPx)) return undefined;
  return {
    model: s.model,
    size: s.size,
    quality: s.quality,
    n: s.n,
    outputFormat: s.outputFormat as MaskOutputFormat,
    background: s.background as MaskBackground,
    // State saved before the picker existed has none: the host's default (the settings) applies.
    ...((STUDIO_COMPLEXITIES as readonly unknown[]).includes(s.complexity) ? { complexity: s.complexity as StudioComplexity } : {}),
    strictComposite: s.strictComposite,
    featherPx: s.featherPx,
  };
}

/** The saved state, checked (a damaged entry is dropped rather than breaking the editor). */
export function parsePersistedState(value: unknown): PersistedState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Record<string, unknown>;
  if (s.version !== 1 || typeof s.image !== 'object' || s.image === null) return undefined;
  const image = s.image as Record<string, unknown>;
  if (typeof image.sessionId !== 'string' || !isNumber(image.revision) || !isNumber(image.width) || !isNumber(image.height)) return undefined;
  if (image.origin !== 'source' && image.origin !== 'result') return undefined;
  const ops = Array.isArray(s.ops) ? s.ops.map(parseOp).filter((op): op is MaskOp => op !== undefined) : [];
  const view = s.view as Record<string, unknown> | undefined;
  return {
    version: 1,
    image: { sessionId: image.sessionId, revision: image.revision, origin: image.origin, width: image.width, height: image.height },
    ops,
    cursor: isNumber(s.cursor) ? Math.max(0, Math.min(ops.length, Math.round(s.cursor))) : ops.length,
    prompt: typeof s.prompt === 'string' ? s.prompt : '',
    settings: parseSettings(s.settings),
    tool: TOOLS.includes(s.tool as ToolName) ? (s.tool as ToolName) : 'brush',
    brushSize: isNumber(s.brushSize) ? s.brushSize : 64,
    hardness: isNumber(s.hardness) ? Math.max(0, Math.min(1, s.hardness)) : 0.8,
    overlay: s.overlay === 'checker' ? 'checker' : 'tint',
    ...(view && isNumber(view.zoom) && isNumber(view.x) && isNumber(view.y) ? { view: { zoom: view.zoom, x: view.x, y: view.y } } : {}),
    ...(s.mode === 'annotate' || s.mode === 'mask' ? { mode: s.mode } : {}),
    ...parseAnnotate(s.annotate),
  };
}

function parseAnnotate(value: unknown): Pick<PersistedState, 'annotate'> {
  if (typeof value !== 'object' || value === null) return {};
  const a = value as Record<string, unknown>;
  if (!ANNOTATION_TOOLS.includes(a.tool as AnnotationTool) || !ANNOTATION_COLORS.some((color) => color.value === a.color)) return {};
  if (a.width !== 'thin' && a.width !== 'thick') return {};
  return { annotate: { tool: a.tool as AnnotationTool, color: a.color as string, width: a.width } };
}
