// The live layers' boxes (webview/maskEditor/liveBox.ts): a stroke's box in whole pixels,
// clipped to its layer, and a live canvas that grows with the stroke, with slack, instead of
// being re-allocated every frame; and how far an annotation's pixels reach past its points
// (annotationShapes.ts), which decides that box in Annotate mode.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LIVE_SLACK, boxAround, contains, grownBox, type PixelBox } from '../../webview/maskEditor/liveBox';
import { arrowHead, shapeReach } from '../../webview/maskEditor/annotationShapes';

const image = { width: 2048, height: 2048 };

describe('boxAround', () => {
  test('covers the points grown by the reach, in whole pixels', () => {
    assert.deepEqual(boxAround([100.5, 200.25, 300.125, 150], 4, image), { x: 96, y: 146, width: 209, height: 59 });
  });

  test('a single point is a square around it', () => {
    assert.deepEqual(boxAround([10, 10], 3, image), { x: 7, y: 7, width: 6, height: 6 });
  });

  test('is clipped to the layer, and undefined outside it or without points', () => {
    assert.deepEqual(boxAround([-50, 10, 20, 2100], 5, image), { x: 0, y: 5, width: 25, height: 2043 });
    assert.equal(boxAround([-50, -50, -20, -30], 5, image), undefined);
    assert.equal(boxAround([], 5, image), undefined);
  });

  test('a layer whose corner is not at 0 (the mask canvas extended left and up, in image pixels)', () => {
    const extended = { x: -256, y: -128, width: 2048 + 256, height: 2048 + 128 };
    assert.deepEqual(boxAround([-300, -100, 10, 10], 2, extended), { x: -256, y: -102, width: 268, height: 114 });
  });

  test('a stride and a start: brush points are x, y, pressure; only the new ones', () => {
    const points = [0, 0, 1, 500, 500, 0.5, 510, 520, 1];
    assert.deepEqual(boxAround(points, 1, image, 3, 3), { x: 499, y: 499, width: 12, height: 22 });
  });
});

describe('grownBox', () => {
  test('a first box has slack all round (clipped to the layer)', () => {
    assert.deepEqual(grownBox(undefined, { x: 100, y: 30, width: 10, height: 10 }, image), {
      x: 100 - LIVE_SLACK,
      y: 0,
      width: 10 + 2 * LIVE_SLACK,
      height: 40 + LIVE_SLACK,
    });
  });

  test('a box that holds what is needed is kept as it is (no re-allocation)', () => {
    const current = { x: 100, y: 100, width: 300, height: 200 };
    assert.equal(grownBox(current, { x: 150, y: 120, width: 100, height: 100 }, image), current);
  });

  test('grows only on the sides it fell short, by at least its own size there', () => {
    const current = { x: 100, y: 100, width: 300, height: 200 };
    const next = grownBox(current, { x: 390, y: 150, width: 20, height: 20 }, image);
    assert.deepEqual(next, { x: 100, y: 100, width: 600, height: 200 });
    const up = grownBox(current, { x: 150, y: 90, width: 20, height: 20 }, image);
    assert.deepEqual(up, { x: 100, y: 0, width: 300, height: 300 });
  });

  test('a jump past the doubled size reaches the point with slack', () => {
    const current = { x: 100, y: 100, width: 100, height: 100 };
    assert.deepEqual(grownBox(current, { x: 900, y: 150, width: 10, height: 10 }, image), { x: 100, y: 100, width: 810 + LIVE_SLACK, height: 100 });
  });

  test('a stroke across the image re-allocates a few times, always holding all of it, and never grows past the layer', () => {
    let box: PixelBox | undefined;
    let allocations = 0;
    for (let x = 10; x < 2040; x += 7) {
      const needed = boxAround([x, 1000 + Math.sin(x / 40) * 60, x + 7, 1000 + Math.sin((x + 7) / 40) * 60], 6, image);
      assert.ok(needed);
      const next = grownBox(box, needed, image);
      if (next !== box) allocations++;
      box = next;
      assert.ok(contains(box, needed));
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 2048 && box.y + box.height <= 2048);
    }
    assert.ok(allocations <= 8, `${allocations} allocations`);
    assert.ok(box && box.height < 400, `a horizontal stroke keeps a short box: ${JSON.stringify(box)}`);
  });
});

describe('contains', () => {
  test('edges included', () => {
    const outer = { x: 0, y: 0, width: 10, height: 10 };
    assert.ok(contains(outer, outer));
    assert.ok(contains(outer, { x: 5, y: 5, width: 5, height: 5 }));
    assert.equal(contains(outer, { x: 5, y: 5, width: 6, height: 5 }), false);
    assert.equal(contains(outer, { x: -1, y: 0, width: 2, height: 2 }), false);
  });
});

describe('shapeReach', () => {
  test('half the line and antialiasing; an arrow its head', () => {
    assert.equal(shapeReach({ tool: 'pen', color: '#ff1f1f', width: 8, points: [0, 0] }), 6);
    assert.equal(shapeReach({ tool: 'box', color: '#ff1f1f', width: 3, points: [0, 0, 5, 5] }), 3.5);
    assert.equal(shapeReach({ tool: 'arrow', color: '#ff1f1f', width: 8, points: [0, 0, 50, 0] }), arrowHead(8) + 2);
    assert.equal(arrowHead(2), 12);
  });
});
