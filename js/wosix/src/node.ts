/**
 * Node.js entry point: the same facade, with the kernel in a worker_threads worker. Importing
 * `wosix/node` installs the platform and re-exports the whole API.
 */
import { Worker } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { asset, setPlatform } from './platform.js';

setPlatform({
  async createWorker() {
    const w = new Worker(fileURLToPath(asset('./worker-node.js')));
    w.unref();
    return {
      post: (m, t) => w.postMessage(m, t as any),
      onMessage: (l) => w.on('message', l),
      onError: (l) => w.on('error', (e: Error) => l({ message: e.message })),
      terminate: () => void w.terminate(),
    };
  },
  async loadModule() {
    return WebAssembly.compile(new Uint8Array(await readFile(asset("./pkg/wosix_host_web_bg.wasm"))));
  },
});

export * from './index.js';
