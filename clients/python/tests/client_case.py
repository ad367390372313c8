"""The fixture every client test shares: a contract server on loopback and a client that retries quickly."""
import copy
import logging
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tuneboard  # noqa: E402
from contract_server import ContractServer  # noqa: E402

SPEC = {
    "name": "external-grid",
    "model": {"family": "external"},
    "space": {"learning_rate": {"type": "choice", "values": [0.1, 0.01, 0.001]}},
    "fixed": {"epochs": 3},
    "strategy": {"type": "grid"},
    "objective": {"metric": "val_loss", "direction": "minimize"},
}


class ClientTestCase(unittest.TestCase):
    token = None

    def setUp(self):
        self.server = ContractServer(token=self.token).start()
        self.addCleanup(self._stop_server)
        backoff = tuneboard.FIRST_BACKOFF_S
        tuneboard.FIRST_BACKOFF_S = 0.01
        self.addCleanup(setattr, tuneboard, "FIRST_BACKOFF_S", backoff)
        self.addCleanup(tuneboard._unsent.clear)
        quiet = logging.NullHandler()  # warnings outside assertLogs blocks stay off the test output
        tuneboard.log.addHandler(quiet)
        self.addCleanup(tuneboard.log.removeHandler, quiet)

    def _stop_server(self):
        if self.server._httpd is not None:
            self.server.stop()
            self.server._httpd = None

    def study(self, spec=None, **options):
        options = {"token": self.token, "patience": 5.0, "heartbeat_interval": 0, **options}
        return tuneboard.Study(self.server.url, spec=copy.deepcopy(spec or SPEC), **options)

    def first_trial(self, **options):
        return self.study(**options).ask()
