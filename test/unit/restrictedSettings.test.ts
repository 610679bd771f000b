// Workspace trust (issue #17): which settings a workspace may set in Restricted Mode. VS Code
// ignores a workspace's value of every setting in package.json's
// capabilities.untrustedWorkspaces.restrictedConfigurations while the folder is not trusted, so
// a cloned repository cannot redirect requests, files or prices. Every setting must be
// classified here, with its reason: a new one fails this test until someone decides.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

interface SettingSchema {
  type?: string;
  format?: string;
  scope?: string;
  enum?: unknown[];
}
interface Manifest {
  capabilities?: {
    untrustedWorkspaces?: { supported?: unknown; description?: string; restrictedConfigurations?: string[] };
    virtualWorkspaces?: boolean | { supported?: unknown; description?: string };
  };
  contributes: { configuration: { properties: Record<string, SettingSchema> } };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;
const restricted = manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? [];

/** Ignored from an untrusted workspace, and why a workspace could abuse it. */
const RESTRICTED: Record<string, string> = {
  'imageStudio.baseUrl': 'where requests (and the key) go',
  'imageStudio.customModel': 'a model name outside the price table: no estimate, so no cost confirmation',
  'imageStudio.svg.authorModel': 'a model name outside the price table, billed without an estimate',
  'imageStudio.outputFolder': 'where files are written',
  'imageStudio.selectionImageDestination': 'where files are written (a path pattern)',
  'imageStudio.variationsDestination': 'where files are written',
  'imageStudio.variationPrompt': "a prompt the workspace wrote, sent under the person's key",
  'imageStudio.prices': 'what estimates say, and so what is confirmed',
  'imageStudio.confirmCostAboveUsd': 'the spending guard',
  'imageStudio.agentTools.maxCostPerCallUsd': "the agents' spending guard",
  'imageStudio.agentTools.enabled': 'turns on tools the person turned off',
  'imageStudio.requestTimeoutSeconds': 'a short timeout cuts requests the service still bills, and retries send them again',
  'imageStudio.maxRetries': 'multiplies billed requests',
  'imageStudio.safetyIdentifier.enabled': 'sends an identifier derived from this machine',
};

/** A workspace may set these even in Restricted Mode: ordinary per-project preferences, each bounded by the schema and priced by the built-in table under the person's own cost guard. */
const ALLOWED: Record<string, string> = {
  'imageStudio.model': 'an enum of priced models',
  'imageStudio.size': 'a pattern-checked size, priced',
  'imageStudio.quality': 'an enum, priced',
  'imageStudio.complexity': 'an enum, priced',
  'imageStudio.count': 'at most 10, priced and confirmed above the person\'s threshold',
  'imageStudio.outputFormat': 'an enum',
  'imageStudio.gif.frameCount': 'bounded, priced',
  'imageStudio.gif.frameDurationMs': 'bounded, local only',
  'imageStudio.svg.reasoningEffort': 'an enum',
  'imageStudio.stream': 'how the answer arrives',
  'imageStudio.partialImages': 'at most 3 previews',
  'imageStudio.background': 'an enum',
  'imageStudio.style': 'an enum',
  'imageStudio.moderation': 'an enum the service accepts either way',
  'imageStudio.usePromptAsIs': 'how the person\'s own prompt is sent',
  'imageStudio.maxConcurrentRequests': 'bounded at 10',
  'imageStudio.insertAfterGeneration': 'an editor action on the person\'s own selection',
  'imageStudio.squareMode': 'an enum, local image preparation',
  'imageStudio.padColor': 'an enum, local image preparation',
  'imageStudio.showStudioButton': 'a button',
};

/** Names that say a setting points somewhere or prices something: such a setting is restricted, whatever the tables say. */
const ABUSABLE_NAME = /url|uri|endpoint|host|path|directory|dir$|folder|destination|header|price|cost|organization|project|identifier|model$|prompt$|retries|timeout|enabled$/i;

describe('Restricted Mode: capabilities.untrustedWorkspaces', () => {
  test('is "limited", with a localized description', () => {
    const trust = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(trust?.supported, 'limited');
    assert.match(trust?.description ?? '', /^%[\w.]+%$/);
  });

  test('every setting is classified, once', () => {
    const classified = [...Object.keys(RESTRICTED), ...Object.keys(ALLOWED)];
    assert.deepEqual(classified.filter((key) => key in RESTRICTED && key in ALLOWED), []);
    const unclassified = Object.keys(properties).filter((key) => !classified.includes(key));
    assert.deepEqual(unclassified, [], 'decide for each new setting whether a workspace may set it in Restricted Mode (RESTRICTED or ALLOWED above)');
    assert.deepEqual(classified.filter((key) => !(key in properties)), [], 'settings that no longer exist');
  });

  test('restrictedConfigurations is exactly the restricted settings', () => {
    assert.deepEqual([...restricted].sort(), Object.keys(RESTRICTED).sort());
  });

  test('every setting that names a place, a price, a header or an identifier is restricted', () => {
    const missing = Object.entries(properties)
      .filter(([key, schema]) => schema.format === 'uri' || schema.format === 'uri-reference' || ABUSABLE_NAME.test(key.slice('imageStudio.'.length)))
      .map(([key]) => key)
      .filter((key) => !restricted.includes(key))
      // A free-text name or prompt is restricted; a choice among fixed values of the table is not.
      .filter((key) => !(key === 'imageStudio.model' && properties[key].enum));
    assert.deepEqual(missing, []);
  });

  test('every free-form object or text setting is restricted, or is an ordinary preference named in ALLOWED', () => {
    const freeForm = Object.entries(properties)
      .filter(([, schema]) => (schema.type === 'object' || schema.type === 'string') && !schema.enum)
      .map(([key]) => key)
      .filter((key) => !restricted.includes(key));
    assert.deepEqual(freeForm, ['imageStudio.size'], 'a new free-form setting: restrict it, or justify it here');
  });
});

describe('Restricted Mode: agent tools', () => {
  test('agent mode offers the tools only in a trusted workspace (and when turned on)', () => {
    const tools = (manifest.contributes as unknown as { languageModelTools: { name: string; when?: string }[] }).languageModelTools;
    assert.ok(tools.length > 0);
    for (const tool of tools) assert.equal(tool.when, 'config.imageStudio.agentTools.enabled && isWorkspaceTrusted', tool.name);
  });
});

describe('Virtual workspaces: capabilities.virtualWorkspaces', () => {
  test('is "limited", with a localized description', () => {
    const virtual = manifest.capabilities?.virtualWorkspaces;
    assert.ok(typeof virtual === 'object', 'declared with a description');
    assert.equal(virtual.supported, 'limited');
    assert.match(virtual.description ?? '', /^%[\w.]+%$/);
  });
});
