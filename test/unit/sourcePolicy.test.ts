// The one containment policy (src/jobs/sourcePolicy.ts) that the explorer's commands, the
// mask editor and its Keep all read sources through. The refusal of a link on a file system
// that cannot resolve links (remote) used to differ: the explorer refused it, the mask editor
// uploaded it. Now one rule, the stricter one, holds for both.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { containmentRefusal } from '../../src/jobs/sourcePolicy';

describe('containmentRefusal', () => {
  test('a file inside a workspace folder is read, link or not', () => {
    assert.equal(containmentRefusal({ kind: 'inside' }, 'cat.png', false), undefined);
    assert.equal(containmentRefusal({ kind: 'inside' }, 'cat.png', true), undefined);
  });

  test('outside the workspace: refused, saying to copy the image in', () => {
    assert.match(containmentRefusal({ kind: 'outside' }, 'cat.png', false) ?? '', /^cat\.png is not inside the open workspace\..*copy the image into it first\.$/);
  });

  test('a link pointing outside is refused and names its target', () => {
    const message = containmentRefusal({ kind: 'linkedOutside', target: '/etc/secret.png' }, 'cat.png', true) ?? '';
    assert.match(message, /^cat\.png is a symbolic link to \/etc\/secret\.png, outside the workspace\./);
  });

  test('a missing file or a dangling link is refused as unreadable', () => {
    assert.match(containmentRefusal({ kind: 'unresolved' }, 'cat.png', false) ?? '', /^cat\.png could not be read: it no longer exists/);
  });

  test('a remote file system: plain files are read, links are refused (they cannot be checked)', () => {
    assert.equal(containmentRefusal({ kind: 'unresolvable' }, 'cat.png', false), undefined);
    assert.match(
      containmentRefusal({ kind: 'unresolvable' }, 'cat.png', true) ?? '',
      /^cat\.png is a symbolic link, and this file system does not tell where it points, so Image Studio does not read it\./,
    );
  });
});
