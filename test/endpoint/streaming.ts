// Server-sent events for `stream: true`, shaped as the spec's ImageGenStreamEvent /
// ImageEditStreamEvent: N `*.partial_image` events, then one `*.completed` per image.
// The openai SDK reads `data:` JSON and yields it; the `event:` line mirrors `type` as
// the service sends it. There is no `[DONE]` sentinel for image streams.
import type { ServerResponse } from 'node:http';
import { dropConnection } from './reply';
import { echo, identifierEcho, renderPartials, type ResultPlan, type Usage } from './results';

export interface StreamEvent {
  type: string;
  payload: Record<string, unknown>;
}

export async function buildStreamEvents(plan: ResultPlan, finals: Buffer[], usage: Usage, notAnImage: Buffer | undefined): Promise<StreamEvent[]> {
  const prefix = plan.operation === 'edit' ? 'image_edit' : 'image_generation';
  const events: StreamEvent[] = [];
  for (const final of finals) {
    const partials = await renderPartials(plan, final);
    const common = () => ({ created_at: Math.floor(Date.now() / 1000), ...echo(plan) });
    partials.forEach((bytes, index) => {
      const type = `${prefix}.partial_image`;
      events.push({ type, payload: { type, b64_json: bytes.toString('base64'), ...common(), partial_image_index: index } });
    });
    const type = `${prefix}.completed`;
    events.push({ type, payload: { type, b64_json: (notAnImage ?? final).toString('base64'), ...common(), ...identifierEcho(plan), usage } });
  }
  return events;
}

function write(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(chunk, () => resolve());
  });
}

/**
 * Writes the events; with `cut`, stops before the first `completed` event and either ends
 * the response cleanly (`graceful`) or drops the connection mid-stream.
 */
export async function writeStream(res: ServerResponse, events: StreamEvent[], cut?: { graceful?: boolean }): Promise<void> {
  for (const event of events) {
    if (cut && event.type.endsWith('.completed')) {
      if (cut.graceful) res.end();
      // Give the client a moment to read what was sent, then reset the connection.
      else await new Promise<void>((resolve) => setTimeout(() => (dropConnection(res, { reset: true }), resolve()), 50));
      return;
    }
    await write(res, `event: ${event.type}\ndata: ${JSON.stringify(event.payload)}\n\n`);
  }
  res.end();
}
