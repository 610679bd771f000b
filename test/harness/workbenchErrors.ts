// Errors the workbench logs while the tests run. A run fails on any error that is not in
// KNOWN_WORKBENCH_ERRORS: each entry there is explained (whose it is, why it is harmless),
// and anything else is either ours to fix or a harness set-up to correct. Used by the
// integration runner (the smoke-test driver's log) and the end-to-end set-up (the page's
// console).

/** One error the workbench logged, and when (ms since the epoch). */
export interface WorkbenchError {
  at: number;
  text: string;
}

export interface KnownWorkbenchError {
  /** Matched against the start of the logged text. */
  pattern: RegExp;
  /** Whose error it is and why it does not matter to these tests. */
  reason: string;
}

export const KNOWN_WORKBENCH_ERRORS: readonly KnownWorkbenchError[] = [
  {
    pattern: /^No extension gallery service configured\.[\s\S]*\.getBuiltInExtensionTranslationsUri/,
    reason:
      "VS Code's own, in a display language other than English (the Simplified Chinese suite): when a built-in " +
      'extension (Git, Markdown, …) loads its l10n bundle, the web workbench asks the extension gallery for that ' +
      "extension's translation, and the tests run without a gallery (EXTENSIONS_GALLERY={}). The built-in extensions " +
      'stay English; ours reads its bundle from its own package.',
  },
  {
    pattern: /^Timed out waiting for authentication provider 'github' to register\./,
    reason:
      "VS Code's own: in a remote window its DefaultAccountService asks for GitHub sessions as the " +
      'workbench starts (whenDefaultAccountAuthenticationProviderAvailable) and does not catch the ' +
      "5 s timeout of AuthenticationService.tryActivateProvider; on a busy machine the extension host " +
      'activates vscode.github-authentication later than that. Nothing here uses GitHub sign-in.',
  },
  {
    pattern: /^\[lifecycle\] Long running operations during shutdown are unsupported in the web \(id: [\w.]+\)$/,
    reason:
      "VS Code's own, when a test reloads the window (the end-to-end persistence checks): the web " +
      "workbench's lifecycle service logs this for each of its shutdown participants that joins with " +
      'work to wait for (join.disconnectRemote, join.chatSessionStore, …), since a page cannot wait.',
  },
  {
    pattern: /^\[LanguageModelToolsService#invokeTool\] Error from tool imageStudio_\w+ with parameters [^\n]*:\s*(Not sent: |Set your API key first |[\s\S]*: ToolRefusal: )/,
    reason:
      'Ours, on purpose: an agent tool refuses a call it must not send (invalid input, over the cost ceiling, no key, Restricted Mode) by ' +
      "throwing a message for the model, as VS Code's tool API asks, and the workbench logs each thrown tool error. The " +
      'agent-tool and Restricted Mode suites provoke these refusals; any other error from our tools (not a "Not sent:" or "Set your API key" ' +
      'refusal) stays unexplained and fails the run.',
  },
  {
    // Minified, the error's class name comes first (e.g. "oa: ").
    pattern: /^(\w+: )?Unable to write file 'vscode-log:\/[^']+' \(Error: IndexedDB database 'vscode-web-db' is closed\.\)/,
    reason:
      "VS Code's own, when a test reloads the window: the web workbench keeps its log files in " +
      'IndexedDB and closes that database as the page unloads, and a last flush of window.log ' +
      'can come after; only that log line is lost.',
  },
  {
    pattern: /^Error: \d+ integration test\(s\) failed/,
    reason:
      "The integration runner's own report (test/integration/index.ts rejects, so the extension host " +
      'exits non-zero): logged only when tests failed, and those failures are listed above it.',
  },
];

/**
 * The text of an error the workbench's log service printed to the browser console (`%c  ERR`
 * and its colour, then the error), or undefined for any other console message. The console
 * shows an Error by its stack ("Error: message\n    at …"); the known list matches the message.
 */
export function workbenchErrorText(consoleText: string): string | undefined {
  const match = /^%c\s+ERR\s+color:\s*#[0-9a-f]+\s+([\s\S]*)$/i.exec(consoleText);
  return match ? match[1].replace(/^[A-Za-z]*Error: /, '') : undefined;
}

/** The entry that explains `text`, if any. */
export function explainWorkbenchError(text: string): KnownWorkbenchError | undefined {
  return KNOWN_WORKBENCH_ERRORS.find((known) => known.pattern.test(text));
}

/** A test's title and when it started (ms since the epoch). */
export interface TimedTest {
  title: string;
  startedAt?: number;
}

/**
 * The test that was running when `at` came (the last one started by then; an error in its
 * `after` hooks counts as its), or "start-up" before the first.
 */
export function testRunningAt(at: number, tests: readonly TimedTest[]): string {
  let running: TimedTest | undefined;
  for (const test of tests) {
    if (test.startedAt !== undefined && test.startedAt <= at && (!running || test.startedAt >= running.startedAt!)) running = test;
  }
  return running ? running.title : 'start-up (before the first test)';
}

export interface WorkbenchErrorReport {
  /** Errors nobody explained, each with the test it came during. */
  unexplained: { error: WorkbenchError; during: string }[];
  /** How many errors each known entry explained. */
  explained: { known: KnownWorkbenchError; count: number }[];
}

export function classifyWorkbenchErrors(errors: readonly WorkbenchError[], tests: readonly TimedTest[]): WorkbenchErrorReport {
  const unexplained: WorkbenchErrorReport['unexplained'] = [];
  const counts = new Map<KnownWorkbenchError, number>();
  for (const error of errors) {
    const known = explainWorkbenchError(error.text);
    if (known) counts.set(known, (counts.get(known) ?? 0) + 1);
    else unexplained.push({ error, during: testRunningAt(error.at, tests) });
  }
  return { unexplained, explained: [...counts].map(([known, count]) => ({ known, count })) };
}

/** Lines for the log: a short note per explained kind, every unexplained error in full. */
export function describeWorkbenchErrors(report: WorkbenchErrorReport): string[] {
  const lines: string[] = [];
  for (const { known, count } of report.explained) {
    lines.push(`workbench: ${count} known error(s) /${known.pattern.source}/ — ${known.reason}`);
  }
  for (const { error, during } of report.unexplained) {
    lines.push(`[workbench error] during "${during}":\n${error.text.replace(/^/gm, '    ')}`);
  }
  if (report.unexplained.length > 0) {
    lines.push(
      `✘ ${report.unexplained.length} workbench error(s) no test expects: fix the cause, or explain it in ` +
        'KNOWN_WORKBENCH_ERRORS (test/harness/workbenchErrors.ts)',
    );
  }
  return lines;
}
