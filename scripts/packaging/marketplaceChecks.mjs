// What the Visual Studio Marketplace or Open VSX would refuse, or show broken, checked before
// anything is published (`npm run publish:dry`, scripts/packaging/publishDry.mjs). Pure functions over
// the manifest, the icon's bytes and the README text, so the unit tests run them directly.

/** The categories VS Code and the Marketplace know (anything else is refused or dropped). */
export const MARKETPLACE_CATEGORIES = new Set([
  'AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters',
  'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Other',
  'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization',
]);
/** The Marketplace takes at most this many keywords. */
export const MAX_KEYWORDS = 30;
/** Hosts whose SVG badges the Marketplace shows; any other SVG image in a README is refused. */
const TRUSTED_SVG_HOSTS = new Set(['img.shields.io', 'badgen.net', 'badge.fury.io', 'codecov.io', 'vsmarketplacebadges.dev']);

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** @param {unknown} value */
function isHttpsUrl(value) {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** @param {unknown} value @returns {string | undefined} */
function urlOf(value) {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'url' in value && typeof value.url === 'string') return value.url;
  return undefined;
}

/**
 * Problems with the manifest's gallery fields.
 * @param {Record<string, any>} manifest package.json
 * @param {{ exists: (path: string) => boolean }} files the project's files, relative to its root
 * @returns {string[]}
 */
export function manifestProblems(manifest, files) {
  const problems = [];
  for (const field of ['name', 'displayName', 'description', 'version', 'publisher', 'license', 'icon', 'repository', 'bugs', 'homepage', 'categories', 'keywords', 'galleryBanner', 'qna', 'extensionKind']) {
    if (manifest[field] === undefined || manifest[field] === '') problems.push(`package.json: no "${field}"`);
  }
  if (manifest.name !== undefined && !NAME.test(manifest.name)) problems.push(`package.json: "name" must be lowercase letters, digits and dashes (${manifest.name})`);
  if (manifest.publisher !== undefined && !NAME.test(manifest.publisher)) problems.push(`package.json: "publisher" must be lowercase letters, digits and dashes (${manifest.publisher})`);
  if (manifest.version !== undefined && !SEMVER.test(manifest.version)) problems.push(`package.json: "version" is not semver (${manifest.version})`);
  if (!manifest.engines?.vscode) problems.push('package.json: no "engines.vscode"');
  for (const [field, value] of [['repository', urlOf(manifest.repository)], ['bugs', urlOf(manifest.bugs)], ['homepage', manifest.homepage]]) {
    if (value !== undefined && !isHttpsUrl(value)) problems.push(`package.json: "${field}" is not an https URL (${value})`);
  }
  if (manifest.qna !== undefined && manifest.qna !== 'marketplace' && manifest.qna !== false && !isHttpsUrl(manifest.qna)) {
    problems.push(`package.json: "qna" must be "marketplace", false or an https URL (${manifest.qna})`);
  }
  if (Array.isArray(manifest.categories)) {
    if (manifest.categories.length === 0) problems.push('package.json: "categories" is empty');
    for (const category of manifest.categories) {
      if (!MARKETPLACE_CATEGORIES.has(category)) problems.push(`package.json: unknown category "${category}" (known: ${[...MARKETPLACE_CATEGORIES].join(', ')})`);
    }
  } else if (manifest.categories !== undefined) problems.push('package.json: "categories" is not a list');
  if (Array.isArray(manifest.keywords) && manifest.keywords.length > MAX_KEYWORDS) {
    problems.push(`package.json: ${manifest.keywords.length} keywords; the Marketplace takes at most ${MAX_KEYWORDS}`);
  }
  const banner = manifest.galleryBanner;
  if (banner !== undefined && (!/^#[0-9a-fA-F]{3,8}$/.test(banner.color ?? '') || !['dark', 'light'].includes(banner.theme))) {
    problems.push('package.json: "galleryBanner" needs a #hex "color" and a "theme" of dark or light');
  }
  if (manifest.extensionKind !== undefined && !Array.isArray(manifest.extensionKind)) problems.push('package.json: "extensionKind" must be a list');
  if ((manifest.activationEvents ?? []).includes('*')) problems.push('package.json: the "*" activation event (the Marketplace asks why; activate on use)');
  if (manifest.enabledApiProposals !== undefined) problems.push('package.json: "enabledApiProposals": the Marketplace refuses extensions using proposed APIs');
  if (typeof manifest.icon === 'string') {
    if (/\.svg$/i.test(manifest.icon)) problems.push(`package.json: the icon is an SVG (${manifest.icon}); the Marketplace and Open VSX need a PNG`);
    else if (!files.exists(manifest.icon)) problems.push(`package.json: the icon ${manifest.icon} does not exist`);
  }
  if (manifest.license && !files.exists('LICENSE') && !files.exists('LICENSE.md') && !files.exists('LICENSE.txt')) problems.push('no LICENSE file (Open VSX refuses a package without one)');
  if (!files.exists('CHANGELOG.md')) problems.push('no CHANGELOG.md');
  return problems;
}

/**
 * Problems with the icon: a PNG of at least 128x128, square.
 * @param {Buffer} bytes
 * @returns {string[]}
 */
export function iconProblems(bytes) {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG) || bytes.toString('latin1', 12, 16) !== 'IHDR') return ['the icon is not a PNG file'];
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const problems = [];
  if (width < 128 || height < 128) problems.push(`the icon is ${width}x${height}; the Marketplace needs at least 128x128`);
  if (width !== height) problems.push(`the icon is ${width}x${height}, not square`);
  return problems;
}

/**
 * The image URLs a README shows: Markdown images (inline and by reference) and HTML `<img>`.
 * @param {string} markdown
 * @returns {string[]}
 */
export function readmeImages(markdown) {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const urls = [];
  for (const [, url] of text.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) urls.push(url);
  const references = new Map([...text.matchAll(/^\s*\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map(([, id, url]) => [id.toLowerCase(), url]));
  for (const [, label, id] of text.matchAll(/!\[([^\]]*)\]\[([^\]]*)\]/g)) {
    const url = references.get((id || label).toLowerCase());
    if (url) urls.push(url);
  }
  for (const [, url] of text.matchAll(/<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/gi)) urls.push(url);
  return urls;
}

/**
 * Where vsce points the README's relative images (`raw/HEAD` of a GitHub `repository`, as
 * its guessBaseUrls does), or undefined for another host.
 * @param {Record<string, any>} manifest package.json
 * @returns {string | undefined}
 */
export function repositoryImagesBase(manifest) {
  const project = urlOf(manifest.repository)?.match(/github(?:\.com\/|:)([^/]+\/[^/]+?)(?:\.git)?\/?$/)?.[1];
  return project ? `https://github.com/${project}/raw/HEAD/` : undefined;
}

/**
 * Problems with the images of a README as the gallery shows it (the packaged readme.md, after
 * vsce rewrote relative links against the repository): each must be an https URL, and SVG
 * only from a badge host the Marketplace trusts. With `repository`, an image served from the
 * repository (a relative link in README.md, such as media/readme/) must be a file of it: the
 * package does not carry those, the gallery loads them from GitHub.
 * @param {string} markdown
 * @param {{ repository?: { base: string, exists: (path: string) => boolean } }} [options]
 * @returns {string[]}
 */
export function readmeImageProblems(markdown, options = {}) {
  const problems = [];
  const { repository } = options;
  for (const url of readmeImages(markdown)) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`README image ${url}: a relative URL (shows broken in the gallery; give the repository in package.json or an absolute https URL)`);
      continue;
    }
    if (parsed.protocol !== 'https:') {
      problems.push(`README image ${url}: ${parsed.protocol} URL (the Marketplace takes https images only)`);
      continue;
    }
    if (/\.svg$/i.test(parsed.pathname) && !TRUSTED_SVG_HOSTS.has(parsed.host.toLowerCase()) && !/^\/[^/]+\/[^/]+\/(actions\/)?workflows\/.*badge\.svg$/.test(parsed.host === 'github.com' ? parsed.pathname : '')) {
      problems.push(`README image ${url}: an SVG from an untrusted host (the Marketplace refuses it; use a PNG)`);
    }
    if (repository && url.startsWith(repository.base)) {
      const path = decodeURIComponent(url.slice(repository.base.length).split(/[?#]/)[0]);
      if (!repository.exists(path)) problems.push(`README image ${url}: ${path} is not in the repository (shows broken in the gallery)`);
    }
  }
  return problems;
}
