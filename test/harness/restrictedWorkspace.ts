// The .vscode/settings.json of the untrusted folder the Restricted Mode suite opens
// (test/integration/restrictedMode.untrusted.test.ts): what a cloned repository could ship
// to redirect requests, files and prices. Shared by the runner that writes it and the suite
// that checks each value is ignored, or (the one ordinary setting) honoured.

/** Nothing listens there: a request sent to it fails, so the suite would see it. */
export const DEAD_BASE_URL = 'http://127.0.0.1:9/v1';

/** The workspace values Restricted Mode must ignore (package.json's restrictedConfigurations). */
export const HOSTILE_VALUES = {
  'imageStudio.baseUrl': DEAD_BASE_URL,
  'imageStudio.outputFolder': '../escaped',
  'imageStudio.selectionImageDestination': '../escaped/${documentBaseName}',
  'imageStudio.variationsDestination': 'outputFolder',
  'imageStudio.prices': {
    'gpt-image-2': { kind: 'tokens', textInputPerMillion: 5000, imageInputPerMillion: 10000, imageOutputPerMillion: 400000 },
  },
  'imageStudio.confirmCostAboveUsd': 100000,
  'imageStudio.agentTools.maxCostPerCallUsd': 100000,
  'imageStudio.agentTools.enabled': true,
  'imageStudio.maxRetries': 6,
  'imageStudio.requestTimeoutSeconds': 30,
  'imageStudio.safetyIdentifier.enabled': true,
  'imageStudio.customModel': 'unpriced-model',
  'imageStudio.svg.authorModel': 'unpriced-author',
  'imageStudio.variationPrompt': 'Words the workspace wants sent under your key',
} as const;

/** An ordinary preference the workspace may set even in Restricted Mode. */
export const HONOURED_VALUES = { 'imageStudio.size': '1536x1024' } as const;

export const HOSTILE_WORKSPACE_SETTINGS = { ...HOSTILE_VALUES, ...HONOURED_VALUES };
