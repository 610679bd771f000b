// The runners' judgement of the errors the workbench logs: explained ones are counted,
// anything else fails the run, named with the test it came during.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyWorkbenchErrors, describeWorkbenchErrors, KNOWN_WORKBENCH_ERRORS, testRunningAt, workbenchErrorText } from '../harness/workbenchErrors';

const TESTS = [
  { title: 'suite first', startedAt: 1000 },
  { title: 'suite second', startedAt: 2000 },
  { title: 'suite never started' },
];

describe('workbench errors', () => {
  test('every known error says why it is harmless', () => {
    for (const known of KNOWN_WORKBENCH_ERRORS) {
      assert.ok(known.pattern.source.startsWith('^'), `${known.pattern} is anchored`);
      assert.ok(known.reason.length > 80, `${known.pattern} has a reason worth reading`);
    }
  });

  test('an error is matched to the test running when it came, or to start-up', () => {
    assert.equal(testRunningAt(500, TESTS), 'start-up (before the first test)');
    assert.equal(testRunningAt(1000, TESTS), 'suite first');
    assert.equal(testRunningAt(1999, TESTS), 'suite first');
    assert.equal(testRunningAt(99_999, TESTS), 'suite second');
  });

  test('known errors are counted, others listed with their test and fail the run', () => {
    const report = classifyWorkbenchErrors(
      [
        { at: 900, text: "Timed out waiting for authentication provider 'github' to register.: Error: Timed out…" },
        { at: 2500, text: 'An unknown error occurred. Please consult the log for more details.' },
      ],
      TESTS,
    );
    assert.deepEqual(report.explained.map(({ count }) => count), [1]);
    assert.deepEqual(report.unexplained.map(({ error, during }) => [error.text, during]), [
      ['An unknown error occurred. Please consult the log for more details.', 'suite second'],
    ]);
    const lines = describeWorkbenchErrors(report);
    assert.match(lines[0], /^workbench: 1 known error\(s\) /);
    assert.equal(lines[1], '[workbench error] during "suite second":\n    An unknown error occurred. Please consult the log for more details.');
    assert.match(lines[2], /^✘ 1 workbench error\(s\) no test expects/);
  });

  test('a message that only contains a known one is not explained by it', () => {
    const report = classifyWorkbenchErrors([{ at: 1, text: "Error: Timed out waiting for authentication provider 'github' to register." }], TESTS);
    assert.equal(report.unexplained.length, 1);
  });

  test("the page's console: only the log service's errors count, read as their message", () => {
    assert.equal(
      workbenchErrorText("%c  ERR color: #f33 Error: Timed out waiting for authentication provider 'github' to register.\n    at x (workbench.js:1:2)"),
      "Timed out waiting for authentication provider 'github' to register.\n    at x (workbench.js:1:2)",
    );
    assert.equal(
      workbenchErrorText("%c  ERR color: #f33 oa: Unable to write file 'vscode-log:/20261207T000329/window.log' (Error: IndexedDB database 'vscode-web-db' is closed.)"),
      "oa: Unable to write file 'vscode-log:/20261207T000329/window.log' (Error: IndexedDB database 'vscode-web-db' is closed.)",
    );
    assert.equal(workbenchErrorText('Failed to load resource: the server responded with a status of 404 (Not Found)'), undefined);
    assert.equal(workbenchErrorText('%c  WARN color: #993 something'), undefined);
    for (const text of [
      "Timed out waiting for authentication provider 'github' to register.",
      '[lifecycle] Long running operations during shutdown are unsupported in the web (id: join.disconnectRemote)',
      "oa: Unable to write file 'vscode-log:/20261207T000329/window.log' (Error: IndexedDB database 'vscode-web-db' is closed.)",
    ]) {
      assert.equal(classifyWorkbenchErrors([{ at: 1, text }], TESTS).unexplained.length, 0, text);
    }
  });

  test('no errors, no lines', () => {
    assert.deepEqual(describeWorkbenchErrors(classifyWorkbenchErrors([], TESTS)), []);
  });
});
