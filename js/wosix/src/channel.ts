/**
 * The facade's end of the worker protocol (see crates/host-web/src/proto.rs): numbered
 * requests with an optional transferred payload, one reply each, and events routed to the
 * process (by pid), watcher (by wid) or instance they concern.
 */
import type { WorkerLink } from './platform.js';
import { toError, type WireError } from './errors.js';

/** A reply: the JSON value and the payload, if any. */
export interface Reply {
  ok: any;
  data?: Uint8Array;
}

/** An event from the kernel. */
export interface KernelEvent {
  ev: string;
  [key: string]: any;
}

type EventSink = (ev: KernelEvent, data?: Uint8Array) => void;

/** The request/reply channel to one kernel worker. */
export class Channel {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private readonly procs = new Map<number, EventSink>();
  private readonly early = new Map<number, [KernelEvent, Uint8Array | undefined][]>();
  private readonly watchers = new Map<number, EventSink>();
  /** Instance-wide events (xdg-open, port…). */
  onInstanceEvent: EventSink = () => {};
  /** Set once the worker is gone. */
  closed = false;

  constructor(private readonly link: WorkerLink) {}

  /** Handle one message from the worker (a batch of replies and events). */
  receive(msg: any): void {
    if (msg?.type !== 'batch') return;
    for (const item of msg.batch as { json: string; data?: ArrayBuffer }[]) {
      const v = JSON.parse(item.json);
      const data = item.data ? new Uint8Array(item.data) : undefined;
      if ('re' in v) {
        const p = this.pending.get(v.re);
        if (!p) continue;
        this.pending.delete(v.re);
        if (v.err) p.reject(toError(v.err as WireError));
        else p.resolve({ ok: v.ok, data });
      } else {
        this.route(v as KernelEvent, data);
      }
    }
  }

  private route(ev: KernelEvent, data?: Uint8Array): void {
    if (ev.ev === 'out' || ev.ev === 'exit') {
      const sink = this.procs.get(ev.pid);
      if (sink) sink(ev, data);
      else {
        const list = this.early.get(ev.pid) ?? [];
        list.push([ev, data]);
        this.early.set(ev.pid, list);
      }
      if (ev.ev === 'exit') this.procs.delete(ev.pid);
    } else if (ev.ev === 'watch') {
      this.watchers.get(ev.wid)?.(ev, data);
    } else {
      this.onInstanceEvent(ev, data);
    }
  }

  /** Send a request; `data` is transferred (copy first what the caller still owns). */
  call(req: Record<string, unknown>, data?: ArrayBuffer): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('WebContainer has been torn down'));
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const json = JSON.stringify({ ...req, id });
      this.link.post({ type: 'req', json, data }, data ? [data] : []);
    });
  }

  /** Route a process's events to `sink`, delivering any that arrived first. */
  attachProcess(pid: number, sink: EventSink): void {
    this.procs.set(pid, sink);
    const early = this.early.get(pid);
    this.early.delete(pid);
    for (const [ev, data] of early ?? []) {
      sink(ev, data);
      if (ev.ev === 'exit') this.procs.delete(pid);
    }
  }

  /** Route a watcher's events to `sink` (undefined: stop). */
  attachWatcher(wid: number, sink?: EventSink): void {
    if (sink) this.watchers.set(wid, sink);
    else this.watchers.delete(wid);
  }

  /** Fail every pending request and stop. */
  close(reason: string): void {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
    this.procs.clear();
    this.watchers.clear();
    this.link.terminate();
  }
}

/** A copy of `bytes` in a fresh ArrayBuffer, ready to transfer. */
export function ownedCopy(bytes: Uint8Array): ArrayBuffer {
  const buf = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buf).set(bytes);
  return buf;
}
