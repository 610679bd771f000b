// Real SVG documents for `output_format: 'svg'`: well-formed XML whose width, height and
// viewBox are the asked size, a few shapes, and the prompt as escaped <text>. And, for the
// `hostileSvg` fault, a document carrying what an SVG sanitizer must remove.
import { escapeXml, palette, wrap } from './images';

export interface SvgOptions {
  width: number;
  height: number;
  prompt: string;
  transparent?: boolean;
}

/** Text as XML 1.0 character data: characters XML forbids become spaces, markup is escaped. */
function xmlText(text: string): string {
  return escapeXml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ' '));
}

function root(width: number, height: number, extra = ''): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"${extra}>`;
}

function promptText(options: SvgOptions): string {
  const { width, height } = options;
  const fontSize = Math.max(8, Math.round(Math.min(width, height) / 16));
  const perLine = Math.max(4, Math.floor((width * 0.9) / (fontSize * 0.6)));
  const lines = wrap(options.prompt, perLine, 4);
  const top = height * 0.75 - ((lines.length - 1) * fontSize * 1.25) / 2;
  return lines
    .map(
      (line, i) =>
        `<text x="${num(width / 2)}" y="${num(top + i * fontSize * 1.25)}" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="white" text-anchor="middle">${xmlText(line)}</text>`,
    )
    .join('\n  ');
}

/** A coordinate as written: at most one decimal. */
function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function shapes(options: SvgOptions): string {
  const { width: w, height: h } = options;
  const [r, g, b, r2, g2, b2, r3, g3, b3] = palette(options.prompt);
  return [
    options.transparent ? '' : `<rect x="0" y="0" width="${w}" height="${h}" fill="rgb(${r},${g},${b})"/>`,
    `<circle cx="${num(w * 0.3)}" cy="${num(h * 0.35)}" r="${num(Math.min(w, h) * 0.18)}" fill="rgb(${r2},${g2},${b2})"/>`,
    `<rect x="${num(w * 0.55)}" y="${num(h * 0.2)}" width="${num(w * 0.3)}" height="${num(h * 0.3)}" rx="${num(Math.min(w, h) * 0.03)}" fill="rgb(${r3},${g3},${b3})"/>`,
    `<polygon points="${num(w * 0.1)},${num(h * 0.6)} ${num(w * 0.5)},${num(h * 0.55)} ${num(w * 0.9)},${num(h * 0.6)}" fill="none" stroke="white" stroke-width="${Math.max(1, Math.round(Math.min(w, h) / 128))}"/>`,
  ]
    .filter(Boolean)
    .join('\n  ');
}

/** The SVG the service's author model would return, as UTF-8 bytes. */
export function renderSvg(options: SvgOptions): Buffer {
  const title = `<title>${xmlText(options.prompt)}</title>`;
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${root(options.width, options.height)}\n  ${title}\n  ${shapes(options)}\n  ${promptText(options)}\n</svg>\n`);
}

/**
 * What the `hostileSvg` fault puts in the answer: still well-formed XML of the asked size
 * (so a sanitizer, not the XML parser, has to deal with it), carrying each of these.
 */
export const HOSTILE_SVG_PARTS = {
  script: '<script type="application/ecmascript">alert(\'script\')</script>',
  onload: 'onload="alert(\'onload\')"',
  javascriptHref: 'href="javascript:alert(\'href\')"',
  externalHref: 'xlink:href="http://tracker.example.invalid/pixel.png"',
  foreignObject: '<foreignObject',
} as const;

export function renderHostileSvg(options: SvgOptions): Buffer {
  const { width: w, height: h } = options;
  const xlink = ' xmlns:xlink="http://www.w3.org/1999/xlink"';
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n${root(w, h, `${xlink} ${HOSTILE_SVG_PARTS.onload}`)}\n` +
      `  ${HOSTILE_SVG_PARTS.script}\n` +
      `  ${shapes(options)}\n` +
      `  <a ${HOSTILE_SVG_PARTS.javascriptHref}><rect x="0" y="0" width="${num(w / 4)}" height="${num(h / 4)}" fill="red"/></a>\n` +
      `  <image x="0" y="0" width="1" height="1" ${HOSTILE_SVG_PARTS.externalHref}/>\n` +
      `  ${HOSTILE_SVG_PARTS.foreignObject} x="0" y="${num(h / 2)}" width="${w}" height="${num(h / 2)}"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="http://tracker.example.invalid/frame.html"></iframe><img src="x" onerror="alert('foreignObject')"/></div></foreignObject>\n` +
      `  ${promptText(options)}\n</svg>\n`,
  );
}
