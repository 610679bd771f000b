// Numbers, prices, sizes and dates in the display language's conventions (Intl), for the
// host and the webviews alike. The language is VS Code's (`vscode.env.language`), not the
// process's: the host sets it with useDisplayLocale as each bundle loads (src/util/l10nSetup.ts),
// a webview from the page's `lang` (webview/common/pageL10n.ts). Until then, English.

let locale = 'en';
/** Intl's formatters are slow to build (a studio page formats hundreds of numbers): one per locale and options. */
const formatters = new Map<string, Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>(kind: string, options: object | undefined, make: () => T): T {
  const key = `${kind}|${locale}|${JSON.stringify(options ?? {})}`;
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Sets the language Intl formats for; an unknown or malformed tag falls back to English. */
export function useDisplayLocale(language: string | undefined): void {
  try {
    locale = Intl.getCanonicalLocales(language || 'en')[0] ?? 'en';
  } catch {
    locale = 'en';
  }
}

/** The language in use, as a canonical BCP 47 tag (`en`, `zh-CN`). */
export function displayLocale(): string {
  return locale;
}

/** `1,024` / `1,024`; `options` as Intl.NumberFormat's. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return cached('number', options, () => new Intl.NumberFormat(locale, options)).format(value);
}

/**
 * `$0.04`, `$0.166`, `$12.50`, `<$0.001` (in the locale's pattern: `US$0.04` in zh-CN): three
 * decimals under a dollar, enough to tell cheap requests apart; the currency stays USD,
 * which is what the API bills.
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  if (usd < 0) return `-${formatUsd(-usd)}`;
  const money = (value: number, digits: number) => formatNumber(value, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: digits });
  if (usd === 0) return money(0, 2);
  if (usd < 0.001) return `<${money(0.001, 3)}`;
  if (usd < 1) return money(usd, 3);
  return money(usd, 2);
}

/** `9.5 MB` (1024-based, one decimal at most). */
export function formatMegabytes(bytes: number): string {
  return `${formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} MB`;
}

/** "5 minutes ago", "yesterday"; a date for anything older than a week. */
export function formatWhen(iso: string, now = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const relative = cached('relative', undefined, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return relative.format(Math.round(seconds / 86400), 'day');
  return formatDate(then);
}

/** `Dec 7, 2026` / `2026年12月7日`. */
export function formatDate(when: number | Date): string {
  return cached('date', undefined, () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' })).format(when);
}

/**
 * Whole sentences, one after the other, as the language writes them: with a space in English,
 * without one in Chinese and Japanese (their full stop already separates). Intl has no
 * sentence joiner; this is the one rule our messages need.
 */
export function joinSentences(sentences: readonly string[]): string {
  return sentences.join(/^(zh|ja)\b/i.test(locale) ? '' : ' ');
}
