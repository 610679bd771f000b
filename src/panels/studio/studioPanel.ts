// The Image Studio panel: one webview panel per window (revealed if open), restored after
// a reload by the serializer registered at activation. No `retainContextWhenHidden`: the
// webview keeps its own state with getState/setState, and on every (re)load asks the host
// for the rest with `ready`. Every message from it is validated (studioMessages.ts) and
// every image it names is looked up by an id this host issued (imageRegistry.ts).
import * as vscode from 'vscode';
import {
  assertNever,
  STUDIO_HISTORY_PAGE,
  type HostToStudio,
  type StudioImageAction,
  type StudioModel,
  type StudioPageState,
  type StudioParams,
  type StudioToHost,
} from '../../../shared/protocol';
import type { FeatureServices } from '../../featureServices';
import { SECTION, type StudioSettings } from '../../config/settings';
import { capabilitiesFor } from '../../openai/modelCapabilities';
import { OutputFolderError, resolveOutputFolder } from '../../storage/outputWriter';
import { buildWebviewHtml, localResourceRoots } from '../webviewHtml';
import { formatNumber, joinSentences } from '../../../shared/localeFormat';
import { ImageRegistry } from './imageRegistry';
import { runImageAction } from './studioActions';
import { forgetChoices, rememberChoices, restoreChoices, storedChoices } from './studioChoices';
import { estimateStudioJob } from './studioEstimate';
import { StudioHistory } from './studioHistory';
import { StudioJobs } from './studioJobs';
import { describeForLog, parseStudioMessage } from './studioMessages';
import { studioModels } from './studioModels';
import type { ThumbnailCache } from '../../storage/thumbnailCache';
import { Disposable } from '../../util/disposable';

export const STUDIO_VIEW_TYPE = 'imageStudio.studio';
/** The panel's title (the product name; a translation may keep it as it is). */
function title(): string {
  return vscode.l10n.t('Image Studio');
}
/** Distinct recent prompts offered by Up/Down in a fresh prompt box. */
const RECENT_PROMPTS = 50;
/** Schemes of documents a person writes in (not output channels, settings, diff views…). */
const TEXT_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata']);

/** The panel and what it does; tests drive it through `receive` and `onDidPostMessage`. */
export class StudioPanel extends Disposable {
  /** The open studio, if any (there is at most one per window). */
  static current: StudioPanel | undefined;

  private readonly registry = new ImageRegistry(() => this.services.jobs.prices());
  private history: StudioHistory;
  private readonly thumbnails: ThumbnailCache;
  private readonly jobs: StudioJobs;
  private readonly posted = this.register(new vscode.EventEmitter<HostToStudio>());
  private lastEditor: vscode.TextEditor | undefined;
  private historySubscription: vscode.Disposable | undefined;
  private historyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Counts changes of the history (historyChanged), to tell whether the page's HTML is stale. */
  private historyChanges = 0;
  /** `historyChanges` when the HTML got its embedded first page; undefined when it has none. */
  private embeddedAt: number | undefined;

  /** Every message the host posts to the webview (tests listen; nothing else does). */
  readonly onDidPostMessage = this.posted.event;
  /** The webview's last report of how long the first screen of history took. */
  historyFirstScreenMs: number | undefined;
  /** And whether that first page came embedded in the HTML (true) or by message (false). */
  historyFirstScreenEmbedded: boolean | undefined;

  /** How long the last scan of the output folder took (for the log and tests). */
  get historyScanMs(): number {
    return this.history.lastScanMs;
  }

  /** Opens the studio, or reveals it if it is open. */
  static show(services: FeatureServices): StudioPanel {
    if (StudioPanel.current) {
      StudioPanel.current.panel.reveal();
      return StudioPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(STUDIO_VIEW_TYPE, title(), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [],
    });
    return new StudioPanel(services, panel);
  }

  /** Adopts a panel VS Code restored after a reload. */
  static restore(services: FeatureServices, panel: vscode.WebviewPanel): StudioPanel {
    if (StudioPanel.current) {
      // Cannot happen with one window's serializer, but two studios would fight over state.
      panel.dispose();
      return StudioPanel.current;
    }
    return new StudioPanel(services, panel);
  }

  private constructor(
    private readonly services: FeatureServices,
    private readonly panel: vscode.WebviewPanel,
  ) {
    super();
    StudioPanel.current = this;
    this.thumbnails = services.thumbnails;
    this.history = this.attachHistory(this.outputFolder().folder);
    this.jobs = new StudioJobs({
      services,
      post: (message) => this.post(message),
      describe: (item) => this.registry.describe(item),
      srcFor: (uri) => this.panel.webview.asWebviewUri(uri).toString(),
      findInHistory: (uri) => this.history.find(uri),
      uriOf: (id) => this.registry.get(id)?.item.uri,
      historyChanged: () => this.historyChanged(),
      outputFolder: () => resolveOutputFolder(this.services.settings().outputFolder),
    });
    const active = vscode.window.activeTextEditor;
    if (active && isWritableText(active)) this.lastEditor = active;
    panel.iconPath = {
      light: vscode.Uri.joinPath(services.context.extensionUri, 'media', 'studio-light.svg'),
      dark: vscode.Uri.joinPath(services.context.extensionUri, 'media', 'studio-dark.svg'),
    };
    this.configureWebview();
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        this.receive(raw).catch((error: unknown) => services.logger.error('studio: a message could not be handled', error));
      }),
    );
    this.register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isWritableText(editor)) this.lastEditor = editor;
      }),
    );
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SECTION)) this.settingsChanged(event);
      }),
    );
    this.register({ dispose: () => this.historySubscription?.dispose() });
    // Scanning starts now (unless an earlier panel's scan is still current), while the
    // webview loads; its `ready` then finds it done.
    void this.history.items();
  }

  /**
   * Handles one message exactly as if the webview had posted it; resolves when it is
   * handled (for a generation: when the job is over). Refused messages are logged.
   */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseStudioMessage(raw);
    if (!parsed.ok) {
      this.services.logger.warn(`studio: refused a message from the webview (${describeForLog(raw)}): ${parsed.reason}`);
      return;
    }
    const message: StudioToHost = parsed.message;
    switch (message.type) {
      case 'ready':
        return this.sendInit();
      case 'estimate':
        return this.estimate(message.requestId, message.prompt, message.params);
      case 'generate':
        return this.generate(message.requestId, message.prompt, message.params);
      case 'cancel':
        this.jobs.cancel();
        return;
      case 'rememberChoices':
        return rememberChoices(this.services.context.workspaceState, message.params);
      case 'forgetChoices':
        return forgetChoices(this.services.context.workspaceState);
      case 'historyQuery':
        return this.queryHistory(message.requestId, message.filter, message.offset, message.limit);
      case 'thumbnails':
        return this.sendThumbnails(message.ids);
      case 'imageAction':
        return this.runAction(message.requestId, message.id, message.action);
      case 'metrics':
        this.historyFirstScreenMs = message.historyFirstScreenMs;
        this.historyFirstScreenEmbedded = message.historyEmbedded;
        this.services.logger.info(
          `studio: first screen of history (${message.historyTiles} tiles, ${message.historyEmbedded ? 'embedded in the page' : 'by message'}) in ${Math.round(message.historyFirstScreenMs)} ms; folder scanned in ${this.history.lastScanMs} ms`,
        );
        return;
      default:
        return assertNever(message);
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (StudioPanel.current === this) StudioPanel.current = undefined;
    clearTimeout(this.historyTimer);
    this.jobs.detach();
    super.dispose();
    this.panel.dispose();
  }

  // ---------------------------------------------------------------------------------------
  // Webview set-up

  private configureWebview(): void {
    this.configureWebviewRoots();
    this.panel.webview.html = buildWebviewHtml({
      webview: this.panel.webview,
      extensionUri: this.services.context.extensionUri,
      title: title(),
      script: 'studio',
      styles: ['studio.css'],
      initialState: this.pageState(),
    });
  }

  /**
   * The first history page goes into the HTML when the folder is already scanned (every open
   * after the first in a window): the page draws it as soon as its script runs, instead of
   * asking and waiting for the reply, a round trip through the workbench that took about
   * 100 ms of a warm open's 170 ms inside the page. Not scanned yet: nothing is waited for
   * here; the page asks as before.
   */
  private pageState(): StudioPageState {
    const first = this.history.firstPageNow(STUDIO_HISTORY_PAGE);
    this.embeddedAt = first ? this.historyChanges : undefined;
    if (!first) return {};
    return { history: { total: first.total, entries: first.items.map((item) => this.registry.describe(item)) } };
  }

  /**
   * Scripts on; resources only from the bundles, media, the thumbnail cache and the output
   * folder (results show the saved image). Setting `options` again keeps the page.
   */
  private configureWebviewRoots(): void {
    const { folder } = this.outputFolder();
    this.panel.webview.options = {
      enableScripts: true,
      localResourceRoots: localResourceRoots(this.services.context.extensionUri, [this.thumbnails.folder, ...(folder ? [folder] : [])]),
    };
  }

  /** The page as rendered (tests check its Content Security Policy). */
  get html(): string {
    return this.panel.webview.html;
  }

  private post(message: HostToStudio): void {
    if (this.isDisposed) return;
    this.posted.fire(message);
    // Dropped while the panel is hidden: the webview catches up with `ready` when shown.
    // Rejected if the panel was closed a moment ago (its dispose event is still on its way).
    this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  private outputFolder(): { folder?: vscode.Uri; problem?: string } {
    try {
      return { folder: resolveOutputFolder(this.services.settings().outputFolder) };
    } catch (error) {
      return { problem: error instanceof OutputFolderError ? error.message : String(error) };
    }
  }

  private catalog(settings: StudioSettings): { models: StudioModel[]; defaults: StudioParams; problem?: string } {
    const customModel = vscode.workspace.getConfiguration(SECTION).get<string>('customModel', '').trim();
    const models = studioModels({ configuredModel: settings.model, customModel, baseUrl: settings.baseUrl, now: new Date() });
    const defaults: StudioParams = {
      model: settings.model,
      size: settings.size,
      quality: settings.quality,
      n: Math.min(10, Math.max(1, Math.round(settings.count) || 1)),
      background: settings.background,
      outputFormat: settings.outputFormat,
      style: settings.style,
      complexity: settings.complexity,
      frameCount: settings.gifFrameCount,
      frameDurationMs: settings.gifFrameDurationMs,
    };
    const { problem } = this.outputFolder();
    return { models, defaults, ...(problem ? { problem } : {}) };
  }

  private async sendInit(): Promise<void> {
    // The page was loaded again (hidden and shown: no retainContextWhenHidden) from HTML
    // whose embedded history has changed since: it asks again when told.
    if (this.embeddedAt !== undefined && this.embeddedAt !== this.historyChanges) {
      void this.history.items().then((items) => this.post({ type: 'historyChanged', total: items.length }));
    }
    const settings = this.services.settings();
    const [recentPrompts, job] = await Promise.all([this.history.recentPrompts(RECENT_PROMPTS), this.jobs.current()]);
    const catalog = this.catalog(settings);
    const choices = restoreChoices(storedChoices(this.services.context.workspaceState), catalog.models, catalog.defaults, settings);
    this.post({ type: 'init', ...catalog, ...(choices ? { choices } : {}), recentPrompts, ...(job ? { job } : {}) });
  }

  private settingsChanged(event: vscode.ConfigurationChangeEvent): void {
    if (event.affectsConfiguration(`${SECTION}.outputFolder`)) {
      this.history = this.attachHistory(this.outputFolder().folder);
      this.configureWebviewRoots();
      this.historyChanged();
    }
    this.post({ type: 'catalog', ...this.catalog(this.services.settings()) });
  }

  // ---------------------------------------------------------------------------------------
  // History

  /** The shared history of `folder`, whose changes this panel then tells its webview about. */
  private attachHistory(folder: vscode.Uri | undefined): StudioHistory {
    this.historySubscription?.dispose();
    this.historySubscription = undefined;
    if (!folder) return new StudioHistory(undefined);
    const shared = this.services.histories.historyOf(folder);
    this.historySubscription = shared.onDidChange(() => this.historyChanged());
    return shared.history;
  }

  /**
   * The folder changed: the next query rescans at once, and the webview hears of it shortly
   * after (a job saves several files in a burst; one notice is enough).
   */
  private historyChanged(): void {
    this.historyChanges++;
    this.history.invalidate();
    clearTimeout(this.historyTimer);
    this.historyTimer = setTimeout(() => {
      void this.history.items().then((items) => this.post({ type: 'historyChanged', total: items.length }));
    }, 250);
  }

  private async queryHistory(requestId: number, filter: string, offset: number, limit: number): Promise<void> {
    const { total, items } = await this.history.query(filter, offset, limit);
    this.post({ type: 'historyPage', requestId, offset, total, entries: items.map((item) => this.registry.describe(item)) });
  }

  private async sendThumbnails(ids: string[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const image = this.registry.get(id);
        if (!image) {
          this.services.logger.warn('studio: refused a thumbnail request for an image id this panel never listed');
          return;
        }
        const thumbnail = await this.thumbnails.thumbnailFor(image.item.uri);
        this.post({ type: 'thumbnail', id, ...(thumbnail ? { src: this.panel.webview.asWebviewUri(thumbnail).toString() } : {}) });
      }),
    );
  }

  // ---------------------------------------------------------------------------------------
  // Generation

  private async estimate(requestId: number, prompt: string, params: StudioParams): Promise<void> {
    const settings = this.services.settings();
    if (!this.isOffered(params.model, settings)) {
      this.post({ type: 'estimateResult', requestId, problems: [vscode.l10n.t('{model} is not one of the models offered here.', { model: params.model })], notes: [] });
      return;
    }
    const result = estimateStudioJob(settings, params, prompt, this.services.jobs.prices(), new Date());
    this.post({ type: 'estimateResult', requestId, ...result });
  }

  private async generate(requestId: number, prompt: string, params: StudioParams): Promise<void> {
    const settings = this.services.settings();
    const refuse = (message: string) => this.post({ type: 'generateRefused', requestId, message });
    if (!this.isOffered(params.model, settings)) {
      this.services.logger.warn('studio: refused a generation with a model the panel did not offer');
      return refuse(vscode.l10n.t('{model} is not one of the models offered here.', { model: params.model }));
    }
    const { problem } = this.outputFolder();
    if (problem) return refuse(problem);
    if (this.jobs.running) return refuse(vscode.l10n.t('A job is already running. Cancel it or wait for it to finish.'));
    const maxLength = capabilitiesFor(params.model).maxPromptLength;
    if (maxLength !== undefined && [...prompt].length > maxLength) {
      return refuse(
        vscode.l10n.t('The prompt is {length} characters; {model} accepts at most {max}.', {
          length: formatNumber([...prompt].length),
          model: params.model,
          max: formatNumber(maxLength),
        }),
      );
    }
    const { problems } = estimateStudioJob(settings, params, prompt, this.services.jobs.prices(), new Date());
    if (problems.length > 0) return refuse(joinSentences(problems));
    await this.jobs.start(requestId, prompt.trim(), params);
  }

  /** Only models the picker offers may be sent (a forged name goes nowhere). */
  private isOffered(model: string, settings: StudioSettings): boolean {
    return this.catalog(settings).models.some((entry) => entry.id === model);
  }

  // ---------------------------------------------------------------------------------------
  // Actions

  private async runAction(requestId: number, id: string, action: StudioImageAction): Promise<void> {
    const image = this.registry.get(id);
    // Defence in depth: the file must also still be inside a workspace folder.
    if (!image || !vscode.workspace.getWorkspaceFolder(image.item.uri)) {
      this.services.logger.warn(`studio: refused "${action}" on an image id this panel never listed`);
      this.post({ type: 'actionResult', requestId, ok: false, message: vscode.l10n.t('That image is no longer listed here.') });
      return;
    }
    let outcome;
    try {
      outcome = await runImageAction(
        { services: this.services, targetEditor: () => this.targetEditor(), openColumn: () => this.openColumn() },
        action,
        image,
      );
    } catch (error) {
      this.services.logger.error(`studio: ${action} failed`, error);
      const name = image.item.record.imageName;
      const reason = error instanceof Error ? error.message : String(error);
      outcome = {
        ok: false,
        message:
          action === 'delete'
            ? vscode.l10n.t('Could not delete {name}: {reason}', { name, reason })
            : vscode.l10n.t('Could not do that with {name}: {reason}', { name, reason }),
      };
    }
    this.post({ type: 'actionResult', requestId, ok: outcome.ok, ...(outcome.message ? { message: outcome.message } : {}) });
    if (outcome.removed) {
      this.registry.remove(id);
      await this.jobs.removed(id);
      this.post({ type: 'imageRemoved', id });
      this.historyChanged();
    }
  }

  /** The editor to insert into: the last text editor used, if its document is still open. */
  private targetEditor(): vscode.TextEditor | undefined {
    const last = this.lastEditor;
    if (last && !last.document.isClosed) return last;
    return vscode.window.visibleTextEditors.find(isWritableText);
  }

  /** Images open in another group than the studio's, so the studio stays in view. */
  private openColumn(): vscode.ViewColumn {
    return this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
  }
}

function isWritableText(editor: vscode.TextEditor): boolean {
  return TEXT_SCHEMES.has(editor.document.uri.scheme) || editor.document.uri.scheme === vscode.workspace.workspaceFolders?.[0]?.uri.scheme;
}
