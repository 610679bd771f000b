import * as vscode from 'vscode';
import { redactSecrets } from './redact';

/**
 * The extension's log channel. Every line passes through `redactSecrets`, and the
 * current API key is registered here at request time, so even a server message that
 * echoes the key cannot put it in the log.
 */
export class Logger implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();
  /** Last lines, kept for tests that assert what was (and was not) logged. */
  readonly recent: string[] = [];

  constructor(name: string) {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Values that must never appear in the log (the API key). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 8) this.secrets.add(value);
  }

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  error(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? '' : String(error);
    this.write('error', detail ? `${message} — ${detail}` : message);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private write(level: 'info' | 'warn' | 'error', message: string): void {
    const safe = redactSecrets(message, this.secrets);
    this.recent.push(`[${level}] ${safe}`);
    if (this.recent.length > 500) this.recent.shift();
    this.channel[level](safe);
  }
}
