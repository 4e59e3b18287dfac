/**
 * What the browser benchmarks run against: the app and the benchmark page, each built with
 * Vite's JS API into a temporary directory (dist/ and the app build are left alone) and served
 * by its own `vite preview` server on a free port on 127.0.0.1.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type InlineConfig, type PreviewServer } from 'vite';
import { oneLine } from './report.js';

/** The repository root. */
export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** A served build. */
export interface Served {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** Set when this is not a fresh build of the working tree, and why. */
  readonly note?: string;
  /** The directory of the built files. */
  readonly dir: string;
  close(): Promise<void>;
}

/** A temporary directory removed by the returned function. */
function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds with `config` into a temporary outDir and serves it; the directory goes on close. */
async function buildAndServe(prefix: string, config: InlineConfig): Promise<Served> {
  const out = tempDir(prefix);
  try {
    const withOut: InlineConfig = {
      ...config,
      logLevel: 'silent',
      build: { ...config.build, outDir: out.dir, emptyOutDir: true },
    };
    await build(withOut);
    return await serve(withOut, out.remove);
  } catch (e) {
    out.remove();
    throw e;
  }
}

/** Serves the build in config.build.outDir with vite preview on a free port. */
async function serve(config: InlineConfig, cleanup: () => void, note?: string): Promise<Served> {
  const server: PreviewServer = await preview({
    ...config,
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address() as AddressInfo | null;
  if (!address || typeof address !== 'object') {
    await server.close();
    throw new Error('preview server has no port');
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    dir: config.build?.outDir ?? '',
    ...(note !== undefined ? { note } : {}),
    close: async () => {
      await server.close();
      cleanup();
    },
  };
}

/**
 * The app as `npm run build` makes it (the repo's vite.config.ts, its committed wasm) but with
 * the debug hooks (VITE_TABCHAIN_DEBUG=1), built fresh into a temporary directory and served
 * by vite preview. Should the working tree not
 * build (another change half-done), the last `npm run build` in dist/ is served instead, and
 * the note says so.
 */
export async function serveApp(): Promise<Served> {
  const config: InlineConfig = {
    root: REPO,
    configFile: join(REPO, 'vite.config.ts'),
    // The network benchmarks time through window.tabchain.debug, which needs a debug build.
    define: { 'import.meta.env.VITE_TABCHAIN_DEBUG': JSON.stringify('1') },
  };
  try {
    return await buildAndServe('tabchain-bench-app-', config);
  } catch (e) {
    const dist = join(REPO, 'dist');
    if (!existsSync(join(dist, 'index.html'))) throw e;
    const note = `served dist/ (built ${statSync(dist).mtime.toISOString()}): the working tree did not build: ${oneLine(e, 160)}`;
    return serve({ ...config, logLevel: 'silent', build: { outDir: dist } }, () => {}, note);
  }
}

/**
 * The benchmark page tests/bench/bench.html, built like the app (ES2022, ES module workers)
 * but from an inline config: no plugin is needed, and the app's build stays untouched.
 */
export function serveBenchPage(): Promise<Served> {
  const root = join(REPO, 'tests/bench');
  return buildAndServe('tabchain-bench-page-', {
    root,
    configFile: false,
    base: '/',
    worker: { format: 'es' },
    build: { target: 'es2022', rolldownOptions: { input: join(root, 'bench.html') } },
  });
}
