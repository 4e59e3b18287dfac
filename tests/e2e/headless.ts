/** Running `scripts/peer.ts --count N` from a test: many headless nodes in one process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** What `status` reports of one headless node. */
export interface HeadlessStatus {
  readonly name: string;
  readonly tip: string;
  readonly height: number;
  readonly peers: number;
  readonly blocks: number;
}

/** One peer process running `count` nodes, and what it printed. */
export class HeadlessPeers {
  readonly #proc: ChildProcess;
  readonly lines: { readonly event: string; readonly [field: string]: unknown }[] = [];
  #statusBatch: HeadlessStatus[] = [];
  #waiting: ((s: HeadlessStatus[]) => void) | undefined;

  constructor(
    serverUrl: string,
    query: string,
    readonly count: number,
  ) {
    // Node itself runs the peer (no npx wrapper), in its own process group so nothing outlives
    // the test.
    const args = ['--import', 'tsx', 'scripts/peer.ts', '--server', serverUrl, '--room', query];
    this.#proc = spawn(process.execPath, [...args, '--count', String(count)], {
      stdio: ['pipe', 'pipe', 'inherit'],
      detached: true,
    });
    createInterface({ input: this.#proc.stdout! }).on('line', (l) => this.#line(l));
  }

  /** How many printed `event`. */
  countOf(event: string): number {
    return this.lines.filter((l) => l.event === event).length;
  }

  /** Every node's status, fresh. */
  status(): Promise<HeadlessStatus[]> {
    return new Promise((resolve) => {
      this.#statusBatch = [];
      this.#waiting = resolve;
      this.#proc.stdin!.write('status\n');
    });
  }

  /** Has every node mine `k` blocks. */
  mine(k: number): void {
    this.#proc.stdin!.write(`mine ${k}\n`);
  }

  /** How the process ended, if it did (a crash should fail the test with its cause). */
  get exit(): string | undefined {
    const { exitCode, signalCode } = this.#proc;
    return exitCode !== null || signalCode !== null ? `${exitCode ?? signalCode}` : undefined;
  }

  /** Ends the process and everything it started. */
  kill(): void {
    if (this.#proc.pid === undefined || this.exit !== undefined) return;
    try {
      process.kill(-this.#proc.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }

  #line(text: string): void {
    let line: (typeof this.lines)[number];
    try {
      line = JSON.parse(text) as (typeof this.lines)[number];
    } catch {
      return; // not ours
    }
    if (line.event !== 'status') return void this.lines.push(line);
    this.#statusBatch.push(line as unknown as HeadlessStatus);
    if (this.#statusBatch.length === this.count && this.#waiting) {
      const done = this.#waiting;
      this.#waiting = undefined;
      done(this.#statusBatch);
    }
  }
}
