// Hostile and benign SVG drawings for the sanitizer's tests (and a large benign one for the
// bench), written here rather than read from files: each names the attack it carries.

const SVG = 'xmlns="http://www.w3.org/2000/svg"';
const XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"';

/** The benign part every hostile sample also carries: it must come out intact. */
export const BENIGN_MARK = '<rect id="benign" x="2" y="2" width="20" height="10" fill="#3366cc"/>';

/** A hostile drawing that must come out safe, still drawing {@link BENIGN_MARK}. */
export interface HostileSample {
  name: string;
  svg: string;
  /** What must not be in the output (checked on the text, case-insensitively). */
  absent: RegExp[];
  /** Entries expected in `removed`. */
  removed: string[];
}

function drawing(body: string, rootAttributes = ''): string {
  return `<svg ${SVG} ${XLINK} width="64" height="32"${rootAttributes}>${BENIGN_MARK}${body}</svg>`;
}

export const HOSTILE_SAMPLES: HostileSample[] = [
  { name: 'script element', svg: drawing('<script>alert(1)</script><script type="text/ecmascript" xlink:href="http://evil.example/x.js"/>'), absent: [/<script/i, /alert/], removed: ['script element'] },
  { name: 'script in CDATA', svg: drawing('<script><![CDATA[ if (1 < 2) alert(document.cookie) ]]></script>'), absent: [/<script/i, /cookie/], removed: ['script element'] },
  { name: 'onload and onclick', svg: drawing('<g onclick="alert(1)"><circle r="3" onmouseover="alert(2)"/></g>', ' onload="alert(0)"'), absent: [/\son\w+=/i, /alert/], removed: ['onload attribute', 'onclick attribute', 'onmouseover attribute'] },
  { name: 'event handler in capitals and in a namespace', svg: drawing('<g ONLOAD="alert(1)" xmlns:ev="http://www.w3.org/2001/xml-events" ev:onclick="alert(2)"><rect width="1" height="1"/></g>'), absent: [/onload/i, /onclick/i, /alert/], removed: ['ONLOAD attribute', 'ev:onclick attribute'] },
  { name: 'javascript: in href', svg: drawing('<a href="javascript:alert(1)"><text x="1" y="20">click</text></a>'), absent: [/javascript/i], removed: ['href attribute (script URL)'] },
  { name: 'javascript: in xlink:href', svg: drawing('<a xlink:href="javascript:alert(1)"><circle r="4"/></a>'), absent: [/javascript/i], removed: ['xlink:href attribute (script URL)'] },
  { name: 'JaVaScRiPt: with spaces and a tab', svg: drawing('<a href="  JaVaScRiPt:alert(1)"><circle r="4"/></a><a href="java&#x09;script:alert(2)"><circle r="5"/></a>'), absent: [/script:/i, /alert/], removed: ['href attribute (script URL)'] },
  { name: 'entity-encoded &#106;avascript:', svg: drawing('<a href="&#106;avascript:alert(1)"><circle r="4"/></a><a xlink:href="&#x6A;&#x61;vascript&#58;alert(2)"><circle r="5"/></a>'), absent: [/avascript/i, /alert/], removed: ['href attribute (script URL)', 'xlink:href attribute (script URL)'] },
  { name: 'vbscript: and data:text/html links', svg: drawing('<a href="vbscript:msgbox(1)"><circle r="4"/></a><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="><circle r="5"/></a>'), absent: [/vbscript/i, /text\/html/i], removed: ['href attribute (script URL)', 'href attribute (data URL)'] },
  { name: 'link to another site', svg: drawing('<a href="https://evil.example/phish"><circle r="4"/></a>'), absent: [/evil\.example/], removed: ['href attribute (link to another file)'] },
  { name: '<use href="http://…">', svg: drawing('<use href="http://evil.example/sprites.svg#icon"/><use xlink:href="//evil.example/s.svg#i"/><use href="#benign" x="30"/>'), absent: [/evil\.example/], removed: ['href attribute (link to another file)', 'xlink:href attribute (link to another file)'] },
  { name: 'external and SVG images', svg: drawing('<image href="https://evil.example/track.png" width="4" height="4"/><image href="data:image/svg+xml;base64,PHN2Zy8+" width="4" height="4"/><image href="file:///etc/passwd" width="4" height="4"/>'), absent: [/evil\.example/, /svg\+xml/, /file:/, /<image/], removed: ['href attribute (link to another file)', 'href attribute (data URL)'] },
  { name: 'foreignObject with HTML', svg: drawing('<foreignObject width="100" height="100"><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"></iframe><img src="x" onerror="alert(1)"/></body></foreignObject>'), absent: [/foreignObject/i, /iframe/i, /onerror/i, /evil/], removed: ['foreignObject element'] },
  { name: 'iframe, embed, object', svg: drawing('<iframe src="https://evil.example/"/><embed src="https://evil.example/x.swf"/><object data="https://evil.example/x"/>'), absent: [/iframe/i, /embed/i, /object/i, /evil/], removed: ['iframe element', 'embed element', 'object element'] },
  { name: 'HTML by namespace: xhtml default namespace and a prefixed script', svg: drawing('<g xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></g><svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(2)</svg:script>'), absent: [/script/i, /xhtml/i, /alert/], removed: ['xmlns attribute (namespace declaration)', 'script element', 'svg:script element'] },
  { name: 'href through a rebound prefix', svg: drawing('<a xmlns:x="http://www.w3.org/1999/xlink" x:href="javascript:alert(1)"><circle r="4"/></a>'), absent: [/javascript/i, /x:href/], removed: ['x:href attribute (foreign namespace)', 'xmlns:x attribute (namespace declaration)'] },
  { name: 'xlink prefix bound elsewhere', svg: `<svg ${SVG} xmlns:xlink="https://evil.example/ns" width="64" height="32">${BENIGN_MARK}<a xlink:href="javascript:alert(1)"><circle r="4"/></a></svg>`, absent: [/evil\.example/, /javascript/i], removed: ['xlink:href attribute (script URL)'] },
  { name: 'style element with @import and url(http)', svg: drawing('<style>@import url("https://evil.example/x.css"); @import \'y.css\'; circle { fill: url(https://evil.example/p.svg#p); stroke: red } rect { stroke: url(#grad) } @font-face { font-family: f; src: url(https://evil.example/f.woff) }</style><circle r="3"/>'), absent: [/@import/i, /evil\.example/, /@font-face/i], removed: ['@import rule', 'fill style (link to another file)', '@font-face rule'] },
  { name: 'CSS escapes: @\\69mport and u\\72l(', svg: drawing('<style>@\\69mport "https://evil.example/a.css"; g { background: u\\72l(https://evil.example/b.png) }</style><g style="fill: u\\72l(&quot;https://evil.example/c&quot;); stroke: blue"><circle r="2"/></g><circle r="3" fill="u\\72l(https://evil.example/d)"/>'), absent: [/evil\.example/, /\\/], removed: ['@import rule', 'background style (link to another file)', 'fill style (link to another file)', 'fill attribute (link to another file)'] },
  { name: 'style attribute with url(http) and expression()', svg: drawing('<circle r="3" style="fill: url(\'http://evil.example/x\'); stroke: green"/><circle r="4" style="width: expression(alert(1))"/><circle r="5" style="behavior: url(x.htc)"/>'), absent: [/evil\.example/, /expression/i, /behavior/i], removed: ['fill style (link to another file)', 'width style (CSS script hook)'] },
  { name: 'presentation attributes with url(http) and image-set()', svg: drawing('<circle r="3" fill="url(http://evil.example/p#x)" filter="url( https://evil.example/f#g )" mask="image-set(\'https://evil.example/m.png\' 1x)"/><circle r="2" fill="url(#ok)"/>'), absent: [/evil\.example/], removed: ['fill attribute (link to another file)', 'filter attribute (link to another file)', 'mask attribute (link to another file)'] },
  { name: 'CDATA tricks in text and style', svg: drawing('<text x="1" y="20"><![CDATA[</text><script>alert(1)</script><text>]]></text><style><![CDATA[ circle { fill: red } ]]><![CDATA[ @import "https://evil.example/x.css"; ]]></style>'), absent: [/<script/i, /CDATA/, /evil\.example/], removed: ['@import rule'] },
  { name: 'xml-stylesheet processing instruction and DOCTYPE', svg: `<?xml version="1.0"?><?xml-stylesheet type="text/css" href="https://evil.example/x.css"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${drawing('')}`, absent: [/evil\.example/, /<\?/, /DOCTYPE/i, /DTD/], removed: ['xml-stylesheet processing instruction', 'DOCTYPE'] },
  { name: 'SMIL animation rewriting href or a handler', svg: drawing('<a href="#benign"><set attributeName="href" to="javascript:alert(1)"/><animate attributeName="xlink:href" values="javascript:alert(2)"/><set attributeName="onclick" to="alert(3)"/><circle r="4"/></a><animate attributeName="fill" values="red;url(https://evil.example/p#x)" dur="1s"/>'), absent: [/javascript/i, /onclick/i, /evil\.example/], removed: ['set element (animates href)', 'animate element (animates xlink:href)', 'set element (animates onclick)', 'values attribute (link to another file)'] },
  { name: 'names that are not names (U+1680, U+FEFF before onload), HREF in capitals, ping', svg: drawing('<g \u1680onload="alert(1)" a\u1680b="1"><rect width="1" height="1"/></g><a HREF="https://evil.example/" ping="https://evil.example/p"><circle r="4"/></a>', ' \ufeffonclick="alert(2)"'), absent: [/onload/i, /onclick/i, /alert/, /evil\.example/, /ping/, /[\u1680\ufeff]/], removed: ['?onload attribute (not an SVG attribute name)', 'a?b attribute (not an SVG attribute name)', '?onclick attribute (not an SVG attribute name)', 'HREF attribute (link to another file)', 'ping attribute (link to another file)'] },
  { name: 'xml:base and unknown elements', svg: drawing('<g xml:base="https://evil.example/"><use href="#benign"/></g><handler type="application/ecmascript">alert(1)</handler><listener event="click"/><tref xlink:href="https://evil.example/t"/>'), absent: [/evil\.example/, /handler/, /listener/, /tref/], removed: ['xml:base attribute (foreign namespace)', 'handler element', 'listener element', 'tref element'] },
];

/** A drawing with enough of everything allowed to show whether sanitizing changes a pixel. */
export const BENIGN_DRAWING = `<?xml version="1.0" encoding="UTF-8"?>
<!-- A benign drawing: gradients, a pattern, a clip path, a filter, text, use, an embedded PNG. -->
<svg ${SVG} ${XLINK} width="240" height="160" viewBox="0 0 120 80">
  <metadata>made by hand</metadata>
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="rgb(40, 90, 200)"/>
      <stop offset="1" stop-color="#aaddff"/>
    </linearGradient>
    <pattern id="dots" width="8" height="8" patternUnits="userSpaceOnUse">
      <circle cx="4" cy="4" r="1.5" fill="white" fill-opacity="0.6"/>
    </pattern>
    <clipPath id="round"><circle cx="90" cy="40" r="22"/></clipPath>
    <filter id="soft"><feGaussianBlur stdDeviation="1.2"/></filter>
    <symbol id="star" viewBox="0 0 10 10"><path d="M5 0 L6.2 3.8 L10 3.8 L7 6.2 L8 10 L5 7.6 L2 10 L3 6.2 L0 3.8 L3.8 3.8 Z" fill="gold"/></symbol>
  </defs>
  <style>.hill { fill: #2e7d32; stroke: #1b5e20; stroke-width: 0.8 } .sun { fill: url(#sky) }</style>
  <rect width="120" height="80" fill="url(#sky)"/>
  <rect width="120" height="80" fill="url(#dots)"/>
  <g transform="translate(0 10)">
    <path class="hill" d="M0 60 Q 30 30 60 55 T 120 50 V 70 H 0 Z"/>
  </g>
  <g clip-path="url(#round)">
    <rect x="60" y="10" width="60" height="60" fill="orange" filter="url(#soft)"/>
  </g>
  <use xlink:href="#star" x="10" y="8" width="12" height="12"/>
  <use href="#star" x="26" y="14" width="8" height="8"/>
  <ellipse cx="100" cy="70" rx="6" ry="6" fill="none" stroke="red" stroke-width="1"/>
  <image x="4" y="60" width="8" height="8" href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP4z8DwHwyBNAPDfwYGBgB/ZQj4l1aAwwAAAABJRU5ErkJggg=="/>
  <text x="6" y="76" font-family="sans-serif" font-size="6" fill="#222">Hello, drawing &amp; friends</text>
</svg>
`;

/**
 * A benign drawing of about `bytes` bytes: gradients, many paths of cubic curves (the bulk
 * of any large drawing), groups with text. Deterministic.
 */
export function largeDrawing(bytes: number): string {
  const parts: string[] = [`<?xml version="1.0" encoding="UTF-8"?>\n<svg ${SVG} width="1024" height="1024" viewBox="0 0 1024 1024">\n<defs>`];
  for (let i = 0; i < 16; i++) {
    parts.push(`<linearGradient id="g${i}" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="rgb(${i * 13},${200 - i * 9},120)"/><stop offset="1" stop-color="#${((i * 123457) % 0xffffff).toString(16).padStart(6, '0')}"/></linearGradient>`);
  }
  parts.push('</defs>\n');
  let size = parts.join('').length;
  let seed = 7;
  const next = () => (((seed = (seed * 1103515245 + 12345) >>> 0) % 10240) / 10).toFixed(1);
  for (let n = 0; size < bytes - 10; n++) {
    let d = `M ${next()} ${next()}`;
    for (let k = 0; k < 12; k++) d += ` C ${next()} ${next()}, ${next()} ${next()}, ${next()} ${next()}`;
    const element =
      n % 50 === 0
        ? `<g transform="translate(${n % 7} ${n % 5})" opacity="0.9">\n  <path d="${d} Z" fill="url(#g${n % 16})" stroke="#000000" stroke-width="0.5"/>\n  <text x="${next()}" y="${next()}" font-family="sans-serif" font-size="12" fill="white">label ${n}</text>\n</g>\n`
        : `<path d="${d} Z" fill="url(#g${n % 16})" fill-opacity="0.6" stroke="rgb(20, 20, 20)" stroke-width="1"/>\n`;
    parts.push(element);
    size += element.length;
  }
  parts.push('</svg>\n');
  return parts.join('');
}
