// The studio form's fields for GIF and SVG output: Frames and Frame duration, shown for GIF
// output only (while another format is chosen they are hidden and keep their last valid
// values, which the host sends only with GIF output), and the note that says what SVG output
// means for requests and cost.
import * as l10n from '@vscode/l10n';
import type { StudioParams } from '../../shared/protocol';
import { STUDIO_GIF_LIMITS as GIF } from '../../shared/protocol';
import { field, formatNumber, h, icon } from './dom';

function framesHelp(): string {
  return l10n.t('Frames in the animation, {min} to {max} (the service makes {default} when asked for none).', {
    min: formatNumber(GIF.minFrames),
    max: formatNumber(GIF.maxFrames),
    default: formatNumber(GIF.defaultFrames),
  });
}

function durationHelp(): string {
  return l10n.t('How long each frame shows, {min} to {max} ms; the service rounds it to 10 ms.', {
    min: formatNumber(GIF.minFrameDurationMs),
    max: formatNumber(GIF.maxFrameDurationMs),
  });
}

/** A whole number typed in `input` within `min`–`max`, or undefined when it is anything else. */
function typedWhole(input: HTMLInputElement, min: number, max: number): number | undefined {
  const typed = input.value.trim();
  const value = Number(typed);
  return /^\d{1,7}$/.test(typed) && value >= min && value <= max ? value : undefined;
}

/** The frames as typed, to put back after the form redraws (what is typed wrong stays as typed). */
export interface TypedFrames {
  frameCount: string;
  frameDuration: string;
}

export class GifSvgFields {
  private readonly frameCount = h('input', {
    id: 'frame-count',
    type: 'number',
    min: GIF.minFrames,
    max: GIF.maxFrames,
    step: 1,
    value: GIF.defaultFrames,
    title: framesHelp(),
  });
  private readonly frameDuration = h('input', {
    id: 'frame-duration',
    type: 'number',
    min: GIF.minFrameDurationMs,
    max: GIF.maxFrameDurationMs,
    step: 10,
    value: GIF.defaultFrameDurationMs,
    title: durationHelp(),
  });
  readonly frameCountField = field(l10n.t('Frames'), this.frameCount);
  readonly frameDurationField = field(l10n.t('Frame duration (ms)'), this.frameDuration);
  /** What SVG output means for requests and cost; shown while SVG is chosen. */
  readonly note = h('p', { class: 'format-note', id: 'format-note', hidden: true });
  /** The typed fields, for the form to listen to. */
  readonly inputs: readonly HTMLInputElement[] = [this.frameCount, this.frameDuration];

  /**
   * The frames as typed, for GIF output (`gif`); otherwise `current`'s. What is typed wrong
   * is added to `problems` and reads as `current`'s value.
   */
  read(gif: boolean, current: StudioParams, problems: string[]): Pick<StudioParams, 'frameCount' | 'frameDurationMs'> {
    if (!gif) return { frameCount: current.frameCount, frameDurationMs: current.frameDurationMs };
    let frameCount = typedWhole(this.frameCount, GIF.minFrames, GIF.maxFrames);
    if (frameCount === undefined) {
      problems.push(l10n.t('Type the number of frames as a whole number from {min} to {max}.', { min: formatNumber(GIF.minFrames), max: formatNumber(GIF.maxFrames) }));
      frameCount = current.frameCount;
    }
    let frameDurationMs = typedWhole(this.frameDuration, GIF.minFrameDurationMs, GIF.maxFrameDurationMs);
    if (frameDurationMs === undefined) {
      problems.push(
        l10n.t('Type the frame duration as a whole number of milliseconds from {min} to {max}.', {
          min: formatNumber(GIF.minFrameDurationMs),
          max: formatNumber(GIF.maxFrameDurationMs),
        }),
      );
      frameDurationMs = current.frameDurationMs;
    }
    return { frameCount, frameDurationMs };
  }

  /** Shows `params`: the frames for GIF output (`gif`), the note for SVG. */
  show(gif: boolean, params: StudioParams): void {
    this.frameCountField.hidden = !gif;
    this.frameDurationField.hidden = !gif;
    this.frameCount.value = String(params.frameCount ?? GIF.defaultFrames);
    this.frameDuration.value = String(params.frameDurationMs ?? GIF.defaultFrameDurationMs);
    this.showNote(params);
  }

  typed(): TypedFrames {
    return { frameCount: this.frameCount.value, frameDuration: this.frameDuration.value };
  }

  retype(typed: TypedFrames): void {
    this.frameCount.value = typed.frameCount;
    this.frameDuration.value = typed.frameDuration;
  }

  /** SVG: one drawing per request, and the author's tokens on top; nothing for other formats. */
  showNote(params: StudioParams): void {
    const svg = params.outputFormat === 'svg';
    this.note.hidden = !svg;
    if (!svg) return;
    const note =
      params.n > 1
        ? l10n.t("SVG is one drawing per request, and the SVG author's tokens are billed on top of the image's. {count} drawings are {count} requests.", {
            count: formatNumber(params.n),
          })
        : l10n.t("SVG is one drawing per request, and the SVG author's tokens are billed on top of the image's.");
    this.note.replaceChildren(icon('info'), note);
  }
}
