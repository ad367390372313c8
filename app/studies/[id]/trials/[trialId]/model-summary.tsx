import { formatCount, formatShape } from '../trial-format.ts';
import styles from '../detail.module.css';

/** One layer as the worker records it (workers/models/build-model.ts). */
export interface LayerSummary {
  name: string;
  type: string;
  outputShape: (number | null)[];
  params: number;
}

/** The built model, layer by layer, as Keras' model.summary() prints it. */
export function ModelSummary({ layers, paramCount, state }: { layers: LayerSummary[] | null; paramCount: number | null; state: string }) {
  const total = paramCount ?? layers?.reduce((n, l) => n + l.params, 0) ?? null;
  return (
    <div className="panel">
      <h3 className={styles.panelTitle}>
        Model <small>{layers ? `${layers.length} layers · ${formatCount(total)} parameters` : ''}</small>
      </h3>
      {!layers ? (
        <p className="muted" data-testid="model-summary" data-layers="0">
          {state === 'queued' || state === 'running' ? 'Recorded when the trial finishes.' : 'The model was not built.'}
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
