"""TuneboardCallback against objects that follow Keras's callback protocol (Keras cannot be installed here)."""
import subprocess
import sys
import types
from pathlib import Path
from unittest import mock

from client_case import ClientTestCase, tuneboard


class KerasLikeModel:
    """model.fit as Keras drives its callbacks: set_model and set_params, tf.keras 2's _implements_*_batch_hooks
    checks, on_train_begin, per epoch (counted from 0) on_epoch_begin, batch hooks and on_epoch_end(epoch, logs),
    stop_training read after each epoch, on_train_end."""

    def __init__(self, epoch_logs):
        self.epoch_logs = epoch_logs
        self.stop_training = False

    def fit(self, epochs, callbacks):
        for callback in callbacks:
            callback.set_model(self)
            callback.set_params({"epochs": epochs, "verbose": 0, "steps": 2})
            assert not callback._implements_train_batch_hooks()
        for callback in callbacks:
            callback.on_train_begin({})
        ran = []
        for epoch in range(epochs):
            for callback in callbacks:
                callback.on_epoch_begin(epoch, {})
                for batch in range(2):
                    callback.on_train_batch_begin(batch, logs={})
                    callback.on_train_batch_end(batch, logs={"loss": 1.0})
                callback.on_epoch_end(epoch, self.epoch_logs[epoch])
            ran.append(epoch)
            if self.stop_training:
                break
        for callback in callbacks:
            callback.on_train_end({})
        return ran


def keras3_module():
    """A `keras` module whose Callback keeps the model behind a read-only property, as Keras 3's does."""

    class Callback:
        def __init__(self):
            self.params = None
            self._model = None

        def set_params(self, params):
            self.params = params

        def set_model(self, model):
            self._model = model

        @property
        def model(self):
            return self._model

        def _implements_train_batch_hooks(self):
            return False

        def on_train_begin(self, logs=None): ...
        def on_train_end(self, logs=None): ...
        def on_epoch_begin(self, epoch, logs=None): ...
        def on_epoch_end(self, epoch, logs=None): ...
        def on_train_batch_begin(self, batch, logs=None): ...
        def on_train_batch_end(self, batch, logs=None): ...

    keras = types.ModuleType("keras")
    keras.callbacks = types.SimpleNamespace(Callback=Callback)
    return keras


LOGS = [{"loss": 1.0 - 0.1 * epoch, "val_loss": 1.1 - 0.1 * epoch, "val_accuracy": 0.5 + 0.1 * epoch} for epoch in range(4)]


class Callback(ClientTestCase):
    def test_each_epoch_s_logs_are_reported_counting_from_1(self):
        trial = self.first_trial()
        self.assertEqual(KerasLikeModel(LOGS).fit(4, [tuneboard.TuneboardCallback(trial)]), [0, 1, 2, 3])
        self.assertEqual(self.server.epochs(trial.id), [1, 2, 3, 4])
        self.assertEqual(self.server.trials[trial.id]["epochs"][0][1], LOGS[0])

    def test_prune_stops_fit_after_that_epoch(self):
        trial = self.first_trial()
        self.server.actions[(trial.id, 2)] = ("prune", "below the median")
        model = KerasLikeModel(LOGS)
        self.assertEqual(model.fit(4, [tuneboard.TuneboardCallback(trial)]), [0, 1])
        self.assertTrue(model.stop_training)
        self.assertEqual(self.server.epochs(trial.id), [1, 2])

    def test_a_cancel_seen_by_a_heartbeat_stops_fit_at_the_epoch_s_end(self):
        trial = self.first_trial()
        self.server.stop_trial(trial.id)
        trial.heartbeat()
        self.assertEqual(KerasLikeModel(LOGS).fit(4, [tuneboard.TuneboardCallback(trial)]), [0])

    def test_logs_that_are_not_numbers_are_skipped(self):
        trial = self.first_trial()
        KerasLikeModel([{"loss": 0.5, "note": "warmup", "missing": None}]).fit(1, [tuneboard.TuneboardCallback(trial)])
        self.assertEqual(self.server.trials[trial.id]["epochs"][0][1], {"loss": 0.5})

    def test_without_keras_it_is_a_plain_class_with_keras_s_methods(self):
        with mock.patch.dict(sys.modules, {"keras": None, "tf_keras": None, "tensorflow": None}):
            callback = tuneboard.TuneboardCallback(self.first_trial())
        self.assertIsInstance(callback, tuneboard.TuneboardCallback)
        self.assertIsInstance(callback, tuneboard._KerasCallbackProtocol)
        callback.on_train_begin({})
        callback.on_epoch_begin(0, {})
        callback.on_test_batch_end(0, logs={})
        callback.on_predict_end({})
        self.assertFalse(callback._implements_test_batch_hooks())

    def test_with_keras_imported_it_subclasses_keras_s_callback(self):
        keras = keras3_module()
        trial = self.first_trial()
        self.server.actions[(trial.id, 1)] = ("stop", "study paused")
        with mock.patch.dict(sys.modules, {"keras": keras}):
            callback = tuneboard.TuneboardCallback(trial)
        self.assertIsInstance(callback, keras.callbacks.Callback)
        self.assertIsInstance(callback, tuneboard.TuneboardCallback)
        model = KerasLikeModel(LOGS)
        self.assertEqual(model.fit(4, [callback]), [0])
        self.assertTrue(model.stop_training)

    def test_with_only_tensorflow_imported_it_subclasses_tf_keras_s_callback(self):
        keras = keras3_module()
        tensorflow = types.ModuleType("tensorflow")
        tensorflow.keras = keras
        with mock.patch.dict(sys.modules, {"tensorflow": tensorflow, "keras": None, "tf_keras": None}):
            callback = tuneboard.TuneboardCallback(self.first_trial())
        self.assertIsInstance(callback, keras.callbacks.Callback)

    def test_making_a_callback_imports_neither_keras_nor_tensorflow(self):
        probe = (
            "import sys\n"
            "tried = []\n"
            "class Probe:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        tried.append(name.split('.')[0])\n"
            f"sys.meta_path.insert(0, Probe())\nsys.path.insert(0, {str(Path(tuneboard.__file__).parent)!r})\n"
            "import tuneboard\n"
            "tuneboard.TuneboardCallback(object())\n"
            "print(sorted({'keras', 'tf_keras', 'tensorflow'} & set(tried)))\n"
        )
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        self.assertEqual(result.stdout.strip(), "[]")
