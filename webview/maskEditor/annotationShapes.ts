// Annotate mode's shapes as data (no DOM: the history and its unit tests use them): arrows,
// boxes, ellipses, pen lines and text labels, in base-image pixels.
export type AnnotationTool = 'pen' | 'arrow' | 'box' | 'ellipse' | 'text';

/** One drawn shape. */
export interface AnnotationShape {
  tool: AnnotationTool;
  /** One of {@link ANNOTATION_COLORS}. */
  color: string;
  /** Line width in image pixels. */
  width: number;
  /** x, y per point, flat: the pen's path; start and end for the others; the label's top left. */
  points: number[];
  /** The label's words (text only). */
  text?: string;
}

/**
 * Strong colours that read on photos: red, yellow, green, blue, white. Their names are the
 * swatches' (src/panels/maskEditor/maskEditorMarkup.ts, in the display language).
 */
export const ANNOTATION_COLORS: readonly { value: string }[] = [
  { value: '#ff1f1f' },
  { value: '#ffd400' },
  { value: '#00c853' },
  { value: '#2979ff' },
  { value: '#ffffff' },
];

export const ANNOTATION_TOOLS: readonly AnnotationTool[] = ['pen', 'arrow', 'box', 'ellipse', 'text'];

export type AnnotationWidth = 'thin' | 'thick';

/** Line width for an image: thin is about 1/250 of its longest side, thick three times that. */
export function lineWidthFor(width: AnnotationWidth, image: { width: number; height: number }): number {
  const thin = Math.max(3, Math.round(Math.max(image.width, image.height) / 250));
  return width === 'thin' ? thin : thin * 3;
}

/** The arrow head's length for a line width. */
export const arrowHead = (width: number): number => Math.max(width * 4, 12);

/**
 * How far past its points a shape's pixels reach: half its line (round caps and joins), or
 * an arrow's head, and the antialiasing around them. Text labels are placed, never drawn live.
 */
export function shapeReach(shape: AnnotationShape): number {
  const half = shape.width / 2;
  return (shape.tool === 'arrow' ? Math.max(half, arrowHead(shape.width)) : half) + 2;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** One saved shape, or undefined when it is not well-formed. */
export function parseShape(value: unknown): AnnotationShape | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Record<string, unknown>;
  if (!ANNOTATION_TOOLS.includes(s.tool as AnnotationTool)) return undefined;
  if (typeof s.color !== 'string' || !ANNOTATION_COLORS.some((color) => color.value === s.color)) return undefined;
  if (!isNumber(s.width) || s.width <= 0 || !Array.isArray(s.points) || s.points.length < 2 || s.points.length % 2 !== 0 || !s.points.every(isNumber)) return undefined;
  const tool = s.tool as AnnotationTool;
  if (tool === 'text' && (typeof s.text !== 'string' || s.text.length === 0)) return undefined;
  return { tool, color: s.color, width: s.width, points: s.points, ...(tool === 'text' ? { text: s.text as string } : {}) };
}
