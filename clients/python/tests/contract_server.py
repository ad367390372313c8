"""Tuneboard's HTTP API v1 route contract (issue 14), in memory, for the Python client's tests.

Its state outlives stop() and start(), as the database outlives `tuneboard serve`: restart() is a server restart
on the same port. Tests steer it through `actions` (the pruner's decisions), `waits` (asks answered with
retry_after_s first), `faults` (statuses answered before anything is done, or "drop": do the work, then close
the connection without an answer, as a server killed after its commit) and stop_trial().
"""
import collections
import itertools
import json
import math
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class BadRequest(Exception):
    def __init__(self, status, message, **extra):
        super().__init__(message)
        self.status = status
        self.body = {"error": message, "issues": [{"path": [], "message": message}], **extra}


def grid(spec):
    """Every combination of the spec's "choice" values, merged over its `fixed` values."""
    space = spec.get("space", {})
    names = sorted(space)
    for values in itertools.product(*(space[name]["values"] for name in names)):
        yield {**spec.get("fixed", {}), **dict(zip(names, values))}


def number(value, where):
    if isinstance(value, str) and value in NON_FINITE:
        return NON_FINITE[value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadRequest(400, f"{where} must be a number or one of {sorted(NON_FINITE)}")
    return float(value)


class ContractServer:
    def __init__(self, token=None):
        self.token = token
        self.studies = {}
        self.trials = {}
        self.requests = []
        self.actions = {}
        self.waits = collections.Counter()
        self.faults = collections.deque()
        self.port = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._httpd = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.contract = self
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()

    def restart(self):
        self.stop()
        self.start()

    def stop_trial(self, trial_id, reason="cancelled from the dashboard"):
        self.trials[trial_id]["action"] = ("stop", reason)

    def epochs(self, trial_id):
        return [epoch for epoch, _metrics, _time in self.trials[trial_id]["epochs"]]

    def paths(self, method="POST"):
        return [path for m, path, _headers, _body in self.requests if m == method]

    def handle(self, method, target, headers, raw):
        with self._lock:
            self.requests.append((method, target, headers, raw))
            fault = self.faults.popleft() if self.faults else None
            if fault not in (None, "drop"):
                return fault, {"error": "injected fault"}
            if self.token and headers.get("authorization") != f"Bearer {self.token}":
                return 401, {"error": "missing or wrong token"}
            try:
                status, body = self._route(method, target, self._body(method, headers, raw))
            except BadRequest as error:
                status, body = error.status, error.body
            return ("drop", None) if fault == "drop" else (status, body)

    def _body(self, method, headers, raw):
        if method == "GET":
            return None
        if not headers.get("content-type", "").startswith("application/json"):
            raise BadRequest(415, "content-type must be application/json")

        def reject(constant):
            raise BadRequest(400, f"{constant} is not JSON")

        try:
            body = json.loads(raw or b"{}", parse_constant=reject)
        except ValueError as error:
            raise BadRequest(400, f"malformed JSON: {error}")
        if not isinstance(body, dict):
            raise BadRequest(400, "the body must be a JSON object")
        return body

    def _route(self, method, target, body):
        url = urlsplit(target)
        routes = [
            ("POST", r"/api/v1/studies", self._create_study),
            ("GET", r"/api/v1/studies", lambda _b: self._find_study(parse_qs(url.query).get("name", [""])[0])),
            ("POST", r"/api/v1/studies/(\d+)/ask", self._ask),
            ("POST", r"/api/v1/studies/(\d+)/trials", self._add_trial),
            ("POST", r"/api/v1/trials/(\d+)/epochs", self._epoch),
            ("POST", r"/api/v1/trials/(\d+)/heartbeat", self._heartbeat),
            ("POST", r"/api/v1/trials/(\d+)/finish", self._finish),
        ]
        for route_method, pattern, handler in routes:
            found = re.fullmatch(pattern, url.path)
            if found and method == route_method:
                return handler(body, *(int(group) for group in found.groups()))
        return 404, {"error": f"no route {method} {url.path}"}

    def _create_study(self, body):
        spec = body.get("spec")
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            raise BadRequest(400, "spec must be an object with a name")
        for study in self.studies.values():
            if study["name"] == spec["name"]:
                if study["spec"] != spec:
                    raise BadRequest(409, f"a study named {spec['name']} exists with another spec")
                return 200, self._study_view(study)
        manual = spec.get("strategy", {}).get("type") == "manual"
        study = {"id": next(self._ids), "name": spec["name"], "state": "running", "spec": spec,
                 "queue": collections.deque([] if manual else grid(spec)), "numbers": itertools.count(0)}
        self.studies[study["id"]] = study
        return 201, self._study_view(study)

    def _find_study(self, name):
        for study in self.studies.values():
            if study["name"] == name:
                return 200, self._study_view(study)
        return 404, {"error": f"no study named {name}"}

    def _ask(self, body, study_id):
        study = self._study(study_id)
        if not isinstance(body.get("worker"), str):
            raise BadRequest(400, "worker must be a string")
        if self.waits[study_id] > 0:
            self.waits[study_id] -= 1
            return 200, {"trial": None, "retry_after_s": 0.05}
        if not study["queue"]:
            study["state"] = "completed"
            return 200, {"trial": None, "done": True}
        return 200, {"trial": self._new_trial(study, study["queue"].popleft(), body["worker"])}

    def _add_trial(self, body, study_id):
        if not isinstance(body.get("params"), dict):
            raise BadRequest(400, "params must be an object")
        return 201, {"trial": self._new_trial(self._study(study_id), body["params"], None)}

    def _epoch(self, body, trial_id):
        trial = self._trial(trial_id)
        epoch = body.get("epoch")
        if isinstance(epoch, bool) or not isinstance(epoch, int) or epoch < 1:
            raise BadRequest(400, "epoch must be an integer >= 1")
        metrics = body.get("metrics")
        if not isinstance(metrics, dict) or not metrics:
            raise BadRequest(400, "metrics must be a non-empty object")
        values = {name: number(value, f"metrics.{name}") for name, value in metrics.items()}
        if not isinstance(body.get("time"), int):
            raise BadRequest(400, "time must be an integer (ms since 1970)")
        stored = len(trial["epochs"])
        if epoch == stored and stored > 0:
            return 200, trial["answers"][epoch]
        if epoch != stored + 1:
            raise BadRequest(409, f"expected epoch {stored + 1}", expected_epoch=stored + 1)
        trial["epochs"].append((epoch, values, body["time"]))
        if trial["action"][0] == "continue" and (trial_id, epoch) in self.actions:
            trial["action"] = self.actions[(trial_id, epoch)]
        answer = {"action": trial["action"][0], "reason": trial["action"][1]}
        trial["answers"][epoch] = answer
        return 200, answer

    def _heartbeat(self, _body, trial_id):
        trial = self._trial(trial_id)
        trial["heartbeats"] += 1
        return 200, {"action": trial["action"][0]}

    def _finish(self, body, trial_id):
        trial = self._trial(trial_id)
        if body.get("state") not in ("completed", "failed"):
            raise BadRequest(400, "state must be completed or failed")
        scores = body.get("test_scores", {})
        if not isinstance(scores, dict):
            raise BadRequest(400, "test_scores must be an object")
        if trial["finish"] is not None:
            if trial["finish"] != body:
                raise BadRequest(409, "finished already, with another body")
            return 200, {"state": trial["state"]}
        trial["finish"] = body
        trial["test_scores"] = {name: number(value, f"test_scores.{name}") for name, value in scores.items()}
        told = {"prune": "pruned", "stop": "cancelled"}
        trial["state"] = told.get(trial["action"][0], body["state"])
        return 200, {"state": trial["state"]}

    def _new_trial(self, study, params, worker):
        trial_id = next(self._ids)
        self.trials[trial_id] = {"id": trial_id, "study_id": study["id"], "number": next(study["numbers"]), "params": params,
                                 "seed": 1000 + trial_id, "worker": worker, "epochs": [], "answers": {},
                                 "action": ("continue", None), "heartbeats": 0, "finish": None, "state": "running"}
        return {key: self.trials[trial_id][key] for key in ("id", "number", "params", "seed")}

    def _study(self, study_id):
        if study_id not in self.studies:
            raise BadRequest(404, f"no study {study_id}")
        return self.studies[study_id]

    def _trial(self, trial_id):
        if trial_id not in self.trials:
            raise BadRequest(404, f"no trial {trial_id}")
        return self.trials[trial_id]

    @staticmethod
    def _study_view(study):
        return {key: study[key] for key in ("id", "name", "state")}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self._answer("GET")

    def do_POST(self):
        self._answer("POST")

    def _answer(self, method):
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        headers = {name.lower(): value for name, value in self.headers.items()}
        status, body = self.server.contract.handle(method, self.path, headers, raw)
        if status == "drop":
            self.close_connection = True
            return
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args):
        pass
