"""A local batch worker: ``python -m grader.batch.worker REQUEST_FD REPLY_FD SETTINGS_JSON``.

A fresh interpreter (never a fork of the batch process, which holds the answer key) that
warms up once (sandbox, assignment, comparators) and then grades one submission per
request. Requests and replies are JSON lines on two pipes of their own, so nothing a
library prints can corrupt them:

- request ``{"id": n, "submission": path, "student": id}`` (a line)
- reply ``{"id": n, "size": bytes}`` (a line), then the canonical result's UTF-8 bytes as they are
  (not escaped into a JSON string: a result holding arrays is large); ``{"ready": true}`` once warm.

When the batch process goes away (its end of the request pipe closes, even on ``kill -9``)
the worker exits at once; its fork server then kills whatever student code was running.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading


def main(argv: list[str]) -> int:
    request_fd, reply_fd, settings = int(argv[0]), int(argv[1]), json.loads(argv[2])
    requests: queue.Queue = queue.Queue()

    def read() -> None:
        buffered = b""
        while chunk := os.read(request_fd, 65536):  # unbuffered: no lock held across the sandbox's fork
            buffered += chunk
            *lines, buffered = buffered.split(b"\n")
            for line in lines:
                requests.put(json.loads(line))
        os._exit(0)  # the batch is gone (or done): stop now, even in the middle of a submission or of warming up

    threading.Thread(target=read, name="requests", daemon=True).start()
    from grader.batch.job import BatchSettings, grade_to_json, warm_up

    warm_up(BatchSettings.from_wire(settings))  # start-up paid before the first request
    reply = os.fdopen(reply_fd, "wb")
    reply.write(json.dumps({"ready": True}).encode() + b"\n")
    reply.flush()
    while True:
        req = requests.get()
        with requests.mutex:  # the request after it, if already here: its child starts meanwhile
            upcoming = requests.queue[0]["submission"] if requests.queue else None
        payload = grade_to_json(settings, req["submission"], req.get("student"), upcoming).encode("utf-8")
        reply.write(json.dumps({"id": req["id"], "size": len(payload)}).encode() + b"\n" + payload)
        reply.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
