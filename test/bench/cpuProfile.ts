// A V8 CPU profile started and stopped over DevTools-protocol messages, whichever carries
// them: node:inspector inside the extension host (agentHost.ts), a CDP session for the
// window (agentTools.ts). Diagnostics only (IMAGE_STUDIO_BENCH_PROFILE): never for figures.

/** Sends one protocol message and resolves with its result. */
export type ProtocolSend = (method: string, params?: object) => Promise<unknown>;

/** Sampling every 250 µs: a 40 ms stall shows as ~160 samples. */
const SAMPLING_INTERVAL_US = 250;

/** Starts profiling; the function it returns stops and gives the profile (a .cpuprofile's JSON). */
export async function startCpuProfile(send: ProtocolSend): Promise<() => Promise<unknown>> {
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await send('Profiler.start');
  return async () => ((await send('Profiler.stop')) as { profile: unknown }).profile;
}
