import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../log.js';
import { compileFlow, type CompiledFlow, type CompileOptions } from './compile.js';
import { formatDiagnostic } from './diagnostics.js';
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
 * The flows this instance serves. Reloads the folder when files change: a flow that fails its
 * checks is not loaded and its previous version keeps serving. Calls stay on the version they
 * started with; older versions are rebuilt from the store on demand and cached by hash.
 */
export class FlowRegistry {
  private current = new Map<string, CompiledFlow>();
  private fileOf = new Map<string, string>();
  private byNumber = new Map<string, CompiledFlow>();
  private fallbackFlow?: CompiledFlow;
  private cache = new Map<string, CompiledFlow>();
  private watcher?: FSWatcher;
  private reloading: Promise<LoadResult> | undefined;
  /** What the last reload found (diagnostics included), for status pages and tests. */
  lastLoad?: LoadResult;
  private again = false;

  constructor(
    readonly dir: string,
    private store: FlowVersionStore,
    private log: Logger,
    /** The centre's settings every version is compiled with. */
    private compileOptions: CompileOptions = {},
  ) {}

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

  /** Reads the folder again. Concurrent calls share one reload, and one more runs after it if asked. */
  reload(): Promise<LoadResult> {
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = this.doReload().finally(() => {
      this.reloading = undefined;
      if (this.again) {
        this.again = false;
        this.reloadInBackground();
      }
    });
    return this.reloading;
  }

  /** A reload nobody waits for (a file watcher, SIGHUP): a failure is logged, the current flows stay. */
  reloadInBackground(): void {
    this.reload().catch((err) => this.log.error({ err }, 'flow reload failed; the loaded flows keep serving'));
  }

  private async doReload(): Promise<LoadResult> {
    const result = await loadFlowDir(this.dir, { knownGroups: await this.store.knownGroups() });
    for (const d of result.diagnostics) {
      (d.severity === 'error' ? this.log.error.bind(this.log) : this.log.warn.bind(this.log))({ flowFile: d.file }, formatDiagnostic(d));
    }
    const next = new Map<string, CompiledFlow>();
    for (const [id, version] of result.versions) {
      const known = this.current.get(id);
      if (known?.hash === version.hash) {
        next.set(id, known);
        continue;
      }
      await this.store.save(version);
      next.set(id, this.remember(compileFlow(version.flow, version.hash, this.compileOptions)));
      this.fileOf.set(id, version.file);
      this.log.info({ flow: id, version: version.hash }, known ? 'flow updated' : 'flow loaded');
    }
    for (const [id, old] of this.current) {
      if (next.has(id)) continue;
      if (result.seen.has(id) || result.unreadable.has(this.fileOf.get(id) ?? '')) {
        next.set(id, old);
        this.log.error({ flow: id, version: old.hash }, 'flow has errors: the previous version keeps serving');
      } else this.log.info({ flow: id }, 'flow removed');
    }
    this.current = next;
    this.lastLoad = result;
    this.byNumber = new Map([...next.values()].flatMap((cf) => cf.flow.numbers.map((n) => [n, cf] as const)));
    this.fallbackFlow = [...next.values()].find((cf) => cf.flow.isDefault);
    return result;
  }

  /** Reloads shortly after files in the folder change (editors write in bursts). */
  watch(debounceMs = 150): void {
    let timer: NodeJS.Timeout | undefined;
    this.watcher = watch(this.dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.reloadInBackground(), debounceMs);
    });
    this.watcher.on('error', (err) => this.log.error({ err }, 'watching flows failed'));
  }

  close(): void {
    this.watcher?.close();
  }
}
