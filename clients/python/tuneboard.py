"""Tuneboard's Python client: ask a study for trials, report each epoch, finish (issue 14, HTTP API v1).

Stdlib only, Python 3.9+, one module: `pip install --no-build-isolation ./clients/python`, or copy this file.

    study = Study("http://127.0.0.1:3000", spec={...})      # or Study.load(url, name), or Trial.from_env()
    for trial in study.trials():
        with trial:                                          # an exception fails the trial with its text
            for epoch in range(1, trial.params["epochs"] + 1):
                trial.report(epoch, loss=l, val_loss=vl)
                if trial.should_stop:                        # pruned, paused or cancelled
                    break
            trial.finish(test_scores={"accuracy": acc})

The training stays the program's and never crashes because the server is away: report() and heartbeat() never
raise for network errors. Epoch reports the server has not confirmed are kept in order and sent again (the API is
idempotent by epoch) with the next report, heartbeat or finish. NaN and +-Infinity travel as the JSON strings
"NaN", "Infinity" and "-Infinity". Problems are logged on the "tuneboard" logger.
"""
from __future__ import annotations

import atexit
import collections
import functools
import http.client
import json
import logging
import math
import os
import random
import re
import socket
import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import weakref

__version__ = "0.1.0"
__all__ = ["Study", "Trial", "TuneboardCallback", "TuneboardError", "ServerUnavailable"]

log = logging.getLogger("tuneboard")

STOPPING_ACTIONS = frozenset({"prune", "stop"})
FIRST_BACKOFF_S = 0.5
MAX_BACKOFF_S = 30.0
MAX_ERROR_CHARS = 4000
_RETRIED_STATUSES = frozenset({408, 429})


class TuneboardError(Exception):
    """The server refused a request with a 4xx answer: sending it again cannot help."""

    def __init__(self, status: int, body, method: str, path: str):
        self.status = status
        self.body = body
        message = body.get("error") if isinstance(body, dict) else None
        super().__init__(f"{method} {path}: HTTP {status}: {message or body}")

    @property
    def issues(self) -> list:
        """The server's [{path, message}] for a bad body."""
        return self.body.get("issues", []) if isinstance(self.body, dict) else []


class ServerUnavailable(ConnectionError):
    """The server could not be reached (connection errors, 408, 429, 5xx) for as long as the client would wait."""


def _json_value(value):
    """`value` as JSON can carry it: non-finite floats as "NaN", "Infinity", "-Infinity"; numpy/torch scalars as numbers."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    if hasattr(value, "tolist"):
        return _json_value(value.tolist())
    if hasattr(value, "__float__"):
        return _json_value(float(value))
    raise TypeError(f"cannot send a {type(value).__name__} as JSON")


def _as_number(value, what: str) -> float:
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{what} must be a number, not {type(value).__name__}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a number, not {type(value).__name__}") from None


def _numbers(values: dict, what: str) -> dict:
    if not isinstance(values, dict):
        raise TypeError(f"{what}s must be a dict of name -> number")
    for name in values:
        if not isinstance(name, str) or not name:
            raise TypeError(f"{what} names must be non-empty strings, not {name!r}")
    return {name: _as_number(value, f"{what} {name!r}") for name, value in values.items()}


class _Connection:
    """JSON over HTTP to one server, with the bearer token, retrying connection errors and 5xx with backoff."""

    def __init__(self, url: str | None, token: str | None = None, timeout: float = 10.0):
        url = url or os.environ.get("TUNEBOARD_URL")
        if not url or not re.match(r"https?://", url):
            raise ValueError(f"the server's address must be an http(s):// URL (argument or TUNEBOARD_URL), not {url!r}")
        self.url = url.rstrip("/")
        self.token = token if token is not None else os.environ.get("TUNEBOARD_TOKEN") or None
        self.timeout = timeout
        self.reachable = True

    def request(self, method: str, path: str, body=None, *, attempts: int = 1, deadline: float | None = None) -> dict:
        """The JSON object of a 2xx answer. Raises TuneboardError for another 4xx, and ServerUnavailable once
        `attempts` tries, or the time until `deadline` (time.monotonic()), are spent on retryable failures."""
        delay = FIRST_BACKOFF_S
        attempt = 0
        while True:
            attempt += 1
            answer = self._try(method, path, body)
            if isinstance(answer, dict):
                return answer
            failure = answer
            wait = delay * random.uniform(0.5, 1.0)
            if (time.monotonic() + wait > deadline) if deadline is not None else attempt >= attempts:
                if self.reachable:
                    log.warning("Tuneboard at %s is unreachable (%s); retrying later", self.url, failure)
                self.reachable = False
                raise ServerUnavailable(f"{method} {self.url}{path}: {failure}")
            time.sleep(wait)
            delay = min(delay * 2, MAX_BACKOFF_S)

    def _try(self, method: str, path: str, body):
        """The answer's JSON object, or why this try may succeed later."""
        data = None if body is None else json.dumps(_json_value(body), allow_nan=False).encode()
        headers = {"content-type": "application/json", "accept": "application/json"}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    status, raw = response.status, response.read()
            except urllib.error.HTTPError as error:
                with error:
                    status, raw = error.code, error.read()
        except (OSError, http.client.HTTPException) as error:
            return f"{type(error).__name__}: {error}"
        try:
            answer = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError:
            answer = raw[:200].decode("utf-8", "replace")
        if status >= 500 or status in _RETRIED_STATUSES:
            return f"HTTP {status}"
        if 200 <= status < 300 and not isinstance(answer, dict):
            return f"HTTP {status} without a JSON object"
        if not self.reachable:
            log.warning("Tuneboard at %s is reachable again", self.url)
            self.reachable = True
        if 200 <= status < 300:
            return answer
        raise TuneboardError(status, answer, method, path)


_unsent: set = set()
"""Finished trials whose finish (and epochs) the server has not confirmed: sent again before each ask and at exit."""


def _send_unsent(deadline: float) -> None:
    for trial in list(_unsent):
        trial._deliver(deadline)


@atexit.register
def _send_unsent_at_exit() -> None:
    _send_unsent(time.monotonic() + 10.0)
    for trial in _unsent:
        log.error("Tuneboard never received the finish of trial %s (%d epoch reports unsent)", trial.id, len(trial._pending))


def _expected_epoch(error: TuneboardError) -> int | None:
    """The epoch a 409 names as expected: {"expected_epoch": N}, or "expected epoch N" in its message."""
    body = error.body if isinstance(error.body, dict) else {}
    if isinstance(body.get("expected_epoch"), int):
        return body["expected_epoch"]
    found = re.search(r"expected(?: epoch)?:? (\d+)", str(body.get("error", "")))
    return int(found.group(1)) if found else None


def _describe_exception(kind, error, tb) -> str:
    headline = "".join(traceback.format_exception_only(kind, error)).strip()
    details = "".join(traceback.format_exception(kind, error, tb))
    return (headline + "\n\n" + details[-(MAX_ERROR_CHARS - len(headline) - 2):])[:MAX_ERROR_CHARS]


class Trial:
    """One run of a study's params: `.id .number .params .seed`, report epochs, read the decision, finish.

    `action` is the server's last word ("continue", "prune" or "stop"; prune and stop are final) and `reason` its
    why. While the trial is open a daemon thread sends a heartbeat every `heartbeat_interval` seconds (0 or None:
    none), which also sends kept reports, so that long epochs keep the lease and see a cancel."""

    def __init__(self, connection: _Connection, info: dict, *, heartbeat_interval: float | None = 20.0, patience: float = 300.0):
        self.id = info["id"]
        self.number = info.get("number")
        self.params = dict(info.get("params") or {})
        self.seed = info.get("seed")
        self.action = "continue"
        self.reason = None
        self._connection = connection
        self._patience = patience
        self._pending: collections.deque = collections.deque()
        self._finish_body: dict | None = None
        self._done = False
        self._accepted = False
        self._lock = threading.RLock()
        self._heartbeat_refused = False
        self._beating = threading.Event()
        if heartbeat_interval:
            threading.Thread(target=_beat_while_open, args=(weakref.ref(self), self._beating, heartbeat_interval),
                             name=f"tuneboard-heartbeat-{self.id}", daemon=True).start()

    @classmethod
    def from_env(cls, *, timeout: float = 10.0, heartbeat_interval: float | None = 20.0, patience: float = 300.0) -> Trial:
        """The trial `tuneboard agent` started this process for: TUNEBOARD_URL, TUNEBOARD_TOKEN, TUNEBOARD_TRIAL_ID,
        TUNEBOARD_PARAMS (a JSON object), and TUNEBOARD_TRIAL_NUMBER and TUNEBOARD_SEED when set."""
        env = os.environ
        missing = [name for name in ("TUNEBOARD_URL", "TUNEBOARD_TRIAL_ID") if not env.get(name)]
        if missing:
            raise RuntimeError(f"{' and '.join(missing)} not set: start this program with `tuneboard agent`, or use Study(...).trials()")
        try:
            params = json.loads(env.get("TUNEBOARD_PARAMS") or "{}")
        except ValueError:
            params = None
        if not isinstance(params, dict):
            raise RuntimeError("TUNEBOARD_PARAMS must be a JSON object")

        def number(name):
            text = env.get(name, "")
            return int(text) if re.fullmatch(r"-?\d+", text) else None

        trial_id = env["TUNEBOARD_TRIAL_ID"]
        info = {"id": int(trial_id) if trial_id.isdigit() else trial_id, "params": params,
                "number": number("TUNEBOARD_TRIAL_NUMBER"), "seed": number("TUNEBOARD_SEED")}
        connection = _Connection(env["TUNEBOARD_URL"], env.get("TUNEBOARD_TOKEN"), timeout)
        return cls(connection, info, heartbeat_interval=heartbeat_interval, patience=patience)

    @property
    def should_stop(self) -> bool:
        """True once the server said prune (a hopeless trial) or stop (paused or cancelled from the dashboard)."""
        return self.action in STOPPING_ACTIONS

    def report(self, epoch: int, metrics: dict | None = None, **more_metrics) -> str:
        """Sends one epoch's metrics (epochs count from 1) and returns the action. Metrics come as a dict, keywords,
        or both; values are numbers (numpy/torch scalars too). An unreachable server keeps the report for later."""
        if self._finish_body is not None:
            raise RuntimeError(f"trial {self.id} is finished: report() must come before finish()")
        if isinstance(epoch, bool) or not hasattr(epoch, "__index__") or epoch.__index__() < 1:
            raise ValueError(f"epoch must be an integer >= 1 (epochs count from 1), not {epoch!r}")
        values = _numbers({**(metrics or {}), **more_metrics}, "metric")
        if not values:
            raise ValueError("report() needs at least one metric")
        body = {"epoch": epoch.__index__(), "metrics": values, "time": int(time.time() * 1000)}
        with self._lock:
            self._pending.append(body)
            self._flush(attempts=3 if self._connection.reachable else 1)
        return self.action

    def heartbeat(self) -> str:
        """Tells the server the trial is alive, after sending kept reports; returns the action. Never raises for
        network errors (one try: the next heartbeat or report tries again)."""
        with self._lock:
            if self._finish_body is not None or not self._flush(attempts=1):
                return self.action
            try:
                self._take_action(self._connection.request("POST", f"/api/v1/trials/{self.id}/heartbeat", {}))
            except ServerUnavailable:
                pass
            except TuneboardError as error:
                if not self._heartbeat_refused:
                    log.warning("Tuneboard refused a heartbeat of trial %s: %s", self.id, error)
                self._heartbeat_refused = True
        return self.action

    def finish(self, test_scores: dict | None = None, state: str = "completed", error: str | None = None) -> bool:
        """Ends the trial: sends every kept report, then `state` ("completed" or "failed"), test scores and error.
        True once the server has it. An unreachable server is waited for up to `patience` seconds; then the finish
        and the reports stay in memory, are sent again before the next ask and at exit, and this returns False.
        Calling it again only retries that delivery. A trial told prune or stop keeps that state on the server."""
        if state not in ("completed", "failed"):
            raise ValueError(f'state must be "completed" or "failed", not {state!r}')
        with self._lock:
            if self._finish_body is None:
                body = {"state": state}
                if test_scores is not None:
                    body["test_scores"] = _numbers(test_scores, "test score")
                if error is not None:
                    body["error"] = str(error)[:MAX_ERROR_CHARS]
                self._finish_body = body
                self._beating.set()
            return self._deliver(time.monotonic() + self._patience)

    def __enter__(self) -> Trial:
        return self

    def __exit__(self, kind, error, tb) -> bool:
        """Finishes an unfinished trial: failed with the exception's text when one escapes (it is re-raised), else completed."""
        if self._finish_body is None:
            if error is None:
                self.finish()
            else:
                self.finish(state="failed", error=_describe_exception(kind, error, tb))
        return False

    def __repr__(self) -> str:
        return f"Trial(id={self.id!r}, number={self.number!r}, params={self.params!r}, action={self.action!r})"

    def _flush(self, *, attempts: int = 1, deadline: float | None = None) -> bool:
        """Sends kept reports oldest first, each only after the one before it was answered; True when none is left."""
        with self._lock:
            while self._pending:
                body = self._pending[0]
                try:
                    answer = self._connection.request("POST", f"/api/v1/trials/{self.id}/epochs", body, attempts=attempts, deadline=deadline)
                except ServerUnavailable:
                    return False
                except TuneboardError as error:
                    expected = _expected_epoch(error) if error.status == 409 else None
                    if expected is None or body["epoch"] >= expected:
                        log.warning("Tuneboard refused epoch %s of trial %s, dropped: %s", body["epoch"], self.id, error)
                else:
                    self._take_action(answer)
                self._pending.popleft()
            return True

    def _deliver(self, deadline: float) -> bool:
        """Sends kept reports, then the finish; keeps both among the unsent when the server stays away until `deadline`."""
        with self._lock:
            if self._done or self._finish_body is None:
                return self._accepted
            if self._flush(deadline=deadline):
                try:
                    self._connection.request("POST", f"/api/v1/trials/{self.id}/finish", self._finish_body, deadline=deadline)
                    accepted = True
                except ServerUnavailable:
                    accepted = None
                except TuneboardError as error:
                    log.warning("Tuneboard refused the finish of trial %s: %s", self.id, error)
                    accepted = False
                if accepted is not None:
                    self._done, self._accepted = True, accepted
                    _unsent.discard(self)
                    return accepted
            if self not in _unsent:
                log.warning("Tuneboard unreachable: the finish of trial %s and %d epoch reports are kept, to send before the next ask and at exit",
                            self.id, len(self._pending))
            _unsent.add(self)
            return False

    def _take_action(self, answer: dict) -> None:
        action = answer.get("action")
        if isinstance(action, str) and not self.should_stop:
            self.action = action
            self.reason = answer.get("reason")


def _beat_while_open(trial_ref, stopped: threading.Event, interval: float) -> None:
    """Heartbeats until the trial is finished or forgotten (then the server takes it back after its lease)."""
    while not stopped.wait(interval):
        trial = trial_ref()
        if trial is None:
            return
        trial.heartbeat()
        del trial


class Study:
    """A study on a Tuneboard server. Study(url, spec) creates it, or finds it again when the same name and spec were
    sent before; a name already used with another spec raises TuneboardError (409). The token is `token` or
    TUNEBOARD_TOKEN; the url may be None to read TUNEBOARD_URL. `patience`: seconds to wait for an unreachable
    server before ServerUnavailable (here, in ask) or keeping a finish for later (Trial.finish)."""

    def __init__(self, url: str | None, spec=None, token: str | None = None, *, worker: str | None = None, timeout: float = 10.0,
                 patience: float = 300.0, heartbeat_interval: float | None = 20.0):
        if spec is None:
            raise TypeError("Study(url, spec=...) needs a spec (a dict, or the path of a JSON file); Study.load(url, name) finds an existing study")
        self._configure(url, token, worker, timeout, patience, heartbeat_interval)
        if isinstance(spec, (str, os.PathLike)):
            with open(spec, encoding="utf-8") as file:
                spec = json.load(file)
        self._take(self._call("POST", "/api/v1/studies", {"spec": spec}))

    @classmethod
    def load(cls, url: str | None, name: str, token: str | None = None, **options) -> Study:
        """The study named `name` (GET /api/v1/studies?name=NAME); TuneboardError (404) when there is none."""
        study = cls.__new__(cls)
        study._configure(url, token, **options)
        study._take(study._call("GET", "/api/v1/studies?name=" + urllib.parse.quote(name, safe="")))
        return study

    def ask(self, worker: str | None = None) -> Trial | None:
        """The next trial to run, or None when the study has nothing left; waits as long as the server says to."""
        while True:
            _send_unsent(time.monotonic())
            answer = self._call("POST", f"/api/v1/studies/{self.id}/ask", {"worker": worker or self.worker})
            if answer.get("trial"):
                return self._trial(answer["trial"], answer.get("lease_s"))
            if answer.get("done"):
                return None
            wait = answer.get("retry_after_s")
            time.sleep(min(max(float(wait), 0.01), 600.0) if isinstance(wait, (int, float)) else 1.0)

    def trials(self, worker: str | None = None):
        """Yields trials until the study has nothing left. A trial still open when the loop comes back for the next
        is finished as completed; one left behind by a break or an exception stops its heartbeat, so that the server
        takes it back after its lease."""
        trial = None
        try:
            while True:
                trial = self.ask(worker)
                if trial is None:
                    return
                yield trial
                if trial._finish_body is None:
                    trial.finish()
        finally:
            if trial is not None:
                trial._beating.set()

    def add_trial(self, params: dict) -> Trial:
        """A trial with the caller's params, for a study whose strategy is "manual"."""
        answer = self._call("POST", f"/api/v1/studies/{self.id}/trials", {"params": params})
        return self._trial(answer.get("trial") or answer)

    def __repr__(self) -> str:
        return f"Study(id={self.id!r}, name={self.name!r}, state={self.state!r}, url={self._connection.url!r})"

    def _configure(self, url, token, worker=None, timeout=10.0, patience=300.0, heartbeat_interval=20.0) -> None:
        self._connection = _Connection(url, token, timeout)
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}"
        self._patience = patience
        self._heartbeat_interval = heartbeat_interval

    def _call(self, method: str, path: str, body=None) -> dict:
        return self._connection.request(method, path, body, deadline=time.monotonic() + self._patience)

    def _take(self, answer: dict) -> None:
        self.id = answer["id"]
        self.name = answer.get("name")
        self.state = answer.get("state")

    def _trial(self, info: dict, lease_s=None) -> Trial:
        interval = self._heartbeat_interval
        # A heartbeat at least three times per lease, so that a long epoch never lets the server take the trial back.
        if interval and isinstance(lease_s, (int, float)) and lease_s > 0:
            interval = min(interval, lease_s / 3)
        return Trial(self._connection, info, heartbeat_interval=interval, patience=self._patience)


class _KerasCallbackProtocol:
    """What Keras (keras 3, tf.keras 2) calls on a callback, as no-ops: TuneboardCallback's base without Keras."""

    _supports_tf_logs = False

    def __init__(self):
        self.model = None
        self.params = {}

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    def _implements_train_batch_hooks(self):
        return False

    def _implements_test_batch_hooks(self):
        return False

    def _implements_predict_batch_hooks(self):
        return False


def _keras_no_op(self, *args, **kwargs):
    pass


_keras_no_op._is_default = True  # keras.src.utils.is_default: no batch hook here, so Keras may dispatch them async
for _hook in ("train", "test", "predict"):
    for _moment in ("begin", "end"):
        setattr(_KerasCallbackProtocol, f"on_{_hook}_{_moment}", _keras_no_op)
        setattr(_KerasCallbackProtocol, f"on_{_hook}_batch_{_moment}", _keras_no_op)
for _name in ("on_epoch_begin", "on_epoch_end", "on_batch_begin", "on_batch_end"):
    setattr(_KerasCallbackProtocol, _name, _keras_no_op)
del _hook, _moment, _name


def _keras_callback_base() -> type:
    """keras.callbacks.Callback of a Keras the program has already imported (tf_keras, keras, tensorflow.keras),
    else the plain protocol: this module never imports Keras or TensorFlow itself."""
    for name, path in (("tf_keras", ()), ("keras", ()), ("tensorflow", ("keras",))):
        module = sys.modules.get(name)
        try:
            for part in (*path, "callbacks", "Callback"):
                module = getattr(module, part)
        except Exception:
            continue
        if isinstance(module, type):
            return module
    return _KerasCallbackProtocol


class TuneboardCallback:
    """Keras callback for model.fit: reports each epoch's logs to `trial` (Keras counts epochs from 0, Tuneboard
    from 1) and sets model.stop_training once the trial is told prune or stop. It subclasses
    keras.callbacks.Callback when the program has imported keras, tf_keras or tensorflow; else it is a plain class
    with the same methods."""

    def __new__(cls, *args, **kwargs):
        if cls is TuneboardCallback:
            cls = _callback_class(_keras_callback_base())
        return super(TuneboardCallback, cls).__new__(cls)

    def __init__(self, trial: Trial):
        super().__init__()
        self.trial = trial

    def on_epoch_end(self, epoch, logs=None):
        metrics = {}
        for name, value in (logs or {}).items():
            try:
                metrics[str(name)] = _as_number(value, name)
            except TypeError:
                log.debug("TuneboardCallback skips the log %r: not a number", name)
        if metrics:
            self.trial.report(epoch + 1, metrics)
        if self.trial.should_stop and self.model is not None:
            self.model.stop_training = True


@functools.lru_cache(maxsize=None)
def _callback_class(base: type) -> type:
    return type("TuneboardCallback", (TuneboardCallback, base), {"__module__": __name__, "__doc__": TuneboardCallback.__doc__})
