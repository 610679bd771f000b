import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  altTextFromPrompt,
  buildImageReference,
  encodePathForUrl,
  imageReferenceSyntax,
  MAX_ALT_LENGTH,
  relativeImagePath,
} from '../../src/editor/imageReference';

const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;

test('imageReferenceSyntax: Markdown, HTML-like templates, JSX; nothing for code', () => {
  assert.equal(imageReferenceSyntax('markdown'), 'markdown');
  assert.equal(imageReferenceSyntax('mdx'), 'markdown');
  for (const id of ['html', 'vue', 'svelte', 'astro', 'php']) assert.equal(imageReferenceSyntax(id), 'html', id);
  assert.equal(imageReferenceSyntax('javascriptreact'), 'jsx');
  assert.equal(imageReferenceSyntax('typescriptreact'), 'jsx');
  for (const id of ['typescript', 'javascript', 'python', 'plaintext', 'json', 'css', '']) {
    assert.equal(imageReferenceSyntax(id), undefined, id);
  }
});

test('altTextFromPrompt keeps a short prompt as it is', () => {
  assert.equal(altTextFromPrompt('A lighthouse on a cliff at sunset'), 'A lighthouse on a cliff at sunset');
  assert.equal(altTextFromPrompt('  padded  '), 'padded');
});

test('altTextFromPrompt makes one line of any whitespace and drops control characters', () => {
  assert.equal(altTextFromPrompt('line one\nline two\r\n\tthree\u2028four'), 'line one line two three four');
  assert.equal(altTextFromPrompt('bell\u0007 nul\u0000 esc\u001b[31m red'), 'bell nul esc [31m red');
  assert.equal(altTextFromPrompt('safe\u202Egnp.exe'), 'safegnp.exe', 'bidi overrides are dropped');
});

test('altTextFromPrompt falls back for prompts with no visible text', () => {
  assert.equal(altTextFromPrompt(''), 'Generated image');
  assert.equal(altTextFromPrompt(' \n\t '), 'Generated image');
});

test('altTextFromPrompt cuts long prompts at a word boundary with an ellipsis', () => {
  const prompt =
    'A watercolor painting of a lighthouse on a rocky cliff at sunset, with seagulls circling above the waves ' +
    'and a small fishing boat heading home while the sky turns orange and purple';
  const alt = altTextFromPrompt(prompt);
  assert.equal(
    alt,
    'A watercolor painting of a lighthouse on a rocky cliff at sunset, with seagulls circling above the waves and a small…',
  );
  assert.ok(graphemes(alt) <= MAX_ALT_LENGTH);
});

test('altTextFromPrompt handles 5000 characters, long words and emoji without splitting them', () => {
  const huge = altTextFromPrompt('word '.repeat(1000));
  assert.equal(huge, `${'word '.repeat(23)}word…`);
  assert.ok(graphemes(huge) <= MAX_ALT_LENGTH);

  const noSpaces = altTextFromPrompt('x'.repeat(5000));
  assert.equal(noSpaces, `${'x'.repeat(MAX_ALT_LENGTH - 1)}…`);

  // A family emoji is 7 code points joined by ZWJ; 200 of them must never be cut mid-way.
  const family = '👨‍👩‍👧‍👦';
  const emoji = altTextFromPrompt(family.repeat(200));
  assert.equal(emoji, `${family.repeat(MAX_ALT_LENGTH - 1)}…`);
  assert.equal(altTextFromPrompt('🦊 under a 🌕'), '🦊 under a 🌕');
});

test('relativeImagePath: same folder, sibling, parent, nested, spaces', () => {
  assert.equal(relativeImagePath('/ws/notes.md', '/ws/a.png'), 'a.png');
  assert.equal(relativeImagePath('/ws/docs/notes.md', '/ws/images/a.png'), '../images/a.png');
  assert.equal(relativeImagePath('/ws/docs/notes.md', '/ws/docs/images/a.png'), 'images/a.png');
  assert.equal(relativeImagePath('/ws/a/b/c/notes.md', '/ws/images/x/a.png'), '../../../images/x/a.png');
  assert.equal(relativeImagePath('/ws/my docs/notes.md', '/ws/my images/a b.png'), '../my images/a b.png');
  assert.equal(relativeImagePath('/C:/ws/docs/notes.md', '/c:/ws/images/a.png'), '../images/a.png', 'drive case');
});

test('encodePathForUrl encodes what a URL or a Markdown link cannot hold', () => {
  assert.equal(encodePathForUrl('../images/a.png'), '../images/a.png');
  assert.equal(encodePathForUrl('../my images/a b.png'), '../my%20images/a%20b.png');
  assert.equal(encodePathForUrl('x (1)/#1?.png'), 'x%20%281%29/%231%3F.png');
  assert.equal(encodePathForUrl('c:/100%.png'), 'c%3A/100%25.png');
  assert.equal(encodePathForUrl('café/🦊.png'), 'caf%C3%A9/%F0%9F%A6%8A.png');
});

test('buildImageReference: Markdown', () => {
  assert.equal(buildImageReference('markdown', '../images/a.png', 'A cat'), '![A cat](../images/a.png)');
  assert.equal(
    buildImageReference('markdown', '../my images/a b.png', 'A cat'),
    '![A cat](../my%20images/a%20b.png)',
  );
});

test('buildImageReference: Markdown alt text cannot close the brackets or start code spans', () => {
  assert.equal(
    buildImageReference('markdown', 'a.png', 'a ] b [c] \\ d `e` <f>'),
    '![a \\] b \\[c\\] \\\\ d \\`e\\` \\<f>](a.png)',
  );
  assert.equal(buildImageReference('markdown', 'a (1).png', 'x](evil.png)'), '![x\\](evil.png)](a%20%281%29.png)');
});

test('buildImageReference: HTML and JSX escape quotes, angle brackets and ampersands', () => {
  assert.equal(buildImageReference('html', '../images/a.png', 'A cat'), '<img src="../images/a.png" alt="A cat">');
  assert.equal(buildImageReference('jsx', '../images/a.png', 'A cat'), '<img src="../images/a.png" alt="A cat" />');
  assert.equal(
    buildImageReference('html', "it's/a b.png", 'say "hi" & <script>alert(1)</script>'),
    `<img src="it's/a%20b.png" alt="say &quot;hi&quot; &amp; &lt;script&gt;alert(1)&lt;/script&gt;">`,
  );
  assert.equal(
    buildImageReference('jsx', 'a.png', '{props} "q" & <b>'),
    '<img src="a.png" alt="{props} &quot;q&quot; &amp; &lt;b&gt;" />',
  );
});

test('hostile prompts end up as one safe line in every syntax', () => {
  const hostile = `x"] (y) \n<img onerror=1> & \\ [z]\n${'long '.repeat(1000)}🦊`;
  const alt = altTextFromPrompt(hostile);
  assert.ok(!/[\n\r]/.test(alt));
  assert.ok(graphemes(alt) <= MAX_ALT_LENGTH);
  const markdown = buildImageReference('markdown', 'a.png', alt);
  assert.ok(markdown.startsWith('![x"\\] (y) \\<img onerror=1> & \\\\ \\[z\\] long long'), markdown);
  assert.ok(markdown.endsWith('…](a.png)'), markdown);
  const html = buildImageReference('html', 'a.png', alt);
  assert.ok(html.startsWith('<img src="a.png" alt="x&quot;] (y) &lt;img onerror=1&gt; &amp; \\ [z] long'), html);
  assert.equal(html.match(/"/g)?.length, 4, 'only the attribute quotes remain');
});
