// The editor's keys: undo and redo, space held to pan, the mask tools and brush, zoom, Extend…,
// and Escape to drop whatever is in progress. Keys typed into a text field are the field's; in
// Annotate mode the mask's keys (tools, brush, invert, clear, Extend…) do nothing.
import type { MaskEditorMode } from '../../shared/protocol';
import type { AnnotateTools } from './annotateTools';
import { isTyping } from './dom';
import type { ExtendPanel } from './extendPanel';
import type { PaintToolbar } from './paintToolbar';
import type { PaintTools, ToolName } from './paintTools';
import type { ResultsView } from './resultsView';
import type { Viewport } from './viewport';

export interface ShortcutHost {
  readonly viewport: Pick<Viewport, 'element' | 'spaceHeld' | 'fit' | 'actualSize' | 'step'>;
  readonly paintTools: Pick<PaintTools, 'busy' | 'cancel' | 'size' | 'hardness' | 'updateCursor'>;
  readonly paintToolbar: Pick<PaintToolbar, 'setTool' | 'setBrushSize' | 'setHardness'>;
  readonly annotateTools: Pick<AnnotateTools, 'busy' | 'cancel'>;
  readonly results: Pick<ResultsView, 'isComparing' | 'select'>;
  readonly extendPanel: Pick<ExtendPanel, 'isOpen' | 'toggle'>;
  mode(): MaskEditorMode;
  undo(): void;
  redo(): void;
  /** Inverts the mask (once an image is shown). */
  invertMask(): void;
  /** Clears the mask (once an image is shown). */
  clearMask(): void;
}

/** Listens to the page's keys for the editor's shortcuts, for the page's lifetime. */
export function bindKeyboardShortcuts(host: ShortcutHost): void {
  const { viewport, paintTools: tools, paintToolbar: toolbar } = host;
  window.addEventListener('keydown', (event) => {
    if (isTyping(event.target)) return;
    const key = event.key;
    const mod = event.ctrlKey || event.metaKey;
    let handled = true;
    if (mod && !event.altKey) {
      const lower = key.toLowerCase();
      if (lower === 'z' && event.shiftKey) host.redo();
      else if (lower === 'z') host.undo();
      else if (lower === 'y') host.redo();
      else handled = false;
    } else if (event.altKey) {
      handled = false;
    } else if (key === ' ') {
      if (!event.repeat) {
        viewport.spaceHeld = true;
        viewport.element.classList.add('pan-ready');
        tools.updateCursor();
      }
    } else if (host.mode() === 'annotate' && key !== 'Escape' && !['f', '1', '+', '=', '-'].includes(key.toLowerCase())) {
      handled = false;
    } else if (key === '[' || key === ']') {
      const grow = key === ']';
      toolbar.setBrushSize(grow ? Math.max(tools.size + 1, tools.size * 1.2) : Math.min(tools.size - 1, tools.size / 1.2));
    } else if (key === '{' || key === '}') {
      toolbar.setHardness(tools.hardness + (key === '}' ? 0.1 : -0.1));
    } else {
      handled = letterKey(host, key.toLowerCase());
    }
    if (handled) event.preventDefault();
  });

  window.addEventListener('keyup', (event) => {
    if (event.key === ' ') {
      viewport.spaceHeld = false;
      viewport.element.classList.remove('pan-ready');
      tools.updateCursor();
    }
  });
  // Focus leaving the page must not leave "space held" behind.
  window.addEventListener('blur', () => {
    viewport.spaceHeld = false;
    viewport.element.classList.remove('pan-ready');
  });
}

/** The mask tools' keys. */
const TOOL_KEYS: Readonly<Partial<Record<string, ToolName>>> = { b: 'brush', e: 'eraser', m: 'rect', l: 'lasso' };

/** Acts on a single key without modifiers (lower case); false when it is not a shortcut. */
function letterKey(host: ShortcutHost, key: string): boolean {
  const { viewport, paintToolbar: toolbar } = host;
  const tool = TOOL_KEYS[key];
  if (tool) {
    toolbar.setTool(tool);
    return true;
  }
  switch (key) {
    case 'i':
      host.invertMask();
      return true;
    case 'delete':
    case 'backspace':
      host.clearMask();
      return true;
    case 'f':
      viewport.fit();
      return true;
    case '1':
      viewport.actualSize();
      return true;
    case '+':
    case '=':
      viewport.step(1);
      return true;
    case '-':
      viewport.step(-1);
      return true;
    case 'x':
      host.extendPanel.toggle();
      return true;
    case 'escape':
      if (host.paintTools.busy) host.paintTools.cancel();
      else if (host.annotateTools.busy) host.annotateTools.cancel();
      else if (host.results.isComparing) host.results.select(undefined);
      else if (host.extendPanel.isOpen) host.extendPanel.toggle(false);
      return true;
    default:
      return false;
  }
}
