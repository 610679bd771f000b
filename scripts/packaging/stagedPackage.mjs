// What a platform package is staged from (scripts/packaging/packageTargets.mjs): the manifest it ships
// and the slice of package-lock.json that installs its one run-time dependency. Pure
// functions, so the unit tests check them on the real package.json and lock.

/** The one dependency required at run time (esbuild marks it external: it is native). */
export const RUNTIME_DEPENDENCIES = ['sharp'];

/**
 * The slice of a package-lock.json (version 3) that installs `dependencies` and what they
 * need, following npm's lookup (nested node_modules first, then each parent's); optional
 * dependencies stay in, each marked for its platform, so `npm ci --os/--cpu/--libc` picks.
 * @param {{ packages: Record<string, any> }} lock
 * @param {Record<string, string>} dependencies
 */
export function runtimeLock(lock, dependencies) {
  const packages = lock.packages;
  /** @param {string} from @param {string} name */
  const resolve = (from, name) => {
    for (let base = from; ; ) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!base) return undefined;
      const parent = base.lastIndexOf('/node_modules/');
      base = parent < 0 ? '' : base.slice(0, parent);
    }
  };
  const kept = new Set();
  const queue = Object.keys(dependencies).map((name) => ['', name]);
  for (const [from, name] of queue) {
    const found = resolve(from, name);
    if (!found) {
      if (from === '') throw new Error(`${name} is not in package-lock.json: run npm install`);
      continue; // an optional dependency of another platform that npm left out of the lock
    }
    if (kept.has(found)) continue;
    kept.add(found);
    const entry = packages[found];
    for (const field of ['dependencies', 'optionalDependencies']) {
      for (const child of Object.keys(entry[field] ?? {})) queue.push([found, child]);
    }
    for (const child of Object.keys(entry.peerDependencies ?? {})) {
      if (!entry.peerDependenciesMeta?.[child]?.optional) queue.push([found, child]);
    }
  }
  const root = { ...packages[''], dependencies };
  delete root.devDependencies;
  delete root.optionalDependencies;
  return {
    ...lock,
    packages: Object.fromEntries([['', root], ...[...kept].sort().map((path) => [path, packages[path]])]),
  };
}

/**
 * The manifest a package ships: the project's, with only the run-time dependencies and
 * without what only the repository uses (scripts, devDependencies, npm's install policy).
 * @param {Record<string, any>} manifest
 */
export function stagedManifest(manifest) {
  const { scripts: _scripts, devDependencies: _dev, allowScripts: _allow, ...rest } = manifest;
  const dependencies = Object.fromEntries(RUNTIME_DEPENDENCIES.map((name) => {
    const version = manifest.dependencies?.[name];
    if (!version) throw new Error(`package.json has no dependency ${name}`);
    return [name, version];
  }));
  return { ...rest, dependencies };
}
