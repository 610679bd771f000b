import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  containingRoot,
  DestinationPatternError,
  destinationVariables,
  expandDestinationPattern,
  resolveDestinationPath,
} from '../../src/storage/destinationPattern';

const vars = destinationVariables('/ws/docs/guide/notes.md', '/ws', '/ws');

test('destinationVariables for a document inside a workspace folder', () => {
  assert.deepEqual(vars, {
    documentDirName: '/ws/docs/guide',
    documentRelativeDirName: 'docs/guide',
    documentBaseName: 'notes',
    documentFileName: 'notes.md',
    documentExtName: 'md',
    documentWorkspaceFolder: '/ws',
    workspaceFolder: '/ws',
  });
});

test('destinationVariables at the workspace root keep relative patterns relative', () => {
  const root = destinationVariables('/ws/README.md', '/ws/', '/ws');
  assert.equal(root.documentRelativeDirName, '.');
  assert.equal(root.documentWorkspaceFolder, '/ws');
  assert.equal(resolveDestinationPath(expandDestinationPattern('${documentRelativeDirName}/images', root), '/ws'), '/ws/images');
});

test('destinationVariables: names with spaces, several dots, no extension', () => {
  const spaced = destinationVariables('/ws/my docs/release.notes.v2.md', '/ws', '/ws');
  assert.equal(spaced.documentBaseName, 'release.notes.v2');
  assert.equal(spaced.documentExtName, 'md');
  assert.equal(spaced.documentRelativeDirName, 'my docs');
  const bare = destinationVariables('/ws/Makefile', '/ws', '/ws');
  assert.equal(bare.documentBaseName, 'Makefile');
  assert.equal(bare.documentExtName, '');
});

test('destinationVariables outside every workspace folder use the document folder', () => {
  const outside = destinationVariables('/elsewhere/notes.md', undefined, '/ws');
  assert.equal(outside.documentRelativeDirName, '/elsewhere');
  assert.equal(outside.documentWorkspaceFolder, '/elsewhere');
  assert.equal(outside.workspaceFolder, '/ws');
});

test('expandDestinationPattern replaces every known variable', () => {
  assert.equal(expandDestinationPattern('${documentDirName}/images', vars), '/ws/docs/guide/images');
  assert.equal(
    expandDestinationPattern('${documentDirName}/images/${documentBaseName}', vars),
    '/ws/docs/guide/images/notes',
  );
  assert.equal(
    expandDestinationPattern('assets/${documentRelativeDirName}/${documentFileName}-${documentExtName}', vars),
    'assets/docs/guide/notes.md-md',
  );
  assert.equal(expandDestinationPattern('${workspaceFolder}/art', vars), '/ws/art');
  assert.equal(expandDestinationPattern('${documentWorkspaceFolder}', vars), '/ws');
  assert.equal(expandDestinationPattern('plain/folder', vars), 'plain/folder');
  assert.equal(expandDestinationPattern('win\\style\\${documentBaseName}', vars), 'win/style/notes');
});

test('expandDestinationPattern does not re-expand values', () => {
  const tricky = destinationVariables('/ws/${documentDirName}/$&.md', '/ws', '/ws');
  assert.equal(expandDestinationPattern('${documentRelativeDirName}/${documentBaseName}', tricky), '${documentDirName}/$&');
});

test('expandDestinationPattern names unknown variables', () => {
  assert.throws(
    () => expandDestinationPattern('${documentDirName}/${fileName}', vars),
    (error: unknown) => {
      assert.ok(error instanceof DestinationPatternError);
      assert.equal(error.variable, 'fileName');
      assert.equal(
        error.message,
        'Unknown variable "${fileName}" in the destination pattern "${documentDirName}/${fileName}". Known variables: ' +
          '${documentDirName}, ${documentRelativeDirName}, ${documentBaseName}, ${documentFileName}, ${documentExtName}, ' +
          '${documentWorkspaceFolder}, ${workspaceFolder}.',
      );
      return true;
    },
  );
  assert.throws(() => expandDestinationPattern('${}', vars), /Unknown variable "\$\{\}"/);
  assert.throws(() => expandDestinationPattern('${DocumentDirName}', vars), /Unknown variable "\$\{DocumentDirName\}"/);
});

test('expandDestinationPattern refuses an unclosed ${', () => {
  assert.throws(
    () => expandDestinationPattern('${documentDirName/images', vars),
    (error: unknown) =>
      error instanceof DestinationPatternError &&
      error.message === 'The destination pattern "${documentDirName/images" has a "${" without a closing "}".',
  );
  assert.throws(() => expandDestinationPattern('images/${documentBaseName}/${', vars), DestinationPatternError);
});

test('resolveDestinationPath: relative to the base, absolute kept, normalized', () => {
  assert.equal(resolveDestinationPath('images', '/ws'), '/ws/images');
  assert.equal(resolveDestinationPath('docs/../images/', '/ws'), '/ws/images');
  assert.equal(resolveDestinationPath('', '/ws'), '/ws');
  assert.equal(resolveDestinationPath('./', '/ws'), '/ws');
  assert.equal(resolveDestinationPath('/ws/docs/./images', '/other'), '/ws/docs/images');
  assert.equal(resolveDestinationPath('C:\\ws\\images', '/c:/ws'), '/C:/ws/images');
  assert.equal(resolveDestinationPath('../outside', '/ws'), '/outside');
  assert.equal(resolveDestinationPath('/ws/docs/../../etc', '/ws'), '/etc');
});

test('containingRoot accepts the root and below, refuses siblings and parents', () => {
  const roots = ['/ws', '/other/'];
  assert.equal(containingRoot('/ws', roots), '/ws');
  assert.equal(containingRoot('/ws/docs/images', roots), '/ws');
  assert.equal(containingRoot('/other/x', roots), '/other/');
  assert.equal(containingRoot('/ws-evil/images', roots), undefined, 'a prefix is not a parent');
  assert.equal(containingRoot('/', roots), undefined);
  assert.equal(containingRoot('/etc', roots), undefined);
  assert.equal(containingRoot('/C:/ws/images', ['/c:/ws']), '/c:/ws', 'drive letters compare without case');
});

test('a pattern escaping the workspace resolves outside it (the caller refuses it)', () => {
  for (const pattern of ['../outside', '${documentDirName}/../../../etc', '/tmp/images', '${workspaceFolder}/..']) {
    const path = resolveDestinationPath(expandDestinationPattern(pattern, vars), '/ws');
    assert.equal(containingRoot(path, ['/ws']), undefined, `${pattern} -> ${path}`);
  }
  for (const pattern of ['${documentDirName}/images', '${documentDirName}/../../images', 'images/${documentBaseName}']) {
    const path = resolveDestinationPath(expandDestinationPattern(pattern, vars), '/ws');
    assert.equal(containingRoot(path, ['/ws']), '/ws', `${pattern} -> ${path}`);
  }
});
