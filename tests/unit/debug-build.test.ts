/**
 * The debug hooks (window.tabchain.debug, the crash-before-tip store hook: src/app/debug.ts)
 * ship only in a build made with VITE_TABCHAIN_DEBUG=1, as Playwright's and the benchmarks'
 * are; the build `npm start` serves has none of their code. Builds the app with Vite's JS API
 * in memory (one build: the debug build's hooks are what tests/e2e/node.spec.ts drives).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Names only the debug hooks' code carries. */
const DEBUG_NAMES = ['crashNextCommit', 'failNextCommitWithQuota', 'connectInMemory'];

/** The JavaScript of the app's production build, every chunk joined. */
async function appScript(): Promise<string> {
  const result = await build({
    root: REPO,
    configFile: resolve(REPO, 'vite.config.ts'),
    logLevel: 'silent',
    build: { write: false, sourcemap: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  return outputs
    .flatMap((o) => o.output)
    .map((f) => (f.type === 'chunk' ? f.code : ''))
    .join('\n');
}

describe('debug hooks in the build', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.VITE_TABCHAIN_DEBUG;
    delete process.env.VITE_TABCHAIN_DEBUG;
  });
  afterEach(() => {
    if (saved !== undefined) process.env.VITE_TABCHAIN_DEBUG = saved;
  });

  it('a build without VITE_TABCHAIN_DEBUG has none of the debug hooks', async () => {
    const production = await appScript();
    // The console API is there under its own names: minifying keeps property names.
    expect(production).toContain('submitBlockHex');
    for (const name of DEBUG_NAMES) expect(production).not.toContain(name);
  });
});
