import { formatCount, formatShape, missingSummaryReason } from '../trial-format.ts';
import styles from '../detail.module.css';

/** One layer as the worker records it (workers/models/build-model.ts). */
export interface LayerSummary {
  name: string;
  type: string;
  outputShape: (number | null)[];
  params: number;
}

/** The built model, layer by layer, as Keras' model.summary() prints it. */
export function ModelSummary({
  layers,
  paramCount,
  state,
  epochsRun,
}: {
  layers: LayerSummary[] | null;
  paramCount: number | null;
  state: string;
  epochsRun: number;
}) {
  const total = paramCount ?? layers?.reduce((n, l) => n + l.params, 0) ?? null;
  return (
    <div className="panel">
      <h3 className={styles.panelTitle}>
        Model <small>{layers ? `${layers.length} layers · ${formatCount(total)} parameters` : ''}</small>
      </h3>
      {!layers ? (
        <p className="muted" data-testid="model-summary" data-layers="0">
          {sentence(missingSummaryReason(state, epochsRun))}
        </p>
      ) : (
        <div className={styles.scroll}>
          <table className={styles.table} data-testid="model-summary" data-layers={layers.length}>
            <thead>
              <tr>
                <th>Layer</th>
                <th>Type</th>
                <th>Output shape</th>
                <th className={styles.num}>Params</th>
              </tr>
            </thead>
            <tbody>
              {layers.map((l) => (
                <tr key={l.name}>
                  <td className={styles.mono}>{l.name}</td>
                  <td>{l.type}</td>
                  <td className={styles.mono}>{formatShape(l.outputShape)}</td>
                  <td className={styles.num}>{formatCount(l.params)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={3}>Total</td>
                <td className={styles.num}>{formatCount(total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}

const sentence = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}.`;
