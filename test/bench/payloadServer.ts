// A minimal OpenAI-compatible image server for the memory figures, answering with
// photo-like 1536x1024 PNGs of the size real results have (~3 MB each, ~4 MB as base64).
// The test endpoint's images are gradients with text (~0.3 MB at this size), which would
// understate what a job of 10 holds in memory. It answers POST /v1/images/generations
// only, as JSON or as the SSE stream the SDK reads, and listens on 127.0.0.1 only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

export interface PayloadServer {
  /** `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** Bytes of one full image (PNG), on average. */
  imageBytes: number;
  requests: number;
  close(): Promise<void>;
}

const WIDTH = 1536;
const HEIGHT = 1024;

/** Ten different photo-like pictures: crops of flowers.jpeg with their hue turned and a light grain. */
async function makeImages(fixtures: string): Promise<{ full: string[]; partial: string }> {
  const flowers = readFileSync(join(fixtures, 'flowers.jpeg'));
  const noise = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 128, sigma: 6 } } })
    .raw()
    .toBuffer();
  const full: string[] = [];
  for (let index = 0; index < 10; index++) {
    const pixels = await sharp(flowers)
      .resize(WIDTH, HEIGHT, { fit: 'cover', position: index % 2 ? 'north' : 'south' })
      .modulate({ hue: index * 36 })
      .raw()
      .toBuffer();
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.max(0, Math.min(255, pixels[i] + noise[(i + index * 9973) % noise.length] - 128));
    const png = await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png().toBuffer();
    full.push(png.toString('base64'));
  }
  const partial = (await sharp(Buffer.from(full[0], 'base64')).resize(384, 256).blur(3).png().toBuffer()).toString('base64');
  return { full, partial };
}

const USAGE = { input_tokens: 12, output_tokens: 400, total_tokens: 412, input_tokens_details: { text_tokens: 12, image_tokens: 0 } };

export async function startPayloadServer(fixtures = '/work/shared/fixtures/images'): Promise<PayloadServer> {
  const images = await makeImages(fixtures);
  const imageBytes = images.full.reduce((sum, b64) => sum + Buffer.byteLength(b64, 'base64'), 0) / images.full.length;
  const jsonBodies = new Map<number, Buffer>();
  const jsonBody = (n: number) => {
    let body = jsonBodies.get(n);
    if (!body) {
      const data = Array.from({ length: n }, (_, index) => ({ b64_json: images.full[index % images.full.length] }));
      const response = { created: Math.floor(Date.now() / 1000), background: 'opaque', output_format: 'png', quality: 'low', size: `${WIDTH}x${HEIGHT}`, data, usage: USAGE };
      body = Buffer.from(JSON.stringify(response));
      jsonBodies.set(n, body);
    }
    return body;
  };
  let requests = 0;
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/images/generations')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not here","type":"invalid_request_error"}}');
        return;
      }
      requests++;
      let body: { n?: number; stream?: boolean; partial_images?: number } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        // answered like a valid request: this server only feeds the bench
      }
      const headers = { 'x-request-id': `req_bench_${requests}` };
      if (!body.stream) {
        const payload = jsonBody(Math.max(1, Math.min(10, body.n ?? 1)));
        res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': payload.length }).end(payload);
        return;
      }
      res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      const common = { created_at: Math.floor(Date.now() / 1000), background: 'opaque', output_format: 'png', quality: 'low', size: `${WIDTH}x${HEIGHT}` };
      for (let index = 0; index < (body.partial_images ?? 0); index++) {
        const type = 'image_generation.partial_image';
        res.write(`event: ${type}\ndata: ${JSON.stringify({ type, b64_json: images.partial, ...common, partial_image_index: index })}\n\n`);
      }
      const type = 'image_generation.completed';
      res.end(`event: ${type}\ndata: ${JSON.stringify({ type, b64_json: images.full[next++ % images.full.length], ...common, usage: USAGE })}\n\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    imageBytes,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
