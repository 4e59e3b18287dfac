/**
 * What the classroom server prints when it starts: first, plainly, the address students type
 * (one line per LAN address), then a short line for this laptop. A teacher reads it off the
 * projector, so nothing before it may look like an error.
 */

/** Where the server listens and where other laptops reach it. */
export interface BannerInput {
  /** The interface bound: 0.0.0.0 or :: for every one, else one address or name. */
  readonly host: string;
  /** The port bound. */
  readonly port: number;
  /** Addresses other laptops reach the server at (interfaces.ts reachableAddresses). */
  readonly lan: readonly string[];
}

/** The URL of `host` on `port`, with brackets around an IPv6 address. */
export function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}

/** The URLs students type, best first: one per LAN address. */
export function studentUrls({ port, lan }: BannerInput): string[] {
  return lan.map((host) => urlOf(host, port));
}

/** The lines to print, students' URLs first. */
export function startBanner(input: BannerInput): string[] {
  const students = studentUrls(input);
  const everyInterface = input.host === '0.0.0.0' || input.host === '::' || input.host === '';
  const here = urlOf(everyInterface ? 'localhost' : input.host, input.port);
  const lines: string[] = [];
  if (students.length > 0) {
    lines.push(
      students.length === 1
        ? 'Students open this address in their browser:'
        : 'Students open one of these addresses in their browser (the one of the classroom network):',
      '',
      ...students.map((url) => `    ${url}`),
      '',
    );
  } else if (everyInterface) {
    lines.push(
      'Students cannot reach this laptop yet: it has no network address.',
      'Connect it to the classroom network (Wi-Fi), then restart with `npm start`.',
      '',
    );
  } else {
    lines.push(
      `Students cannot reach this server: it listens on ${input.host} only.`,
      'Restart it without --host (or with --host 0.0.0.0) to let other laptops in.',
      '',
    );
  }
  if (!students.includes(here)) lines.push(`On this laptop: ${here}`);
  return lines;
}
