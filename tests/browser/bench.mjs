// Browser benchmarks (make bench): boot to first prompt with a cached module, spawn+exit of
// `true`, writeFile/readFile of 1 MB and of 10k small files through the API. Prints JSON.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start } from '../../js/playground/serve.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const server = await start(0, '127.0.0.1', [['/tests/', join(here, 'pages')]]);
const base = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), 'wosix-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
const page = await ctx.newPage();
await page.goto(`${base}/tests/blank.html`);
const result = await page.evaluate(async () => {
  const { WebContainer } = await import('/wosix/index.js');
  const p50 = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // Warm the module cache with a first boot.
  const t00 = performance.now();
  (await WebContainer.boot({ workdirName: 'warm' })).teardown();
  const coldBootMs = performance.now() - t00;
  const boots = [];
  let wc;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    wc = await WebContainer.boot({ workdirName: 'p' });
    const sh = await wc.spawn('sh', [], { terminal: { cols: 80, rows: 24 } });
    const r = sh.output.getReader();
    let out = '';
    while (!out.includes('$ ')) out += (await r.read()).value ?? '';
    boots.push(performance.now() - t0);
    sh.kill();
    await sh.exit;
    if (i < 4) wc.teardown();
  }
  const spawns = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const p = await wc.spawn('true');
    await p.exit;
    spawns.push(performance.now() - t0);
  }
  const mb = new Uint8Array(1 << 20).map((_, i) => i & 0xff);
  let t0 = performance.now();
  await wc.fs.writeFile('big.bin', mb);
  const write1mb = performance.now() - t0;
  t0 = performance.now();
  const back = await wc.fs.readFile('big.bin');
  const read1mb = performance.now() - t0;
  if (back.length !== mb.length) throw new Error('1 MB read back wrong');
  await wc.fs.mkdir('many');
  t0 = performance.now();
  await Promise.all(Array.from({ length: 10000 }, (_, i) => wc.fs.writeFile(`many/f${i}`, `file ${i}\n`)));
  const write10k = performance.now() - t0;
  t0 = performance.now();
  await Promise.all(Array.from({ length: 10000 }, (_, i) => wc.fs.readFile(`many/f${i}`, 'utf8')));
  const read10k = performance.now() - t0;
  wc.teardown();
  const r2 = (x) => Math.round(x * 100) / 100;
  return {
    coldBootMs: r2(coldBootMs),
    bootToPromptMs: { p50: r2(p50(boots)), target: 100 },
    spawnTrueMs: { p50: r2(p50(spawns)), target: 2 },
    writeFile1MBMs: r2(write1mb),
    readFile1MBMs: r2(read1mb),
    writeFile10kSmallMs: r2(write10k),
    readFile10kSmallMs: r2(read10k),
  };
});
console.log(JSON.stringify(result, null, 2));
await ctx.close();
server.close();
rmSync(profile, { recursive: true, force: true });
