// The mask editor's operation list (webview/maskEditor/maskHistory.ts): undo/redo move a
// cursor, a new step after an undo drops the undone ones, the extension in effect follows
// the cursor, and saved state is checked when it comes back.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MaskHistory, parseOp, type MaskOp } from '../../webview/maskEditor/maskHistory';

const stroke = (mode: 'paint' | 'erase' = 'paint'): MaskOp => ({ kind: 'stroke', mode, size: 10, hardness: 1, points: [1, 2, 1, 3, 4, 1] });
const extend = (right: number): MaskOp => ({ kind: 'extend', extension: { left: 0, top: 0, right, bottom: 0 } });

describe('MaskHistory', () => {
  test('undo and redo move the cursor; a new step drops what was undone', () => {
    const history = new MaskHistory();
    history.push(stroke());
    history.push({ kind: 'invert' });
    assert.ok(history.undo());
    assert.equal(history.cursor, 1);
    assert.ok(history.canRedo);
    history.push({ kind: 'clear' });
    assert.deepEqual(history.ops.map((op) => op.kind), ['stroke', 'clear']);
    assert.equal(history.canRedo, false);
    assert.ok(history.undo() && history.undo());
    assert.equal(history.undo(), false);
    assert.ok(history.redo());
    assert.equal(history.cursor, 1);
  });

  test('the extension in effect is the last one before the cursor', () => {
    const history = new MaskHistory();
    history.push(extend(256));
    history.push(stroke());
    history.push(extend(512));
    assert.equal(history.extensionAt().right, 512);
    history.undo();
    assert.equal(history.extensionAt().right, 256);
    history.undo();
    history.undo();
    assert.equal(history.extensionAt().right, 0);
  });

  test('knows when nothing can be selected (so Generate can say so without sending)', () => {
    const history = new MaskHistory();
    assert.ok(history.isCertainlyEmpty());
    history.push(stroke('erase'));
    assert.ok(history.isCertainlyEmpty());
    history.push(stroke('paint'));
    assert.equal(history.isCertainlyEmpty(), false);
    history.push({ kind: 'clear' });
    assert.ok(history.isCertainlyEmpty());
    history.push({ kind: 'invert' });
    assert.equal(history.isCertainlyEmpty(), false);
    history.undo();
    history.push(extend(16));
    assert.equal(history.isCertainlyEmpty(), false, 'an extension is always part of the mask');
  });
});

describe('parseOp (saved state)', () => {
  test('keeps well-formed operations', () => {
    for (const op of [stroke(), extend(3), { kind: 'invert' }, { kind: 'rect', mode: 'erase', x: 1, y: 2, width: 3, height: 4 }] as MaskOp[]) {
      assert.deepEqual(parseOp(JSON.parse(JSON.stringify(op))), op);
    }
  });

  test('drops malformed ones', () => {
    assert.equal(parseOp({ kind: 'stroke', mode: 'paint', size: 10, hardness: 1, points: [1, 2] }), undefined, 'points come in threes');
    assert.equal(parseOp({ kind: 'stroke', mode: 'smudge', size: 10, hardness: 1, points: [1, 2, 1] }), undefined);
    assert.equal(parseOp({ kind: 'lasso', mode: 'paint', points: [1, 'x'] }), undefined);
    assert.equal(parseOp({ kind: 'extend', extension: { left: -1, top: 0, right: 0, bottom: 0 } }), undefined);
    assert.equal(parseOp({ kind: 'eval', code: 'alert(1)' }), undefined);
    assert.equal(parseOp(null), undefined);
  });
});
