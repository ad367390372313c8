import type { Direction } from '../../db/states.ts';

/** Four significant digits: enough to compare values in a reason shown to users, short enough to read. */
export const formatValue = (x: number) => String(Number(x.toPrecision(4)));

/** Whether `a` is strictly worse than `b` for the study's direction. */
export const isWorse = (a: number, b: number, direction: Direction) => (direction === 'minimize' ? a > b : a < b);
