/**
 * `WebContainerProcess`: the streams and controls of one spawned process. Output arrives as
 * byte events and is decoded with streaming UTF-8 decoders (a character split across chunks is
 * never mangled); `output` carries everything (the pty, or stdout and stderr interleaved as
 * they were written), `stdout`/`stderr` are the separate pipes (closed at once on a pty).
 */
import type { Channel, KernelEvent } from './channel.js';
import { ownedCopy } from './channel.js';
import { encode } from './encoding.js';
import type { WebContainerProcess } from './types.js';

/** How long kill() waits after its first signal before sending SIGKILL. */
const KILL_GRACE_MS = 1000;

interface Sink {
  stream: ReadableStream<string>;
  push(text: string): void;
  close(): void;
}

function sink(): Sink {
  let ctl: ReadableStreamDefaultController<string> | null = null;
  let closed = false;
  const stream = new ReadableStream<string>({
    start(c) {
      ctl = c;
    },
  });
  return {
    stream,
    push(text) {
      if (!closed && text) ctl?.enqueue(text);
    },
    close() {
      if (!closed) {
        closed = true;
        ctl?.close();
      }
    },
  };
}

/** The process object for `pid`. */
export function makeProcess(chan: Channel, pid: number, terminal: boolean, forward: boolean): WebContainerProcess {
  let exited = false;
  let resolveExit!: (code: number) => void;
  const exit = new Promise<number>((r) => (resolveExit = r));
  const output = sink();
  // Created up front: events may arrive before the caller first reads the property.
  const stdout = sink();
  const stderr = sink();
  if (terminal) {
    stdout.close();
    stderr.close();
  }
  const decoders = [new TextDecoder(), new TextDecoder(), new TextDecoder()];

  chan.attachProcess(pid, (ev: KernelEvent, data?: Uint8Array) => {
    if (ev.ev === 'out' && data) {
      const fd = ev.fd as 0 | 1 | 2;
      const text = decoders[fd]!.decode(data, { stream: true });
      output.push(text);
      if (fd === 1) stdout.push(text);
      if (fd === 2) stderr.push(text);
    } else if (ev.ev === 'exit') {
      exited = true;
      const tails = decoders.map((d) => d.decode());
      output.push(tails.join(''));
      stdout.push(tails[1]!);
      stderr.push(tails[2]!);
      if (forward) {
        output.close();
        stdout.close();
        stderr.close();
      }
      resolveExit(ev.code as number);
    }
  });

  const warnExited = () => console.warn('This process already exited');
  const input = new WritableStream<string>({
    async write(chunk) {
      if (exited) return warnExited();
      const bytes = encode(String(chunk));
      await chan.call({ op: 'input', pid }, ownedCopy(bytes)).catch(() => {});
    },
    async close() {
      if (!exited) await chan.call({ op: 'closeInput', pid }).catch(() => {});
    },
  });

  return {
    exit,
    input,
    output: output.stream,
    stdout: stdout.stream,
    stderr: stderr.stream,
    kill() {
      if (exited) return;
      // A terminal hang-up ends interactive shells too (they ignore SIGTERM).
      const first = terminal ? 'HUP' : 'TERM';
      chan.call({ op: 'kill', pid, signal: first }).catch(() => {});
      setTimeout(() => {
        if (!exited && !chan.closed) chan.call({ op: 'kill', pid, signal: 'KILL' }).catch(() => {});
      }, KILL_GRACE_MS);
    },
    resize({ cols, rows }) {
      if (exited) return warnExited();
      chan.call({ op: 'resize', pid, cols, rows }).catch(() => {});
    },
  };
}
