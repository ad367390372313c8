/**
 * Row selection as a list of trial ids. Trials hidden by a filter stay selected: the selection is shared with
 * the other views, and a filter is a view, not a choice of trials.
 */

/** Selects or deselects `ids`, keeping everything else selected as it was. */
export function setSelected(selected: number[], ids: number[], value: boolean): number[] {
  const change = new Set(ids);
  const rest = selected.filter((id) => !change.has(id));
  return value ? [...rest, ...ids] : rest;
}

/**
 * A click on a row's checkbox: with shift held after an earlier click (the anchor, still shown), every row
 * from the anchor to this one, in shown order, takes this row's new state; otherwise just this row flips.
 */
export function clickSelect(selected: number[], shownIds: number[], id: number, anchor: number | null, shift: boolean): number[] {
  const value = !selected.includes(id);
  const from = anchor === null ? -1 : shownIds.indexOf(anchor);
  const to = shownIds.indexOf(id);
  if (!shift || from < 0 || to < 0) return setSelected(selected, [id], value);
  return setSelected(selected, shownIds.slice(Math.min(from, to), Math.max(from, to) + 1), value);
}

/** The header checkbox: all when every shown row is selected, some, or none. */
export function shownSelectionState(selected: number[], shownIds: number[]): 'all' | 'some' | 'none' {
  const set = new Set(selected);
  const count = shownIds.reduce((n, id) => n + Number(set.has(id)), 0);
  return count === 0 ? 'none' : count === shownIds.length ? 'all' : 'some';
}
