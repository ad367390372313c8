'use client';
import { useState } from 'react';
import type { SpecIssue } from '../../../spec/spec-error.ts';
import { HYPERPARAMETERS, isHyperparameterName, type HyperparameterName } from '../../../spec/vocabulary.ts';
import { FieldErrors, NumberInput, ParsedTextInput } from './fields.tsx';
import {
  addableParams,
  addedMode,
  isExternalDraft,
  NAMED_VALUES,
  newParamNameProblem,
  paramMode,
  paramModes,
  paramRows,
  parseValuesText,
  parseValueText,
  valuesText,
  withoutParam,
  withParam,
  type ParamMode,
} from './param-draft.ts';
import { setAt, type SpecDraft } from './spec-draft.ts';
import styles from './new-study.module.css';

interface Props {
  draft: SpecDraft;
  issues: readonly SpecIssue[];
  onChange: (draft: SpecDraft) => void;
}

/**
 * The hyperparameters from the vocabulary: each searched (int, float, choice, bool) or fixed to one value. Fixed
 * epochs and batch size are fields of the Training section instead (see TRAINING_PARAMS).
 */
export function ParamsSection({ draft, issues, onChange }: Props) {
  const external = isExternalDraft(draft);
  const unused = external ? [] : addableParams(draft);
  const [adding, setAdding] = useState<string>('');
  const toAdd = (unused.includes(adding as HyperparameterName) ? adding : unused[0]) as HyperparameterName | undefined;
  return (
    <section className="panel">
      <h2>Hyperparameters</h2>
      {external && (
        <p className="muted" data-testid="own-params-note">
          Any names: your program reads each trial's values from <code>trial.params</code> (the fixed ones too).
        </p>
      )}
      <table className="plain">
        <thead>
          <tr>
            <th>name</th>
            <th>how</th>
            <th>range or values</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {paramRows(draft).map((name) => (
            <ParamRow key={name} name={name} draft={draft} issues={issues} onChange={onChange} />
          ))}
        </tbody>
      </table>
      {external && <OwnParamAdder draft={draft} onChange={onChange} />}
      {toAdd && (
        <p className={styles.actions}>
          <select value={toAdd} onChange={(e) => setAdding(e.target.value)} data-testid="param-name">
            {unused.map((name) => (
              <option key={name} value={name}>
                {name} — {HYPERPARAMETERS[name].help}
              </option>
            ))}
          </select>
          <button type="button" data-testid="param-add" onClick={() => onChange(withParam(draft, toAdd, addedMode(toAdd)))}>
            Add hyperparameter
          </button>
        </p>
      )}
      <FieldErrors issues={issues} path="space" />
      <FieldErrors issues={issues} path="fixed" />
    </section>
  );
}

/**
 * An external study's parameters are its program's: any name, added by typing it (searched as a float at first; the
 * mode picker makes it an int, a choice, a bool or a fixed value).
 */
function OwnParamAdder({ draft, onChange }: { draft: SpecDraft; onChange: (draft: SpecDraft) => void }) {
  const [name, setName] = useState('');
  const problem = newParamNameProblem(draft, name);
  const add = () => {
    if (problem) return;
    onChange(withParam(draft, name.trim(), addedMode(name.trim())));
    setName('');
  };
  return (
    <p className={styles.actions}>
      <input
        data-testid="own-param-name"
        placeholder="parameter name, e.g. hidden_size"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add();
          }
        }}
      />
      <button type="button" data-testid="own-param-add" disabled={problem !== null} onClick={add}>
        Add parameter
      </button>
      {name.trim() !== '' && problem && <span className="muted">{problem}</span>}
    </p>
  );
}

function ParamRow({ name, draft, issues, onChange }: Props & { name: string }) {
  const mode = paramMode(draft, name);
  const base = mode === 'fixed' ? `fixed.${name}` : `space.${name}`;
  const entry = draft.space?.[name] ?? {};
  const setField = (key: string, value: unknown) => onChange(setAt(draft, ['space', name, key], value));
  return (
    <tr className={styles.paramRow} data-testid={`param-row-${name}`}>
      <td title={isHyperparameterName(name) ? HYPERPARAMETERS[name].help : 'your parameter: the client reads it from trial.params'}>
        {name}
      </td>
      <td>
        <select value={mode} data-testid="param-mode" onChange={(e) => onChange(withParam(draft, name, e.target.value as ParamMode))}>
          {paramModes(name, isExternalDraft(draft)).map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </td>
      <td>
        <span className={styles.row}>
          {(mode === 'int' || mode === 'float') && (
            <>
              {(['min', 'max', 'step'] as const).map((key) => (
                <label key={key} className={styles.field}>
                  <span className={styles.label}>{key}</span>
                  <NumberInput
                    value={entry[key]}
                    testId={`param-${key}`}
                    placeholder={key === 'step' ? 'none' : ''}
                    onChange={(v) => setField(key, v)}
                  />
                  <FieldErrors issues={issues} path={`${base}.${key}`} />
                </label>
              ))}
              <label className={styles.field}>
                <span className={styles.label}>log</span>
                <input type="checkbox" checked={entry.log === true} onChange={(e) => setField('log', e.target.checked || undefined)} />
                <FieldErrors issues={issues} path={`${base}.log`} />
              </label>
            </>
          )}
          {mode === 'choice' && (
            <label className={styles.field}>
              <span className={styles.label}>
                values, comma-separated{isHyperparameterName(name) && NAMED_VALUES[name] ? ` (${NAMED_VALUES[name].join(', ')})` : ''}
              </span>
              <ParsedTextInput
                value={entry.values}
                parse={parseValuesText}
                format={valuesText}
                testId="param-values"
                onChange={(v) => setField('values', v)}
              />
              <FieldErrors issues={issues} path={`${base}.values`} nested />
            </label>
          )}
          {mode === 'bool' && <span className="muted">false and true</span>}
          {mode === 'fixed' && <FixedValue name={name} draft={draft} onChange={onChange} />}
        </span>
        <FieldErrors issues={issues} path={`${base}.type`} />
        <FieldErrors issues={issues} path={base} />
      </td>
      <td>
        <button type="button" onClick={() => onChange(withoutParam(draft, name))} aria-label={`remove ${name}`}>
          Remove
        </button>
      </td>
    </tr>
  );
}

function FixedValue({ name, draft, onChange }: { name: string; draft: SpecDraft; onChange: (draft: SpecDraft) => void }) {
  const value = draft.fixed?.[name];
  const set = (v: unknown) => onChange(setAt(draft, ['fixed', name], v));
  if (!isHyperparameterName(name)) return <FixedText value={value} onChange={set} />;
  const named = NAMED_VALUES[name];
  if (named) {
    return (
      <select value={String(value)} data-testid="param-fixed" onChange={(e) => set(e.target.value)}>
        {named.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  }
  if (typeof HYPERPARAMETERS[name].default === 'boolean') {
    return <input type="checkbox" data-testid="param-fixed" checked={value === true} onChange={(e) => set(e.target.checked)} />;
  }
  return <FixedText value={value} onChange={set} />;
}

/** A fixed value typed as text: true/false, a number, else the text itself. */
function FixedText({ value, onChange }: { value: unknown; onChange: (value: unknown) => void }) {
  return (
    <ParsedTextInput
      value={value}
      parse={parseValueText}
      format={(v) => (v === undefined ? '' : String(v))}
      testId="param-fixed"
      onChange={onChange}
    />
  );
}
