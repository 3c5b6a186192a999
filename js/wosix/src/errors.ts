/**
 * Errors of the facade: Node-style file system errors rebuilt from the kernel worker's replies
 * (`code`, `errno`, `syscall`, `path`, and Node's message text), and upstream's fixed messages.
 */

/** The error shape the kernel worker sends. */
export interface WireError {
  code: string;
  message: string;
  errno?: number;
  syscall?: string;
  path?: string;
  dest?: string;
}

/** An Error carrying Node's system error fields. */
export interface SystemError extends Error {
  code: string;
  errno?: number;
  syscall?: string;
  path?: string;
  dest?: string;
}

/** Build the Error a Node.js fs call would throw. */
export function toError(w: WireError): SystemError {
  const e = new Error(w.message) as SystemError;
  e.code = w.code;
  if (w.errno !== undefined) e.errno = w.errno;
  if (w.syscall !== undefined) e.syscall = w.syscall;
  if (w.path !== undefined) e.path = w.path;
  if (w.dest !== undefined) e.dest = w.dest;
  return e;
}

/** Upstream's message for a second concurrent instance. */
export const SINGLE_INSTANCE = 'Only a single WebContainer instance can be booted';
/** Upstream's message for a repeated teardown. */
export const ALREADY_TORN_DOWN = 'WebContainer already torn down';
/** Upstream's message for an invalid workdir name. */
export const BAD_WORKDIR = 'workdirName should be a valid folder name';
/** Upstream's message for a JSON export of a single file. */
export const SINGLE_FILE_JSON = 'It is not possible to export a single file in the JSON format.';
