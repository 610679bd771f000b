// Numbers, prices and dates follow VS Code's display language (shared/localeFormat.ts), and
// the code without `vscode` speaks the bundle it is set up with (src/util/l10nSetup.ts).
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { displayLocale, formatDate, formatMegabytes, formatNumber, formatUsd, formatWhen, joinSentences, useDisplayLocale } from '../../shared/localeFormat';
import { setupL10n } from '../../src/util/l10nSetup';
import { svgNotTextError } from '../../src/imaging/svg/svgErrors';

describe('locale formats', () => {
  afterEach(() => setupL10n({ bundle: undefined, language: 'en' }));

  test('English: prices with enough digits to tell cheap requests apart', () => {
    useDisplayLocale('en');
    assert.deepEqual([0, 0.0004, 0.04, 0.166, 0.15, 12.5, 1234.5].map(formatUsd), ['$0.00', '<$0.001', '$0.04', '$0.166', '$0.15', '$12.50', '$1,234.50']);
    assert.equal(formatNumber(1048576), '1,048,576');
    assert.equal(formatMegabytes(9.04 * 1024 * 1024), '9 MB');
    assert.equal(formatMegabytes(4.56 * 1024 * 1024), '4.6 MB');
  });

  test('Simplified Chinese: VS Code’s language tag, Intl’s conventions (the currency stays USD)', () => {
    useDisplayLocale('zh-cn');
    assert.equal(displayLocale(), 'zh-CN');
    assert.equal(formatUsd(0.04), 'US$0.04');
    assert.equal(formatUsd(12.5), 'US$12.50');
    assert.equal(formatDate(Date.UTC(2026, 11, 7, 12)), '2026年12月7日');
    assert.equal(formatWhen(new Date(Date.now() - 5 * 60_000).toISOString()), '5分钟前');
  });

  test('sentences follow one another with a space in English, without one in Chinese', () => {
    useDisplayLocale('en');
    assert.equal(joinSentences(['The mask is empty.', 'Nothing was sent.']), 'The mask is empty. Nothing was sent.');
    useDisplayLocale('zh-cn');
    assert.equal(joinSentences(['蒙版为空。', '未发送任何内容。']), '蒙版为空。未发送任何内容。');
  });

  test('German groups digits its own way; a malformed tag falls back to English', () => {
    useDisplayLocale('de');
    assert.equal(formatNumber(1048576), '1.048.576');
    useDisplayLocale('not a locale!');
    assert.equal(displayLocale(), 'en');
  });

  test('code without vscode speaks the bundle it was set up with, named placeholders filled', () => {
    const english = svgNotTextError('logo.svg').message;
    assert.match(english, /^logo\.svg is not an SVG drawing: it is not UTF-8 text\./);
    const key = '{file} is not an SVG drawing: it is not UTF-8 text. Ask for the drawing again, or for a PNG instead.';
    setupL10n({ bundle: { [key]: '{file} 不是 SVG 矢量图：它不是 UTF-8 文本。请重新请求该矢量图，或改为请求 PNG。' }, language: 'zh-cn' });
    assert.equal(svgNotTextError('logo.svg').message, 'logo.svg 不是 SVG 矢量图：它不是 UTF-8 文本。请重新请求该矢量图，或改为请求 PNG。');
  });
});
