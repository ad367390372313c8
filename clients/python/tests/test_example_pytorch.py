"""examples/pytorch_mnist.py end to end against the contract server, on small learnable digit-like images."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from client_case import ClientTestCase

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "pytorch_mnist.py"

try:
    import numpy as np
    import torch  # noqa: F401
except ImportError:
    np = None


def write_digits(folder):
    """Ten 28 x 28 class templates plus noise: train x as uint8, test x as float32 in [0, 1]."""
    rng = np.random.default_rng(0)
    templates = rng.random((10, 28, 28)) > 0.7
    for split, count in (("train", 400), ("test", 100)):
        y = rng.integers(0, 10, count)
        x = np.clip(templates[y] * 0.8 + rng.random((count, 28, 28)) * 0.3, 0, 1).astype(np.float32)
        np.save(os.path.join(folder, f"{split}_x.npy"), (x * 255).astype(np.uint8) if split == "train" else x)
        np.save(os.path.join(folder, f"{split}_y.npy"), y)


@unittest.skipIf(np is None, "needs numpy and torch (Debian: python3-torch)")
class PytorchMnistExample(ClientTestCase):
    def setUp(self):
        super().setUp()
        self.data = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.data)
        write_digits(self.data)

    def run_example(self, *args, env=None):
        result = subprocess.run([sys.executable, str(EXAMPLE), "--data", self.data, *args], env={**os.environ, **(env or {})},
                                capture_output=True, text=True, timeout=240)
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        return result.stdout

    def test_a_study_runs_to_the_end_and_a_pruned_trial_stops_early(self):
        spec = {"name": "mlp", "model": {"family": "external"}, "space": {"hidden_size": {"type": "choice", "values": [32, 16]}},
                "fixed": {"epochs": 3, "dropout": 0.1, "learning_rate": 0.01, "batch_size": 32}, "strategy": {"type": "grid"}}
        spec_file = os.path.join(self.data, "spec.json")
        with open(spec_file, "w") as file:
            json.dump(spec, file)
        self.server.actions[(3, 1)] = ("prune", "ASHA rung 1")
        output = self.run_example("--server", self.server.url, "--spec", spec_file)
        first, second = self.server.trials[2], self.server.trials[3]
        self.assertEqual((self.server.epochs(2), first["state"]), ([1, 2, 3], "completed"))
        self.assertEqual((self.server.epochs(3), second["state"]), ([1], "pruned"))
        self.assertEqual(set(first["epochs"][0][1]), {"loss", "val_loss", "val_accuracy"})
        self.assertGreater(first["test_scores"]["accuracy"], 0.8)
        self.assertIn("accuracy", second["test_scores"])
        self.assertIn("trial 1 stops: prune (ASHA rung 1)", output)

    def test_under_the_agent_a_cnn_trial_comes_from_the_environment(self):
        study = self.study({"name": "tracking", "strategy": {"type": "manual"}})
        params = {"model": "cnn", "hidden_size": 32, "dropout": 0.2, "learning_rate": 0.005, "epochs": 2}
        trial = study.add_trial(params)
        self.run_example(env={"TUNEBOARD_URL": self.server.url, "TUNEBOARD_TRIAL_ID": str(trial.id), "TUNEBOARD_PARAMS": json.dumps(params)})
        self.assertEqual(self.server.epochs(trial.id), [1, 2])
        self.assertEqual(self.server.trials[trial.id]["state"], "completed")
        self.assertGreater(self.server.trials[trial.id]["test_scores"]["accuracy"], 0.3)
