/** Browser entry of the kernel worker (a dedicated module Worker). */
import { serve } from './worker-core.js';

const scope = self as unknown as {
  postMessage(m: unknown, t: Transferable[]): void;
  addEventListener(type: 'message', l: (e: MessageEvent) => void): void;
};
serve({
  post: (m, t) => scope.postMessage(m, t),
  onMessage: (l) => scope.addEventListener('message', (e) => l(e.data)),
});
