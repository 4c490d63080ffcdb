import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../log.js';
import { compileFlow, type CompiledFlow, type CompileOptions } from './compile.js';
import { formatDiagnostic } from './diagnostics.js';
import type { FlowEnvPolicy } from './flow-env.js';
import { loadFlowDir, type FlowVersion, type LoadResult } from './load-dir.js';
import type { Flow } from './model.js';

/** Where flow versions are kept so every instance can run any version a call started on. */
export interface FlowVersionStore {
  save(version: FlowVersion): Promise<void>;
  load(hash: string): Promise<{ flow: Flow } | undefined>;
  knownGroups(): Promise<ReadonlySet<string>>;
}

const CACHE_LIMIT = 256;

/**
 * How long a flow's file may be gone before the flow is retired. Editors, deploys and `git
 * checkout` remove files and create them again; a flow must not go down in between.
 */
export const DEFAULT_REMOVAL_GRACE_MS = 30_000;
/** Quiet time after a change before reloading: editors write in bursts (truncate then write, temp file then rename). */
export const WATCH_DEBOUNCE_MS = 150;

/** What one reload did: for its log line, the reloads metric, and whoever waits for it. */
export interface ReloadReport {
  /** ok: every file loaded; errors: some did not (their flows keep their previous version); failed: the reload itself failed (nothing changed). */
  result: 'ok' | 'errors' | 'failed';
  trigger: string;
  loaded: string[];
  updated: string[];
  /** Flows whose file is there but broken (empty, unreadable, no id, failing checks): the previous version serves. */
  kept: string[];
  /** Flows whose file is gone, not yet for the grace period: they still serve. */
  missing: string[];
  removed: string[];
}

export interface RegistryOptions {
  removalGraceMs?: number;
  /** Which environment variables flow lookups may read (see flow-env.ts). */
  flowEnv?: FlowEnvPolicy;
  /** The centre's settings every version is compiled with (the callback policy). */
  compile?: CompileOptions;
}

/**
 * The flows this instance serves. Reloads the folder when files change: a flow that fails its
 * checks is not loaded and its previous version keeps serving, and a flow whose file is gone is
 * retired only after a grace period. Calls stay on the version they started with; older versions
 * are rebuilt from the store on demand and cached by hash.
 */
export class FlowRegistry extends EventEmitter<{ reload: [ReloadReport] }> {
  private current = new Map<string, CompiledFlow>();
  private fileOf = new Map<string, string>();
  private byNumber = new Map<string, CompiledFlow>();
  private fallbackFlow?: CompiledFlow;
  private cache = new Map<string, CompiledFlow>();
  /** Flow id → when its file was first found gone. */
  private missingSince = new Map<string, number>();
  private retireTimer?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private watcher?: FSWatcher;
  private reloading: Promise<LoadResult> | undefined;
  /** What the last reload found (diagnostics included), for status pages and tests. */
  lastLoad?: LoadResult;
  private again = false;
  private readonly removalGraceMs: number;
  private readonly flowEnv?: FlowEnvPolicy;
  private readonly compileOptions: CompileOptions;

  constructor(
    readonly dir: string,
    private store: FlowVersionStore,
    private log: Logger,
    opts: RegistryOptions = {},
  ) {
    super();
    this.removalGraceMs = opts.removalGraceMs ?? DEFAULT_REMOVAL_GRACE_MS;
    this.flowEnv = opts.flowEnv;
    this.compileOptions = opts.compile ?? {};
  }

  /** The flow that answers calls to `to`, or the default flow. */
  forNumber(to: string): CompiledFlow | undefined {
    return this.byNumber.get(to) ?? this.fallbackFlow;
  }

  currentVersions(): CompiledFlow[] {
    return [...this.current.values()];
  }

  async byHash(hash: string): Promise<CompiledFlow | undefined> {
    const hit = this.cache.get(hash);
    if (hit) return hit;
    const stored = await this.store.load(hash);
    return stored && this.remember(compileFlow(stored.flow, hash, this.compileOptions));
  }

  private remember(cf: CompiledFlow): CompiledFlow {
    this.cache.delete(cf.hash);
    this.cache.set(cf.hash, cf);
    if (this.cache.size > CACHE_LIMIT) {
      const live = new Set([...this.current.values()].map((c) => c.hash));
      for (const h of this.cache.keys()) if (!live.has(h) && this.cache.size > CACHE_LIMIT) this.cache.delete(h);
    }
    return cf;
  }

  /** The next reload whose report matches (default: any), for tests and tools that edit files. */
  nextReload(matches: (r: ReloadReport) => boolean = () => true): Promise<ReloadReport> {
    return new Promise((resolve) => {
      const listener = (r: ReloadReport) => {
        if (!matches(r)) return;
        this.off('reload', listener);
        resolve(r);
      };
      this.on('reload', listener);
    });
  }

  /** Reads the folder again. Concurrent calls share one reload, and one more runs after it if asked. */
  reload(trigger = 'request'): Promise<LoadResult> {
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = this.doReload(trigger)
      .catch((err: unknown) => {
        this.log.error({ err, trigger }, 'flow reload failed; the loaded flows keep serving');
        this.emit('reload', { result: 'failed', trigger, loaded: [], updated: [], kept: [], missing: [], removed: [] });
        throw err;
      })
      .finally(() => {
        this.reloading = undefined;
        if (this.again) {
          this.again = false;
          this.reloadInBackground(trigger);
        }
      });
    return this.reloading;
  }

  /** A reload nobody waits for (the file watcher, SIGHUP): a failure is logged by reload(), the current flows stay. */
  reloadInBackground(trigger = 'request'): void {
    this.reload(trigger).catch(() => {});
  }

  private async doReload(trigger: string): Promise<LoadResult> {
    const result = await loadFlowDir(this.dir, { knownGroups: await this.store.knownGroups(), flowEnv: this.flowEnv });
    for (const d of result.diagnostics) {
      (d.severity === 'error' ? this.log.error.bind(this.log) : this.log.warn.bind(this.log))({ flowFile: d.file }, formatDiagnostic(d));
    }
    const report: ReloadReport = {
      result: result.diagnostics.some((d) => d.severity === 'error') ? 'errors' : 'ok',
      trigger,
      loaded: [],
      updated: [],
      kept: [],
      missing: [],
      removed: [],
    };
    const next = new Map<string, CompiledFlow>();
    for (const [id, version] of result.versions) {
      this.fileOf.set(id, version.file);
      const known = this.current.get(id);
      if (known?.hash === version.hash) {
        next.set(id, known);
        continue;
      }
      await this.store.save(version);
      next.set(id, this.remember(compileFlow(version.flow, version.hash, this.compileOptions)));
      (known ? report.updated : report.loaded).push(id);
      this.log.info({ flow: id, version: version.hash }, known ? 'flow updated' : 'flow loaded');
    }
    const now = Date.now();
    for (const [id, old] of this.current) {
      if (next.has(id)) {
        this.missingSince.delete(id);
        continue;
      }
      const file = this.fileOf.get(id);
      // Still defined somewhere, or its file is there but names no flow (empty, unreadable, id
      // deleted): a broken edit of this flow, not its removal.
      if (result.seen.has(id) || (file !== undefined && result.files.has(file) && result.files.get(file) === undefined)) {
        this.missingSince.delete(id);
        next.set(id, old);
        report.kept.push(id);
        this.log.error({ flow: id, version: old.hash, flowFile: file }, 'flow has errors: the previous version keeps serving');
        continue;
      }
      const since = this.missingSince.get(id) ?? now;
      this.missingSince.set(id, since);
      if (now - since < this.removalGraceMs) {
        next.set(id, old);
        report.missing.push(id);
        this.log.warn(
          { flow: id, flowFile: file, retireInMs: since + this.removalGraceMs - now },
          'flow file is gone: the flow keeps serving unless it stays gone',
        );
      } else {
        this.missingSince.delete(id);
        report.removed.push(id);
        this.log.info({ flow: id, flowFile: file }, 'flow removed');
      }
    }
    this.current = next;
    this.lastLoad = result;
    // What this reload loaded wins over versions kept for a broken or missing file (a flow moved
    // to a new file under a new id takes its numbers at once).
    const serving = [...next.values()].sort((a, b) => Number(result.versions.has(b.flow.id)) - Number(result.versions.has(a.flow.id)));
    this.byNumber = new Map(serving.toReversed().flatMap((cf) => cf.flow.numbers.map((n) => [n, cf] as const)));
    const previousDefault = this.fallbackFlow;
    this.fallbackFlow = serving.find((cf) => cf.flow.isDefault);
    // A default flow that was retired keeps answering other numbers until another default loads:
    // without one, every such call would get the apology.
    if (!this.fallbackFlow && previousDefault && !next.has(previousDefault.flow.id)) {
      this.fallbackFlow = previousDefault;
      this.log.warn(
        { flow: previousDefault.flow.id },
        'no flow is the default now: the removed default flow keeps answering calls to other numbers until another default flow loads',
      );
    }
    this.scheduleRetirement(now);
    this.log[report.result === 'ok' ? 'info' : 'warn'](report, 'flows reloaded');
    this.emit('reload', report);
    return result;
  }

  /** A reload when the first missing flow's grace period ends, so it is retired without another edit. */
  private scheduleRetirement(now: number): void {
    clearTimeout(this.retireTimer);
    if (!this.missingSince.size) return;
    const due = Math.min(...this.missingSince.values()) + this.removalGraceMs - now;
    this.retireTimer = setTimeout(() => this.reloadInBackground('removal grace period over'), Math.max(0, due));
    this.retireTimer.unref();
  }

  /**
   * Reloads shortly after files in the folder change; resolves once the watcher is ready (edits
   * made from then on are seen).
   *
   * chokidar watches every directory and file with its own non-recursive fs.watch and re-attaches
   * after a file is replaced by rename (`sed -i`, vim, most editors' "atomic save"); Node 20's
   * recursive fs.watch on Linux loses such files and then misses every later save.
   * `atomic` (on) turns an unlink and re-add within 100 ms into one change. `awaitWriteFinish` is
   * off: it would delay every reload by its 2 s of size polling, while a half-written file is
   * harmless here (it fails its checks, the previous version keeps serving, and the rest of the
   * write triggers the next reload); the debounce folds the usual truncate-then-write into one reload.
   */
  async watch(debounceMs = WATCH_DEBOUNCE_MS): Promise<void> {
    const relevant = (file: string) => /\.ya?ml$/.test(file);
    this.watcher = watch(this.dir, {
      ignoreInitial: true,
      atomic: true,
      awaitWriteFinish: false,
      // Editors' swap and backup files would only cause empty reloads.
      ignored: (file, stats) => !!stats?.isFile() && !relevant(file),
    });
    this.watcher.on('all', (event, file) => {
      if (!event.endsWith('Dir') && !relevant(file)) return;
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => this.reloadInBackground(`${event} ${file}`), debounceMs);
    });
    this.watcher.on('error', (err) => this.log.error({ err, dir: this.dir }, 'watching flows failed'));
    await new Promise<void>((resolve) => this.watcher!.once('ready', resolve));
  }

  async close(): Promise<void> {
    clearTimeout(this.debounce);
    clearTimeout(this.retireTimer);
    await this.watcher?.close();
  }
}
