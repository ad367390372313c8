import { create, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { type Value, ValueSchema } from '@bufbuild/protobuf/wkt';
import { type Event, EventSchema } from './gen/tensorboard/compat/proto/event_pb.ts';
import { type Summary_Value, Summary_ValueSchema, SummarySchema } from './gen/tensorboard/compat/proto/summary_pb.ts';
import { DataType } from './gen/tensorboard/compat/proto/types_pb.ts';
import {
  DataType as HParamType,
  ExperimentSchema,
  type HParamInfo,
  HParamInfoSchema,
  MetricInfoSchema,
  Status,
} from './gen/tensorboard/plugins/hparams/api_pb.ts';
import { HParamsPluginDataSchema, SessionEndInfoSchema, SessionStartInfoSchema } from './gen/tensorboard/plugins/hparams/plugin_data_pb.ts';
import { EXPERIMENT_TAG, HPARAMS_PLUGIN, type HParamValue, SESSION_END_TAG, SESSION_START_TAG, type SessionStatus } from './events.ts';
import { frameRecord } from './record-writer.ts';

/** The domain of one hyperparameter in the experiment summary: an interval of numbers, or the values it may take. */
export type HParamDomain = { name: string } & (
  | { kind: 'interval'; min: number; max: number }
  | { kind: 'discrete'; values: HParamValue[] }
);

/** Every event file starts with its version, which readers check. */
export function fileVersionRecord(wallTime: number): Buffer {
  return record(create(EventSchema, { wallTime, what: { case: 'fileVersion', value: 'brain.Event:2' } }));
}

/**
 * A scalar as TF2's tf.summary.scalar writes it (a rank-0 tensor under the scalars plugin), in float64 so that
 * values come back exactly as Tuneboard stored them.
 */
export function scalarRecord(tag: string, step: number, wallTime: number, value: number): Buffer {
  return summaryRecord(
    create(Summary_ValueSchema, {
      tag,
      metadata: { pluginData: { pluginName: 'scalars' } },
      value: { case: 'tensor', value: { dtype: DataType.DT_DOUBLE, tensorShape: {}, doubleVal: [value] } },
    }),
    step,
    wallTime,
  );
}

/** The HParams session's start: its hyperparameter values. */
export function sessionStartRecord(hparams: Record<string, HParamValue>, startTimeSecs: number, groupName: string): Buffer {
  const values: Record<string, Value> = {};
  for (const [name, v] of Object.entries(hparams)) values[name] = plainToValue(v);
  return hparamsRecord(
    SESSION_START_TAG,
    { data: { case: 'sessionStartInfo', value: create(SessionStartInfoSchema, { hparams: values, startTimeSecs, groupName }) } },
    startTimeSecs,
  );
}

/** The HParams session's end: how the run finished. */
export function sessionEndRecord(status: SessionStatus, endTimeSecs: number): Buffer {
  const code = {
    success: Status.SUCCESS,
    failure: Status.FAILURE,
    running: Status.RUNNING,
    unknown: Status.UNKNOWN,
  }[status];
  return hparamsRecord(
    SESSION_END_TAG,
    { data: { case: 'sessionEndInfo', value: create(SessionEndInfoSchema, { status: code, endTimeSecs }) } },
    endTimeSecs,
  );
}

/** The experiment summary: the hyperparameters with their domains and the metrics that TensorBoard's HParams views list. */
export function experimentRecord(hparams: HParamDomain[], metrics: string[], timeCreatedSecs: number): Buffer {
  const experiment = create(ExperimentSchema, {
    timeCreatedSecs,
    hparamInfos: hparams.map(hparamInfo),
    metricInfos: metrics.map((tag) => create(MetricInfoSchema, { name: { group: '', tag } })),
  });
  return hparamsRecord(EXPERIMENT_TAG, { data: { case: 'experiment', value: experiment } }, timeCreatedSecs);
}

function hparamInfo(domain: HParamDomain): HParamInfo {
  if (domain.kind === 'interval')
    return create(HParamInfoSchema, {
      name: domain.name,
      type: HParamType.FLOAT64,
      domain: { case: 'domainInterval', value: { minValue: domain.min, maxValue: domain.max } },
    });
  const first = domain.values[0];
  const type = typeof first === 'number' ? HParamType.FLOAT64 : typeof first === 'boolean' ? HParamType.BOOL : HParamType.STRING;
  return create(HParamInfoSchema, {
    name: domain.name,
    type,
    domain: { case: 'domainDiscrete', value: { values: domain.values.map(plainToValue) } },
  });
}

function plainToValue(v: HParamValue): Value {
  if (typeof v === 'number') return create(ValueSchema, { kind: { case: 'numberValue', value: v } });
  if (typeof v === 'boolean') return create(ValueSchema, { kind: { case: 'boolValue', value: v } });
  return create(ValueSchema, { kind: { case: 'stringValue', value: v } });
}

/** As TensorBoard's hparams summary writes them: the plugin data in the metadata, beside an empty float tensor. */
function hparamsRecord(tag: string, data: MessageInitShape<typeof HParamsPluginDataSchema>, wallTime: number): Buffer {
  const content = toBinary(HParamsPluginDataSchema, create(HParamsPluginDataSchema, { version: 0, ...data }));
  return summaryRecord(
    create(Summary_ValueSchema, {
      tag,
      metadata: { pluginData: { pluginName: HPARAMS_PLUGIN, content } },
      value: { case: 'tensor', value: { dtype: DataType.DT_FLOAT, tensorShape: { dim: [{ size: 0n }] } } },
    }),
    0,
    wallTime,
  );
}

function summaryRecord(value: Summary_Value, step: number, wallTime: number): Buffer {
  return record(
    create(EventSchema, { wallTime, step: BigInt(step), what: { case: 'summary', value: create(SummarySchema, { value: [value] }) } }),
  );
}

function record(event: Event): Buffer {
  return frameRecord(toBinary(EventSchema, event));
}
