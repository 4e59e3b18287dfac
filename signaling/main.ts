/**
 * The classroom server: `tsx signaling/main.ts [--port 8080] [--host 0.0.0.0] [--dir dist]
 * [--origin URL ...] [--any-origin] [--advertise HOST ...]`. Serves the built app and the
 * signaling socket on one port and prints first the URL students type. Env PORT, HOST,
 * TABCHAIN_ANY_ORIGIN and TABCHAIN_ADVERTISE are read when the flags are absent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { startBanner, studentUrls } from './banner.js';
import { parseAdvertise, reachableAddresses } from './interfaces.js';
import { createSignalingServer, SIGNALING_DEFAULTS } from './server.js';

const USAGE = `usage: tsx signaling/main.ts [options]
  --port N        TCP port (env PORT; default ${SIGNALING_DEFAULTS.port}; 0 = any free port)
  --host ADDR     interface to bind (env HOST; default 0.0.0.0, every interface)
  --dir PATH      built app to serve (default: the repository's dist/)
  --origin URL    also let pages from this origin connect (pages this server served
                  always can, by any of its names); repeat for more
  --any-origin    let pages from any origin connect (env TABCHAIN_ANY_ORIGIN=1)
  --advertise H   the address students type, instead of this machine's LAN addresses
                  (a name such as teacher-laptop.local, or an IPv4 address); repeat for
                  more (env TABCHAIN_ADVERTISE=H1,H2)
  --quiet         do not log refused or server-closed sockets
  --help          show this`;

/** The repository's dist/, wherever the command is run from. */
const DEFAULT_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

/** Prints `url` as a QR code in the terminal, so students can scan it off the projector. */
async function printQr(url: string): Promise<void> {
  try {
    console.log(await QRCode.toString(url, { type: 'terminal', small: true }));
  } catch {
    // A QR code is a convenience; the URL above is what matters.
  }
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        dir: { type: 'string' },
        origin: { type: 'string', multiple: true },
        'any-origin': { type: 'boolean' },
        advertise: { type: 'string', multiple: true },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return exitWithUsage((error as Error).message);
  }
  if (args.help === true) {
    console.log(USAGE);
    return;
  }
  const portText = args.port ?? process.env.PORT ?? String(SIGNALING_DEFAULTS.port);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) return exitWithUsage(`bad port: ${portText}`);
  const host = args.host ?? process.env.HOST ?? '0.0.0.0';
  const dir = path.resolve(args.dir ?? DEFAULT_DIR);
  const origins = args.origin ?? [];
  const badOrigin = origins.find((origin) => !URL.canParse(origin));
  if (badOrigin !== undefined)
    return exitWithUsage(`bad origin (want e.g. http://host:8080): ${badOrigin}`);
  const advertised = parseAdvertise(args.advertise, process.env.TABCHAIN_ADVERTISE);
  if (advertised !== undefined && 'bad' in advertised)
    return exitWithUsage(
      `bad address to advertise (want an IPv4 address or a name): ${advertised.bad}`,
    );
  const advertise = advertised?.hosts;

  const server = await createSignalingServer({
    port,
    host,
    staticDir: dir,
    allowedOrigins: origins,
    anyOrigin: args['any-origin'] === true || process.env.TABCHAIN_ANY_ORIGIN === '1',
    log: args.quiet === true ? undefined : (line) => console.log(`${timestamp()} ${line}`),
    advertise,
  });

  const banner = { host, port: server.port, lan: reachableAddresses(host, advertise) };
  for (const line of startBanner(banner)) console.log(line);
  const studentUrl = studentUrls(banner)[0];
  if (studentUrl !== undefined) await printQr(studentUrl);
  if (!existsSync(path.join(dir, 'index.html'))) {
    console.log(`Note: ${dir} has no index.html; run \`npm run build\` to serve the app.`);
  }
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second Ctrl+C means "now": do not wait for slow clients.
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal}: closing connections...`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function timestamp(): string {
  return new Date().toISOString().slice(11, 19);
}

function exitWithUsage(problem: string): void {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

main().catch((error: unknown) => {
  // EADDRINUSE is the likely one in a classroom: say what to do about it.
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') console.error('That port is taken: pass --port with another one.');
  else console.error(error);
  process.exit(1);
});
