// Up/Down through earlier prompts, the way a shell or VS Code's chat input does: the text
// being written is kept as a draft and comes back after the newest entry. DOM-free.

/** Earlier prompts, newest first, with a cursor for Up/Down. */
export class PromptHistory {
  private entries: string[];
  /** -1: showing the draft; otherwise the index of the entry shown. */
  private index = -1;
  private draft = '';

  constructor(
    entries: readonly string[],
    private readonly limit = 50,
  ) {
    this.entries = unique(entries).slice(0, limit);
  }

  /** The entry before the one shown (remembering `current` as the draft), or undefined at the oldest. */
  older(current: string): string | undefined {
    if (this.index + 1 >= this.entries.length) return undefined;
    if (this.index === -1) this.draft = current;
    this.index++;
    return this.entries[this.index];
  }

  /** The entry after the one shown, the draft after the newest, or undefined when on the draft. */
  newer(): string | undefined {
    if (this.index === -1) return undefined;
    this.index--;
    return this.index === -1 ? this.draft : this.entries[this.index];
  }

  /** Records a submitted prompt as the newest entry and returns to the draft. */
  add(prompt: string): void {
    const text = prompt.trim();
    this.reset();
    if (!text) return;
    this.entries = unique([text, ...this.entries]).slice(0, this.limit);
  }

  /** Adds older entries (e.g. prompts from the history) after the known ones. */
  merge(older: readonly string[]): void {
    this.entries = unique([...this.entries, ...older]).slice(0, this.limit);
  }

  /** Back to the draft (the person typed: the next Up starts from the newest entry). */
  reset(): void {
    this.index = -1;
    this.draft = '';
  }

  list(): string[] {
    return [...this.entries];
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))];
}

/** Whether the caret is on the first line of `text` (no line break before it). */
export function caretOnFirstLine(text: string, caret: number): boolean {
  return !text.slice(0, caret).includes('\n');
}

/** Whether the caret is on the last line of `text` (no line break after it). */
export function caretOnLastLine(text: string, caret: number): boolean {
  return !text.slice(caret).includes('\n');
}
