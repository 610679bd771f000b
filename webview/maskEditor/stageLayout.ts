// The stage's layers sized and placed for a canvas: the checkerboard, mask and comparison
// cover the whole (extended) canvas; the image and its annotations sit at the extension's
// offset; the guides outline the original image while the canvas is extended.
import type { MaskExtension } from '../../shared/protocol';
import { byId } from './dom';
import { NO_EXTENSION, sameExtension } from './maskHistory';
import { extendedSize, type Size } from './outpaintPlan';

export class StageLayout {
  private readonly stage = byId('stage', HTMLElement);
  private readonly imageCanvas = byId('image-canvas', HTMLCanvasElement);
  private readonly canvasLayers = [byId('checker', HTMLElement), byId('mask-group', HTMLElement), byId('compare', HTMLElement)];
  private readonly annotationGroup = byId('annotation-group', HTMLElement);
  private readonly guides = byId('guides', SVGSVGElement);
  private readonly baseOutline = byId('base-outline', SVGRectElement);

  /** Lays the layers out for the image of size `base` extended by `extension`; returns the canvas size. */
  apply(base: Size, extension: MaskExtension): Size {
    const size = extendedSize(base, extension);
    for (const element of this.canvasLayers) {
      element.style.width = `${size.width}px`;
      element.style.height = `${size.height}px`;
    }
    this.stage.style.width = `${size.width}px`;
    this.stage.style.height = `${size.height}px`;
    this.imageCanvas.style.left = `${extension.left}px`;
    this.imageCanvas.style.top = `${extension.top}px`;
    this.annotationGroup.style.left = `${extension.left}px`;
    this.annotationGroup.style.top = `${extension.top}px`;
    this.annotationGroup.style.width = `${base.width}px`;
    this.annotationGroup.style.height = `${base.height}px`;
    this.guides.setAttribute('width', String(size.width));
    this.guides.setAttribute('height', String(size.height));
    this.guides.setAttribute('viewBox', `0 0 ${size.width} ${size.height}`);
    this.baseOutline.setAttribute('x', String(extension.left));
    this.baseOutline.setAttribute('y', String(extension.top));
    this.baseOutline.setAttribute('width', String(base.width));
    this.baseOutline.setAttribute('height', String(base.height));
    this.baseOutline.style.display = sameExtension(extension, NO_EXTENSION) ? 'none' : '';
    return size;
  }
}
