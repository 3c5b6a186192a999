// Browser tests: the wosix package and the playground in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core), served cross-origin isolated on 127.0.0.1.
// Usage: node tests/browser/run.mjs   (artifacts, e.g. the playground screenshot, go to
// tests/browser/artifacts/)
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start } from '../../js/playground/serve.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const artifacts = join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });

const server = await start(0, '127.0.0.1', [['/tests/', join(here, 'pages')]]);
const base = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), 'wosix-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// Evaluate `fn` in a fresh blank page with the package imported as `W` (and `help` helpers).
async function inPage(fn, arg) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${base}/tests/blank.html`);
    return await page.evaluate(
      async ([src, arg]) => {
        const W = await import('/wosix/index.js');
        const collect = async (stream) => {
          let s = '';
          const r = stream.getReader();
          for (;;) {
            const { value, done } = await r.read();
            if (done) return s;
            s += value;
          }
        };
        const run = async (wc, cmd, args = [], opts = {}) => {
          const p = await wc.spawn(cmd, args, opts);
          const [out, code] = await Promise.all([collect(p.output), p.exit]);
          return { out, code };
        };
        const f = new Function('W', 'collect', 'run', 'arg', `return (${src})(W, collect, run, arg);`);
        return await f(W, collect, run, arg);
      },
      [fn.toString(), arg],
    );
  } finally {
    if (errors.length) console.error('page errors:', errors);
    await page.close();
  }
}

function eq(a, b, what) {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  if (x !== y) throw new Error(`${what}: expected ${y}, got ${x}`);
}

test('boot, cross-origin isolation, workdir', async () => {
  const r = await inPage(async (W) => {
    const wc = await W.WebContainer.boot({ workdirName: 'project' });
    const out = { iso: crossOriginIsolated, workdir: wc.workdir, path: wc.path };
    wc.teardown();
    return out;
  });
  eq(r, { iso: true, workdir: '/home/project', path: '/usr/local/bin:/usr/bin:/bin' }, 'boot');
});

test('mount a tree and read it back; ls -l; pipeline; exit codes', async () => {
  const r = await inPage(async (W, collect, run) => {
    const wc = await W.WebContainer.boot({ workdirName: 'p' });
    await wc.mount({ 'a.txt': { file: { contents: 'alpha\nbeta\n' } }, d: { directory: { 'b.bin': { file: { contents: new Uint8Array([0, 1, 2]) } } } } });
    const text = await wc.fs.readFile('a.txt', 'utf8');
    const bin = [...(await wc.fs.readFile('d/b.bin'))];
    const ls = (await run(wc, 'ls', ['-l'])).out;
    const pipe = (await run(wc, 'sh', ['-c', 'cat a.txt | grep -c a | tr 2 X'])).out;
    const codes = [(await run(wc, 'true')).code, (await run(wc, 'false')).code, (await run(wc, 'sh', ['-c', 'exit 42'])).code, (await run(wc, 'nope')).code];
    wc.teardown();
    return { text, bin, ls, pipe, codes };
  });
  eq(r.text, 'alpha\nbeta\n', 'readFile');
  eq(r.bin, [0, 1, 2], 'binary');
  if (!/^-rw-r--r-- +1 user +user +11 .* a\.txt$/m.test(r.ls) || !/^drwxr-xr-x .* d$/m.test(r.ls)) throw new Error(`ls -l: ${r.ls}`);
  eq(r.pipe, 'X\n', 'pipeline');
  eq(r.codes, [0, 1, 42, 127], 'exit codes');
});

test('kill() of sleep 1000; stty size after resize; two terminals at once', async () => {
  const r = await inPage(async (W, collect) => {
    const wc = await W.WebContainer.boot({ workdirName: 'p' });
    const sleeper = await wc.spawn('sleep', ['1000']);
    const t0 = performance.now();
    sleeper.kill();
    const killed = await sleeper.exit;
    const killMs = performance.now() - t0;
    const term = async (cols, rows, cmd) => {
      const p = await wc.spawn('sh', [], { terminal: { cols: 80, rows: 24 } });
      p.resize({ cols, rows });
      const w = p.input.getWriter();
      await w.write(`${cmd}; exit\n`);
      const [out, code] = await Promise.all([collect(p.output), p.exit]);
      return { out, code };
    };
    const [a, b] = await Promise.all([term(100, 30, 'stty size'), term(132, 50, 'stty size; tty')]);
    wc.teardown();
    return { killed, killMs, a, b };
  });
  eq(r.killed, 143, 'kill exit status');
  if (!/30 100/.test(r.a.out)) throw new Error(`terminal A: ${JSON.stringify(r.a.out)}`);
  if (!/50 132/.test(r.b.out) || !/\/dev\/pts\/\d+/.test(r.b.out)) throw new Error(`terminal B: ${JSON.stringify(r.b.out)}`);
});

test('fs.watch events; Node-style error codes', async () => {
  const r = await inPage(async (W, collect, run) => {
    const wc = await W.WebContainer.boot({ workdirName: 'p' });
    const events = [];
    const w = wc.fs.watch('/', { recursive: true }, (e, f) => events.push(`${e}:${f}`));
    await new Promise((res) => setTimeout(res, 50));
    await wc.fs.writeFile('x.txt', '1');
    await run(wc, 'sh', ['-c', 'mkdir sub && echo 2 > sub/y.txt']);
    await wc.fs.writeFile('x.txt', '22');
    const t0 = Date.now();
    while (!events.includes('rename:sub/y.txt') && Date.now() - t0 < 3000) await new Promise((res) => setTimeout(res, 20));
    w.close();
    const errs = [];
    for (const f of [() => wc.fs.readFile('nope'), () => wc.fs.mkdir('sub'), () => wc.fs.rm('sub'), () => wc.fs.readdir('x.txt')]) {
      try {
        await f();
        errs.push('no error');
      } catch (e) {
        errs.push(`${e.code}|${e.message}`);
      }
    }
    wc.teardown();
    return { events, errs };
  });
  for (const e of ['rename:x.txt', 'rename:sub', 'rename:sub/y.txt', 'change:x.txt']) {
    if (!r.events.includes(e)) throw new Error(`missing watch event ${e} in ${r.events}`);
  }
  eq(r.errs, [
    "ENOENT|ENOENT: no such file or directory, open '/home/p/nope'",
    "EEXIST|EEXIST: file already exists, mkdir '/home/p/sub'",
    'ERR_FS_EISDIR|Path is a directory: rm returned EISDIR (is a directory) /home/p/sub',
    "ENOTDIR|ENOTDIR: not a directory, scandir '/home/p/x.txt'",
  ], 'errors');
});

test('export → mount round trip (json, binary); zip; teardown then boot again', async () => {
  const r = await inPage(async (W) => {
    let wc = await W.WebContainer.boot({ workdirName: 'p' });
    await wc.mount({ src: { directory: { 'm.js': { file: { contents: 'x' } }, l: { file: { symlink: 'm.js' } } } } });
    const json = await wc.export('src');
    const bin = await wc.export('/', { format: 'binary' });
    const zip = await wc.export('/', { format: 'zip' });
    wc.teardown();
    let again = 'no error';
    try {
      wc.teardown();
    } catch (e) {
      again = e.message;
    }
    wc = await W.WebContainer.boot({ workdirName: 'q' });
    await wc.mount(json, { mountPoint: 'fromjson' });
    await wc.mount(bin.buffer);
    const out = [await wc.fs.readFile('fromjson/m.js', 'utf8'), await wc.fs.readFile('src/l', 'utf8'), wc.workdir, zip[0], zip[1], again];
    wc.teardown();
    return out;
  });
  eq(r, ['x', 'x', '/home/q', 0x50, 0x4b, 'WebContainer already torn down'], 'round trip');
});

test('playground: prompt, typed command, editor and terminal share files, ports announced', async () => {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-terminal=ready]', { timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent.includes('$'), null, { timeout: 10000 });
  await page.click('#terminal');
  await page.keyboard.type('echo typed-$((6*7)) && ls\n');
  await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent.includes('typed-42'), null, { timeout: 10000 });
  await page.click('#tree li[data-path="README.md"]');
  await page.waitForFunction(() => document.querySelector('#editor').value.startsWith('# Welcome'));
  await page.fill('#editor', 'edited in the editor\n');
  await page.click('#save');
  await page.click('#terminal');
  await page.keyboard.type('cat README.md\n');
  await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent.includes('edited in the editor'), null, { timeout: 10000 });
  await page.keyboard.type('echo new > made-in-shell.txt\n');
  await page.waitForSelector('#tree li[data-path="made-in-shell.txt"]', { timeout: 5000 });
  await page.screenshot({ path: join(artifacts, 'playground.png') });
  // A listening socket is announced in the preview pane, and withdrawn when it closes.
  await page.keyboard.type('nc -l 3000 &\n');
  await page.waitForFunction(() => document.querySelector('#preview-empty').textContent.includes('Listening on port 3000'), null, { timeout: 10000 });
  await page.screenshot({ path: join(artifacts, 'playground-port.png') });
  await page.keyboard.type('kill %1\n');
  await page.waitForFunction(() => document.querySelector('#preview-empty').textContent.startsWith('No server is running'), null, { timeout: 10000 });
  const banner = await page.$eval('#error', (e) => (e.hidden ? '' : e.textContent));
  await page.close();
  if (banner) throw new Error(`error banner: ${banner}`);
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
});

let failed = 0;
for (const t of tests) {
  const t0 = Date.now();
  try {
    await t.fn();
    console.log(`ok   ${t.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${t.name} (${Date.now() - t0} ms)\n     ${e.message}`);
  }
}
await ctx.close();
server.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${tests.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
