import gc
import threading
import time

from client_case import ClientTestCase, tuneboard


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.01)


class Retries(ClientTestCase):
    def test_5xx_answers_are_retried_and_the_epoch_stored_once(self):
        trial = self.first_trial()
        self.server.faults.extend([503, 500])
        self.assertEqual(trial.report(1, loss=1.0), "continue")
        self.assertEqual(self.server.epochs(trial.id), [1])

    def test_a_study_waits_for_a_server_that_starts_late(self):
        self.server.stop()
        threading.Timer(0.3, self.server.start).start()
        self.assertEqual(self.study(patience=10).name, "external-grid")

    def test_asking_an_absent_server_ends_after_patience(self):
        study = self.study(patience=0.2)
        self.server.stop()
        self.server._httpd = None
        with self.assertLogs("tuneboard", "WARNING"), self.assertRaises(tuneboard.ServerUnavailable):
            study.ask()


class Buffering(ClientTestCase):
    def test_reports_are_kept_in_order_while_the_server_is_down_and_sent_when_it_is_back(self):
        trial = self.first_trial()
        trial.report(1, loss=1.0)
        self.server.stop()
        started = time.monotonic()
        with self.assertLogs("tuneboard", "WARNING") as logs:
            self.assertEqual(trial.report(2, loss=0.9), "continue")
            self.assertEqual(trial.report(3, loss=0.8), "continue")
        self.assertLess(time.monotonic() - started, 2.0)
        self.assertEqual(len(logs.output), 1)
        down_at = int(time.time() * 1000)
        self.server.start()
        trial.report(4, loss=0.7)
        self.assertEqual(self.server.epochs(trial.id), [1, 2, 3, 4])
        self.assertLessEqual(self.server.trials[trial.id]["epochs"][2][2], down_at)

    def test_a_study_across_server_outages_stores_every_epoch_once(self):
        for trial in self.study().trials():
            for epoch in range(1, 4):
                if (trial.number, epoch) in ((0, 2), (2, 1)):
                    self.server.stop()
                    threading.Timer(0.3, self.server.start).start()
                if (trial.number, epoch) == (1, 3):
                    self.server.faults.append("drop")
                trial.report(epoch, loss=1.0 / epoch)
            self.assertTrue(trial.finish(test_scores={"accuracy": 0.5}))
        self.assertEqual([self.server.epochs(t) for t in self.server.trials], [[1, 2, 3]] * 3)
        self.assertEqual([t["state"] for t in self.server.trials.values()], ["completed"] * 3)

    def test_finish_waits_for_the_server_to_come_back(self):
        trial = self.first_trial()
        trial.report(1, loss=1.0)
        self.server.stop()
        with self.assertLogs("tuneboard", "WARNING"):
            trial.report(2, loss=0.9)
        threading.Timer(0.3, self.server.start).start()
        self.assertTrue(trial.finish(test_scores={"accuracy": 0.9}))
        self.assertEqual(self.server.epochs(trial.id), [1, 2])
        self.assertEqual(self.server.trials[trial.id]["state"], "completed")

    def test_a_finish_past_patience_is_kept_and_sent_before_the_next_ask(self):
        study = self.study(patience=0.2)
        trial = study.ask()
        self.server.stop()
        with self.assertLogs("tuneboard", "WARNING") as logs:
            trial.report(1, loss=1.0)
            self.assertFalse(trial.finish(test_scores={"accuracy": 0.9}))
        self.assertIn("kept", logs.output[-1])
        self.assertIn(trial, tuneboard._unsent)
        self.server.start()
        study.ask()
        tail = [path.rsplit("/", 1)[-1] for path in self.server.paths()[-3:]]
        self.assertEqual(tail, ["epochs", "finish", "ask"])
        self.assertEqual(self.server.trials[trial.id]["state"], "completed")
        self.assertNotIn(trial, tuneboard._unsent)

    def test_kept_finishes_are_sent_at_exit(self):
        trial = self.first_trial(patience=0.1)
        self.server.stop()
        with self.assertLogs("tuneboard", "WARNING"):
            trial.finish()
        self.server.start()
        tuneboard._send_unsent_at_exit()
        self.assertEqual(self.server.trials[trial.id]["state"], "completed")

    def test_nothing_raises_when_the_server_never_answers(self):
        trial = self.first_trial(patience=0.2)
        self.server.stop()
        self.server._httpd = None
        with self.assertLogs("tuneboard", "WARNING"):
            self.assertEqual(trial.report(1, loss=1.0), "continue")
            self.assertEqual(trial.heartbeat(), "continue")
            self.assertFalse(trial.finish())


class BackgroundHeartbeat(ClientTestCase):
    def test_it_keeps_the_lease_and_sees_a_cancel(self):
        trial = self.first_trial(heartbeat_interval=0.05)
        wait_until(lambda: self.server.trials[trial.id]["heartbeats"] >= 2)
        self.server.stop_trial(trial.id)
        wait_until(lambda: trial.should_stop)
        self.assertEqual((trial.action, trial.finish()), ("stop", True))
        self.assertEqual(self.server.trials[trial.id]["state"], "cancelled")

    def test_it_sends_kept_reports_once_the_server_is_back(self):
        trial = self.first_trial(heartbeat_interval=0.05)
        self.server.stop()
        with self.assertLogs("tuneboard", "WARNING"):
            trial.report(1, loss=1.0)
            trial.report(2, loss=0.9)
        self.server.start()
        wait_until(lambda: self.server.epochs(trial.id) == [1, 2])
        trial.finish()

    def test_it_ends_with_finish(self):
        trial = self.first_trial(heartbeat_interval=0.05)
        wait_until(lambda: self.server.trials[trial.id]["heartbeats"] >= 1)
        trial.finish()
        beats = self.server.trials[trial.id]["heartbeats"]
        time.sleep(0.2)
        self.assertEqual(self.server.trials[trial.id]["heartbeats"], beats)
        self.assertFalse(_heartbeat_threads(trial.id))

    def test_it_ends_when_the_trial_is_forgotten(self):
        trial = self.first_trial(heartbeat_interval=0.05)
        trial_id = trial.id
        del trial
        gc.collect()
        wait_until(lambda: not _heartbeat_threads(trial_id))


def _heartbeat_threads(trial_id):
    return [t for t in threading.enumerate() if t.name == f"tuneboard-heartbeat-{trial_id}" and t.is_alive()]
