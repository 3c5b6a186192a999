/**
 * The `wosix` package: a drop-in for `@webcontainer/api`. `WebContainer.boot()` starts the
 * Wosix kernel (Rust compiled to WebAssembly) in a dedicated Worker; processes, the file system
 * and events all go through it. Differences from upstream are opt-in extensions: several
 * instances per page (`multipleInstances`), separate `stdout`/`stderr` streams, `fs.stat`.
 */
import { Channel, ownedCopy } from './channel.js';
import { ALREADY_TORN_DOWN, BAD_WORKDIR, SINGLE_FILE_JSON, SINGLE_INSTANCE } from './errors.js';
import { FileSystem } from './fs.js';
import { kernelModule, platform, type WorkerLink } from './platform.js';
import { makeProcess } from './process.js';
import { treeToWire, wireToTree } from './tree.js';
import type {
  AuthAPI,
  BootOptions,
  CodeListener,
  ErrorListener,
  ExportOptions,
  FileSystemTree,
  LoadFilesOptions,
  OpenListener,
  PortListener,
  PreviewMessageListener,
  PreviewScriptOptions,
  ServerReadyListener,
  SpawnOptions,
  Unsubscribe,
  WebContainerProcess,
} from './types.js';

export type * from './types.js';
export { PreviewMessageType } from './types.js';
export { isPreviewMessage, reloadPreview } from './utils.js';
export { FileSystem, type Stats } from './fs.js';

const live = new Set<WebContainer>();
let bootLock: Promise<unknown> = Promise.resolve();
let firstCoep: BootOptions['coep'] | undefined;

function randomName(): string {
  const abc = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return Array.from(bytes, (b) => abc[b % abc.length]).join('');
}

type Listeners = { [K in 'port' | 'server-ready' | 'preview-message' | 'error' | 'xdg-open' | 'code']: Set<Function> };

/** A running machine. */
export class WebContainer {
  /** The file system, rooted at the workdir. */
  fs: FileSystem;
  private _tornDown = false;
  private readonly listeners: Listeners = {
    port: new Set(),
    'server-ready': new Set(),
    'preview-message': new Set(),
    error: new Set(),
    'xdg-open': new Set(),
    code: new Set(),
  };
  private previewScript: { src: string; options?: PreviewScriptOptions } | null = null;

  private constructor(
    private readonly chan: Channel,
    private readonly _workdir: string,
    private readonly _path: string,
  ) {
    this.fs = new FileSystem(chan);
    chan.onInstanceEvent = (ev) => {
      switch (ev.ev) {
        case 'xdg-open':
          this.fire('xdg-open', ev.text);
          break;
        case 'port': {
          const url = `${globalThis.location?.origin ?? 'http://localhost'}/preview/${ev.port}/`;
          this.fire('port', ev.port, ev.type, url);
          if (ev.type === 'open') this.fire('server-ready', ev.port, url);
          break;
        }
        case 'code':
          this.fire('code', ev.type, { files: ev.files ?? [] });
          break;
      }
    };
  }

  private fire(event: keyof Listeners, ...args: unknown[]) {
    for (const l of [...this.listeners[event]]) {
      try {
        l(...args);
      } catch (e) {
        console.error(e);
      }
    }
  }

  /** Boot a machine. One instance per page unless `multipleInstances` is set. */
  static boot(options: BootOptions = {}): Promise<WebContainer> {
    const run = bootLock.then(() => WebContainer.bootNow(options));
    bootLock = run.catch(() => {});
    return run;
  }

  private static async bootNow(options: BootOptions): Promise<WebContainer> {
    const name = options.workdirName ?? randomName();
    if (typeof name !== 'string' || !name || name.includes('/') || name === '.' || name === '..') {
      throw new Error(BAD_WORKDIR);
    }
    if (!options.multipleInstances && [...live].some((w) => !w._tornDown)) throw new Error(SINGLE_INSTANCE);
    if (firstCoep === undefined) firstCoep = options.coep ?? 'require-corp';
    else if (options.coep && options.coep !== firstCoep) {
      console.warn(`WebContainer: coep '${options.coep}' ignored; it stays '${firstCoep}' for the page's lifetime`);
    }
    const [link, module] = await Promise.all([platform().createWorker(), kernelModule()]);
    const ready = await new Promise<{ workdir: string; path: string; chan: Channel }>((resolve, reject) => {
      const chan = new Channel(link);
      let booted = false;
      link.onMessage((m: any) => {
        if (booted) return chan.receive(m);
        if (m?.type === 'ready') {
          booted = true;
          resolve({ workdir: m.workdir, path: m.path, chan });
        } else if (m?.type === 'fatal') {
          link.terminate();
          reject(new Error(`wosix: the kernel failed to boot: ${m.message}`));
        }
      });
      link.onError((e) => {
        if (!booted) {
          link.terminate();
          reject(new Error(`wosix: the kernel worker failed: ${e.message}`));
        } else {
          for (const w of live) if (w.chan === chan) w.fire('error', { message: e.message });
        }
      });
      link.post({ type: 'init', module, workdirName: name }, []);
    });
    const wc = new WebContainer(ready.chan, ready.workdir, ready.path);
    live.add(wc);
    return wc;
  }

  private check() {
    if (this._tornDown) throw new Error(ALREADY_TORN_DOWN);
  }

  /** Start a process (looked up in PATH), resolving once it runs. */
  spawn(command: string, args: string[], options?: SpawnOptions): Promise<WebContainerProcess>;
  spawn(command: string, options?: SpawnOptions): Promise<WebContainerProcess>;
  async spawn(command: string, a?: string[] | SpawnOptions, b?: SpawnOptions): Promise<WebContainerProcess> {
    this.check();
    const args = Array.isArray(a) ? a.map(String) : [];
    const options = (Array.isArray(a) ? b : a) ?? {};
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.env ?? {})) env[k] = String(v);
    const output = options.output !== false;
    const terminal = options.terminal ? { cols: options.terminal.cols | 0, rows: options.terminal.rows | 0 } : null;
    const r = await this.chan.call({ op: 'spawn', command, args, cwd: options.cwd ?? null, env, terminal, output });
    return makeProcess(this.chan, r.ok.pid as number, terminal !== null, output);
  }

  /** Serialise a folder as a tree (json), our binary snapshot, or a zip archive. */
  export(path: string): Promise<FileSystemTree>;
  export(path: string, options: ExportOptions & { format?: 'json' }): Promise<FileSystemTree>;
  export(path: string, options: ExportOptions): Promise<Uint8Array>;
  async export(path: string, options: ExportOptions = {}): Promise<FileSystemTree | Uint8Array> {
    this.check();
    const format = options.format ?? 'json';
    const r = await this.chan
      .call({ op: 'export', path, format, includes: options.includes ?? [], excludes: options.excludes ?? [] })
      .catch((e: Error) => {
        throw e.message === SINGLE_FILE_JSON ? new Error(SINGLE_FILE_JSON) : e;
      });
    const bytes = r.data ?? new Uint8Array(0);
    if (format !== 'json') return bytes;
    return wireToTree(JSON.parse(new TextDecoder().decode(bytes)));
  }

  /** Subscribe to an event; returns the function that unsubscribes. */
  on(event: 'port', listener: PortListener): Unsubscribe;
  on(event: 'server-ready', listener: ServerReadyListener): Unsubscribe;
  on(event: 'preview-message', listener: PreviewMessageListener): Unsubscribe;
  on(event: 'error', listener: ErrorListener): Unsubscribe;
  on(event: 'xdg-open', listener: OpenListener): Unsubscribe;
  on(event: 'code', listener: CodeListener): Unsubscribe;
  on(event: keyof Listeners, listener: Function): Unsubscribe {
    const set = this.listeners[event];
    if (!set) throw new Error(`Unknown event: ${String(event)}`);
    set.add(listener);
    return () => void set.delete(listener);
  }

  /** Write a tree, or a binary snapshot from `export(…, { format: 'binary' })`, into the workdir. */
  async mount(snapshotOrTree: FileSystemTree | Uint8Array | ArrayBuffer, options?: LoadFilesOptions): Promise<void> {
    this.check();
    let payload: ArrayBuffer;
    if (snapshotOrTree instanceof ArrayBuffer) payload = snapshotOrTree;
    else if (snapshotOrTree instanceof Uint8Array) payload = ownedCopy(snapshotOrTree);
    else payload = ownedCopy(new TextEncoder().encode(treeToWire(snapshotOrTree)));
    await this.chan.call({ op: 'mount', mountPoint: options?.mountPoint ?? null }, payload);
  }

  /** Record a script for previews (applied once previews are served). */
  async setPreviewScript(scriptSrc: string, options?: PreviewScriptOptions): Promise<void> {
    this.check();
    this.previewScript = { src: scriptSrc, options };
  }

  /** The default PATH of processes. */
  get path(): string {
    return this._path;
  }

  /** The workdir, `/home/<workdirName>`. */
  get workdir(): string {
    return this._workdir;
  }

  /** Stop the machine and its worker; a new `boot()` works afterwards. */
  teardown(): void {
    if (this._tornDown) throw new Error(ALREADY_TORN_DOWN);
    this._tornDown = true;
    live.delete(this);
    for (const s of Object.values(this.listeners)) s.clear();
    this.chan.close('WebContainer has been torn down');
  }
}

/** Accepted for compatibility: there is no commercial key to configure. */
export function configureAPIKey(key: string): void {
  if (live.size > 0) throw new Error('`configureAPIKey` should always be called before `WebContainer.boot`');
  void key;
}

/** Upstream's authentication API: nothing to authenticate against, so always authorised. */
export const auth: AuthAPI = {
  init: () => ({ status: 'authorized' }),
  startAuthFlow: () => {},
  loggedIn: () => Promise.resolve(),
  logout: () => Promise.resolve(),
  on: () => () => {},
};

export type { WorkerLink };
