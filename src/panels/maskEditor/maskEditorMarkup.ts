// The mask editor's static markup (no data: everything variable arrives in the `init`
// message). Icons are codicons; every control has a label or a title for screen readers.
// Its text is in VS Code's display language (vscode.l10n.t), escaped for HTML.
import * as vscode from 'vscode';
import { formatNumber } from '../../../shared/localeFormat';
import { escapeAttribute as a } from '../webviewHtml';

/** Escaped text in which `<strong>` and `</strong>` (a translator's emphasis) stay markup. */
const strong = (text: string) => a(text).replace(/&lt;(\/?)strong&gt;/g, '<$1strong>');

const button = (id: string, icon: string, title: string, extra = '') =>
  // eslint-disable-next-line image-studio/localized-text -- HTML markup; its title is localized by the caller
  `<button type="button" id="${id}" class="icon-button" title="${a(title)}" aria-label="${a(title)}" ${extra}><i class="codicon codicon-${icon}"></i></button>`;

const tool = (name: string, icon: string, title: string) =>
  // eslint-disable-next-line image-studio/localized-text -- HTML markup; its title is localized by the caller
  `<button type="button" class="icon-button tool" data-tool="${name}" title="${a(title)}" aria-label="${a(title)}" aria-pressed="false"><i class="codicon codicon-${icon}"></i></button>`;

const annotateTool = (name: string, icon: string, title: string) =>
  // eslint-disable-next-line image-studio/localized-text -- HTML markup; its title is localized by the caller
  `<button type="button" class="icon-button annotate-tool" data-annotate-tool="${name}" title="${a(title)}" aria-label="${a(title)}" aria-pressed="false"><i class="codicon codicon-${icon}"></i></button>`;

/** Annotate mode's colours (the values match webview/maskEditor/annotations.ts). */
function colors(): [string, string][] {
  return [
    ['#ff1f1f', vscode.l10n.t('Red')],
    ['#ffd400', vscode.l10n.t('Yellow')],
    ['#00c853', vscode.l10n.t('Green')],
    ['#2979ff', vscode.l10n.t('Blue')],
    ['#ffffff', vscode.l10n.t('White')],
  ];
}
const swatch = ([value, label]: [string, string]) =>
  // eslint-disable-next-line image-studio/localized-text -- HTML markup; its label is localized by the caller
  `<button type="button" class="swatch" data-color="${value}" title="${a(label)}" aria-label="${a(label)}" aria-pressed="false"></button>`;

const side = (name: string, label: string) =>
  // eslint-disable-next-line image-studio/localized-text -- HTML markup; its label is localized by the caller
  `<label class="extend-side">${a(label)}<input type="number" id="extend-${name}" min="0" step="16" value="0" inputmode="numeric"></label>`;

/** The body of the mask editor's page, in the display language. */
export function maskEditorBody(): string {
  // eslint-disable-next-line image-studio/localized-text -- HTML markup; every text in it goes through vscode.l10n.t
  return `
<div class="app">
  <header class="toolbar" role="toolbar" aria-label="${a(vscode.l10n.t('Mask tools'))}">
    <div class="group mode-switch" role="group" aria-label="${a(vscode.l10n.t('What to draw'))}">
      <button type="button" id="mode-mask" class="text-button mode" aria-pressed="true" title="${a(vscode.l10n.t('Paint the area to change: Generate sends a mask'))}"><i class="codicon codicon-paintcan"></i> ${a(vscode.l10n.t('Mask'))}</button>
      <button type="button" id="mode-annotate" class="text-button mode" aria-pressed="false" title="${a(vscode.l10n.t('Draw arrows, shapes and notes: Generate sends them as markup'))}"><i class="codicon codicon-edit"></i> ${a(vscode.l10n.t('Annotate'))}</button>
      <span id="mode-note" class="mode-note" hidden></span>
    </div>
    <div class="group annotate-only">
      ${annotateTool('pen', 'edit', vscode.l10n.t('Pen: draw freely'))}
      ${annotateTool('arrow', 'arrow-right', vscode.l10n.t('Arrow: drag from the tail to the point'))}
      ${annotateTool('box', 'primitive-square', vscode.l10n.t('Box: drag a rectangle'))}
      ${annotateTool('ellipse', 'circle-large', vscode.l10n.t('Ellipse: drag a circle or an oval'))}
      ${annotateTool('text', 'symbol-text', vscode.l10n.t('Text label: type the words, then click where they go'))}
    </div>
    <div class="group annotate-only">
      <input type="text" id="annotate-text" class="annotate-text" maxlength="200" placeholder="${a(vscode.l10n.t('Label text'))}" aria-label="${a(vscode.l10n.t('Label text'))}">
    </div>
    <div class="group annotate-only swatches" role="group" aria-label="${a(vscode.l10n.t('Colour'))}">${colors().map(swatch).join('')}</div>
    <div class="group annotate-only" role="group" aria-label="${a(vscode.l10n.t('Line width'))}">
      <button type="button" class="text-button line-width" data-width="thin" aria-pressed="true" title="${a(vscode.l10n.t('Thin lines'))}">${a(vscode.l10n.t('Thin'))}</button>
      <button type="button" class="text-button line-width" data-width="thick" aria-pressed="false" title="${a(vscode.l10n.t('Thick lines'))}">${a(vscode.l10n.t('Thick'))}</button>
    </div>
    <div class="group mask-only">
      ${tool('brush', 'edit', vscode.l10n.t('Brush: paint what to change (B)'))}
      ${tool('eraser', 'circle-slash', vscode.l10n.t('Eraser (E)'))}
      ${tool('rect', 'primitive-square', vscode.l10n.t('Rectangle: drag to select, Alt subtracts (M)'))}
      ${tool('lasso', 'debug-disconnect', vscode.l10n.t('Lasso: drag around an area, Alt subtracts (L)'))}
    </div>
    <div class="group sliders mask-only">
      <label title="${a(vscode.l10n.t('Brush size ([ and ])'))}">${a(vscode.l10n.t('Size'))} <input type="range" id="brush-size" min="1" max="500" value="64"><output id="brush-size-value">64</output></label>
      <label title="${a(vscode.l10n.t('Brush hardness (Shift+[ and Shift+])'))}">${a(vscode.l10n.t('Hardness'))} <input type="range" id="brush-hardness" min="0" max="100" value="80"><output id="brush-hardness-value">80%</output></label>
    </div>
    <div class="group mask-only">
      ${button('invert', 'arrow-swap', vscode.l10n.t('Invert the mask (I)'))}
      ${button('clear', 'clear-all', vscode.l10n.t('Clear the mask (Delete)'))}
    </div>
    <div class="group">
      ${button('undo', 'discard', vscode.l10n.t('Undo (Ctrl+Z)'))}
      ${button('redo', 'redo', vscode.l10n.t('Redo (Ctrl+Shift+Z, Ctrl+Y)'))}
    </div>
    <div class="group mask-only">
      <select id="overlay" title="${a(vscode.l10n.t('How the area to edit is shown'))}" aria-label="${a(vscode.l10n.t('Show the area to edit as'))}"><option value="tint">${a(vscode.l10n.t('Tint'))}</option><option value="checker">${a(vscode.l10n.t('Checkerboard'))}</option></select>
    </div>
    <div class="group">
      ${button('zoom-out', 'zoom-out', vscode.l10n.t('Zoom out (-)'))}
      <button type="button" id="zoom-label" class="text-button" title="${a(vscode.l10n.t('Zoom: click for 100% (1)'))}">100%</button>
      ${button('zoom-in', 'zoom-in', vscode.l10n.t('Zoom in (+)'))}
      ${button('zoom-fit', 'screen-full', vscode.l10n.t('Fit to window (F)'))}
    </div>
    <div class="group">
      <button type="button" id="extend-toggle" class="text-button" aria-expanded="false" aria-controls="extend-panel" title="${a(vscode.l10n.t('Extend the canvas for outpainting (X)'))}"><i class="codicon codicon-arrow-both"></i> ${a(vscode.l10n.t('Extend…'))}</button>
    </div>
  </header>
  <section id="extend-panel" class="extend-panel" hidden aria-label="${a(vscode.l10n.t('Extend the canvas'))}">
    <p class="hint">${a(vscode.l10n.t('New area is transparent and always part of the mask: the model paints it.'))}</p>
    <div class="extend-sides">${side('left', vscode.l10n.t('Left'))}${side('top', vscode.l10n.t('Top'))}${side('right', vscode.l10n.t('Right'))}${side('bottom', vscode.l10n.t('Bottom'))}</div>
    <div class="extend-row">
      <label>${a(vscode.l10n.t('To shape'))} <select id="extend-aspect"></select></label>
      <label>${a(vscode.l10n.t('Anchor'))} <select id="extend-anchor">
        <option value="center">${a(vscode.l10n.t('Centre'))}</option><option value="left">${a(vscode.l10n.t('Keep left'))}</option><option value="right">${a(vscode.l10n.t('Keep right'))}</option>
        <option value="top">${a(vscode.l10n.t('Keep top'))}</option><option value="bottom">${a(vscode.l10n.t('Keep bottom'))}</option></select></label>
      <label><input type="checkbox" id="extend-round"> <span id="extend-multiple">${a(vscode.l10n.t('Round to multiples of {multiple}', { multiple: formatNumber(16) }))}</span></label>
    </div>
    <div class="extend-row">
      <span id="extend-result" class="hint"></span>
      <button type="button" id="extend-apply" class="primary">${a(vscode.l10n.t('Apply'))}</button>
      <button type="button" id="extend-reset">${a(vscode.l10n.t('Remove extension'))}</button>
    </div>
  </section>
  <main class="workspace">
    <div id="viewport" class="viewport" tabindex="0" aria-label="${a(vscode.l10n.t('Image and mask: paint with the pointer'))}">
      <div id="stage" class="stage">
        <div id="checker" class="checker"></div>
        <canvas id="image-canvas" class="layer"></canvas>
        <div id="mask-group" class="mask-group">
          <canvas id="mask-canvas" class="layer"></canvas>
          <canvas id="stroke-canvas" class="layer"></canvas>
        </div>
        <div id="annotation-group" class="annotation-group">
          <canvas id="annotation-canvas" class="layer"></canvas>
          <canvas id="annotation-live" class="layer"></canvas>
        </div>
        <div id="compare" class="compare" hidden><img id="compare-image" alt="${a(vscode.l10n.t('Result'))}"></div>
        <svg id="guides" class="guides" xmlns="http://www.w3.org/2000/svg">
          <rect id="base-outline" class="base-outline"></rect>
          <path id="selection-path" class="selection-path"></path>
        </svg>
      </div>
      <div id="compare-handle" class="compare-handle" hidden role="slider" aria-label="${a(vscode.l10n.t('Before and after'))}" aria-valuemin="0" aria-valuemax="100" tabindex="0"></div>
      <div id="compare-banner" class="compare-banner" hidden role="status">
        <span>${a(vscode.l10n.t('Comparing before and after: drawing is paused.'))}</span>
        <button type="button" id="compare-back" class="primary">${a(vscode.l10n.t('Back to editing'))}</button>
      </div>
      <div id="brush-cursor" class="brush-cursor" hidden></div>
      <div id="loading" class="loading" role="status">${a(vscode.l10n.t('Loading image…'))}</div>
    </div>
    <aside class="side" aria-label="${a(vscode.l10n.t('Edit'))}">
      <label for="prompt" class="field-label">${a(vscode.l10n.t('Prompt'))}</label>
      <textarea id="prompt" rows="6" placeholder="${a(vscode.l10n.t('Describe the whole new image: what stays and what the painted area becomes.'))}"></textarea>
      <p class="hint">${strong(vscode.l10n.t('Describe the <strong>whole</strong> new image, not only the painted part: the model redraws the picture from your words.'))}</p>
      <div class="params">
        <label>${a(vscode.l10n.t('Model'))} <select id="model"></select></label>
        <label>${a(vscode.l10n.t('Size'))} <select id="size"></select></label>
        <label>${a(vscode.l10n.t('Quality'))} <select id="quality"></select></label>
        <label id="complexity-field" hidden>${a(vscode.l10n.t('Complexity'))} <select id="complexity"></select></label>
        <label>${a(vscode.l10n.t('Images'))} <input type="number" id="count" min="1" max="10" value="1"></label>
        <label id="format-field">${a(vscode.l10n.t('Format'))} <select id="format"></select></label>
        <label id="background-field">${a(vscode.l10n.t('Background'))} <select id="background"></select></label>
      </div>
      <label class="check"><input type="checkbox" id="strict" checked> ${a(vscode.l10n.t('Strict composite: keep every pixel outside the mask exactly'))}</label>
      <label class="inline" id="feather-field">${a(vscode.l10n.t('Blend edge'))} <input type="number" id="feather" min="0" max="32" value="2"> px</label>
      <div id="cost" class="cost" title=""></div>
      <div id="sends" class="sends" role="status"></div>
      <div class="actions">
        <button type="button" id="generate" class="primary">${a(vscode.l10n.t('Generate'))}</button>
        <button type="button" id="cancel" hidden>${a(vscode.l10n.t('Cancel'))}</button>
      </div>
      <div id="status" class="status" role="status" aria-live="polite"></div>
      <section id="results-section" class="results-section" hidden aria-label="${a(vscode.l10n.t('Results'))}">
        <h2>${a(vscode.l10n.t('Results'))}</h2>
        <div id="results" class="results" role="listbox" aria-label="${a(vscode.l10n.t('Results'))}"></div>
        <div id="result-actions" class="result-actions" hidden>
          <label class="inline"><input type="checkbox" id="compare-toggle" checked> ${a(vscode.l10n.t('Before/after slider'))}</label>
          <div class="actions">
            <button type="button" id="keep" class="primary" title="${a(vscode.l10n.t('Save beside the original, never overwriting'))}">${a(vscode.l10n.t('Keep'))}</button>
            <button type="button" id="discard">${a(vscode.l10n.t('Discard'))}</button>
          </div>
          <div class="actions">
            <button type="button" id="edit-again">${a(vscode.l10n.t('Edit again from this result'))}</button>
            <button type="button" id="back-to-mask">${a(vscode.l10n.t('Back to the mask'))}</button>
          </div>
          <div id="kept-note" class="hint"></div>
        </div>
      </section>
    </aside>
  </main>
  <footer class="statusbar">
    <span id="image-info"></span>
    <span id="cursor-info"></span>
    <span id="mask-info"></span>
  </footer>
</div>`;
}
