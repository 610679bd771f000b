import type * as vscode from 'vscode';

/**
 * A base for classes that own disposables, in the hexeditor's style: `register()` what you
 * create, and `dispose()` disposes it all once, newest first. Registering after disposal
 * disposes at once, so a late subscription cannot leak.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposedFlag = false;

  protected get isDisposed(): boolean {
    return this.disposedFlag;
  }

  protected register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposedFlag) disposable.dispose();
    else this.owned.push(disposable);
    return disposable;
  }

  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    for (const disposable of this.owned.splice(0).reverse()) disposable.dispose();
  }
}
