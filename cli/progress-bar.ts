import { formatDuration, formatNumber } from './format.ts';

export interface ProgressState {
  done: number;
  total: number | null;
  running: number;
  failed: number;
  best: { value: number; number: number } | null;
}

/**
 * One status line on stderr: redrawn in place on a terminal, printed once per finished trial otherwise
 * (so logs of CI runs stay readable).
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastLine = '';

  constructor(
    private readonly metric: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  render(state: ProgressState, trialFinished: boolean): void {
    const line = this.line(state);
    if (this.stream.isTTY) this.stream.write(`\r${line.padEnd(this.lastLine.length)}`);
    else if (trialFinished) this.stream.write(`${line}\n`);
    this.lastLine = line;
  }

  finish(): void {
    if (this.stream.isTTY && this.lastLine) this.stream.write('\n');
  }

  private line({ done, total, running, failed, best }: ProgressState): string {
    const elapsed = Date.now() - this.started;
    const width = 24;
    const filled = total ? Math.round((width * done) / total) : 0;
    const bar = total ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ` : '';
    const left = total && done > 0 && done < total ? ` · ~${formatDuration((elapsed / done) * (total - done))} left` : '';
    const bestText = best ? ` · best ${this.metric} ${formatNumber(best.value)} (#${best.number})` : '';
    const failedText = failed ? ` · ${failed} failed` : '';
    return `${bar}${done}/${total ?? '?'} trials · ${running} running${failedText}${bestText} · ${formatDuration(elapsed)}${left}`;
  }
}
