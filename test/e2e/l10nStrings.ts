// The translations the Simplified Chinese end-to-end suite expects, read from the files that
// ship (package.nls*.json, l10n/bundle.l10n*.json) by their English text: the suite checks
// that what the workbench shows is the translation, whatever the translation says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

type Messages = Record<string, string | { message: string }>;

function read(path: string): Record<string, string> {
  const messages = JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Messages;
  return Object.fromEntries(Object.entries(messages).map(([key, value]) => [key, typeof value === 'string' ? value : value.message]));
}

export interface Translations {
  /** The translation of a code message (its English text is the key), placeholders filled. */
  message(english: string, args?: Record<string, string | number>): string;
  /** The English keys of the code messages matching `pattern` (to find a message by its gist). */
  messagesMatching(pattern: RegExp): string[];
  /** The translation of a manifest string, found by its English text (a command title, a category). */
  manifest(english: string): string;
  /**
   * The longest text of a message that no placeholder interrupts: what a toast or a page must
   * contain when it shows that message, whatever fills the placeholders.
   */
  fixedPart(english: string): string;
}

export function translations(locale: string): Translations {
  const bundle = read(join('l10n', `bundle.l10n.${locale}.json`));
  const englishNls = read('package.nls.json');
  const nls = read(`package.nls.${locale}.json`);
  const message = (english: string) => {
    const value = bundle[english];
    if (value === undefined) throw new Error(`l10n/bundle.l10n.${locale}.json has no translation of ${JSON.stringify(english)}`);
    return value;
  };
  return {
    message: (english, args = {}) => message(english).replace(/\{([^{}]+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole)),
    messagesMatching: (pattern) => Object.keys(bundle).filter((key) => pattern.test(key)),
    manifest: (english) => {
      const key = Object.keys(englishNls).find((candidate) => englishNls[candidate] === english);
      if (key === undefined) throw new Error(`package.nls.json has no string ${JSON.stringify(english)}`);
      const value = nls[key];
      if (value === undefined) throw new Error(`package.nls.${locale}.json has no translation of ${key}`);
      return value;
    },
    fixedPart: (english) =>
      message(english)
        .split(/\{[^{}]+\}/)
        .map((part) => part.trim())
        .sort((a, b) => b.length - a.length)[0] ?? '',
  };
}

/** Whether `text` has Chinese characters (CJK Unified Ideographs). */
export function hasChinese(text: string): boolean {
  return /[\u4e00-\u9fff]/.test(text);
}
