// The gallery icon (media/icon.png, 128x128): a picture frame with a spark, drawn here as
// SVG and rendered with sharp, because the marketplaces refuse an SVG icon.
// Run `node scripts/packaging/makeIcon.mjs` after changing the drawing; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ROOT } from '../tools.mjs';

/** A frame with a landscape in it, and a four-point spark that cuts the frame's corner. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="ground" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#312e81"/>
      <stop offset="1" stop-color="#7e22ce"/>
    </linearGradient>
    <mask id="aroundSpark">
      <rect width="128" height="128" fill="#fff"/>
      <circle cx="92" cy="38" r="22" fill="#000"/>
    </mask>
  </defs>
  <rect x="2" y="2" width="124" height="124" rx="28" fill="url(#ground)"/>
  <g mask="url(#aroundSpark)">
    <rect x="21" y="35" width="74" height="66" rx="11" fill="none" stroke="#ffffff" stroke-width="7"/>
    <circle cx="43" cy="57" r="7.5" fill="#ffffff"/>
    <path d="M28 94 L51 69 Q53 67 55 69 L66 81 L74 73 Q76 71 78 73 L92 94 Z" fill="#ffffff"/>
  </g>
  <path d="M92 18 C94 31 98 35 111 37 C98 39 94 43 92 56 C90 43 86 39 73 37 C86 35 90 31 92 18 Z" fill="#fcd34d"/>
</svg>`;

async function main() {
  const out = join(ROOT, 'media', 'icon.png');
  const png = await sharp(Buffer.from(ICON_SVG)).resize(128, 128).png({ compressionLevel: 9, palette: false }).toBuffer();
  writeFileSync(out, png);
  console.log(`${out}: ${png.length} bytes`);
}

await main();
