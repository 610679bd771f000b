import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeOnLine } from '../../src/panels/studio/placeOnLine';

test('Insert puts a reference on a line of its own at the start or end of a line, inline elsewhere', () => {
  const ref = '![a](b.png)';
  assert.equal(placeOnLine(ref, '# Notes', 0, '\n'), `${ref}\n`, 'before a heading');
  assert.equal(placeOnLine(ref, '# Notes', 7, '\r\n'), `\r\n${ref}`, 'after the text');
  assert.equal(placeOnLine(ref, 'see  here', 4, '\n'), ref, 'in the middle of a sentence');
  assert.equal(placeOnLine(ref, '', 0, '\n'), ref, 'on an empty line');
  assert.equal(placeOnLine(ref, '    ', 4, '\n'), ref, 'on a blank line');
  assert.equal(placeOnLine(ref, '# Notes', -1, '\n'), ref, 'replacing a selection');
});
