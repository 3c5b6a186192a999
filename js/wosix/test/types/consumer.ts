// A consumer of the upstream API, type-checked twice: against @webcontainer/api 1.6.4's
// declarations and against ours (tsconfig.upstream.json / tsconfig.wosix.json map `api`).
import {
  WebContainer,
  PreviewMessageType,
  isPreviewMessage,
  reloadPreview,
  auth,
  configureAPIKey,
  type BootOptions,
  type BufferEncoding,
  type DirEnt,
  type DirectoryNode,
  type ExportOptions,
  type FileNode,
  type FileSystemAPI,
  type FileSystemTree,
  type FSWatchCallback,
  type IFSWatcher,
  type PreviewMessage,
  type SpawnOptions,
  type SymlinkNode,
  type Unsubscribe,
  type WebContainerProcess,
} from 'api';

export async function consumer(iframe: HTMLIFrameElement): Promise<number> {
  configureAPIKey('key');
  auth.init({ clientId: 'x', scope: '' });
  const opts: BootOptions = { workdirName: 'project', coep: 'credentialless', forwardPreviewErrors: 'exceptions-only' };
  const wc: WebContainer = await WebContainer.boot(opts);
  const file: FileNode = { file: { contents: 'x' } };
  const link: SymlinkNode = { file: { symlink: 'a' } };
  const dir: DirectoryNode = { directory: { file, link } };
  const tree: FileSystemTree = { dir, 'b.bin': { file: { contents: new Uint8Array([1]) } } };
  await wc.mount(tree, { mountPoint: 'sub' });
  await wc.mount(new Uint8Array(0));
  const fs: FileSystemAPI = wc.fs;
  const text: string = await fs.readFile('a', 'utf8');
  const bytes: Uint8Array = await fs.readFile('a');
  const enc: BufferEncoding = 'base64url';
  await fs.writeFile('a', text + enc, { encoding: 'utf8' });
  await fs.writeFile('b', bytes);
  const names: string[] = await fs.readdir('/');
  const bufs: Uint8Array[] = await fs.readdir('/', 'buffer');
  const ents: DirEnt<string>[] = await fs.readdir('/', { withFileTypes: true });
  const first: string = await fs.mkdir('x/y', { recursive: true });
  await fs.mkdir('z');
  await fs.rm('x', { recursive: true, force: true });
  await fs.rename('a', 'c');
  const cb: FSWatchCallback = (event, filename) => void [event, filename];
  const w: IFSWatcher = fs.watch('/', { recursive: true }, cb);
  w.close();
  const spawnOpts: SpawnOptions = { cwd: 'sub', env: { A: 1, B: true }, output: true, terminal: { cols: 80, rows: 24 } };
  const p: WebContainerProcess = await wc.spawn('ls', ['-l'], spawnOpts);
  const q: WebContainerProcess = await wc.spawn('sh');
  await p.output.pipeTo(new WritableStream<string>({ write: (s) => void s.length }));
  const writer = q.input.getWriter();
  await writer.write('exit\n');
  q.resize({ cols: 100, rows: 40 });
  q.kill();
  const exportOpts: ExportOptions = { format: 'zip', includes: ['**'], excludes: ['node_modules'] };
  const zip: Uint8Array = await wc.export('/', exportOpts);
  const back: FileSystemTree = await wc.export('/', { format: 'json' });
  const offs: Unsubscribe[] = [
    wc.on('port', (port: number, type: 'open' | 'close', url: string) => void [port, type, url]),
    wc.on('server-ready', (port: number, url: string) => void [port, url]),
    wc.on('error', (e: { message: string }) => void e.message),
    wc.on('xdg-open', (t: string) => void t),
    wc.on('preview-message', (m: PreviewMessage) => void (m.type === PreviewMessageType.ConsoleError && m.args)),
    wc.on('code', (type, ev) => void [type, ev.files]),
  ];
  offs.forEach((off) => off());
  await wc.setPreviewScript('console.log(1)', { type: 'module', defer: true });
  await reloadPreview(iframe, 100);
  void isPreviewMessage({});
  const s: string = wc.path + wc.workdir + first + names.length + bufs.length + ents.length + zip.length + Object.keys(back).length;
  wc.teardown();
  return (await p.exit) + s.length;
}
