import json
import os
from unittest import mock

from client_case import ClientTestCase, tuneboard


class WithBlock(ClientTestCase):
    def test_an_exception_fails_the_trial_with_its_text_and_is_raised_again(self):
        trial = self.first_trial()
        with self.assertRaisesRegex(ValueError, "loss exploded"):
            with trial:
                trial.report(1, loss=1.0)
                raise ValueError("loss exploded")
        finish = self.server.trials[trial.id]["finish"]
        self.assertEqual(finish["state"], "failed")
        self.assertTrue(finish["error"].startswith("ValueError: loss exploded\n\nTraceback"))
        self.assertLessEqual(len(finish["error"]), tuneboard.MAX_ERROR_CHARS)

    def test_a_block_that_ends_normally_completes_the_trial(self):
        trial = self.first_trial()
        with trial:
            trial.report(1, loss=1.0)
        self.assertEqual(self.server.trials[trial.id]["state"], "completed")

    def test_a_trial_finished_inside_the_block_is_left_as_it_is(self):
        trial = self.first_trial()
        with self.assertRaises(KeyError):
            with trial:
                trial.finish(test_scores={"accuracy": 0.9})
                raise KeyError("after the finish")
        self.assertEqual(self.server.trials[trial.id]["finish"], {"state": "completed", "test_scores": {"accuracy": 0.9}})


class FromEnvironment(ClientTestCase):
    token = "agent-token"

    def agent_environment(self, trial_id, **extra):
        return {"TUNEBOARD_URL": self.server.url, "TUNEBOARD_TOKEN": self.token, "TUNEBOARD_TRIAL_ID": str(trial_id),
                "TUNEBOARD_PARAMS": json.dumps({"learning_rate": 0.01, "epochs": 3}), **extra}

    def test_the_agent_s_variables_make_the_trial(self):
        trial_id = self.first_trial().id
        with mock.patch.dict(os.environ, self.agent_environment(trial_id, TUNEBOARD_TRIAL_NUMBER="4", TUNEBOARD_SEED="77")):
            trial = tuneboard.Trial.from_env(heartbeat_interval=0)
        self.assertEqual((trial.id, trial.number, trial.seed), (trial_id, 4, 77))
        self.assertEqual(trial.params, {"learning_rate": 0.01, "epochs": 3})
        trial.report(1, loss=1.0)
        self.assertEqual(self.server.requests[-1][2]["authorization"], "Bearer agent-token")
        self.assertEqual(self.server.epochs(trial_id), [1])

    def test_number_and_seed_are_optional(self):
        with mock.patch.dict(os.environ, self.agent_environment(5)):
            os.environ.pop("TUNEBOARD_TRIAL_NUMBER", None)
            os.environ.pop("TUNEBOARD_SEED", None)
            trial = tuneboard.Trial.from_env(heartbeat_interval=0)
        self.assertEqual((trial.id, trial.number, trial.seed), (5, None, None))

    def test_a_program_not_started_by_the_agent_is_told_so(self):
        with mock.patch.dict(os.environ, {}, clear=True):
            with self.assertRaisesRegex(RuntimeError, "TUNEBOARD_URL and TUNEBOARD_TRIAL_ID not set"):
                tuneboard.Trial.from_env()

    def test_params_must_be_a_json_object(self):
        with mock.patch.dict(os.environ, self.agent_environment(5, TUNEBOARD_PARAMS="[1, 2]")):
            with self.assertRaisesRegex(RuntimeError, "JSON object"):
                tuneboard.Trial.from_env(heartbeat_interval=0)
