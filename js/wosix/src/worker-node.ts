/** Node.js entry of the kernel worker (a worker_threads worker). */
import { parentPort } from 'node:worker_threads';
import { serve } from './worker-core.js';

if (parentPort) {
  const port = parentPort;
  serve({
    post: (m, t) => port.postMessage(m, t as any),
    onMessage: (l) => port.on('message', l),
  });
}
