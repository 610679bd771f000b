// The mask editor's static markup (no data: everything variable arrives in the `init`
// message). Icons are codicons; every control has a label or a title for screen readers.

const button = (id: string, icon: string, title: string, extra = '') =>
  `<button type="button" id="${id}" class="icon-button" title="${title}" aria-label="${title}" ${extra}><i class="codicon codicon-${icon}"></i></button>`;

const tool = (name: string, icon: string, title: string) =>
  `<button type="button" class="icon-button tool" data-tool="${name}" title="${title}" aria-label="${title}" aria-pressed="false"><i class="codicon codicon-${icon}"></i></button>`;

const annotateTool = (name: string, icon: string, title: string) =>
  `<button type="button" class="icon-button annotate-tool" data-annotate-tool="${name}" title="${title}" aria-label="${title}" aria-pressed="false"><i class="codicon codicon-${icon}"></i></button>`;

/** Annotate mode's colours (the values match webview/maskEditor/annotations.ts). */
const COLORS: [string, string][] = [
  ['#ff1f1f', 'Red'],
  ['#ffd400', 'Yellow'],
  ['#00c853', 'Green'],
  ['#2979ff', 'Blue'],
  ['#ffffff', 'White'],
];
const swatch = ([value, label]: [string, string]) =>
  `<button type="button" class="swatch" data-color="${value}" title="${label}" aria-label="${label}" aria-pressed="false"></button>`;

const side = (name: string, label: string) =>
  `<label class="extend-side">${label}<input type="number" id="extend-${name}" min="0" step="16" value="0" inputmode="numeric"></label>`;

/** The body of the mask editor's page. */
export const MASK_EDITOR_BODY = `
<div class="app">
  <header class="toolbar" role="toolbar" aria-label="Mask tools">
    <div class="group mode-switch" role="group" aria-label="What to draw">
      <button type="button" id="mode-mask" class="text-button mode" aria-pressed="true" title="Paint the area to change: Generate sends a mask"><i class="codicon codicon-paintcan"></i> Mask</button>
      <button type="button" id="mode-annotate" class="text-button mode" aria-pressed="false" title="Draw arrows, shapes and notes: Generate sends them as markup"><i class="codicon codicon-edit"></i> Annotate</button>
      <span id="mode-note" class="mode-note" hidden></span>
    </div>
    <div class="group annotate-only">
      ${annotateTool('pen', 'edit', 'Pen: draw freely')}
      ${annotateTool('arrow', 'arrow-right', 'Arrow: drag from the tail to the point')}
      ${annotateTool('box', 'primitive-square', 'Box: drag a rectangle')}
      ${annotateTool('ellipse', 'circle-large', 'Ellipse: drag a circle or an oval')}
      ${annotateTool('text', 'symbol-text', 'Text label: type the words, then click where they go')}
    </div>
    <div class="group annotate-only">
      <input type="text" id="annotate-text" class="annotate-text" maxlength="200" placeholder="Label text" aria-label="Label text">
    </div>
    <div class="group annotate-only swatches" role="group" aria-label="Colour">${COLORS.map(swatch).join('')}</div>
    <div class="group annotate-only" role="group" aria-label="Line width">
      <button type="button" class="text-button line-width" data-width="thin" aria-pressed="true" title="Thin lines">Thin</button>
      <button type="button" class="text-button line-width" data-width="thick" aria-pressed="false" title="Thick lines">Thick</button>
    </div>
    <div class="group mask-only">
      ${tool('brush', 'edit', 'Brush: paint what to change (B)')}
      ${tool('eraser', 'circle-slash', 'Eraser (E)')}
      ${tool('rect', 'primitive-square', 'Rectangle: drag to select, Alt subtracts (M)')}
      ${tool('lasso', 'debug-disconnect', 'Lasso: drag around an area, Alt subtracts (L)')}
    </div>
    <div class="group sliders mask-only">
      <label title="Brush size ([ and ])">Size <input type="range" id="brush-size" min="1" max="500" value="64"><output id="brush-size-value">64</output></label>
      <label title="Brush hardness (Shift+[ and Shift+])">Hardness <input type="range" id="brush-hardness" min="0" max="100" value="80"><output id="brush-hardness-value">80%</output></label>
    </div>
    <div class="group mask-only">
      ${button('invert', 'arrow-swap', 'Invert the mask (I)')}
      ${button('clear', 'clear-all', 'Clear the mask (Delete)')}
    </div>
    <div class="group">
      ${button('undo', 'discard', 'Undo (Ctrl+Z)')}
      ${button('redo', 'redo', 'Redo (Ctrl+Shift+Z, Ctrl+Y)')}
    </div>
    <div class="group mask-only">
      <select id="overlay" title="How the area to edit is shown" aria-label="Show the area to edit as"><option value="tint">Tint</option><option value="checker">Checkerboard</option></select>
    </div>
    <div class="group">
      ${button('zoom-out', 'zoom-out', 'Zoom out (-)')}
      <button type="button" id="zoom-label" class="text-button" title="Zoom: click for 100% (1)">100%</button>
      ${button('zoom-in', 'zoom-in', 'Zoom in (+)')}
      ${button('zoom-fit', 'screen-full', 'Fit to window (F)')}
    </div>
    <div class="group">
      <button type="button" id="extend-toggle" class="text-button" aria-expanded="false" aria-controls="extend-panel" title="Extend the canvas for outpainting (X)"><i class="codicon codicon-arrow-both"></i> Extend…</button>
    </div>
  </header>
  <section id="extend-panel" class="extend-panel" hidden aria-label="Extend the canvas">
    <p class="hint">New area is transparent and always part of the mask: the model paints it.</p>
    <div class="extend-sides">${side('left', 'Left')}${side('top', 'Top')}${side('right', 'Right')}${side('bottom', 'Bottom')}</div>
    <div class="extend-row">
      <label>To shape <select id="extend-aspect"></select></label>
      <label>Anchor <select id="extend-anchor">
        <option value="center">Centre</option><option value="left">Keep left</option><option value="right">Keep right</option>
        <option value="top">Keep top</option><option value="bottom">Keep bottom</option></select></label>
      <label><input type="checkbox" id="extend-round"> Round to multiples of <span id="extend-multiple">16</span></label>
    </div>
    <div class="extend-row">
      <span id="extend-result" class="hint"></span>
      <button type="button" id="extend-apply" class="primary">Apply</button>
      <button type="button" id="extend-reset">Remove extension</button>
    </div>
  </section>
  <main class="workspace">
    <div id="viewport" class="viewport" tabindex="0" aria-label="Image and mask: paint with the pointer">
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
        <div id="compare" class="compare" hidden><img id="compare-image" alt="Result"></div>
        <svg id="guides" class="guides" xmlns="http://www.w3.org/2000/svg">
          <rect id="base-outline" class="base-outline"></rect>
          <path id="selection-path" class="selection-path"></path>
        </svg>
      </div>
      <div id="compare-handle" class="compare-handle" hidden role="slider" aria-label="Before and after" aria-valuemin="0" aria-valuemax="100" tabindex="0"></div>
      <div id="compare-banner" class="compare-banner" hidden role="status">
        <span>Comparing before and after: drawing is paused.</span>
        <button type="button" id="compare-back" class="primary">Back to editing</button>
      </div>
      <div id="brush-cursor" class="brush-cursor" hidden></div>
      <div id="loading" class="loading" role="status">Loading image…</div>
    </div>
    <aside class="side" aria-label="Edit">
      <label for="prompt" class="field-label">Prompt</label>
      <textarea id="prompt" rows="6" placeholder="Describe the whole new image: what stays and what the painted area becomes."></textarea>
      <p class="hint">Describe the <strong>whole</strong> new image, not only the painted part: the model redraws the picture from your words.</p>
      <div class="params">
        <label>Model <select id="model"></select></label>
        <label>Size <select id="size"></select></label>
        <label>Quality <select id="quality"></select></label>
        <label>Images <input type="number" id="count" min="1" max="10" value="1"></label>
        <label id="format-field">Format <select id="format"></select></label>
        <label id="background-field">Background <select id="background"></select></label>
      </div>
      <label class="check"><input type="checkbox" id="strict" checked> Strict composite: keep every pixel outside the mask exactly</label>
      <label class="inline" id="feather-field">Blend edge <input type="number" id="feather" min="0" max="32" value="2"> px</label>
      <div id="cost" class="cost" title=""></div>
      <div id="sends" class="sends" role="status"></div>
      <div class="actions">
        <button type="button" id="generate" class="primary">Generate</button>
        <button type="button" id="cancel" hidden>Cancel</button>
      </div>
      <div id="status" class="status" role="status" aria-live="polite"></div>
      <section id="results-section" class="results-section" hidden aria-label="Results">
        <h2>Results</h2>
        <div id="results" class="results" role="listbox" aria-label="Results"></div>
        <div id="result-actions" class="result-actions" hidden>
          <label class="inline"><input type="checkbox" id="compare-toggle" checked> Before/after slider</label>
          <div class="actions">
            <button type="button" id="keep" class="primary" title="Save beside the original, never overwriting">Keep</button>
            <button type="button" id="discard">Discard</button>
          </div>
          <div class="actions">
            <button type="button" id="edit-again">Edit again from this result</button>
            <button type="button" id="back-to-mask">Back to the mask</button>
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
