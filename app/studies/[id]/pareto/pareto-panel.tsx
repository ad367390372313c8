'use client';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { Objective } from '../../../../spec/objectives.ts';
import { EChartsView } from '../../../charts/echarts-view.tsx';
import { objectiveAxisName, paretoInfo, toParetoOption, type ParetoTrial } from '../../../charts/pareto-option.ts';
import { formatValue } from '../../../format.ts';

/**
 * A multi-objective study's Pareto front: two objectives against each other (pickable when there are three),
 * the front highlighted, and its trials listed. There is no single best trial: the user picks one of these.
 */
export function ParetoPanel({ studyId, objectives, trials }: { studyId: number; objectives: Objective[]; trials: ParetoTrial[] }) {
  const [axes, setAxes] = useState<[number, number]>([0, 1]);
  const info = useMemo(() => paretoInfo(trials, objectives, axes[0], axes[1]), [trials, objectives, axes]);
  const option = useMemo(() => toParetoOption(info, objectives), [info, objectives]);
  const picker = (which: 0 | 1) => (
    <select
      aria-label={which === 0 ? 'x axis' : 'y axis'}
      value={axes[which]}
      onChange={(e) => setAxes((a) => (which === 0 ? [Number(e.target.value), a[1]] : [a[0], Number(e.target.value)]))}
    >
      {objectives.map((o, i) => (
        <option key={o.metric} value={i} disabled={i === axes[1 - which]}>
          {o.metric}
        </option>
      ))}
    </select>
  );
  return (
    <section className="panel" id="pareto" data-testid="pareto-panel" aria-labelledby="pareto-title">
      <h2 id="pareto-title">Pareto front</h2>
      <p className="muted">
        {info.front.length} of {info.front.length + info.dominated.length} completed trials are on the front over{' '}
        {objectives.map(objectiveAxisName).join(', ')}: none is better in one objective without being worse in another.
        {info.unplotted > 0 && ` ${info.unplotted} without a value of every objective are not shown.`}
        {objectives.length > 2 && ' The front is over all three objectives, so some of its trials may look dominated on the two shown.'}
      </p>
      {objectives.length > 2 && (
        <p>
          x {picker(0)} y {picker(1)}
        </p>
      )}
      <EChartsView option={option} height={340} testId="pareto-chart" />
      <table className="plain" data-testid="pareto-trials">
        <thead>
          <tr>
            <th>Trial</th>
            {objectives.map((o) => (
              <th key={o.metric}>{objectiveAxisName(o)}</th>
            ))}
            <th>Params</th>
          </tr>
        </thead>
        <tbody>
          {info.front.map((t) => (
            <tr key={t.id}>
              <td>
                <Link href={`/studies/${studyId}/trials/${t.id}`}>#{t.number}</Link>
              </td>
              {t.values.map((v, i) => (
                <td key={objectives[i].metric}>{formatValue(v)}</td>
              ))}
              <td>
                {Object.entries(t.params)
                  .map(([k, v]) => `${k}=${formatValue(v)}`)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
