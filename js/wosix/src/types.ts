/**
 * The public types of the package: shape-identical to `@webcontainer/api` 1.6.4 (so code written
 * against upstream type-checks against ours), plus documented extensions.
 */

/** A function that removes the listener it was returned for. */
export type Unsubscribe = () => void;

/** A folder of a mounted or exported tree. */
export interface FileSystemTree {
  [name: string]: DirectoryNode | FileNode | SymlinkNode;
}
/** A directory node. */
export interface DirectoryNode {
  directory: FileSystemTree;
}
/** A file node: text (UTF-8) or bytes. */
export interface FileNode {
  file: {
    contents: string | Uint8Array;
  };
}
/** A symbolic link node. */
export interface SymlinkNode {
  file: {
    symlink: string;
  };
}

/** Options of `WebContainer.boot`. */
export interface BootOptions {
  coep?: 'require-corp' | 'credentialless' | 'none';
  workdirName?: string;
  forwardPreviewErrors?: boolean | 'exceptions-only';
  /** Accepted for compatibility with upstream's hidden flag; ignored. */
  experimentalNode?: boolean;
  /** Wosix extension: allow this instance to coexist with others on the page. */
  multipleInstances?: boolean;
}

/** Options of `mount`. */
export interface LoadFilesOptions {
  mountPoint?: string;
}

/** Options of `export`. */
export interface ExportOptions {
  format?: 'json' | 'binary' | 'zip';
  includes?: string[];
  excludes?: string[];
}

/** Options of `setPreviewScript`. */
export interface PreviewScriptOptions {
  type?: 'module' | 'importmap';
  defer?: boolean;
  async?: boolean;
}

/** Kinds of `code` events. */
export type CodeEventType = 'open' | 'diff';
/** A file named by a `code` event. */
export interface CodeEventFile {
  filepath: string;
  line?: number;
  column?: number;
}
/** A `code` event. */
export interface CodeEvent {
  files: CodeEventFile[];
}

/** Message types a preview can forward. */
export enum PreviewMessageType {
  UncaughtException = 'PREVIEW_UNCAUGHT_EXCEPTION',
  UnhandledRejection = 'PREVIEW_UNHANDLED_REJECTION',
  ConsoleError = 'PREVIEW_CONSOLE_ERROR',
}
/** Fields common to preview messages. */
export interface BasePreviewMessage {
  previewId: string;
  port: number;
  pathname: string;
  search: string;
  hash: string;
}
/** An uncaught exception in a preview. */
export interface UncaughtExceptionMessage {
  type: PreviewMessageType.UncaughtException;
  message: string;
  stack: string | undefined;
}
/** An unhandled rejection in a preview. */
export interface UnhandledRejectionMessage {
  type: PreviewMessageType.UnhandledRejection;
  message: string;
  stack: string | undefined;
}
/** A console.error call in a preview. */
export interface ConsoleErrorMessage {
  type: PreviewMessageType.ConsoleError;
  args: any[];
  stack: string;
}
/** A message forwarded from a preview. */
export type PreviewMessage = (UncaughtExceptionMessage | UnhandledRejectionMessage | ConsoleErrorMessage) &
  BasePreviewMessage;

/** Listener of `port` events. */
export type PortListener = (port: number, type: 'open' | 'close', url: string) => void;
/** Listener of `server-ready` events. */
export type ServerReadyListener = (port: number, url: string) => void;
/** Listener of `preview-message` events. */
export type PreviewMessageListener = (message: PreviewMessage) => void;
/** Listener of `error` events. */
export type ErrorListener = (error: { message: string }) => void;
/** Listener of `xdg-open` events. */
export type OpenListener = (text: string) => void;
/** Listener of `code` events. */
export type CodeListener = (type: CodeEventType, event: CodeEvent) => void;

/** A directory entry from `readdir(…, { withFileTypes: true })`. */
export interface DirEnt<T> {
  name: T;
  isFile(): boolean;
  isDirectory(): boolean;
}

/** Node's buffer encodings. */
export type BufferEncoding =
  | 'ascii'
  | 'utf8'
  | 'utf-8'
  | 'utf16le'
  | 'ucs2'
  | 'ucs-2'
  | 'base64'
  | 'base64url'
  | 'latin1'
  | 'binary'
  | 'hex';

/** A file watcher. */
export interface IFSWatcher {
  close(): void;
}
/** Options of `fs.watch`. */
export type FSWatchOptions =
  | {
      encoding?: BufferEncoding | null;
      persistent?: boolean;
      recursive?: boolean;
    }
  | string
  | null;
/** Listener of `fs.watch`. */
export type FSWatchCallback = (event: 'rename' | 'change', filename: string | Uint8Array) => void;

/** The promise-based file system API, rooted at the workdir. */
export interface FileSystemAPI {
  readdir(path: string, options: 'buffer' | { encoding: 'buffer'; withFileTypes?: false }): Promise<Uint8Array[]>;
  readdir(
    path: string,
    options?: { encoding?: BufferEncoding | null; withFileTypes?: false } | BufferEncoding | null,
  ): Promise<string[]>;
  readdir(path: string, options: { encoding: 'buffer'; withFileTypes: true }): Promise<DirEnt<Uint8Array>[]>;
  readdir(path: string, options: { encoding?: BufferEncoding | null; withFileTypes: true }): Promise<DirEnt<string>[]>;
  readFile(path: string, encoding?: null): Promise<Uint8Array>;
  readFile(path: string, encoding: BufferEncoding): Promise<string>;
  writeFile(path: string, data: string | Uint8Array, options?: string | { encoding?: string | null } | null): Promise<void>;
  mkdir(path: string, options?: { recursive?: false }): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<string>;
  rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void>;
  rename(oldPath: string, newPath: string): Promise<void>;
  watch(filename: string, options?: FSWatchOptions, listener?: FSWatchCallback): IFSWatcher;
  watch(filename: string, listener?: FSWatchCallback): IFSWatcher;
}

/** A running process. */
export interface WebContainerProcess {
  exit: Promise<number>;
  input: WritableStream<string>;
  output: ReadableStream<string>;
  kill(): void;
  resize(dimensions: { cols: number; rows: number }): void;
  /** Wosix extension: standard output alone (without `terminal`; empty on a pty). */
  stdout: ReadableStream<string>;
  /** Wosix extension: standard error alone (without `terminal`; empty on a pty). */
  stderr: ReadableStream<string>;
}

/** Options of `spawn`. */
export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string | number | boolean>;
  output?: boolean;
  terminal?: {
    cols: number;
    rows: number;
  };
}

/** Options of `auth.init`. */
export interface AuthInitOptions {
  editorOrigin?: string;
  clientId: string;
  scope: string;
}
/** A failed `auth.init`. */
export interface AuthFailedError {
  status: 'auth-failed';
  error: string;
  description: string;
}
/** StackBlitz's authentication API (there is nothing to authenticate against here). */
export interface AuthAPI {
  init(options: AuthInitOptions): { status: 'need-auth' | 'authorized' } | AuthFailedError;
  startAuthFlow(options?: { popup?: boolean }): void;
  loggedIn(): Promise<void>;
  logout(options?: { ignoreRevokeError?: boolean }): Promise<void>;
  on(event: 'logged-out', listener: () => void): Unsubscribe;
  on(event: 'auth-failed', listener: (reason: { error: string; description: string }) => void): Unsubscribe;
}
