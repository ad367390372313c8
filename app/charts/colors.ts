import type { Direction } from '../../db/states.ts';

/** Colours shared by the charts, so a trial or an objective value looks the same in every view. */

/** Distinct line colours (Tableau 10 then its lighter half), assigned by trial number so they stay put as selections change. */
export const TRIAL_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
  '#ff7f0e',
];

export function trialColor(trialNumber: number): string {
  return TRIAL_PALETTE[((trialNumber % TRIAL_PALETTE.length) + TRIAL_PALETTE.length) % TRIAL_PALETTE.length];
}

/** Objective colour scale from worst to best (pale yellow to deep purple-blue), readable on white. */
export const OBJECTIVE_SCALE = ['#fde725', '#7ad151', '#22a884', '#2a788e', '#414487', '#440154'];

/** Objective colours from the lowest value to the highest: the best end is the deepest colour. */
export function objectiveColors(direction: Direction): string[] {
  return direction === 'maximize' ? [...OBJECTIVE_SCALE] : [...OBJECTIVE_SCALE].reverse();
}

/** Points and lines that the filters leave out. */
export const FILTERED_OUT = '#c8ccd3';

/** Failed trials and NaN values, where they are shown. */
export const FAILED = '#cf222e';

/** Where pruned trials stopped: the pruned state's colour in the spreadsheet (app/globals.css). */
export const PRUNED = '#bf8700';
