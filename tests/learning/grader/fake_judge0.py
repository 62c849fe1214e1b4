"""A fake Judge0 CE at the HTTP seam: the batch API with base64 bodies, answered from memory.

It "runs" nothing: ``outcome(source_code, stdin)`` says what the run gave (a dict of Judge0's fields, with
``status_id`` and plain-text outputs). Each submission answers In Queue, then Processing, for its first
``queued_polls`` polls.
"""

import base64
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx2

AUTH_TOKEN = "judge0-test-token"
STATUS_DESCRIPTIONS = {
    1: "In Queue",
    2: "Processing",
    3: "Accepted",
    4: "Wrong Answer",
    5: "Time Limit Exceeded",
    6: "Compilation Error",
    7: "Runtime Error (SIGSEGV)",
    8: "Runtime Error (SIGXFSZ)",
    9: "Runtime Error (SIGFPE)",
    10: "Runtime Error (SIGABRT)",
    11: "Runtime Error (NZEC)",
    12: "Runtime Error (Other)",
    13: "Internal Error",
    14: "Exec Format Error",
}
OUTPUT_FIELDS = ("stdout", "stderr", "compile_output")


def encoded(text: str | None) -> str | None:
    return None if text is None else base64.b64encode(text.encode()).decode()


def decoded(text: str | None) -> str:
    return base64.b64decode(text).decode() if text else ""


@dataclass
class FakeJudge0:
    outcome: Callable[[str, str], dict]
    queued_polls: int = 0
    submissions: dict[str, dict] = field(default_factory=dict)  # token -> what was sent, decoded
    polls: dict[str, int] = field(default_factory=dict)
    batch_sizes: list[int] = field(default_factory=list)

    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self.handle)

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        if request.headers.get("X-Auth-Token") != AUTH_TOKEN:
            return httpx2.Response(401, json={"error": "Authentication failed."})
        if request.url.params.get("base64_encoded") != "true":
            return httpx2.Response(400, json={"error": "this fake speaks base64 only"})
        if request.url.path == "/submissions/batch" and request.method == "POST":
            return self._create(json.loads(request.content)["submissions"])
        if request.url.path == "/submissions/batch" and request.method == "GET":
            fields = request.url.params["fields"].split(",")
            return self._show(request.url.params["tokens"].split(","), fields)
        return httpx2.Response(404, json={"error": "not found"})

    def _create(self, submissions: list[dict]) -> httpx2.Response:
        self.batch_sizes.append(len(submissions))
        tokens = []
        for submission in submissions:
            token = str(uuid.uuid4())
            self.submissions[token] = {
                **submission,
                "source_code": decoded(submission["source_code"]),
                "stdin": decoded(submission.get("stdin")),
            }
            self.polls[token] = 0
            tokens.append({"token": token})
        return httpx2.Response(201, json=tokens)

    def _show(self, tokens: list[str], fields: list[str]) -> httpx2.Response:
        return httpx2.Response(200, json={"submissions": [self._state(token, fields) for token in tokens]})

    def _state(self, token: str, fields: list[str]) -> dict:
        self.polls[token] += 1
        submission = self.submissions[token]
        if self.polls[token] <= self.queued_polls:
            status_id = 1 if self.polls[token] == 1 else 2
            state = {"token": token, "status_id": status_id, "time": None, "memory": None}
        else:
            state = {"token": token, "time": "0.012", "wall_time": "0.034", "memory": 3120}
            state |= self.outcome(submission["source_code"], submission["stdin"])
        state["status"] = {"id": state["status_id"], "description": STATUS_DESCRIPTIONS[state.pop("status_id")]}
        for name in OUTPUT_FIELDS:
            state[name] = encoded(state.get(name))
        return {name: state.get(name) for name in fields}
