// The defaults readSettings falls back to (src/config/defaultSettings.ts) are the defaults
// package.json declares: a setting whose default changes in one place must change in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/config/defaultSettings';

/** Settings whose key in package.json is not their field name. */
const KEYS: Record<string, string> = {
  agentToolsEnabled: 'agentTools.enabled',
  agentMaxCostPerCallUsd: 'agentTools.maxCostPerCallUsd',
  gifFrameCount: 'gif.frameCount',
  gifFrameDurationMs: 'gif.frameDurationMs',
  svgAuthorModel: 'svg.authorModel',
  svgReasoningEffort: 'svg.reasoningEffort',
  sendSafetyIdentifier: 'safetyIdentifier.enabled',
};

test('every default equals the one package.json declares', () => {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  };
  const properties = manifest.contributes.configuration.properties;
  for (const [field, value] of Object.entries(DEFAULT_SETTINGS)) {
    const key = `imageStudio.${KEYS[field] ?? field}`;
    assert.ok(key in properties, `${key} is declared in package.json`);
    assert.deepEqual(value, properties[key].default, `${key}: the default readSettings uses is package.json's`);
  }
});
