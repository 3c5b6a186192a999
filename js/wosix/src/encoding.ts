/**
 * Node's BufferEncodings without Node's Buffer (the package runs in browsers): strings to bytes
 * and back, plus base64 helpers used by the wire format.
 */
import type { BufferEncoding } from './types.js';

const utf8Encoder = new TextEncoder();

/** Normalise an encoding name; throws Node's error for an unknown one. */
export function normalizeEncoding(enc: string): BufferEncoding {
  const e = enc.toLowerCase();
  switch (e) {
    case 'utf8':
    case 'utf-8':
      return 'utf8';
    case 'ucs2':
    case 'ucs-2':
    case 'utf16le':
    case 'utf-16le':
      return 'utf16le';
    case 'latin1':
    case 'binary':
      return 'latin1';
    case 'ascii':
    case 'base64':
    case 'base64url':
    case 'hex':
      return e;
    default: {
      const err = new TypeError(`Unknown encoding: ${enc}`) as TypeError & { code: string };
      err.code = 'ERR_UNKNOWN_ENCODING';
      throw err;
    }
  }
}

/** Bytes to base64 (standard alphabet, padded). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** Base64 or base64url (padding optional, invalid characters skipped, as Node does) to bytes. */
export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/-/g, '+').replace(/_/g, '/').replace(/[^A-Za-z0-9+/]/g, '');
  const padded = clean + '='.repeat((4 - (clean.length % 4)) % 4);
  const bin = atob(padded.length % 4 === 1 ? padded.slice(0, -1) : padded);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Encode `text` as bytes in `encoding` (default UTF-8). */
export function encode(text: string, encoding: string | null | undefined = 'utf8'): Uint8Array {
  const enc = normalizeEncoding(encoding ?? 'utf8');
  switch (enc) {
    case 'utf8':
      return utf8Encoder.encode(text);
    case 'latin1':
    case 'ascii': {
      const out = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
      return out;
    }
    case 'utf16le': {
      const out = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        out[2 * i] = c & 0xff;
        out[2 * i + 1] = c >> 8;
      }
      return out;
    }
    case 'base64':
    case 'base64url':
      return fromBase64(text);
    case 'hex': {
      const n = Math.floor(text.length / 2);
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const b = parseInt(text.slice(2 * i, 2 * i + 2), 16);
        if (Number.isNaN(b)) break;
        out.push(b);
      }
      return new Uint8Array(out);
    }
    default:
      return utf8Encoder.encode(text);
  }
}

/** Decode bytes in `encoding` (default UTF-8, invalid sequences become U+FFFD). */
export function decode(bytes: Uint8Array, encoding: string | null | undefined = 'utf8'): string {
  const enc = normalizeEncoding(encoding ?? 'utf8');
  switch (enc) {
    case 'utf8':
      return new TextDecoder('utf-8').decode(bytes);
    case 'latin1': {
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return s;
    }
    case 'ascii': {
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        s += String.fromCharCode(...Array.from(bytes.subarray(i, i + 0x8000), (b) => b & 0x7f));
      }
      return s;
    }
    case 'utf16le': {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
      return s;
    }
    case 'base64':
      return toBase64(bytes);
    case 'base64url':
      return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    case 'hex':
      return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    default:
      return new TextDecoder().decode(bytes);
  }
}
