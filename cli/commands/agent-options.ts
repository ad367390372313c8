import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { nameProblem } from '../../spec/printable-text.ts';
import { UsageError } from '../usage-error.ts';

export const AGENT_USAGE = `Usage: tuneboard agent --server URL --study NAME|ID [--gpus 0,1,2,3 | --slots N] [--worker NAME] [--grace S] -- COMMAND ARGS…

Runs COMMAND once per trial of an external study, one trial per slot (per GPU with --gpus, which sets
CUDA_VISIBLE_DEVICES), with the trial in its environment (TUNEBOARD_URL, TUNEBOARD_TOKEN, TUNEBOARD_TRIAL_ID,
TUNEBOARD_TRIAL_NUMBER, TUNEBOARD_SEED, TUNEBOARD_PARAMS). --server defaults to $TUNEBOARD_URL, the token is
$TUNEBOARD_TOKEN. See docs/agent.md.`;

export interface AgentOptions {
  server: string;
  study: string;
  /** One entry per slot: its CUDA_VISIBLE_DEVICES value, or null to leave the variable alone (--slots). */
  gpus: (string | null)[];
  worker: string;
  graceMs: number;
  command: string[];
  help: boolean;
}

const MAX_SLOTS = 64;
/** A GPU as CUDA_VISIBLE_DEVICES names it: an index, or a GPU-… / MIG-… UUID. */
const GPU_ID = /^[A-Za-z0-9][A-Za-z0-9:/_.-]{0,99}$/;

/** `agent`'s command line: its options, then `--` and the program to run. Bad input is a UsageError. */
export function parseAgentArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): AgentOptions {
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const command = dash < 0 ? [] : argv.slice(dash + 1);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: own,
      allowPositionals: false,
      options: {
        server: { type: 'string' },
        study: { type: 'string' },
        gpus: { type: 'string' },
        slots: { type: 'string' },
        worker: { type: 'string' },
        grace: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new UsageError('agent: put the program to run after --, e.g. `tuneboard agent --study NAME -- python3 train.py`');
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /'([^']*)'/.exec((error as Error).message);
    throw new UsageError(unknown ? `agent: unknown option ${unknown[1]}` : `agent: ${(error as Error).message.split('\n')[0]}`);
  }
  const options = {
    server: '',
    study: '',
    gpus: [null] as (string | null)[],
    worker: hostname(),
    graceMs: 10_000,
    command,
    help: values.help === true,
  };
  if (options.help) return options;

  const server = (values.server as string | undefined) ?? env.TUNEBOARD_URL;
  if (!server) throw new UsageError('agent: --server URL is required (or set TUNEBOARD_URL), e.g. --server http://127.0.0.1:3000');
  let url: URL | null = null;
  try {
    url = new URL(server);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new UsageError(`agent: --server: must be an http:// or https:// address, got ${JSON.stringify(server)}`);
  options.server = server;

  const study = values.study as string | undefined;
  if (!study) throw new UsageError('agent: --study NAME|ID is required');
  options.study = study;

  const gpus = values.gpus as string | undefined;
  const slots = values.slots as string | undefined;
  if (gpus !== undefined && slots !== undefined) throw new UsageError('agent: give --gpus or --slots, not both');
  if (gpus !== undefined) {
    const ids = gpus.split(',').map((g) => g.trim());
    const bad = ids.find((g) => !GPU_ID.test(g));
    if (bad !== undefined)
      throw new UsageError(`agent: --gpus: a comma-separated list of GPU indexes or UUIDs, e.g. 0,1,2,3; got ${JSON.stringify(gpus)}`);
    if (new Set(ids).size !== ids.length) throw new UsageError(`agent: --gpus: each GPU once, got ${JSON.stringify(gpus)}`);
    if (ids.length > MAX_SLOTS) throw new UsageError(`agent: --gpus: at most ${MAX_SLOTS} GPUs`);
    options.gpus = ids;
  }
  if (slots !== undefined) {
    const n = Number(slots);
    if (!/^\d+$/.test(slots) || n < 1 || n > MAX_SLOTS)
      throw new UsageError(`agent: --slots: must be an integer from 1 to ${MAX_SLOTS}, got ${JSON.stringify(slots)}`);
    options.gpus = Array.from({ length: n }, () => null);
  }

  const worker = values.worker as string | undefined;
  if (worker !== undefined) {
    const problem = worker.length === 0 || worker.length > 150 ? 'must be 1 to 150 characters' : nameProblem(worker);
    if (problem) throw new UsageError(`agent: --worker: ${problem}`);
    options.worker = worker;
  }

  const grace = values.grace as string | undefined;
  if (grace !== undefined) {
    const s = Number(grace);
    if (grace.trim() === '' || !Number.isFinite(s) || s < 0 || s > 3600)
      throw new UsageError(`agent: --grace: seconds from 0 to 3600, got ${JSON.stringify(grace)}`);
    options.graceMs = s * 1000;
  }
  return options;
}
