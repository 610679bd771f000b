// 5. Webviews, measured in the browser: the studio's history of 200 images (time to first
// screen) and the mask editor (time per brush stroke on a 2048x2048 image). Each is
// measured when its bundle exists in the packaged build, else reported "not available yet".
// Page-side code is passed as strings: test/bench is type-checked without the DOM lib.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { HISTORY_SIZE, MASK_SOURCE, type HostSession } from './hostSession';
import type { Figure } from './report';
import { anotherRun, summarize, type RunPlan } from './stats';
import { findFrame, quickOpen, runCommand } from './workbenchDriver';

const SECTION = '5. Webviews';
const OPEN_STUDIO = 'Image Studio: Open Image Studio';
const EDIT_WITH_MASK = 'Image Studio: Edit with Mask…';

/** Which webview bundles the packaged build has. */
export function availableWebviews(stageDir: string): { studio: boolean; maskEditor: boolean } {
  return {
    studio: existsSync(join(stageDir, 'dist', 'webview', 'studio.js')),
    maskEditor: existsSync(join(stageDir, 'dist', 'webview', 'maskEditor.js')),
  };
}

export interface WebviewOptions {
  /** Opens of the studio (and of the image preview before it); the first of each is noted apart. */
  opens: RunPlan;
  strokes: number;
  log: (line: string) => void;
}

/**
 * Installed in every frame before its scripts (openHostSession's initScript): times the
 * page's own `message` handlers, so the studio's first screen can be split into waiting for
 * the host and drawing. Records [start ms, handler ms, message type] in window.__benchMessages.
 */
export const MESSAGE_TIMING_SCRIPT = `(() => {
  // Webviews only (they are iframes): the workbench page itself is left untouched.
  if (window.top === window || window.__benchMessages) return;
  window.__benchMessages = [];
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (type === 'message' && this === window && typeof listener === 'function') {
      const timed = function (event) {
        const start = performance.now();
        try { return listener.apply(this, arguments); }
        finally { window.__benchMessages.push([start, performance.now() - start, event.data && typeof event.data === 'object' ? String(event.data.type || '?') : typeof event.data]); }
      };
      return add.call(this, type, timed, options);
    }
    return add.call(this, type, listener, options);
  };
})();`;

async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.waitForTimeout(500);
}

// ---- Studio ---------------------------------------------------------------------------

/** The studio's own mark: body[data-history-first-screen-ms], set one frame after the first history page is drawn. */
const STUDIO_PROBE = `Boolean(document.body && document.body.dataset.historyFirstScreenMs && document.querySelector('.history-grid'))`;
const STUDIO_READING = `({
  ms: Number(document.body.dataset.historyFirstScreenMs),
  origin: performance.timeOrigin,
  tiles: document.querySelectorAll('.history-grid > li').length,
  count: (document.querySelector('.history .count') || {}).textContent || '',
  loaded: (performance.getEntriesByType('navigation')[0] || {}).domContentLoadedEventEnd || 0,
  messages: window.__benchMessages || [],
  embedded: (() => { try { return Boolean(JSON.parse(document.body.dataset.state || 'null').history); } catch { return false; } })(),
})`;
/** Resolves (epoch ms) once every history tile on screen shows its thumbnail, or null after 30 s. */
const THUMBNAILS_SHOWN = `new Promise((resolve) => {
  const deadline = performance.now() + 30000;
  const check = () => {
    const tiles = Array.from(document.querySelectorAll('.history-grid > li'));
    const visible = tiles.filter((tile) => { const box = tile.getBoundingClientRect(); return box.bottom > 0 && box.top < innerHeight; });
    const done = visible.length > 0 && visible.every((tile) => {
      const img = tile.querySelector('img');
      return tile.classList.contains('no-thumbnail') || (img && !img.hidden && img.complete && img.naturalWidth > 0);
    });
    if (done) resolve({ at: performance.timeOrigin + performance.now(), visible: visible.length });
    else if (performance.now() > deadline) resolve(null);
    else requestAnimationFrame(check);
  };
  check();
})`;

interface StudioReading {
  /** Palette Enter → first history screen drawn (absolute clocks, same machine). */
  endToEnd: number;
  /** Palette Enter → the webview's document starts (VS Code creating the panel and its iframes). */
  documentStart: number;
  /** Inside the webview: DOMContentLoaded; the `init` and first `historyPage` replies arriving; their handling. */
  loaded: number;
  init?: number;
  historyPage?: number;
  historyPageHandling?: number;
  /** The webview's own figure: its document start → first screen. */
  inWebview: number;
  /** Palette Enter → every tile on screen shows its thumbnail. */
  thumbnails?: number;
  /** The page's message handlers as timed by MESSAGE_TIMING_SCRIPT, "type@start+ms". */
  trace: string;
  tiles: number;
  visible?: number;
  count: string;
  /** The first history page came in the page's HTML (the host had the folder scanned), not by message. */
  embedded: boolean;
}

async function openStudioOnce(page: Page): Promise<StudioReading> {
  const pressed = await runCommand(page, OPEN_STUDIO);
  const frame: Frame = await findFrame(page, STUDIO_PROBE, 30_000);
  const reading = (await frame.evaluate(STUDIO_READING)) as {
    ms: number;
    origin: number;
    tiles: number;
    count: string;
    loaded: number;
    messages: [number, number, string][];
    embedded: boolean;
  };
  const shown = (await frame.evaluate(THUMBNAILS_SHOWN)) as { at: number; visible: number } | null;
  const init = reading.messages.find((message) => message[2] === 'init');
  const page1 = reading.messages.find((message) => message[2] === 'historyPage');
  return {
    endToEnd: reading.origin + reading.ms - pressed,
    documentStart: reading.origin - pressed,
    loaded: reading.loaded,
    init: init?.[0],
    historyPage: page1?.[0],
    historyPageHandling: page1?.[1],
    trace: reading.messages.map(([start, took, type]) => `${type}@${start.toFixed(0)}+${took.toFixed(0)}`).join(' '),
    inWebview: reading.ms,
    thumbnails: shown ? shown.at - pressed : undefined,
    visible: shown?.visible,
    tiles: reading.tiles,
    count: reading.count,
    embedded: reading.embedded,
  };
}

/** VS Code's built-in image preview (extensions/media-preview) once its image is shown. */
const PREVIEW_PROBE = `Boolean(document.body && document.body.classList.contains('image') && document.body.classList.contains('ready') && !document.body.classList.contains('loading'))`;

/** Quick Open Enter → the built-in preview's document shows the image (same clocks as the studio). */
async function openImagePreviewOnce(page: Page, fileName: string): Promise<number> {
  const pressed = await quickOpen(page, fileName);
  const frame = await findFrame(page, PREVIEW_PROBE, 60_000);
  const at = (await frame.evaluate('performance.timeOrigin + performance.now()')) as number;
  return at - pressed;
}

const median = (values: number[]) => summarize(values).median;
const ms = (value: number | undefined) => (value === undefined ? '?' : value.toFixed(0));

export async function benchStudio(session: HostSession, available: boolean, options: WebviewOptions): Promise<Figure[]> {
  const name = `Studio: history of ${HISTORY_SIZE} images, palette command → first screen drawn`;
  if (!available) return [unavailableFigure(name, 'ms', 300, 'not available yet (no dist/webview/studio.js)')];
  // VS Code's own first webview of a session is slow in code-server (service worker,
  // webview host page); open its image preview first so that cost is not charged to the
  // studio, and keep its warm opens as a side-by-side baseline.
  const previews: number[] = [];
  let firstWebview: number | undefined;
  try {
    const started = Date.now();
    for (let open = 0; anotherRun(options.opens, open, started); open++) {
      const took = await openImagePreviewOnce(session.page, MASK_SOURCE);
      if (open === 0) firstWebview = took;
      else previews.push(took);
      await closeAllEditors(session.page);
    }
    options.log(`built-in image preview: first webview of the session ${ms(firstWebview)} ms, then ${previews.map((value) => value.toFixed(0)).join(', ')} ms`);
  } catch (error) {
    options.log(`built-in image preview could not be timed: ${firstLine(error)}`);
  }
  const readings: StudioReading[] = [];
  try {
    const started = Date.now();
    for (let open = 0; anotherRun(options.opens, open, started); open++) {
      const reading = await openStudioOnce(session.page);
      readings.push(reading);
      options.log(
        `studio open ${open + 1}${open === 0 ? ' (first)' : ''}: first screen ${reading.endToEnd.toFixed(0)} ms after Enter = document start +${reading.documentStart.toFixed(0)}, ` +
          `then inside: loaded ${ms(reading.loaded)}, init ${ms(reading.init)}, historyPage ${ms(reading.historyPage)} (handled in ${ms(reading.historyPageHandling)}), mark ${reading.inWebview}; ` +
          `${reading.tiles} tiles${reading.embedded ? ' (first page embedded in the HTML)' : ''}, history ${reading.count}; thumbnails on screen (${reading.visible ?? '?'}) after ${ms(reading.thumbnails)} ms; messages ${reading.trace}`,
      );
      await closeAllEditors(session.page);
    }
  } catch (error) {
    options.log(`studio failed: ${firstLine(error)}`);
    if (readings.length === 0) return [unavailableFigure(name, 'ms', 300, `failed: ${firstLine(error)}`)];
  }
  const first = readings[0];
  const warm = readings.length > 1 ? readings.slice(1) : readings;
  const endToEnd = summarize(warm.map((reading) => reading.endToEnd));
  const known = (values: (number | undefined)[]) => values.filter((value): value is number => value !== undefined);
  const inits = known(warm.map((reading) => reading.init));
  const pages = known(warm.map((reading) => reading.historyPage));
  const breakdown =
    `Median split of a warm open: VS Code creates the panel and its iframes, document starts +${median(warm.map((r) => r.documentStart)).toFixed(0)} ms; ` +
    `DOMContentLoaded +${median(warm.map((r) => r.loaded)).toFixed(0)} ms into the document; ` +
    `first page embedded in the HTML in ${warm.filter((r) => r.embedded).length} of ${warm.length} opens; ` +
    (pages.length ? `the host's first \`historyPage\` reply arrives at ${median(pages).toFixed(0)} ms and is drawn (60 tiles) in ${median(known(warm.map((r) => r.historyPageHandling))).toFixed(0)} ms; ` : '') +
    (inits.length ? `its \`init\` reply at ${median(inits).toFixed(0)} ms; ` : '') +
    `mark at ${median(warm.map((r) => r.inWebview)).toFixed(0)} ms.`;
  const figures: Figure[] = [
    {
      section: SECTION,
      name,
      unit: 'ms',
      result: endToEnd,
      ...(previews.length ? { baseline: { name: "VS Code's image preview, Quick Open → image shown", unit: 'ms' as const, result: summarize(previews) } } : {}),
      checks: [{ target: { op: '<=', value: 300, unit: 'ms' }, value: endToEnd.median }],
      note:
        `Opened ${readings.length}× in one session, panel closed in between (thumbnails stay cached on disk; the folder's scan is kept while nothing in it changes); the row is the ${warm.length} reopens. ` +
        `First screen = the studio's own mark (body[data-history-first-screen-ms]: one frame after the first page of ${first.tiles} tiles is drawn, thumbnails still loading), ` +
        `as wall-clock time (webview timeOrigin + mark) minus the moment Enter was pressed in the palette. ${breakdown} ` +
        `First open of the session (activates the extension, loads dist/features.js, scans ${HISTORY_SIZE} sidecars): ${first.endToEnd.toFixed(0)} ms. ` +
        (firstWebview !== undefined ? `Not counted: VS Code's first webview of a code-server session (here its image preview, opened before) takes ${firstWebview.toFixed(0)} ms whoever opens it.` : ''),
    },
  ];
  const withThumbs = known(warm.map((reading) => reading.thumbnails));
  if (withThumbs.length > 0) {
    figures.push({
      section: SECTION,
      name: 'Studio: palette command → every tile on screen shows its thumbnail',
      unit: 'ms',
      result: summarize(withThumbs),
      checks: [],
      note: `Reopens (thumbnails cached). First open (the visible thumbnails made from 1024x1024 PNGs): ${ms(first.thumbnails)} ms for ${first.visible ?? '?'} tiles on screen.`,
    });
  }
  return figures;
}

// ---- Mask editor ----------------------------------------------------------------------

/** Strokes painted first and not counted (backing stores, compilation). */
const WARM_UP_STROKES = 3;

const MASK_PROBE = `(() => { const canvas = document.getElementById('image-canvas'); return Boolean(document.getElementById('viewport') && canvas && canvas.width >= 2048 && canvas.height >= 2048); })()`;

/**
 * Paints `count` strokes (pointerdown, 30 pointermoves along a wavy line, pointerup) on
 * #viewport with synthetic PointerEvents, all of a stroke in one task, and times each:
 * the synchronous handling of its events plus the rendering work of the next frame
 * (requestAnimationFrame callback → a task queued from it, which runs after the frame's
 * style, layout and paint). Idle time waiting for the next vsync is not counted.
 * Then one slow stroke, one pointermove per frame (as a hand draws), timing each frame
 * the same way, and the frame of its pointerup (where the stroke is merged into the mask).
 */
function strokeScript(count: number): string {
  return `(async () => {
  const viewport = document.getElementById('viewport');
  const box = viewport.getBoundingClientRect();
  const pointer = (type, x, y) => new PointerEvent(type, {
    pointerId: 7, pointerType: 'mouse', isPrimary: true, bubbles: true, cancelable: true, composed: true,
    clientX: x, clientY: y, button: 0, buttons: type === 'pointerup' ? 0 : 1, pressure: type === 'pointerup' ? 0 : 0.5,
  });
  const renderAfter = (work) => new Promise((resolve) => requestAnimationFrame(() => {
    const start = performance.now();
    if (work) work();
    setTimeout(() => resolve(performance.now() - start), 0);
  }));
  const undo = document.getElementById('undo');
  const undoBefore = undo ? undo.disabled : undefined;
  let worstEvent = 0;
  const send = (event) => { const start = performance.now(); viewport.dispatchEvent(event); worstEvent = Math.max(worstEvent, performance.now() - start); };
  const paintStrokes = async (count) => {
    const strokes = []; const handling = [];
    for (let stroke = 0; stroke < count; stroke++) {
      const y = box.top + box.height * (0.15 + (0.7 * stroke) / count);
      const x0 = box.left + box.width * 0.15;
      const x1 = box.left + box.width * 0.85;
      const start = performance.now();
      send(pointer('pointerdown', x0, y));
      for (let i = 1; i <= 30; i++) send(pointer('pointermove', x0 + ((x1 - x0) * i) / 30, y + Math.sin(i / 3) * box.height * 0.03));
      send(pointer('pointerup', x1, y));
      const handled = performance.now() - start;
      const render = await renderAfter();
      handling.push(handled);
      strokes.push(handled + render);
    }
    return { strokes, handling };
  };
  await renderAfter();
  const soft = await paintStrokes(${count});
  const slowStroke = async (height) => {
    const frames = [];
    const x0 = box.left + box.width * 0.2; const x1 = box.left + box.width * 0.8; const y0 = box.top + box.height * height;
    await renderAfter(() => send(pointer('pointerdown', x0, y0)));
    for (let i = 1; i <= 60; i++) frames.push(await renderAfter(() => send(pointer('pointermove', x0 + ((x1 - x0) * i) / 60, y0 + Math.cos(i / 5) * box.height * 0.1))));
    const upFrame = await renderAfter(() => send(pointer('pointerup', x1, y0)));
    return { frames, upFrame };
  };
  const { frames, upFrame } = await slowStroke(0.5);
  // The same with a hard brush (hardness 100 %: no blur filter), to show what the blur costs.
  const hardness = document.getElementById('brush-hardness');
  let hard = null;
  if (hardness) {
    hardness.value = '100';
    hardness.dispatchEvent(new Event('input', { bubbles: true }));
    hardness.dispatchEvent(new Event('change', { bubbles: true }));
    await renderAfter();
    hard = await paintStrokes(Math.max(4, Math.round(${count} / 2)));
    hard.frames = (await slowStroke(0.35)).frames;
  }
  const canvas = document.getElementById('image-canvas');
  return { strokes: soft.strokes, handling: soft.handling, hard, worstEvent, frames, upFrame, canvas: [canvas.width, canvas.height], undoBefore, undoAfter: undo ? undo.disabled : undefined };
})()`;
}

interface StrokeResult {
  strokes: number[];
  handling: number[];
  /** The same strokes with hardness 100 % (no blur), the first one a warm-up; null without the slider. */
  hard: { strokes: number[]; handling: number[]; frames?: number[] } | null;
  worstEvent: number;
  frames: number[];
  upFrame: number;
  canvas: number[];
  undoBefore?: boolean;
  undoAfter?: boolean;
}

/**
 * Annotate mode: chooses a model that takes markup, switches to Annotate and the pen, then
 * draws `count` pen strokes (down, 30 moves, up) timed like the mask strokes: handling plus
 * the next frame's rendering. Resolves to null when Annotate cannot be offered.
 */
function markupStrokeScript(count: number): string {
  return `(async () => {
  const model = document.getElementById('model');
  const markupModel = [...model.options].map((option) => option.value).find((id) => /^gpt-image-2\\.[56]/.test(id));
  if (!markupModel) return null;
  model.value = markupModel;
  model.dispatchEvent(new Event('change', { bubbles: true }));
  document.getElementById('mode-annotate').click();
  document.querySelector('button.annotate-tool[data-annotate-tool="pen"]').click();
  const viewport = document.getElementById('viewport');
  const box = viewport.getBoundingClientRect();
  const pointer = (type, x, y) => new PointerEvent(type, {
    pointerId: 9, pointerType: 'mouse', isPrimary: true, bubbles: true, cancelable: true, composed: true,
    clientX: x, clientY: y, button: 0, buttons: type === 'pointerup' ? 0 : 1,
  });
  const renderAfter = () => new Promise((resolve) => requestAnimationFrame(() => { const start = performance.now(); setTimeout(() => resolve(performance.now() - start), 0); }));
  await renderAfter();
  const strokes = [];
  for (let stroke = 0; stroke < ${count}; stroke++) {
    const y = box.top + box.height * (0.15 + (0.7 * stroke) / ${count});
    const x0 = box.left + box.width * 0.15; const x1 = box.left + box.width * 0.85;
    const start = performance.now();
    viewport.dispatchEvent(pointer('pointerdown', x0, y));
    for (let i = 1; i <= 30; i++) viewport.dispatchEvent(pointer('pointermove', x0 + ((x1 - x0) * i) / 30, y + Math.sin(i / 3) * box.height * 0.03));
    viewport.dispatchEvent(pointer('pointerup', x1, y));
    const handled = performance.now() - start;
    strokes.push(handled + await renderAfter());
  }
  const layer = document.getElementById('annotation-canvas');
  return { strokes, canvas: [layer.width, layer.height] };
})()`;
}

/** The markup-stroke row: a pen stroke in Annotate mode on the same 2048x2048 image. */
async function markupStrokeFigure(frame: { evaluate(script: string): Promise<unknown> }, options: WebviewOptions): Promise<Figure> {
  const name = 'Mask editor: one markup pen stroke (Annotate mode; down, 30 moves, up) on a 2048x2048 image';
  try {
    const result = (await frame.evaluate(markupStrokeScript(options.strokes))) as { strokes: number[]; canvas: number[] } | null;
    if (!result) return unavailableFigure(name, 'ms', 16, 'no model that takes markup is offered');
    const steady = summarize(result.strokes.slice(WARM_UP_STROKES));
    return {
      section: SECTION,
      name,
      unit: 'ms',
      result: steady,
      checks: [{ target: { op: '<=', value: 16, unit: 'ms' }, value: steady.median }],
      note:
        `As the brush stroke row, with the pen in Annotate mode on a ${result.canvas.join('x')} annotation layer (the markup, at the image's own size): handling all of a stroke's events in one task plus the next frame's rendering. ` +
        `The first ${WARM_UP_STROKES} strokes (not counted): ${result.strokes.slice(0, WARM_UP_STROKES).map((value) => value.toFixed(0)).join(', ')} ms.`,
    };
  } catch (error) {
    return unavailableFigure(name, 'ms', 16, `failed: ${firstLine(error)}`);
  }
}

export async function benchMaskEditor(session: HostSession, available: boolean, options: WebviewOptions): Promise<Figure[]> {
  const name = 'Mask editor: one brush stroke (down, 30 moves, up) on a 2048x2048 image';
  if (!available) return [unavailableFigure(name, 'ms', 16, 'not available yet (no dist/webview/maskEditor.js)')];
  try {
    await quickOpen(session.page, MASK_SOURCE);
    await findFrame(session.page, PREVIEW_PROBE, 60_000);
    const pressed = await runCommand(session.page, EDIT_WITH_MASK);
    const frame = await findFrame(session.page, MASK_PROBE, 60_000);
    const openMs = Date.now() - pressed;
    const result = (await frame.evaluate(strokeScript(options.strokes))) as StrokeResult;
    const markup = await markupStrokeFigure(frame, options);
    await closeAllEditors(session.page);
    if (result.undoAfter !== false) throw new Error(`the strokes left nothing to undo (undo disabled before: ${result.undoBefore}, after: ${result.undoAfter}): they were not painted`);
    const p95 = percentile95(result.frames);
    options.log(
      `${result.hard ? `hard brush strokes ${result.hard.strokes.map((value) => value.toFixed(1)).join(', ')} ms; ` : ''}mask editor ready ${openMs} ms after Enter (${result.canvas.join('x')} canvas); strokes ${result.strokes.map((value) => value.toFixed(1)).join(', ')} ms; ` +
        `worst single event ${result.worstEvent.toFixed(1)} ms; painting frame by frame: ${describeFrames(result.frames)}; pointerup frame ${result.upFrame.toFixed(1)} ms` +
        (result.hard?.frames ? `; the same with the hard brush (no CSS blur on the live canvas): ${describeFrames(result.hard.frames)}` : ''),
    );
    // The first strokes allocate canvases' backing stores and get the code compiled: reported apart.
    const steady = summarize(result.strokes.slice(WARM_UP_STROKES));
    const frames = summarize(result.frames);
    return [
      {
        section: SECTION,
        name,
        unit: 'ms',
        result: steady,
        checks: [{ target: { op: '<=', value: 16, unit: 'ms' }, value: steady.median }],
        note:
          `Synthetic PointerEvents dispatched on #viewport in the editor's webview (headless Chromium without GPU, so canvas work is software-rendered; 1400x900 window, image fitted; brush at its defaults). ` +
          `Per stroke, timed with performance.now() in the page: handling all its events in one task (median ${median(result.handling.slice(WARM_UP_STROKES)).toFixed(1)} ms) plus the next frame's rendering work. ` +
          `A whole stroke inside one frame is the worst case; a hand spreads it over many frames (next row). The first ${WARM_UP_STROKES} strokes (not counted): ${result.strokes.slice(0, WARM_UP_STROKES).map((value) => value.toFixed(0)).join(', ')} ms; slowest single event ${result.worstEvent.toFixed(1)} ms; ` +
          `the editor showed the 2048x2048 image ${openMs} ms after the palette command.`,
      },
      {
        section: SECTION,
        name: 'Mask editor: each frame while painting slowly (one pointermove per frame, 60 frames)',
        unit: 'ms',
        result: frames,
        checks: [{ label: 'p95', target: { op: '<=', value: 16, unit: 'ms' }, value: p95 }],
        note: `Work per frame: one pointermove handled plus that frame's rendering. p95 ${p95.toFixed(1)} ms; the pointerup frame (stroke merged into the mask) ${result.upFrame.toFixed(1)} ms. 16 ms = one frame at 60 Hz.`,
      },
      ...(result.hard && result.hard.strokes.length > 1
        ? [
            {
              section: SECTION,
              name: 'Mask editor: one stroke as above with a hard brush (hardness 100 %: no blur filter)',
              unit: 'ms' as const,
              result: summarize(result.hard.strokes.slice(1)),
              checks: [],
              note: `Same strokes after setting the hardness slider to 100 % (first one not counted), to show what the soft brush's blur (a CSS filter on the live stroke canvas, a canvas filter when merging) costs with software rendering. Event handling median ${median(result.hard.handling.slice(1)).toFixed(1)} ms.`,
            },
          ]
        : []),
      markup,
    ];
  } catch (error) {
    return [unavailableFigure(name, 'ms', 16, `failed: ${firstLine(error)}`)];
  }
}

function unavailableFigure(name: string, unit: 'ms', target: number, why: string): Figure {
  return { section: SECTION, name, unit, checks: [{ target: { op: '<=', value: target, unit }, value: Number.NaN }], unavailable: why };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** The 95th percentile of frame times (of 60 frames: the fourth slowest). */
function percentile95(frames: readonly number[]): number {
  const sorted = [...frames].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

/** Median, p95, max and the slowest frames by their index in the stroke, for the log. */
function describeFrames(frames: readonly number[]): string {
  const slowest = frames
    .map((ms, index) => ({ ms, index }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 6)
    .map((frame) => `${frame.index}: ${frame.ms.toFixed(1)}`);
  return `median ${median([...frames]).toFixed(1)}, p95 ${percentile95(frames).toFixed(1)}, max ${Math.max(...frames).toFixed(1)} ms; slowest frames (index: ms) ${slowest.join(', ')}`;
}
