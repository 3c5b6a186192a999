/**
 * Preview helpers of `@webcontainer/api/utils`: the preview message type guard and
 * `reloadPreview`, which asks a preview to reload itself and falls back to resetting its src.
 */
import { PreviewMessageType, type PreviewMessage } from './types.js';

export { PreviewMessageType };
export type { PreviewMessage };

/** Whether `data` is a message a preview forwarded. */
export function isPreviewMessage(data: any): data is PreviewMessage {
  if (data == null || typeof data !== 'object') return false;
  if (!('type' in data) || !Object.values(PreviewMessageType).includes(data.type)) return false;
  return 'previewId' in data && 'port' in data;
}

/** Reload a preview iframe; after `hardRefreshTimeout` ms without an answer, reset its src. */
export function reloadPreview(preview: HTMLIFrameElement, hardRefreshTimeout = 200): Promise<void> {
  return new Promise<void>((resolve) => {
    const { port1, port2 } = new MessageChannel();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      port1.close();
      resolve();
    };
    port1.onmessage = (e) => {
      if (e.data?.type === 'LOCALSERVICE_WINDOW_RELOADED') finish();
    };
    preview.contentWindow?.postMessage({ type: 'LOCALSERVICE_RELOAD_WINDOW', callback: port2 }, '*', [port2]);
    setTimeout(() => {
      if (done) return;
      const src = preview.src;
      preview.src = src;
      finish();
    }, hardRefreshTimeout);
  });
}
