import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentBytes, protocDecode } from '../../helpers/tensorboard-python.ts';
import {
  experimentRecord,
  fileVersionRecord,
  scalarRecord,
  sessionEndRecord,
  sessionStartRecord,
} from '../../../lib/tensorboard/event-writer.ts';

/** The Event inside one framed record (12 header bytes, 4 CRC bytes after). */
const payload = (record: Buffer) => record.subarray(12, record.length - 4);
test('the file version event decodes with protoc as brain.Event:2', () => {
  const text = protocDecode('tensorboard.Event', payload(fileVersionRecord(1700000000.5)));
  assert.match(text, /^wall_time: 1700000000\.5$/m);
  assert.match(text, /^file_version: "brain\.Event:2"$/m);
});

test('a scalar decodes with protoc as a rank-0 float64 tensor under the scalars plugin, at its step', () => {
  const text = protocDecode('tensorboard.Event', payload(scalarRecord('val_loss', 7, 1700000007, 0.125)));
  assert.match(text, /^step: 7$/m);
  assert.match(text, /tag: "val_loss"/);
  assert.match(text, /plugin_name: "scalars"/);
  assert.match(text, /dtype: DT_DOUBLE/);
  assert.match(text, /tensor_shape \{\s*\}/);
  assert.match(text, /double_val: 0\.125/);
});

test('the HParams session start decodes with protoc, and its plugin content as HParamsPluginData with the hparams', () => {
  const text = protocDecode(
    'tensorboard.Event',
    payload(sessionStartRecord({ lr: 0.01, optimizer: 'adam', batchnorm: true }, 1700000000, 'study-a')),
  );
  assert.match(text, /tag: "_hparams_\/session_start_info"/);
  assert.match(text, /plugin_name: "hparams"/);
  const data = protocDecode('tensorboard.hparams.HParamsPluginData', contentBytes(text));
  assert.match(data, /key: "lr"\s*value \{\s*number_value: 0\.01/);
  assert.match(data, /key: "optimizer"\s*value \{\s*string_value: "adam"/);
  assert.match(data, /key: "batchnorm"\s*value \{\s*bool_value: true/);
  assert.match(data, /group_name: "study-a"/);
  assert.match(data, /start_time_secs: 1700000000/);
});

test('the HParams session end decodes with protoc with its status', () => {
  const text = protocDecode('tensorboard.Event', payload(sessionEndRecord('failure', 1700000100)));
  assert.match(protocDecode('tensorboard.hparams.HParamsPluginData', contentBytes(text)), /status: STATUS_FAILURE/);
});

test('the experiment summary decodes with protoc: hparam domains (interval, discrete) and metric names', () => {
  const record = experimentRecord(
    [
      { name: 'lr', kind: 'interval', min: 0.0001, max: 0.1 },
      { name: 'optimizer', kind: 'discrete', values: ['adam', 'sgd'] },
    ],
    ['loss', 'val_loss'],
    1700000000,
  );
  const data = protocDecode('tensorboard.hparams.HParamsPluginData', contentBytes(protocDecode('tensorboard.Event', payload(record))));
  assert.match(data, /name: "lr"\s*type: DATA_TYPE_FLOAT64\s*domain_interval \{\s*min_value: 0\.0001\s*max_value: 0\.1/);
  assert.match(
    data,
    /name: "optimizer"\s*type: DATA_TYPE_STRING\s*domain_discrete \{\s*values \{\s*string_value: "adam"\s*\}\s*values \{\s*string_value: "sgd"/,
  );
  assert.match(data, /metric_infos \{\s*name \{\s*tag: "loss"/);
  assert.match(data, /metric_infos \{\s*name \{\s*tag: "val_loss"/);
});
