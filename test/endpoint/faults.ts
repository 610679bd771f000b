// Injected failures, consumed in order, at most one per request. Each kind fires at the
// point the real failure would happen (a gateway error before validation, a moderation
// refusal only for a valid request, a bad image only in a successful answer, a hostile SVG
// only in an SVG answer, an expired URL only on download), so a fault is not eaten by a
// request it cannot happen to.

export type Fault = { path?: string; times?: number } & (
  | { kind: 'status'; status: number; retryAfter?: number; code?: string; message?: string; type?: string }
  | { kind: 'moderation'; style: 'gpt' | 'legacy' }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' }
  | { kind: 'stall' }
  | { kind: 'malformedJson' }
  | { kind: 'notAnImage' }
  | { kind: 'expiredUrl' }
  /** `graceful: true` ends the event stream cleanly instead of dropping the connection. */
  | { kind: 'streamCut'; graceful?: boolean }
  /**
   * The next SVG generation answers a hostile but well-formed SVG (svgImages.ts
   * HOSTILE_SVG_PARTS: <script>, onload=, a javascript: href, an external xlink:href, a
   * <foreignObject> with HTML), for testing the extension's SVG sanitizer end to end.
   */
  | { kind: 'hostileSvg' }
  /**
   * The next image answer is a silent downgrade, as image services are known to make: an
   * opaque image although transparency was asked, 1024x1024 whatever size was asked, a GIF
   * of 2 frames; the JSON still reports what was asked. For the extension's comparison of
   * what it asked with what came back.
   */
  | { kind: 'downgrade' }
);

export type FaultKind = Fault['kind'];

/** Kinds that fire before validation: what a gateway or an overloaded service does. */
export const TRANSPORT_KINDS: readonly FaultKind[] = ['delay', 'status', 'reset', 'stall', 'malformedJson'];

/** What the server knows about a request when it looks for a fault to apply. */
export interface FaultTarget {
  path: string;
  /** image = POST /v1/images/*, file = GET /files/*, api = any other /v1 call. */
  category: 'image' | 'file' | 'api';
  stream: boolean;
  /** A generation asking for `output_format: 'svg'` (the only answers `hostileSvg` can spoil). */
  svg?: boolean;
}

/**
 * Whether a fault can happen to this request at all: a moderation refusal or a bad image
 * only to an images call, a stream cut only to a streaming one, an expired URL only to a
 * download; and downloads only get gateway faults that name their path.
 */
function applies(fault: Fault, target: FaultTarget): boolean {
  if (!pathMatches(fault, target.path)) return false;
  switch (fault.kind) {
    case 'moderation':
    case 'notAnImage':
    case 'downgrade':
      return target.category === 'image';
    case 'streamCut':
      return target.category === 'image' && target.stream;
    case 'hostileSvg':
      return target.category === 'image' && target.svg === true;
    case 'expiredUrl':
      return target.category === 'file';
    default:
      return target.category !== 'file' || fault.path !== undefined;
  }
}

const KNOWN: ReadonlySet<string> = new Set(['status', 'moderation', 'delay', 'reset', 'stall', 'malformedJson', 'notAnImage', 'expiredUrl', 'streamCut', 'hostileSvg', 'downgrade']);

/** Checks a fault from the control API (untyped JSON); returns a reason or undefined. */
export function faultProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return 'a fault must be an object';
  const fault = value as Record<string, unknown>;
  if (!KNOWN.has(String(fault.kind))) return `unknown fault kind ${JSON.stringify(fault.kind)}`;
  if (fault.path !== undefined && typeof fault.path !== 'string') return 'path must be a string';
  if (fault.times !== undefined && !(Number.isInteger(fault.times) && (fault.times as number) > 0)) return 'times must be a positive integer';
  if (fault.kind === 'status' && !(Number.isInteger(fault.status) && (fault.status as number) >= 400 && (fault.status as number) <= 599)) return 'status must be 400–599';
  if (fault.kind === 'delay' && !(typeof fault.ms === 'number' && fault.ms >= 0)) return 'ms must be a non-negative number';
  if (fault.kind === 'moderation' && fault.style !== 'gpt' && fault.style !== 'legacy') return "style must be 'gpt' or 'legacy'";
  return undefined;
}

function pathMatches(fault: Fault, path: string): boolean {
  return fault.path === undefined || routeMatches(fault.path, path);
}

/** `/images/edits` and `/v1/images/edits` both match; a prefix like `/files` matches every file. */
export function routeMatches(pattern: string, path: string): boolean {
  const strip = (p: string) => (p.startsWith('/v1/') ? p.slice(3) : p);
  const want = strip(pattern);
  const have = strip(path);
  return have === want || have.startsWith(want.endsWith('/') ? want : `${want}/`);
}

export class FaultQueue {
  private queue: { fault: Fault; remaining: number }[] = [];

  inject(fault: Fault): void {
    const problem = faultProblem(fault);
    if (problem) throw new Error(`invalid fault: ${problem}`);
    this.queue.push({ fault: { ...fault }, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
  }

  /** Faults still waiting, with how many uses each has left. */
  pending(): (Fault & { remaining: number })[] {
    return this.queue.map(({ fault, remaining }) => ({ ...fault, remaining }));
  }

  /**
   * The first queued fault that can happen to this request. A request gets at most one
   * fault, and only when it reaches the step where that fault fires (`use`), so a fault
   * waits in the queue if the request fails earlier (e.g. invalid, so never moderated).
   */
  next(target: FaultTarget): Fault | undefined {
    return this.queue.find(({ fault }) => applies(fault, target))?.fault;
  }

  /** Uses the fault once (returned by `next`); removes it when its `times` are spent. */
  use(fault: Fault): void {
    const index = this.queue.findIndex((entry) => entry.fault === fault);
    if (index < 0) return;
    const entry = this.queue[index];
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
  }
}
