// Headless Chromium from Debian, driven by playwright-core (no browser download).
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Without these, Chromium keeps dialing hosts this closed network refuses.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.IMAGE_STUDIO_CHROMIUM ?? '/usr/lib/chromium/chromium';
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}

/** The workbench URL that opens `folder`, optionally with extension-development payload. */
export function workbenchUrl(base: string, folder: string, payload?: [string, string][]): string {
  const url = new URL(base);
  url.searchParams.set('folder', folder);
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}
