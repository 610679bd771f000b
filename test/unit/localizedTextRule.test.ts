// The lint rule that keeps text a person reads inside l10n.t (scripts/eslint/localizedText.mjs):
// what it must flag, and what it must leave alone (ids, logs, DOM queries, keys, types).
import { describe, test } from 'node:test';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

RuleTester.describe = describe;
RuleTester.it = test;
RuleTester.itOnly = test.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const error = { messageId: 'unlocalized' };

describe('the localized-text lint rule', async () => {
  const { localizedText } = await import('../../scripts/eslint/localizedText.mjs');
  tester.run('localized-text', localizedText as never, {
  valid: [
    "vscode.l10n.t('Saved {file}.', { file });",
    "l10n.t('The mask is empty. Paint the area to change and try again.');",
    "logger.info('API key stored in secret storage.');",
    "this.logger.warn(`studio: removed ${n} old thumbnails`);",
    "import { x } from 'some module';",
    "document.querySelector('.tile span');",
    "const config = vscode.workspace.getConfiguration('imageStudio');",
    "type Kind = 'Image Studio' | 'other';",
    "const ids = { 'Image Studio': 1 };",
    "const model = 'gpt-image-2';",
    "const mime = 'image/png';",
    "const code = 'tooLarge';",
    "el.classList.add('is active');",
    "// eslint-disable-next-line\nconst shout = 'PNG';",
  ],
  invalid: [
    { code: "vscode.window.showErrorMessage('Set your API key first.');", errors: [error] },
    { code: "void notifier.show('info', 'API key removed.');", errors: [error] },
    { code: "const item = { label: 'Retry' };", errors: [error] },
    { code: "button.textContent = 'Generate';", errors: [error] },
    { code: "throw new Error(`${name} is not an image.`);", errors: [error] },
    { code: "const message = 'The prompt is ' + n + ' characters long';", errors: [error, error] },
    { code: "vscode.l10n.t('Saved ' + file);", errors: [error] },
    { code: "l10n.t('{what} was saved.', { what: 'The image' });", errors: [error] },
  ],
  });
});
