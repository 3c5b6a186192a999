/**
 * `FileSystemAPI`: Node's `fs.promises` subset of `@webcontainer/api`, rooted at the workdir.
 * Every call is a request to the kernel worker, which performs it as system calls of a process
 * owned by the workdir's user; errors come back as Node-style errors (`code`, `errno`,
 * `syscall`, `path`, message). Extensions beyond upstream: `stat`, `lstat`.
 */
import { type Channel, ownedCopy } from './channel.js';
import { decode, encode, normalizeEncoding } from './encoding.js';
import type {
  BufferEncoding,
  DirEnt,
  FileSystemAPI,
  FSWatchCallback,
  FSWatchOptions,
  IFSWatcher,
} from './types.js';

const FILE = 1;
const DIR = 2;
const SYMLINK = 3;

/** File status (extension). */
export interface Stats {
  size: number;
  mode: number;
  uid: number;
  gid: number;
  ino: number;
  nlink: number;
  mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

class Dirent<T> implements DirEnt<T> {
  constructor(
    readonly name: T,
    private readonly type: number,
  ) {}
  isFile() {
    return this.type === FILE;
  }
  isDirectory() {
    return this.type === DIR;
  }
  isSymbolicLink() {
    return this.type === SYMLINK;
  }
  isFIFO() {
    return this.type === 6;
  }
  isSocket() {
    return this.type === 7;
  }
  isCharacterDevice() {
    return this.type === 4;
  }
  isBlockDevice() {
    return this.type === 5;
  }
}

function encodingOf(options: unknown): string | null {
  if (typeof options === 'string') return options;
  if (options && typeof options === 'object' && 'encoding' in options) {
    return ((options as { encoding?: string | null }).encoding ?? null) as string | null;
  }
  return null;
}

let nextWatcher = 1;

/** The facade's file system API. */
export class FileSystem implements FileSystemAPI {
  /** @internal */
  constructor(private readonly chan: Channel) {}

  readFile(path: string, encoding?: null): Promise<Uint8Array>;
  readFile(path: string, encoding: BufferEncoding): Promise<string>;
  async readFile(path: string, encoding?: BufferEncoding | null | { encoding?: BufferEncoding | null }): Promise<any> {
    const enc = encodingOf(encoding);
    if (enc !== null) normalizeEncoding(enc);
    const r = await this.chan.call({ op: 'readFile', path: String(path) });
    const bytes = r.data ?? new Uint8Array(0);
    return enc === null || enc === 'buffer' ? bytes : decode(bytes, enc);
  }

  async writeFile(path: string, data: string | Uint8Array, options?: string | { encoding?: string | null } | null) {
    const bytes = typeof data === 'string' ? encode(data, encodingOf(options) ?? 'utf8') : data;
    await this.chan.call({ op: 'writeFile', path: String(path) }, ownedCopy(bytes));
  }

  readdir(path: string, options: 'buffer' | { encoding: 'buffer'; withFileTypes?: false }): Promise<Uint8Array[]>;
  readdir(
    path: string,
    options?: { encoding?: BufferEncoding | null; withFileTypes?: false } | BufferEncoding | null,
  ): Promise<string[]>;
  readdir(path: string, options: { encoding: 'buffer'; withFileTypes: true }): Promise<DirEnt<Uint8Array>[]>;
  readdir(path: string, options: { encoding?: BufferEncoding | null; withFileTypes: true }): Promise<DirEnt<string>[]>;
  async readdir(path: string, options?: any): Promise<any[]> {
    const enc = encodingOf(options) ?? 'utf8';
    const withTypes = !!(options && typeof options === 'object' && options.withFileTypes);
    const r = await this.chan.call({ op: 'readdir', path: String(path) });
    return (r.ok.entries as [string, number][]).map(([name, type]) => {
      const n = enc === 'buffer' ? encode(name) : enc === 'utf8' || enc === 'utf-8' ? name : decode(encode(name), enc);
      return withTypes ? new Dirent(n, type) : n;
    });
  }

  mkdir(path: string, options?: { recursive?: false }): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<string>;
  async mkdir(path: string, options?: { recursive?: boolean }): Promise<any> {
    const recursive = !!options?.recursive;
    const r = await this.chan.call({ op: 'mkdir', path: String(path), recursive });
    return recursive ? (r.ok.first ?? undefined) : undefined;
  }

  async rm(path: string, options?: { force?: boolean; recursive?: boolean }) {
    await this.chan.call({ op: 'rm', path: String(path), recursive: !!options?.recursive, force: !!options?.force });
  }

  async rename(oldPath: string, newPath: string) {
    await this.chan.call({ op: 'rename', from: String(oldPath), to: String(newPath) });
  }

  /** Extension: stat(2) of a path. */
  async stat(path: string): Promise<Stats> {
    return this.statOp(path, false);
  }

  /** Extension: lstat(2) of a path. */
  async lstat(path: string): Promise<Stats> {
    return this.statOp(path, true);
  }

  private async statOp(path: string, lstat: boolean): Promise<Stats> {
    const r = await this.chan.call({ op: 'stat', path: String(path), lstat });
    const s = r.ok;
    return {
      size: s.size,
      mode: s.mode,
      uid: s.uid,
      gid: s.gid,
      ino: s.ino,
      nlink: s.nlink,
      mtimeMs: s.mtimeMs,
      isFile: () => s.type === FILE,
      isDirectory: () => s.type === DIR,
      isSymbolicLink: () => s.type === SYMLINK,
    };
  }

  watch(filename: string, options?: FSWatchOptions, listener?: FSWatchCallback): IFSWatcher;
  watch(filename: string, listener?: FSWatchCallback): IFSWatcher;
  watch(filename: string, a?: FSWatchOptions | FSWatchCallback, b?: FSWatchCallback): IFSWatcher {
    const listener = typeof a === 'function' ? a : b;
    const options = typeof a === 'function' ? null : a;
    const enc = encodingOf(options) ?? 'utf8';
    const recursive = !!(options && typeof options === 'object' && options.recursive);
    const wid = nextWatcher++;
    let closed = false;
    this.chan.attachWatcher(wid, (ev) => {
      if (closed || !listener) return;
      const name = enc === 'buffer' ? encode(ev.filename) : (ev.filename as string);
      listener(ev.event, name);
    });
    this.chan.call({ op: 'watch', wid, path: String(filename), recursive }).catch((e: Error) => {
      closed = true;
      this.chan.attachWatcher(wid);
      console.warn(`fs.watch: ${e.message}`);
    });
    return {
      close: () => {
        if (closed) return;
        closed = true;
        this.chan.attachWatcher(wid);
        this.chan.call({ op: 'unwatch', wid }).catch(() => {});
      },
    };
  }
}
