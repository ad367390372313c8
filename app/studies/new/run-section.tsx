'use client';
import type { SpecIssue } from '../../../spec/spec-error.ts';
import { defaultDirection } from '../../../spec/metrics.ts';
import { Field, FieldErrors, NumberInput } from './fields.tsx';
import { HYPERPARAMETERS } from '../../../spec/vocabulary.ts';
import { TRAINING_PARAMS } from './param-draft.ts';
import { objectiveMetrics, setAt, type SpecDraft } from './spec-draft.ts';
import styles from './new-study.module.css';
import { BackendField } from './backend-field.tsx';

interface Props {
  draft: SpecDraft;
  issues: readonly SpecIssue[];
  onChange: (draft: SpecDraft) => void;
}

const STRATEGY_DEFAULTS: Record<string, object> = {
  grid: { type: 'grid', max_trials: 1000 },
  random: { type: 'random', trials: 20, seed: 0 },
  tpe: { type: 'tpe', trials: 40, seed: 0 },
  hyperband: { type: 'hyperband', trials: 40, seed: 0, min_epochs: 1, reduction_factor: 3 },
  manual: { type: 'manual' },
};

/** What choosing a pruner fills in; the schema's defaults apply to fields left empty. */
const PRUNER_DEFAULTS: Record<string, object | undefined> = {
  '': undefined,
  median: { type: 'median', warmup_epochs: 1, min_trials: 3 },
  asha: { type: 'asha', min_epochs: 1, reduction_factor: 3 },
};

/** Objective, search strategy, pruner and how trials run: early stopping, workers, time limit. */
export function RunSection({ draft, issues, onChange }: Props) {
  const set = (path: string[], value: unknown) => onChange(setAt(draft, path, value));
  const strategy = draft.strategy ?? {};
  const metric = String(draft.objective?.metric ?? '');
  const metrics = objectiveMetrics(draft);
  const stopping = draft.early_stopping;
  const pruner = draft.pruner;
  const hyperband = strategy.type === 'hyperband';
  const external = draft.model?.family === 'external';
  const setMetric = (value: string) => onChange({ ...draft, objective: { metric: value, direction: defaultDirection(value) } });
  return (
    <section className="panel">
      <h2>Objective and search</h2>
      <div className={styles.row}>
        <Field label="Objective metric" issues={issues} path="objective.metric">
          {external ? (
            // The program names its own metrics: any name it reports each epoch (Keras' logs: val_loss, val_accuracy…).
            <>
              <input
                data-testid="objective-metric"
                list="objective-metric-names"
                value={metric}
                placeholder="val_loss"
                onChange={(e) => setMetric(e.target.value)}
              />
              <datalist id="objective-metric-names">
                {metrics.map((m) => (
                  <option key={m} value={m} />
                ))}
              </datalist>
            </>
          ) : (
            <select data-testid="objective-metric" value={metric} onChange={(e) => setMetric(e.target.value)}>
              {!metrics.includes(metric) && <option value={metric}>{metric || '—'}</option>}
              {metrics.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Direction" issues={issues} path="objective.direction">
          <select
            value={String(draft.objective?.direction ?? defaultDirection(metric))}
            onChange={(e) => set(['objective', 'direction'], e.target.value)}
          >
            <option value="minimize">minimize</option>
            <option value="maximize">maximize</option>
          </select>
        </Field>
        <Field label="Strategy" issues={issues} path="strategy.type">
          <select
            data-testid="strategy-type"
            value={String(strategy.type ?? 'grid')}
            onChange={(e) => {
              // Hyperband brings its own pruning; a spec with both is an error, so choosing it drops the pruner.
              const next = setAt(draft, ['strategy'], STRATEGY_DEFAULTS[e.target.value]);
              onChange(e.target.value === 'hyperband' ? setAt(next, ['pruner'], undefined) : next);
            }}
          >
            <option value="grid">grid: every combination</option>
            <option value="random">random: seeded samples</option>
            <option value="tpe">tpe: model-based (Tree-structured Parzen Estimator)</option>
            <option value="hyperband">hyperband: random samples, pruned in brackets of successive halving</option>
            {(external || strategy.type === 'manual') && <option value="manual">manual: your program brings its own params</option>}
          </select>
        </Field>
        {strategy.type === 'manual' ? null : strategy.type === 'random' || strategy.type === 'tpe' || hyperband ? (
          <>
            <Field label="Trials" issues={issues} path="strategy.trials">
              <NumberInput value={strategy.trials} testId="strategy-trials" onChange={(v) => set(['strategy', 'trials'], v)} />
            </Field>
            <Field label="Seed" issues={issues} path="strategy.seed">
              <NumberInput value={strategy.seed} onChange={(v) => set(['strategy', 'seed'], v)} />
            </Field>
            {hyperband && (
              <>
                <Field label="Min epochs" issues={issues} path="strategy.min_epochs">
                  <NumberInput
                    value={strategy.min_epochs}
                    placeholder="1"
                    testId="hyperband-min-epochs"
                    onChange={(v) => set(['strategy', 'min_epochs'], v)}
                  />
                </Field>
                <Field label="Reduction factor η" issues={issues} path="strategy.reduction_factor">
                  <NumberInput
                    value={strategy.reduction_factor}
                    placeholder="3"
                    onChange={(v) => set(['strategy', 'reduction_factor'], v)}
                  />
                </Field>
              </>
            )}
          </>
        ) : (
          <Field label="Max trials" issues={issues} path="strategy.max_trials">
            <NumberInput value={strategy.max_trials} placeholder="1000" onChange={(v) => set(['strategy', 'max_trials'], v)} />
          </Field>
        )}
      </div>
      <FieldErrors issues={issues} path="strategy" />
      <div className={styles.row}>
        <Field label="Pruner" issues={issues} path="pruner.type">
          <select
            data-testid="pruner-type"
            value={String(pruner?.type ?? '')}
            disabled={hyperband && !pruner}
            onChange={(e) => set(['pruner'], PRUNER_DEFAULTS[e.target.value])}
          >
            <option value="">none: every trial trains to the end</option>
            <option value="median">median: stop trials worse than the median at the same epoch</option>
            <option value="asha">asha: successive halving at rungs min_epochs·η^k</option>
          </select>
        </Field>
        {hyperband && (
          <p className={styles.note} data-testid="pruner-note">
            Hyperband schedules its own pruning (its brackets of successive halving).
          </p>
        )}
        {pruner?.type === 'median' && (
          <>
            <Field label="Warm-up epochs" issues={issues} path="pruner.warmup_epochs">
              <NumberInput value={pruner.warmup_epochs} placeholder="1" onChange={(v) => set(['pruner', 'warmup_epochs'], v)} />
            </Field>
            <Field label="Min trials" issues={issues} path="pruner.min_trials">
              <NumberInput value={pruner.min_trials} placeholder="3" onChange={(v) => set(['pruner', 'min_trials'], v)} />
            </Field>
          </>
        )}
        {pruner?.type === 'asha' && (
          <>
            <Field label="Min epochs" issues={issues} path="pruner.min_epochs">
              <NumberInput value={pruner.min_epochs} placeholder="1" onChange={(v) => set(['pruner', 'min_epochs'], v)} />
            </Field>
            <Field label="Reduction factor η" issues={issues} path="pruner.reduction_factor">
              <NumberInput value={pruner.reduction_factor} placeholder="3" onChange={(v) => set(['pruner', 'reduction_factor'], v)} />
            </Field>
          </>
        )}
      </div>
      <FieldErrors issues={issues} path="pruner" />
      <h2>Training</h2>
      <div className={styles.row}>
        {(external ? (['epochs'] as const) : TRAINING_PARAMS).map((name) => (
          <Field key={name} label={name === 'epochs' ? 'Epochs (at most, per trial)' : 'Batch size'} issues={issues} path={`fixed.${name}`}>
            {draft.space?.[name] ? (
              <span className="muted" data-testid={`training-${name}`}>
                searched: see Hyperparameters
              </span>
            ) : (
              <NumberInput
                value={draft.fixed?.[name]}
                testId={`training-${name}`}
                placeholder={String(HYPERPARAMETERS[name].default)}
                onChange={(v) => set(['fixed', name], v)}
              />
            )}
          </Field>
        ))}
        {!external && (
          <Field label="Early stopping" issues={issues} path="early_stopping">
            <input
              type="checkbox"
              data-testid="early-stopping"
              checked={stopping !== undefined}
              onChange={(e) => set(['early_stopping'], e.target.checked ? { patience: 5 } : undefined)}
            />
          </Field>
        )}
        {stopping && (
          <>
            <Field label="Patience (epochs)" issues={issues} path="early_stopping.patience">
              <NumberInput value={stopping.patience} onChange={(v) => set(['early_stopping', 'patience'], v)} />
            </Field>
            <Field label="Min delta" issues={issues} path="early_stopping.min_delta">
              <NumberInput value={stopping.min_delta} placeholder="0" onChange={(v) => set(['early_stopping', 'min_delta'], v)} />
            </Field>
          </>
        )}
        {external ? (
          <Field label="Lease (s): a trial silent this long is asked again" issues={issues} path="lease_s">
            <NumberInput value={draft.lease_s} testId="lease-s" placeholder="60" onChange={(v) => set(['lease_s'], v)} />
          </Field>
        ) : (
          <>
            <Field label="Workers" issues={issues} path="workers">
              <NumberInput value={draft.workers} testId="workers" placeholder="all cores" onChange={(v) => set(['workers'], v)} />
            </Field>
            <BackendField value={draft.backend} issues={issues} onChange={(v) => set(['backend'], v)} />
          </>
        )}
        <Field label="Time limit per trial (s)" issues={issues} path="trial_timeout">
          <NumberInput value={draft.trial_timeout} placeholder="none" onChange={(v) => set(['trial_timeout'], v)} />
        </Field>
        <Field label="Seed" issues={issues} path="seed">
          <NumberInput value={draft.seed} placeholder="0" onChange={(v) => set(['seed'], v)} />
        </Field>
      </div>
    </section>
  );
}
