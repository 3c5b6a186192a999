/**
 * The kernel worker's event loop, shared by the browser Worker (`worker.ts`) and the Node.js
 * worker thread (`worker-node.ts`). It instantiates the wasm-bindgen module, boots a machine,
 * forwards each request into it, runs the machine until it stalls, and posts the queued replies
 * and events back in one batch whose payloads are transferred (never cloned). Timers: it runs
 * again at the kernel's next deadline; while file watchers exist it asks for a scan every
 * WATCH_INTERVAL ms.
 */
import init, { WosixKernel } from './pkg/wosix_host_web.js';

/** Both ends of the worker's message port. */
export interface Endpoint {
  post(message: unknown, transfer: Transferable[]): void;
  onMessage(listener: (message: any) => void): void;
}

const WATCH_INTERVAL = 150;

/** Serve one kernel on `ep`. */
export function serve(ep: Endpoint): void {
  let kernel: WosixKernel | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let watchTimer: ReturnType<typeof setInterval> | null = null;
  let scheduled = false;

  const flush = () => {
    if (!kernel) return;
    const batch: { json: string; data?: ArrayBuffer }[] = [];
    const transfer: ArrayBuffer[] = [];
    for (let m = kernel.next(); m; m = kernel.next()) {
      const data = m.takeData();
      const json = m.json;
      m.free();
      if (data) {
        const buf = data.buffer as ArrayBuffer;
        batch.push({ json, data: buf });
        transfer.push(buf);
      } else {
        batch.push({ json });
      }
    }
    if (batch.length) ep.post({ type: 'batch', batch }, transfer);
  };

  const run = () => {
    scheduled = false;
    if (!kernel) return;
    const delay = kernel.run();
    flush();
    if (timer) clearTimeout(timer);
    timer = null;
    if (kernel.busy()) {
      schedule();
    } else if (delay >= 0) {
      timer = setTimeout(run, Math.min(delay, 2 ** 31 - 1));
    }
    if (kernel.watching() && !watchTimer) {
      watchTimer = setInterval(() => {
        kernel?.request('{"id":null,"op":"scan"}', undefined);
        schedule();
      }, WATCH_INTERVAL);
    } else if (!kernel.watching() && watchTimer) {
      clearInterval(watchTimer);
      watchTimer = null;
    }
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(run, 0);
  };

  ep.onMessage(async (msg: any) => {
    if (msg?.type === 'init') {
      try {
        await init({ module_or_path: msg.module });
        kernel = new WosixKernel(msg.workdirName);
        ep.post({ type: 'ready', workdir: kernel.workdir, path: kernel.path }, []);
      } catch (e) {
        ep.post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) }, []);
      }
      return;
    }
    if (!kernel || msg?.type !== 'req') return;
    kernel.request(msg.json, msg.data ? new Uint8Array(msg.data) : undefined);
    run();
  });
}
