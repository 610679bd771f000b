// `npm run publish:dry`: everything a release would do short of publishing. Checks the
// manifest's gallery fields and the icon (marketplaceChecks.mjs), packages every target and
// the universal package (packageTargets.mjs, each checked by checkVsix.mjs), and reads each
// package's README as the gallery will show it: vsce has made its relative image links absolute
// (https://github.com/<repository>/raw/HEAD/…), so each must be https, and each such image
// must be a file of the repository (the package does not carry media/readme/). Publishes
// nothing and needs no token: it never talks to the Marketplace or Open VSX.
//
// CLI (on Node 24): node scripts/packaging/publishDry.mjs [--out <dir>]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCheck } from './checkVsix.mjs';
import { iconProblems, manifestProblems, readmeImageProblems, repositoryImagesBase } from './marketplaceChecks.mjs';
import { VSIX_DIR, buildBundles, packageTarget, shortPath, sizeTable } from './packageTargets.mjs';
import { ALL_PACKAGES, vsixName } from './targets.mjs';
import { ROOT } from '../tools.mjs';
import { readZip } from './zipReader.mjs';

function main() {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex > 0 ? process.argv[outIndex + 1] : VSIX_DIR;
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const problems = manifestProblems(manifest, { exists: (path) => existsSync(join(ROOT, path)) });
  if (typeof manifest.icon === 'string' && existsSync(join(ROOT, manifest.icon)) && !/\.svg$/i.test(manifest.icon)) {
    problems.push(...iconProblems(readFileSync(join(ROOT, manifest.icon))));
  }
  console.log(`manifest and icon: ${problems.length === 0 ? 'ok' : `${problems.length} problems`}`);
  for (const problem of problems) console.log(`       ${problem}`);

  buildBundles();
  const base = repositoryImagesBase(manifest);
  // The README's own pictures (media/readme/) are not packaged: the gallery loads them from the repository.
  const repository = base ? { base, exists: (/** @type {string} */ path) => existsSync(join(ROOT, path)) } : undefined;
  const results = [];
  for (const target of ALL_PACKAGES) {
    const outFile = join(out, vsixName(manifest, target));
    const result = packageTarget(target, { outFile });
    const readme = readZip(readFileSync(outFile)).find((entry) => entry.name === 'extension/readme.md');
    const readmeProblems = readme ? readmeImageProblems(readme.read().toString('utf8'), { repository }) : ['the package has no README'];
    result.check.problems.push(...readmeProblems);
    results.push(result);
    console.log(`${describeCheck(result.check)}  (${shortPath(outFile)})`);
    for (const warning of result.warnings) console.log(`       vsce: ${warning}`);
  }
  console.log(`\n${sizeTable(results)}\n`);
  const total = problems.length + results.reduce((sum, r) => sum + r.check.problems.length, 0);
  console.log(total === 0
    ? `publish:dry: ${results.length} packages ready for the Marketplace and Open VSX. Nothing was published.`
    : `publish:dry: ${total} problems a marketplace would refuse (listed above). Nothing was published.`);
  process.exit(total === 0 ? 0 : 1);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
