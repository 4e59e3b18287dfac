/**
 * The mining worker: one kernel and one job loop (src/mining/job-runner.ts), driven by the
 * main thread's pool (src/mining/pool.ts) through comlink. Imports mining code only.
 */
import * as Comlink from 'comlink';
import { createJobRunner } from '../src/mining/job-runner';

Comlink.expose(createJobRunner());
