import json
import math
import time

from client_case import ClientTestCase, tuneboard


class Scalar:
    """A numpy or torch scalar as far as the client can tell: it only converts with float()."""

    def __init__(self, value):
        self.value = value

    def __float__(self):
        return self.value


class Report(ClientTestCase):
    def test_report_sends_the_epoch_its_metrics_and_the_time_in_ms(self):
        trial = self.first_trial()
        before = int(time.time() * 1000)
        self.assertEqual(trial.report(1, loss=0.5, val_loss=0.7), "continue")
        body = json.loads(self.server.requests[-1][3])
        self.assertEqual(self.server.requests[-1][1], f"/api/v1/trials/{trial.id}/epochs")
        self.assertEqual((body["epoch"], body["metrics"]), (1, {"loss": 0.5, "val_loss": 0.7}))
        self.assertTrue(before <= body["time"] <= int(time.time() * 1000))

    def test_metrics_may_come_as_a_dict_with_names_keywords_cannot_spell(self):
        trial = self.first_trial()
        trial.report(1, {"train/loss": 0.5}, val_loss=0.7)
        self.assertEqual(self.server.trials[trial.id]["epochs"][0][1], {"train/loss": 0.5, "val_loss": 0.7})

    def test_nan_and_infinities_travel_as_strings(self):
        trial = self.first_trial()
        trial.report(1, loss=math.nan, val_loss=math.inf, delta=-math.inf)
        self.assertEqual(json.loads(self.server.requests[-1][3])["metrics"], {"loss": "NaN", "val_loss": "Infinity", "delta": "-Infinity"})
        stored = self.server.trials[trial.id]["epochs"][0][1]
        self.assertTrue(math.isnan(stored["loss"]))
        self.assertEqual((stored["val_loss"], stored["delta"]), (math.inf, -math.inf))

    def test_scalars_of_array_libraries_are_numbers(self):
        trial = self.first_trial()
        trial.report(1, loss=Scalar(0.25))
        self.assertEqual(self.server.trials[trial.id]["epochs"][0][1], {"loss": 0.25})

    def test_a_metric_that_is_no_number_raises_before_anything_is_sent(self):
        trial = self.first_trial()
        sent = len(self.server.requests)
        for bad in ("0.5", None, [0.5]):
            with self.assertRaises(TypeError):
                trial.report(1, loss=bad)
        self.assertEqual(len(self.server.requests), sent)

    def test_epochs_count_from_one(self):
        trial = self.first_trial()
        for bad in (0, -1, 1.0, True):
            with self.assertRaises(ValueError):
                trial.report(bad, loss=0.5)

    def test_a_report_needs_a_metric(self):
        with self.assertRaises(ValueError):
            self.first_trial().report(1)


class Decisions(ClientTestCase):
    def test_prune_sets_should_stop_with_the_reason(self):
        trial = self.first_trial()
        self.server.actions[(trial.id, 2)] = ("prune", "below the median at epoch 2")
        trial.report(1, loss=1.0)
        self.assertFalse(trial.should_stop)
        self.assertEqual(trial.report(2, loss=1.0), "prune")
        self.assertTrue(trial.should_stop)
        self.assertEqual((trial.action, trial.reason), ("prune", "below the median at epoch 2"))

    def test_stop_from_the_dashboard_is_seen_by_the_next_heartbeat(self):
        trial = self.first_trial()
        self.server.stop_trial(trial.id)
        self.assertEqual(trial.heartbeat(), "stop")
        self.assertTrue(trial.should_stop)
        self.assertEqual(self.server.trials[trial.id]["heartbeats"], 1)

    def test_prune_and_stop_are_final(self):
        trial = self.first_trial()
        self.server.actions[(trial.id, 1)] = ("prune", "hopeless")
        trial.report(1, loss=1.0)
        self.server.trials[trial.id]["action"] = ("continue", None)
        trial.report(2, loss=1.0)
        self.assertEqual(trial.action, "prune")


class Idempotence(ClientTestCase):
    def test_an_epoch_whose_answer_was_lost_is_sent_again_and_stored_once(self):
        trial = self.first_trial()
        self.server.actions[(trial.id, 1)] = ("prune", "hopeless")
        self.server.faults.append("drop")
        self.assertEqual(trial.report(1, loss=1.0), "prune")
        self.assertEqual(self.server.epochs(trial.id), [1])
        self.assertEqual(len([p for p in self.server.paths() if p.endswith("/epochs")]), 2)

    def test_an_epoch_the_server_already_has_further_back_is_dropped_quietly(self):
        trial = self.first_trial()
        trial.report(1, loss=1.0)
        trial.report(2, loss=1.0)
        with self.assertNoLogs("tuneboard"):
            trial.report(1, loss=1.0)
        self.assertEqual(self.server.epochs(trial.id), [1, 2])

    def test_a_gap_is_logged_and_dropped_without_raising(self):
        trial = self.first_trial()
        trial.report(1, loss=1.0)
        with self.assertLogs("tuneboard", "WARNING") as logs:
            self.assertEqual(trial.report(3, loss=1.0), "continue")
        self.assertIn("expected epoch 2", logs.output[0])
        self.assertEqual(self.server.epochs(trial.id), [1])


class Finish(ClientTestCase):
    def test_finish_sends_state_and_test_scores(self):
        trial = self.first_trial()
        trial.report(1, loss=1.0)
        self.assertTrue(trial.finish(test_scores={"accuracy": 0.97, "loss": math.nan}))
        stored = self.server.trials[trial.id]
        self.assertEqual(stored["finish"], {"state": "completed", "test_scores": {"accuracy": 0.97, "loss": "NaN"}})
        self.assertEqual(stored["state"], "completed")

    def test_finishing_twice_sends_nothing_new(self):
        trial = self.first_trial()
        trial.finish(state="failed", error="out of memory")
        sent = len(self.server.requests)
        self.assertTrue(trial.finish())
        self.assertEqual(len(self.server.requests), sent)
        self.assertEqual(self.server.trials[trial.id]["state"], "failed")

    def test_a_pruned_trial_keeps_its_state_and_its_test_scores(self):
        trial = self.first_trial()
        self.server.actions[(trial.id, 1)] = ("prune", "hopeless")
        trial.report(1, loss=9.0)
        self.assertTrue(trial.finish(test_scores={"accuracy": 0.1}))
        self.assertEqual(self.server.trials[trial.id]["state"], "pruned")
        self.assertEqual(self.server.trials[trial.id]["test_scores"], {"accuracy": 0.1})

    def test_report_after_finish_is_a_programming_error(self):
        trial = self.first_trial()
        trial.finish()
        with self.assertRaises(RuntimeError):
            trial.report(1, loss=1.0)

    def test_an_unknown_state_raises(self):
        with self.assertRaises(ValueError):
            self.first_trial().finish(state="pruned")

    def test_a_refused_finish_is_logged_and_returns_false(self):
        trial = self.first_trial()
        self.server.faults.append(409)
        with self.assertLogs("tuneboard", "WARNING"):
            self.assertFalse(trial.finish())
        self.assertFalse(trial.finish())
        self.assertNotIn(trial, tuneboard._unsent)

