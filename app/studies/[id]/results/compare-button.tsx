import Link from 'next/link';
import { compareAction } from '../compare/compare-ids.ts';

/** Opens the compare page for the selected trials; disabled, saying why, for fewer than 2 or more than 10. */
export function CompareButton({ studyId, selected }: { studyId: number; selected: { number: number }[] }) {
  const action = compareAction(studyId, selected);
  if ('disabled' in action)
    return (
      <button type="button" disabled title={action.disabled} data-testid="compare-selected">
        Compare
      </button>
    );
  return (
    <Link href={action.href} className="button" data-testid="compare-selected">
      Compare
    </Link>
  );
}
