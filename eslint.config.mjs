// ESLint (flat config) with typescript-eslint's type-aware rules; `npm run lint` runs it (and
// dependency-cruiser for import layers and circles: .dependency-cruiser.cjs), and so does
// `npm test`, before the test tiers.
//
// The rules are the ones that catch async mistakes a type checker lets through: a promise
// nobody awaits loses its rejection (an unhandled rejection in the extension host, or a
// failure no notification reports), and an async callback where a void one is expected
// (an event listener, forEach) does the same.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import imageStudio from './scripts/eslint/localizedText.mjs';

const typeAwareRules = {
  '@typescript-eslint/no-floating-promises': [
    'error',
    {
      // node:test's test() and describe() return promises that the runner itself awaits
      // and reports; awaiting them at top level would only serialise registration.
      allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
    },
  ],
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  // `return promise` inside try/catch skips the catch when the promise rejects.
  '@typescript-eslint/return-await': ['error', 'in-try-catch'],
  '@typescript-eslint/only-throw-error': 'error',
  '@typescript-eslint/prefer-promise-reject-errors': 'error',
};

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', 'out/', '.tools/', '.test-artifacts/', 'media/'],
  },
  {
    // src/, shared/ and test/ (tsconfig.json), test/e2e (test/e2e/tsconfig.json), webview/
    // (webview/tsconfig.json): the project service gives each file the nearest tsconfig.json,
    // the same program `npm run typecheck` checks it in. The plain JavaScript build and
    // script files (esbuild.mjs, scripts/*.mjs, this file) are in no tsconfig; the default
    // project types them from their JSDoc and @types/node.
    files: ['**/*.ts', '**/*.mts', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.mjs', '*.cjs', 'scripts/*.mjs', 'scripts/eslint/*.mjs'],
          // Ten small script files share the default project; typescript-eslint warns past 8
          // because each costs a little type-checking, which for these is negligible.
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: typeAwareRules,
  },
  {
    // Every string a person reads is localized (issue #18): the product's code, not its tests,
    // scripts or the local endpoint. See scripts/eslint/localizedText.mjs.
    files: ['src/**/*.ts', 'webview/**/*.ts', 'shared/**/*.ts'],
    plugins: { 'image-studio': imageStudio },
    rules: { 'image-studio/localized-text': 'error' },
  },
);
