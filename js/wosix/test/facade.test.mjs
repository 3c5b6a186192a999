// Facade tests under Node.js: the same package, with the kernel in a worker_threads worker.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { WebContainer } from '../dist/node.js';

const wc = await WebContainer.boot({ workdirName: 'project' });
after(() => {
  try {
    wc.teardown();
  } catch {}
});

async function collect(stream) {
  let s = '';
  const r = stream.getReader();
  for (;;) {
    const { value, done } = await r.read();
    if (done) return s;
    s += value;
  }
}

async function run(cmd, args = [], opts = {}) {
  const p = await wc.spawn(cmd, args, opts);
  const [out, code] = await Promise.all([collect(p.output), p.exit]);
  return { out, code };
}

test('boot: workdir, path, single instance', async () => {
  assert.equal(wc.workdir, '/home/project');
  assert.equal(wc.path, '/usr/local/bin:/usr/bin:/bin');
  await assert.rejects(WebContainer.boot(), { message: 'Only a single WebContainer instance can be booted' });
  await assert.rejects(WebContainer.boot({ workdirName: 'a/b', multipleInstances: true }), {
    message: 'workdirName should be a valid folder name',
  });
});

test('spawn: output, exit codes, separate stderr', async () => {
  assert.deepEqual(await run('echo', ['hi']), { out: 'hi\n', code: 0 });
  assert.equal((await run('sh', ['-c', 'exit 7'])).code, 7);
  assert.equal((await run('nonexistent-cmd')).code, 127);
  const p = await wc.spawn('sh', ['-c', 'echo out; echo err >&2']);
  const [o, e, code] = await Promise.all([collect(p.stdout), collect(p.stderr), p.exit]);
  assert.deepEqual([o, e, code], ['out\n', 'err\n', 0]);
  assert.equal((await run('sh', ['-c', 'echo a b c | tr a-z A-Z | wc -w'])).out.trim(), '3');
  assert.equal((await run('pwd', [], { cwd: 'sub/..' })).out, '/home/project\n');
  assert.equal((await run('sh', ['-c', 'echo $FOO'], { env: { FOO: 42 } })).out, '42\n');
});

test('spawn: input and terminal', async () => {
  const p = await wc.spawn('cat');
  const w = p.input.getWriter();
  await w.write('hello\n');
  await w.close();
  assert.deepEqual([await collect(p.output), await p.exit], ['hello\n', 0]);
  const t = await wc.spawn('stty', ['size'], { terminal: { cols: 100, rows: 30 } });
  assert.equal((await collect(t.output)).trim(), '30 100');
  assert.equal(await t.exit, 0);
});

test('ps shows the heap of built-in programs as their memory', async () => {
  // sort holds 200 000 lines while it waits to write into a full pipe (as in the native CLI
  // test built_in_programs_report_their_heap_as_memory).
  const { out, code } = await run('sh', ['-c', 'seq 1 200000 | sort -n | (sleep 0.3; ps -o rss= -o comm=)']);
  assert.equal(code, 0, out);
  const rss = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length === 2)
      .map(([kb, name]) => [name, Number(kb)]),
  );
  assert.ok(rss.sort > 1000, `sort holds its input: ${out}`);
  assert.ok(rss.sh > 0 && rss.sh < rss.sort, `the shell's own heap is small: ${out}`);
});

test('kill and resize', async () => {
  const p = await wc.spawn('sleep', ['1000']);
  p.kill();
  assert.equal(await p.exit, 143);
  const sh = await wc.spawn('sh', [], { terminal: { cols: 80, rows: 24 } });
  let out = '';
  const reader = sh.output.getReader();
  const until = async (re) => {
    while (!re.test(out)) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
  };
  sh.resize({ cols: 120, rows: 40 });
  const w = sh.input.getWriter();
  await w.write('stty size; exit 3\n');
  await until(/40 120/);
  assert.match(out, /40 120/);
  assert.equal(await sh.exit, 3);
});

test('fs: read, write, encodings, Node errors', async () => {
  await wc.fs.writeFile('/a.txt', 'héllo');
  assert.equal(await wc.fs.readFile('a.txt', 'utf8'), 'héllo');
  assert.deepEqual(await wc.fs.readFile('a.txt'), new TextEncoder().encode('héllo'));
  assert.equal(await wc.fs.readFile('a.txt', 'hex'), '68c3a96c6c6f');
  assert.equal(await wc.fs.readFile('a.txt', 'base64'), 'aMOpbGxv');
  await wc.fs.writeFile('b.bin', '00ff', 'hex');
  assert.deepEqual([...(await wc.fs.readFile('b.bin'))], [0, 255]);
  await assert.rejects(wc.fs.readFile('/missing'), {
    code: 'ENOENT',
    errno: -2,
    syscall: 'open',
    path: '/home/project/missing',
    message: "ENOENT: no such file or directory, open '/home/project/missing'",
  });
  assert.equal(await wc.fs.mkdir('d/e/f', { recursive: true }), '/home/project/d');
  assert.equal(await wc.fs.mkdir('d/e', { recursive: true }), undefined);
  await assert.rejects(wc.fs.mkdir('d'), { code: 'EEXIST' });
  const names = await wc.fs.readdir('/');
  assert.ok(names.includes('a.txt') && names.includes('d'));
  const ents = await wc.fs.readdir('/', { withFileTypes: true });
  assert.ok(ents.find((e) => e.name === 'd').isDirectory());
  assert.ok(ents.find((e) => e.name === 'a.txt').isFile());
  assert.ok((await wc.fs.readdir('/', 'buffer'))[0] instanceof Uint8Array);
  await assert.rejects(wc.fs.rm('d'), { code: 'ERR_FS_EISDIR' });
  await wc.fs.rm('d', { recursive: true });
  await wc.fs.rm('d', { force: true });
  await assert.rejects(wc.fs.rm('d'), { code: 'ENOENT' });
  await wc.fs.rename('a.txt', 'c.txt');
  assert.equal((await run('cat', ['c.txt'])).out, 'héllo');
  await assert.rejects(wc.fs.rename('nope', 'x/y'), { code: 'ENOENT', syscall: 'rename' });
});

test('mount, ls -l, export round trip', async () => {
  await wc.mount(
    {
      src: { directory: { 'main.js': { file: { contents: 'console.log(1)\n' } } } },
      'data.bin': { file: { contents: new Uint8Array([1, 2, 255]) } },
      link: { file: { symlink: 'src/main.js' } },
    },
    { mountPoint: 'app' },
  );
  const { out } = await run('ls', ['-l', 'app']);
  assert.match(out, /^lrwxrwxrwx .* link -> src\/main\.js$/m);
  assert.match(out, /^drwxr-xr-x .* user +user .* src$/m);
  const tree = await wc.export('app');
  assert.equal(tree.src.directory['main.js'].file.contents, 'console.log(1)\n');
  assert.deepEqual([...tree['data.bin'].file.contents], [1, 2, 255]);
  assert.equal(tree.link.file.symlink, 'src/main.js');
  const snap = await wc.export('app', { format: 'binary' });
  await wc.mount(snap, { mountPoint: 'copy' });
  assert.equal(await wc.fs.readFile('copy/src/main.js', 'utf8'), 'console.log(1)\n');
  const zip = await wc.export('app', { format: 'zip' });
  assert.deepEqual([...zip.subarray(0, 4)], [0x50, 0x4b, 3, 4]);
  await assert.rejects(wc.export('app/data.bin'), {
    message: 'It is not possible to export a single file in the JSON format.',
  });
  const filtered = await wc.export('app', { excludes: ['src'] });
  assert.deepEqual(Object.keys(filtered).sort(), ['data.bin', 'link']);
});

test('fs.watch reports shell and API changes', async () => {
  await wc.fs.mkdir('w');
  const events = [];
  const watcher = wc.fs.watch('w', (event, filename) => events.push(`${event}:${filename}`));
  await new Promise((r) => setTimeout(r, 50));
  await wc.fs.writeFile('w/one.txt', '1');
  await run('sh', ['-c', 'echo 2 > w/two.txt']);
  const t0 = Date.now();
  while (!events.includes('rename:two.txt') && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 20));
  watcher.close();
  assert.ok(events.includes('rename:one.txt'), events.join());
  assert.ok(events.includes('rename:two.txt'), events.join());
});

test('xdg-open event and unsubscribe', async () => {
  const seen = [];
  const off = wc.on('xdg-open', (t) => seen.push(t));
  await run('xdg-open', ['https://example.com/']);
  off();
  await run('xdg-open', ['https://example.org/']);
  assert.deepEqual(seen, ['https://example.com/']);
});

test('port and server-ready when a process listens; close when it ends', async () => {
  const ports = [];
  let ready;
  const serverReady = new Promise((resolve) => (ready = resolve));
  let closed;
  const portClosed = new Promise((resolve) => (closed = resolve));
  const offPort = wc.on('port', (port, type, url) => {
    ports.push([port, type, url]);
    if (type === 'close') closed();
  });
  const offReady = wc.on('server-ready', (port, url) => ready([port, url]));
  const p = await wc.spawn('nc', ['-l', '3000']);
  const url = 'http://localhost/preview/3000/';
  assert.deepEqual(await serverReady, [3000, url]);
  p.kill();
  assert.equal(await p.exit, 143);
  await portClosed;
  offPort();
  offReady();
  assert.deepEqual(ports, [
    [3000, 'open', url],
    [3000, 'close', url],
  ]);
});

test('teardown, then boot again; several instances on request', async () => {
  const a = await WebContainer.boot({ workdirName: 'one', multipleInstances: true });
  const b = await WebContainer.boot({ workdirName: 'two', multipleInstances: true });
  await a.fs.writeFile('f', 'A');
  await b.fs.writeFile('f', 'B');
  assert.equal(await a.fs.readFile('f', 'utf8'), 'A');
  assert.equal(await b.fs.readFile('f', 'utf8'), 'B');
  a.teardown();
  assert.throws(() => a.teardown(), { message: 'WebContainer already torn down' });
  b.teardown();
  const c = await WebContainer.boot({ workdirName: 'three', multipleInstances: true });
  assert.equal(c.workdir, '/home/three');
  c.teardown();
});
