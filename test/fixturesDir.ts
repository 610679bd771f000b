// Where the shared test images are: shared/fixtures/images lives beside the repository
// (not in it), so each tier finds it the same way whatever folder it runs from.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The `shared/fixtures/images` folder: `IMAGE_STUDIO_FIXTURES` if set, otherwise the first
 * one (with its README.md) beside `extraStart`, the working directory, this bundle's folder,
 * or any of their ancestors. Integration tests pass the workspace folder as `extraStart`:
 * inside the extension host the working directory may be anywhere.
 * @throws Error when there is none, saying how to point at it.
 */
export function fixturesDir(extraStart?: string): string {
  const fromEnv = process.env.IMAGE_STUDIO_FIXTURES;
  if (fromEnv) return fromEnv;
  const starts = [extraStart, process.cwd(), __dirname].filter((dir): dir is string => Boolean(dir));
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, 'shared', 'fixtures', 'images');
      if (existsSync(join(candidate, 'README.md'))) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('shared/fixtures/images not found: set IMAGE_STUDIO_FIXTURES');
}
