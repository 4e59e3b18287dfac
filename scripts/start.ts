/**
 * `npm start`: builds the app quietly, then runs the classroom server (signaling/main.ts,
 * which takes the same flags), so the first thing a teacher reads is the address students
 * type. The build's own output (sizes, the chunk-size warning, plugin timings) is kept and
 * printed only if a step fails: a teacher reads any warning as an error. `--dir PATH` builds
 * into PATH as well as serving it (tests build into a temporary folder).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITE = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
  'bin',
  'vite.js',
);

/** The build, as `npm run build` runs it: the WebAssembly kernels, then the Vite bundle. */
function steps(outDir: string | undefined): Array<{ what: string; args: string[] }> {
  const out = outDir === undefined ? [] : ['--outDir', path.resolve(outDir), '--emptyOutDir'];
  return [
    { what: 'the WebAssembly kernels', args: ['--import', 'tsx', 'scripts/build-wasm.ts'] },
    // Errors only: the step's output is shown only on failure anyway, and this keeps it short.
    { what: 'the app', args: [VITE, 'build', '--logLevel', 'error', ...out] },
  ];
}

/** The value of `--dir` among the server's flags, if given. */
function dirFlag(args: readonly string[]): string | undefined {
  const i = args.findIndex((a) => a === '--dir' || a.startsWith('--dir='));
  if (i < 0) return undefined;
  return args[i]!.startsWith('--dir=') ? args[i]!.slice('--dir='.length) : args[i + 1];
}

/** Runs one build step with its output captured; resolves with the exit code and the output. */
function run(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => resolve({ code: 1, output: String(error) }));
    child.on('close', (code) =>
      resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString() }),
    );
  });
}

/** Builds; on a failure prints the failed step's output and exits with its code. */
async function build(outDir: string | undefined): Promise<void> {
  // One line while the build runs (about 20 s); on a terminal it is wiped before the banner.
  const tty = process.stdout.isTTY;
  process.stdout.write('Building tabchain...');
  for (const step of steps(outDir)) {
    const { code, output } = await run(step.args);
    if (code !== 0) {
      process.stdout.write('\n');
      console.error(output.trimEnd());
      console.error(`\nBuilding ${step.what} failed (exit code ${code}).`);
      process.exit(code);
    }
  }
  process.stdout.write(tty ? '\r\x1b[K' : ' done.\n\n');
}

const args = process.argv.slice(2);
if (!args.includes('--help') && !args.includes('-h')) await build(dirFlag(args));
// The server reads the same arguments (process.argv) and prints the students' address first.
await import('../signaling/main.js');
