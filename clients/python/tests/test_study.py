import json
import os
import tempfile
from unittest import mock

from client_case import SPEC, ClientTestCase, tuneboard


class CreateAndLoad(ClientTestCase):
    def test_a_new_spec_creates_a_study(self):
        study = self.study()
        self.assertEqual((study.name, study.state), ("external-grid", "running"))
        method, path, headers, raw = self.server.requests[0]
        self.assertEqual((method, path), ("POST", "/api/v1/studies"))
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(json.loads(raw), {"spec": SPEC})

    def test_the_same_name_and_spec_again_give_the_same_study(self):
        self.assertEqual(self.study().id, self.study().id)

    def test_the_same_name_with_another_spec_is_a_409(self):
        self.study()
        with self.assertRaises(tuneboard.TuneboardError) as raised:
            self.study({**SPEC, "fixed": {"epochs": 5}})
        self.assertEqual(raised.exception.status, 409)
        self.assertIn("another spec", str(raised.exception))

    def test_a_spec_may_be_a_json_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
            json.dump(SPEC, file)
        self.addCleanup(os.unlink, file.name)
        study = tuneboard.Study(self.server.url, spec=file.name, heartbeat_interval=0)
        self.assertEqual(study.name, "external-grid")

    def test_a_study_needs_a_spec(self):
        with self.assertRaises(TypeError):
            tuneboard.Study(self.server.url)

    def test_load_finds_a_study_by_name(self):
        created = self.study({**SPEC, "name": "mnist mlp/asha"})
        loaded = tuneboard.Study.load(self.server.url, "mnist mlp/asha")
        self.assertEqual(loaded.id, created.id)
        self.assertEqual(self.server.paths("GET"), ["/api/v1/studies?name=mnist%20mlp%2Fasha"])

    def test_load_of_an_unknown_name_is_a_404(self):
        with self.assertRaises(tuneboard.TuneboardError) as raised:
            tuneboard.Study.load(self.server.url, "nothing")
        self.assertEqual(raised.exception.status, 404)

    def test_the_address_must_be_http(self):
        with self.assertRaises(ValueError):
            tuneboard.Study("127.0.0.1:3000", spec=SPEC)

    def test_the_address_may_come_from_the_environment(self):
        with mock.patch.dict(os.environ, {"TUNEBOARD_URL": self.server.url + "/"}):
            self.assertEqual(tuneboard.Study(None, spec=SPEC, heartbeat_interval=0).name, "external-grid")


class AskUntilDone(ClientTestCase):
    def test_trials_yields_each_trial_then_stops_when_done(self):
        seen = [(trial.number, trial.params, trial.seed) for trial in self.study().trials()]
        self.assertEqual([number for number, _p, _s in seen], [0, 1, 2])
        self.assertEqual([params["learning_rate"] for _n, params, _s in seen], [0.1, 0.01, 0.001])
        self.assertTrue(all(params["epochs"] == 3 and isinstance(seed, int) for _n, params, seed in seen))

    def test_ask_sends_the_worker_name(self):
        self.study(worker="gpu-box:0").ask()
        self.assertEqual(json.loads(self.server.requests[-1][3]), {"worker": "gpu-box:0"})

    def test_the_default_worker_is_host_and_pid(self):
        self.assertTrue(self.study().worker.endswith(f":{os.getpid()}"))

    def test_a_trial_left_open_is_finished_as_completed_before_the_next_ask(self):
        for trial in self.study().trials():
            trial.report(1, loss=1.0)
        self.assertEqual([t["state"] for t in self.server.trials.values()], ["completed"] * 3)

    def test_a_trial_finished_in_the_loop_is_not_finished_again(self):
        for trial in self.study().trials():
            trial.finish(state="failed", error="diverged")
        finishes = [path for path in self.server.paths() if path.endswith("/finish")]
        self.assertEqual(len(finishes), 3)

    def test_ask_waits_while_the_server_says_retry_after(self):
        study = self.study()
        self.server.waits[study.id] = 2
        self.assertEqual(study.ask().number, 0)
        self.assertEqual(len([p for p in self.server.paths() if p.endswith("/ask")]), 3)

    def test_ask_returns_none_when_the_study_is_done(self):
        study = self.study({**SPEC, "space": {}})
        self.assertIsNotNone(study.ask())
        self.assertIsNone(study.ask())

    def test_add_trial_brings_its_own_params_to_a_manual_study(self):
        study = self.study({**SPEC, "name": "tracking", "strategy": {"type": "manual"}})
        trial = study.add_trial({"learning_rate": 0.3, "epochs": 2})
        self.assertEqual(trial.params, {"learning_rate": 0.3, "epochs": 2})
        self.assertEqual(trial.number, 0)
        self.assertIsNone(study.ask())


class Auth(ClientTestCase):
    token = "s3cret"

    def test_the_token_is_sent_as_bearer(self):
        self.study()
        self.assertEqual(self.server.requests[0][2]["authorization"], "Bearer s3cret")

    def test_the_token_may_come_from_the_environment(self):
        with mock.patch.dict(os.environ, {"TUNEBOARD_TOKEN": "s3cret"}):
            tuneboard.Study(self.server.url, spec=SPEC, heartbeat_interval=0)
        self.assertEqual(self.server.requests[0][2]["authorization"], "Bearer s3cret")

    def test_a_wrong_token_is_a_401_not_retried(self):
        with self.assertRaises(tuneboard.TuneboardError) as raised:
            tuneboard.Study(self.server.url, spec=SPEC, token="wrong", heartbeat_interval=0)
        self.assertEqual(raised.exception.status, 401)
        self.assertEqual(len(self.server.requests), 1)
