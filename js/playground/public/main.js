// The playground: a terminal on `sh` in a pty, a file tree and editor working through `fs`
// (refreshed by `fs.watch`), and a preview pane. Loading errors are shown on the page.
import { WebContainer } from '/wosix/index.js';
import { Terminal } from '/xterm/lib/xterm.mjs';
import { FitAddon } from '/xterm-fit/lib/addon-fit.mjs';

const $ = (id) => document.getElementById(id);
const status = (text) => ($('status').textContent = text);

function showError(err) {
  const box = $('error');
  box.hidden = false;
  box.textContent += `${err instanceof Error ? err.stack || err.message : String(err)}\n`;
  status('error');
}
window.addEventListener('error', (e) => showError(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => showError(e.reason));

const SAMPLE = {
  'README.md': { file: { contents: '# Welcome to Wosix\n\nEdit files on the left, run commands below:\n\n    ls -l\n    cat README.md\n    sh hello.sh\n' } },
  'hello.sh': { file: { contents: '#!/bin/sh\necho "Hello from $(uname -s) on $(hostname)!"\n' } },
  src: { directory: { 'notes.txt': { file: { contents: 'Files here live in the machine: try `echo hi >> src/notes.txt`.\n' } } } },
};

let wc;
let current = null; // path of the file in the editor
let dirty = false;

async function listTree(dir = '', depth = 0, out = []) {
  const entries = await wc.fs.readdir(dir || '/', { withFileTypes: true });
  entries.sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name));
  for (const e of entries) {
    const path = dir ? `${dir}/${e.name}` : e.name;
    out.push({ path, name: e.name, depth, dir: e.isDirectory() });
    if (e.isDirectory() && depth < 6) await listTree(path, depth + 1, out);
  }
  return out;
}

async function refreshTree() {
  const items = await listTree();
  const ul = $('tree');
  ul.replaceChildren(
    ...items.map((it) => {
      const li = document.createElement('li');
      li.style.paddingLeft = `${8 + it.depth * 12}px`;
      li.textContent = it.dir ? `${it.name}/` : it.name;
      li.dataset.path = it.path;
      li.className = (it.dir ? 'dir' : 'file') + (it.path === current ? ' active' : '');
      if (!it.dir) li.onclick = () => openFile(it.path).catch(showError);
      return li;
    }),
  );
  if (current && !items.some((i) => i.path === current)) {
    current = null;
    $('filename').textContent = 'no file open';
    $('editor').value = '';
    $('editor').disabled = true;
    $('save').disabled = true;
  }
}

async function openFile(path) {
  const text = await wc.fs.readFile(path, 'utf8');
  current = path;
  dirty = false;
  $('editor').value = text;
  $('editor').disabled = false;
  $('save').disabled = false;
  $('filename').textContent = path;
  for (const li of $('tree').children) li.classList.toggle('active', li.dataset.path === path);
}

async function saveFile() {
  if (!current) return;
  await wc.fs.writeFile(current, $('editor').value);
  dirty = false;
  $('filename').textContent = current;
}

async function reloadIfClean() {
  if (!current || dirty) return;
  try {
    const text = await wc.fs.readFile(current, 'utf8');
    if (!dirty && text !== $('editor').value) $('editor').value = text;
  } catch {}
}

async function startTerminal() {
  const term = new Terminal({ cursorBlink: true, fontSize: 13, theme: { background: '#000000' } });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open($('terminal'));
  fit.fit();
  window.wosixTerm = term;
  for (;;) {
    const shell = await wc.spawn('sh', [], { terminal: { cols: term.cols, rows: term.rows } });
    const input = shell.input.getWriter();
    const onData = term.onData((d) => input.write(d).catch(() => {}));
    const onResize = () => {
      fit.fit();
      shell.resize({ cols: term.cols, rows: term.rows });
    };
    window.addEventListener('resize', onResize);
    const reader = shell.output.getReader();
    (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        term.write(value);
        document.body.dataset.terminal = 'ready';
      }
    })().catch(showError);
    const code = await shell.exit;
    onData.dispose();
    window.removeEventListener('resize', onResize);
    term.write(`\r\n[shell exited with status ${code}; press any key to start a new one]\r\n`);
    await new Promise((resolve) => {
      const once = term.onData(() => {
        once.dispose();
        resolve();
      });
    });
  }
}

async function main() {
  status('booting…');
  const t0 = performance.now();
  wc = await WebContainer.boot({ workdirName: 'project' });
  window.wosix = wc;
  await wc.mount(SAMPLE);
  status(`booted in ${Math.round(performance.now() - t0)} ms · ${wc.workdir}`);
  $('editor').addEventListener('input', () => {
    dirty = true;
    $('filename').textContent = `${current} •`;
  });
  $('save').onclick = () => saveFile().catch(showError);
  $('refresh').onclick = () => refreshTree().catch(showError);
  window.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 's' && document.activeElement === $('editor')) {
      e.preventDefault();
      saveFile().catch(showError);
    }
  });
  let pending = null;
  wc.fs.watch('/', { recursive: true }, () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      refreshTree().catch(showError);
      reloadIfClean();
    }, 100);
  });
  // Ports open and close with the machine's listening sockets. Serving their HTTP to the
  // iframe (a service worker relaying to the kernel's loopback) is not built yet, so the pane
  // says what is listening instead of loading a page that cannot answer.
  const listening = new Map();
  const showPorts = () => {
    const empty = $('preview-empty');
    if (listening.size === 0) {
      empty.textContent = 'No server is running. Previews appear here once a process listens on a port.';
    } else {
      const list = [...listening.keys()].sort((a, b) => a - b).join(', ');
      empty.textContent = `Listening on port ${list}. Serving previews over HTTP is not available yet.`;
    }
  };
  wc.on('port', (port, type, url) => {
    if (type === 'open') listening.set(port, url);
    else listening.delete(port);
    showPorts();
  });
  wc.on('xdg-open', (text) => window.open(text, '_blank', 'noopener'));
  wc.on('error', (e) => showError(e.message));
  await refreshTree();
  await startTerminal();
}

main().catch(showError);
