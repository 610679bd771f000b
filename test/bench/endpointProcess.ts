// The local OpenAI-compatible endpoint in a process of its own (out/test/endpoint/main.js,
// built with the bench), so its rendering and buffers never count in the measured process,
// as a real server's would not. Driven through its /_control API. 127.0.0.1 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Fault } from '../endpoint/faults';
import { ROOT } from './environment';

export interface EndpointProcess {
  /** `http://127.0.0.1:PORT/v1`. */
  url: string;
  inject(fault: Fault): Promise<void>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** `main` is the endpoint's CLI bundle (out/test/endpoint/main.js, or the bench's snapshot of it). */
export async function startEndpointProcess(main: string): Promise<EndpointProcess> {
  if (!existsSync(main)) throw new Error(`${main} is missing: build with \`node esbuild.mjs --tests\` (npm run bench does)`);
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', main, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`endpoint did not start:\n${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /IMAGE_STUDIO_ENDPOINT=(\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`endpoint exited (${code}):\n${output}`));
    });
  });
  const connection = connectEndpoint(url);
  return {
    ...connection,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Control of an endpoint another process started (`stop` does nothing). */
export function connectEndpoint(url: string): EndpointProcess {
  const parsed = new URL(url);
  if (parsed.hostname !== '127.0.0.1') throw new Error(`endpoint is not local: ${url}`);
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${parsed.origin}/_control/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`endpoint control ${method} ${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  return {
    url,
    inject: (fault) => control('POST', 'faults', fault),
    reset: () => control('POST', 'reset'),
    stop: async () => undefined,
  };
}
