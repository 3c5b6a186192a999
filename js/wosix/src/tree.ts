/**
 * Conversions between `FileSystemTree` objects and the worker's wire JSON
 * (`{d:{name:{d:…}|{f:{c}}|{f:{c,b:true}}|{f:{l}}}}`, binary contents in base64).
 */
import { fromBase64, toBase64 } from './encoding.js';
import type { FileSystemTree } from './types.js';

type Wire = { d?: Record<string, Wire>; f?: { c?: string; b?: boolean; l?: string } };

/** A tree as wire JSON text. */
export function treeToWire(tree: FileSystemTree): string {
  const conv = (t: FileSystemTree): Record<string, Wire> => {
    const out: Record<string, Wire> = {};
    for (const [name, node] of Object.entries(t)) {
      if ('directory' in node) out[name] = { d: conv(node.directory) };
      else if ('symlink' in node.file) out[name] = { f: { l: node.file.symlink } };
      else if (typeof node.file.contents === 'string') out[name] = { f: { c: node.file.contents } };
      else if (node.file.contents instanceof Uint8Array) out[name] = { f: { c: toBase64(node.file.contents), b: true } };
      else throw new TypeError(`mount: ${name}: contents must be a string or a Uint8Array`);
    }
    return out;
  };
  return JSON.stringify({ d: conv(tree) });
}

/** Wire JSON (parsed) to a tree of null-prototype objects, as upstream returns them. */
export function wireToTree(w: Wire): FileSystemTree {
  const out: FileSystemTree = Object.create(null);
  for (const [name, node] of Object.entries(w.d ?? {})) {
    if (node.d) out[name] = { directory: wireToTree(node) };
    else if (node.f?.l !== undefined) out[name] = { file: { symlink: node.f.l } };
    else if (node.f?.b) out[name] = { file: { contents: fromBase64(node.f.c ?? '') } };
    else out[name] = { file: { contents: node.f?.c ?? '' } };
  }
  return out;
}
