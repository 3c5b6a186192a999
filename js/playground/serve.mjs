// Static server for the playground: 127.0.0.1 only, cross-origin isolated (COOP/COEP), with the
// wosix package under /wosix/ and xterm under /xterm/. Usage: node serve.mjs [--port N]
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const js = resolve(here, '..');
const roots = [
  ['/wosix/', join(js, 'wosix/dist')],
  ['/xterm/', join(js, 'node_modules/@xterm/xterm')],
  ['/xterm-fit/', join(js, 'node_modules/@xterm/addon-fit')],
  ['/', join(here, 'public')],
];
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Start the server (`extra`: more [urlPrefix, dir] pairs, tried first); resolves once listening. */
export function start(port = 8080, host = '127.0.0.1', extra = []) {
  const table = [...extra, ...roots];
  const server = http.createServer(async (req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    };
    try {
      let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (path.endsWith('/')) path += 'index.html';
      const [prefix, dir] = table.find(([p]) => path.startsWith(p));
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (!file.startsWith(dir)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      if (!(await stat(file)).isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch (e) {
      res.writeHead(e.code === 'ENOENT' || e.code === 'ENOTDIR' ? 404 : 500, { ...headers, 'Content-Type': 'text/plain' });
      res.end(`${e.code === 'ENOENT' ? 'not found' : 'error'}: ${req.url}\n`);
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 8080);
  start(port)
    .then(() => console.log(`wosix playground: http://127.0.0.1:${port}/`))
    .catch((e) => {
      console.error(`wosix playground: cannot listen on 127.0.0.1:${port}: ${e.message}`);
      process.exit(1);
    });
}
