// npm run l10n: rewrites l10n/bundle.l10n.json from the l10n.t calls (see l10nBundle.mjs).
// Then translate what it added in every l10n/bundle.l10n.<locale>.json; npm test says what is missing.
import { writeFileSync } from 'node:fs';
import { BUNDLE_PATH, extractBundle } from './l10nBundle.mjs';

const bundle = await extractBundle();
writeFileSync(BUNDLE_PATH, `${JSON.stringify(bundle, null, 2)}\n`);
console.log(`${BUNDLE_PATH}: ${Object.keys(bundle).length} messages`);
