import { parseArgs } from 'node:util';
import { SpecError } from '../spec/spec-error.ts';
import { DatasetError } from '../datasets/errors.ts';
import { agentCommand } from './commands/agent.ts';
import { trainTrialCommand } from './commands/train-trial.ts';
import { noteCommand, tagCommand } from './commands/annotate.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { listCommand } from './commands/list.ts';
import { predictCommand } from './commands/predict.ts';
import { resumeCommand } from './commands/resume.ts';
import { runCommand } from './commands/run.ts';
import { runnerCommand } from './commands/runner.ts';
import { serveCommand } from './commands/serve.ts';
import { showCommand } from './commands/show.ts';
import { parseWorkerMemoryMb } from '../workers/memory-limit.ts';
import { reportFailure } from './report-failure.ts';
import { UsageError } from './usage-error.ts';
import { ForeignDatabaseError } from '../db/foreign-database.ts';

const USAGE = `Usage: tuneboard <command> [options]

Commands:
  run SPEC [--db FILE] [--workers N] [--worker-memory MB] [--json]
                                                run a study from a JSON spec, with a progress bar (an unfinished
                                                study of the same name and spec is continued)
  resume STUDY [--db FILE] [--workers N] [--json]
                                                continue an unfinished (paused, queued, interrupted) study
  list [--db FILE] [--json]                     list studies
  show STUDY [--db FILE] [--json]               show a study (id or name) and its trials
  serve [--port 3000] [--host 127.0.0.1] [--db FILE] [--workers N] [--worker-memory MB]
                                                the dashboard and a runner for studies queued from it
  runner [--db URL] [--workers N]               a runner alone: serves every queued study, shared with other runners
  export STUDY [--trial ID | --best] --out DIR  a trial's saved model (default the best) as a folder, or a zip when DIR ends in .zip
  import tensorboard LOGDIR [--study NAME] [--watch]
                                                runs written by Keras's TensorBoard callback, PyTorch's SummaryWriter
                                                (one trial per run folder; --watch follows live runs) (docs/tensorboard.md)
  import keras-tuner DIR [--study NAME]         a Keras Tuner project folder (oracle.json, trial_*/trial.json)
  import optuna FILE.db [--study NAME]          a study from Optuna's SQLite storage (NAME: needed when it holds several)
  export tensorboard STUDY --out DIR            a study as TensorBoard event files (Scalars and HParams)
  predict MODEL_DIR INPUT                       predictions of an exported model for a .csv (or .npy images)
  tag STUDY[/TRIAL] +TAG -TAG … [--db FILE]   add (+) and remove (-) tags of a study, or of its trial number TRIAL
  note STUDY[/TRIAL] TEXT | --file F [--db FILE]
                                                set the Markdown note of a study or trial ("" clears it)
  agent --server URL --study NAME|ID [--gpus 0,1 | --slots N] [--worker NAME] [--grace S] [-- COMMAND ARGS…]
                                                run COMMAND once per trial of an external study, one trial per GPU
                                                or slot, with the trial in its environment; with no COMMAND, train a
                                                built-in study's trials here with the engine (docs/agent.md)
  train-trial                                   train the one trial in $TUNEBOARD_TRIAL_ID (what the agent runs for
                                                a built-in study)

The database is --db, else $TUNEBOARD_DB, else ./data/tuneboard.db: a SQLite file, or postgres://… for PostgreSQL.
Each trial worker may use --worker-memory MB, else $TUNEBOARD_WORKER_MEMORY_MB, else 2048.
serve listens on --port, else $PORT, else 3000.`;

export type CommandArgs = {
  positionals: string[];
  db?: string;
  workers?: number;
  workerMemoryMb?: number;
  json: boolean;
  port?: string;
  host?: string;
  trial?: string;
  best?: boolean;
  out?: string;
  study?: string;
  watch?: boolean;
};

/** Runs one CLI command; returns the process exit code (0 ok, 1 failed study or error, 2 bad usage). */
export async function main(argv: string[]): Promise<number> {
  // Known before parsing succeeds, so that even a bad command line answers a script with JSON.
  const json = argv.includes('--json');
  // The agent has options of its own, and what follows its `--` is the program it runs, not Tuneboard's options.
  if (argv[0] === 'agent') {
    try {
      return await agentCommand(argv.slice(1));
    } catch (error) {
      if (error instanceof UsageError) return reportFailure(error, { badInput: true, json: false });
      return reportFailure(error, { badInput: false, json: false, command: 'agent' });
    }
  }
  // Own parsers: `tag`'s `-TAG` words are tags to remove, not options.
  const annotators = { tag: tagCommand, note: noteCommand };
  if (argv[0] === 'tag' || argv[0] === 'note') {
    try {
      return await annotators[argv[0]](argv.slice(1));
    } catch (error) {
      const badInput =
        error instanceof SpecError ||
        error instanceof UsageError ||
        error instanceof ForeignDatabaseError ||
        Boolean((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'));
      return reportFailure(error, { badInput, json, command: argv[0] });
    }
  }
  let args: CommandArgs;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        workers: { type: 'string' },
        'worker-memory': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        json: { type: 'boolean', default: false },
        trial: { type: 'string' },
        best: { type: 'boolean' },
        out: { type: 'string' },
        study: { type: 'string' },
        watch: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length === 0) return badCommandLine('missing a command', json);
    args = {
      positionals,
      db: values.db,
      json: values.json ?? false,
      workers: parseWorkers(values.workers),
      workerMemoryMb: parseWorkerMemoryMb(values['worker-memory'], '--worker-memory'),
      port: values.port,
      host: values.host,
      trial: values.trial,
      best: values.best,
      out: values.out,
      study: values.study,
      watch: values.watch,
    };
  } catch (error) {
    // Node's own wording goes on to explain `--`; the option is what the user needs to see.
    const unknown = (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /'([^']*)'/.exec((error as Error).message);
    return badCommandLine(unknown ? `unknown option ${unknown[1]}` : (error as Error).message, json);
  }
  const [command, ...rest] = args.positionals;
  const commands = {
    run: runCommand,
    resume: resumeCommand,
    list: listCommand,
    show: showCommand,
    serve: serveCommand,
    runner: runnerCommand,
    export: exportCommand,
    import: importCommand,
    predict: predictCommand,
    'train-trial': trainTrialCommand,
  };
  if (!Object.hasOwn(commands, command)) return badCommandLine(`unknown command "${command}"`, json);
  try {
    return await commands[command as keyof typeof commands]({ ...args, positionals: rest });
  } catch (error) {
    const badInput =
      error instanceof SpecError || error instanceof DatasetError || error instanceof UsageError || error instanceof ForeignDatabaseError;
    return reportFailure(error, { badInput, json, command });
  }
}

/** A command line that cannot be run: the sentence, then the usage. */
function badCommandLine(message: string, json: boolean): 2 {
  reportFailure(new UsageError(message), { badInput: true, json });
  console.error(`\n${USAGE}`);
  return 2;
}

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--workers: must be an integer from 1 to 64, got "${value}"`);
  return n;
}
