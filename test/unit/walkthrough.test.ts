// The walkthrough (issue #17, "a first run that guides"): every button of every step runs a
// command that exists, every completion event can happen, every language keeps the same
// buttons, and its pictures are files the package ships.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GET_STARTED_COMMAND_ID, WALKTHROUGH_ID } from '../../src/commandIds';

const ROOT = join(__dirname, '..', '..', '..');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { svg?: string; image?: unknown; markdown?: string; altText?: string };
  completionEvents?: string[];
  when?: string;
}
interface Manifest {
  publisher: string;
  name: string;
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, unknown> };
    walkthroughs: { id: string; title: string; description: string; steps: Step[] }[];
  };
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;
const manifest = readJson<Manifest>('package.json');
const contributed = new Set(manifest.contributes.commands.map((command) => command.command));
const settings = new Set(Object.keys(manifest.contributes.configuration.properties));

/**
 * VS Code's own commands a step may link to or complete on, each for a reason. An integration
 * test (test/integration/walkthrough.test.ts) checks they exist in the VS Code it runs.
 */
const VS_CODE_COMMANDS = new Map([
  ['workbench.action.openSettings', 'the Settings editor on one of our settings (imageStudio.baseUrl)'],
  ['workbench.action.quickOpen', 'Quick Open showing the Markdown files, to try Generate Image from Selection'],
  ['workbench.view.explorer', 'the Explorer, where Edit with Mask… is on an image’s context menu'],
  ['workbench.action.chat.open', 'chat, where agent mode uses the image tools'],
  ['workbench.mcp.listServer', 'MCP: List Servers, which lists the Image Studio MCP server'],
]);

/** `%key%` → its text in one language's package.nls file. */
function localized(value: string, nls: Record<string, string>): string {
  const key = value.match(/^%([\w.-]+)%$/)?.[1];
  assert.ok(key, `${value} is not a %key%`);
  const text = nls[key];
  assert.ok(text !== undefined, `${key} is missing from a package.nls file`);
  return text;
}

/** The `command:` links of a description, as written (with their arguments). */
function commandLinks(description: string): string[] {
  return [...description.matchAll(/\]\((command:[^)\s]+)\)/g)].map((match) => match[1]);
}

/** `command:id?args` → `id` (`command:toSide:id` opens beside, same command). */
function commandOf(link: string): string {
  return link.replace(/^command:(toSide:)?/, '').replace(/\?.*$/, '');
}

const nlsFiles = readdirSync(ROOT).filter((name) => /^package\.nls(\.[\w-]+)?\.json$/.test(name));
const english = readJson<Record<string, string>>('package.nls.json');
const walkthrough = manifest.contributes.walkthroughs.find((candidate) => candidate.id === WALKTHROUGH_ID);

describe('the walkthrough', () => {
  test('is contributed under the id Get Started opens, and Get Started is a contributed command', () => {
    assert.ok(walkthrough, `package.json contributes no walkthrough with id ${WALKTHROUGH_ID}`);
    assert.equal(manifest.contributes.walkthroughs.length, 1);
    assert.ok(contributed.has(GET_STARTED_COMMAND_ID), `${GET_STARTED_COMMAND_ID} is not in contributes.commands`);
    // VS Code opens a walkthrough on install only when its `when` holds: this one has none.
    assert.equal((walkthrough as { when?: string }).when, undefined);
  });

  test('has the six steps of a first run, each with a title, a description with a button, and a picture', () => {
    assert.deepEqual(
      walkthrough!.steps.map((step) => step.id),
      ['connect', 'generate', 'selection', 'studio', 'mask', 'agent'],
    );
    for (const step of walkthrough!.steps) {
      const description = localized(step.description, english);
      localized(step.title, english);
      // A link alone on its line is drawn as a button.
      const buttons = description.split('\n').filter((line) => /^\[[^\]]+\]\(command:[^)]+\)$/.test(line.trim()));
      assert.ok(buttons.length > 0, `step ${step.id} has no button (a command link on its own line): ${description}`);
      assert.ok(step.media.svg, `step ${step.id} has no SVG picture`);
      // Shipped: .vscodeignore keeps media/walkthrough/*.svg, and checkVsix.mjs allows media/**.svg.
      assert.match(step.media.svg, /^media\/walkthrough\/[\w-]+\.svg$/, `step ${step.id}: its picture is not where the package takes it from`);
      assert.ok(existsSync(join(ROOT, step.media.svg)), `${step.media.svg} does not exist`);
      localized(step.media.altText ?? '', english);
    }
    assert.match(readFileSync(join(ROOT, '.vscodeignore'), 'utf8'), /^!media\/walkthrough\/\*\.svg$/m);
  });

  test('every command link of every step, in every language, runs a contributed command or a listed one of VS Code', () => {
    for (const file of nlsFiles) {
      const nls = readJson<Record<string, string>>(file);
      for (const step of walkthrough!.steps) {
        for (const link of commandLinks(localized(step.description, nls))) {
          const command = commandOf(link);
          assert.ok(
            contributed.has(command) || VS_CODE_COMMANDS.has(command),
            `${file}, step ${step.id}: ${link} runs ${command}, which is neither contributed nor one of VS Code's listed commands`,
          );
        }
      }
    }
  });

  test('every translation keeps the English buttons: the same command links, in the same order', () => {
    for (const file of nlsFiles) {
      const nls = readJson<Record<string, string>>(file);
      for (const step of walkthrough!.steps) {
        assert.deepEqual(
          commandLinks(localized(step.description, nls)),
          commandLinks(localized(step.description, english)),
          `${file}, step ${step.id}: the command links differ from English`,
        );
      }
    }
  });

  test('every completion event names a real command or setting', () => {
    for (const step of walkthrough!.steps) {
      assert.ok(step.completionEvents && step.completionEvents.length > 0, `step ${step.id} has no completionEvents (it would complete when merely selected)`);
      for (const event of step.completionEvents) {
        const [kind, name] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        if (kind === 'onCommand') {
          assert.ok(contributed.has(name) || VS_CODE_COMMANDS.has(name), `step ${step.id}: ${event} names no contributed or listed command`);
        } else if (kind === 'onSettingChanged') {
          assert.ok(settings.has(name), `step ${step.id}: ${event} names no contributed setting`);
        } else {
          assert.fail(`step ${step.id}: ${event} is a kind of event this test does not check (onCommand, onSettingChanged)`);
        }
      }
    }
  });

  test('every step can be completed by something its own description offers or names', () => {
    for (const step of walkthrough!.steps) {
      const description = localized(step.description, english);
      const offered = new Set(commandLinks(description).map(commandOf));
      // A command named in bold (**Image Studio: Generate Image…**), as the palette or a menu shows it.
      for (const command of manifest.contributes.commands) {
        if (description.includes(`${localized(command.title, english)}**`)) offered.add(command.command);
      }
      for (const setting of settings) if (description.includes(setting)) offered.add(`setting:${setting}`);
      const completes = (step.completionEvents ?? []).some((event) =>
        event.startsWith('onCommand:') ? offered.has(event.slice('onCommand:'.length)) : offered.has(`setting:${event.slice('onSettingChanged:'.length)}`),
      );
      assert.ok(completes, `step ${step.id}: none of ${JSON.stringify(step.completionEvents)} is a button, a bold command title or a setting named in its description`);
    }
  });
});
