/**
 * Where the kernel worker comes from. Browsers start a dedicated module Worker and compile the
 * wasm module with streaming compilation; Node.js (tests) uses worker_threads — see `node.ts`,
 * which installs its platform. The compiled module is cached, so later boots skip compilation.
 */

/** A message port to the kernel worker. */
export interface WorkerLink {
  post(message: unknown, transfer: Transferable[]): void;
  onMessage(listener: (message: any) => void): void;
  onError(listener: (error: { message: string }) => void): void;
  terminate(): void;
}

/** How this environment runs the kernel. */
export interface Platform {
  /** Start a kernel worker. */
  createWorker(): Promise<WorkerLink>;
  /** Compile (once) the kernel's WebAssembly module. */
  loadModule(): Promise<WebAssembly.Module>;
}

/** The URL of a file shipped next to this module. */
export function asset(path: string): URL {
  return new URL(path, import.meta.url);
}

const browser: Platform = {
  async createWorker() {
    const w = new Worker(asset('./worker.js'), { type: 'module', name: 'wosix-kernel' });
    return {
      post: (m, t) => w.postMessage(m, t),
      onMessage: (l) => w.addEventListener('message', (e: MessageEvent) => l(e.data)),
      onError: (l) =>
        w.addEventListener('error', (e: ErrorEvent) => l({ message: e.message || 'the kernel worker failed to load' })),
      terminate: () => w.terminate(),
    };
  },
  async loadModule() {
    const url = asset('./pkg/wosix_host_web_bg.wasm');
    const res = await fetch(url);
    if (!res.ok) throw new Error(`cannot load ${url}: HTTP ${res.status}`);
    return WebAssembly.compileStreaming(res);
  },
};

let current: Platform = browser;
let cachedModule: Promise<WebAssembly.Module> | null = null;

/** Replace the platform (Node.js entry point, tests). */
export function setPlatform(p: Platform): void {
  current = p;
  cachedModule = null;
}

/** The platform in use. */
export function platform(): Platform {
  return current;
}

/** The kernel module, compiled once per page. */
export function kernelModule(): Promise<WebAssembly.Module> {
  if (!cachedModule) {
    cachedModule = current.loadModule();
    cachedModule.catch(() => {
      cachedModule = null;
    });
  }
  return cachedModule;
}
