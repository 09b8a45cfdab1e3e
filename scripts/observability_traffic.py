"""Drives mixed traffic through a running Volcanion Tracking's HTTP API (docs/api.md), so that every panel of the
Grafana dashboard has something to show: native and Segment ingestion (valid, invalid, batches), refused keys,
rate-limit refusals, queries, statistics, analytics, a user profile, a GDPR deletion and a revalidation.
Usage: python3 scripts/observability_traffic.py BASE_URL ADMIN_TOKEN [SECONDS (default 40)]
Prints the answers' statuses per kind of request; exits 1 on any 5xx, on a status a kind should never get, when
a status a kind must get never came, or when a job does not finish. Standard library only."""
import base64
import itertools
import json
import random
import string
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections import Counter, defaultdict

BASE, TOKEN = sys.argv[1].rstrip("/"), sys.argv[2]
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 40
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
EVENT = "Order Completed"   # the event with a structure
JOB_TIMEOUT = 60            # seconds a deletion or revalidation may take to finish
RUN = time.time_ns()        # in messageIds and the partner's email, so that runs against one database never collide

# kind -> (statuses that must each come at least once, statuses also tolerated)
EXPECTED = {
    "management": ({200, 201}, set()),
    "ingest valid": ({202}, set()),
    "ingest invalid": ({202}, set()),
    "batch": ({200}, set()),
    "segment track": ({200}, set()),
    "segment identify": ({200}, set()),
    "segment batch": ({200}, set()),
    "unknown key": ({401}, set()),
    "malformed key": ({401}, set()),
    "rate limited": ({429}, {200, 202}),   # the burst's first batch fits, and the bucket refills 1 event/s
    "query system": ({200}, set()),
    "query partner": ({200}, set()),
    "statistics partner": ({200}, set()),
    "statistics system": ({200}, set()),
    "funnel": ({200}, set()),
    "retention": ({200}, set()),
    "sessions": ({200}, set()),
    "user profile": ({200}, {404}),        # 404 until the projector has carried the profile to the read side
    "deletion": ({202, 200}, set()),       # the request, then its polls
    "revalidation": ({202, 200}, set()),
}

statuses = defaultdict(Counter)
problems = []
sequence = itertools.count()   # numbers events, so that every messageId is new


def call(kind, method, path, body=None, headers=None):
    """One request; counts its status under kind and returns (status, parsed JSON body or None)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, payload = e.code, e.read()
    except OSError as e:
        status, payload = "no answer", str(e).encode()
    statuses[kind][status] += 1
    if status not in EXPECTED[kind][0] | EXPECTED[kind][1]:
        problems.append(f"{kind}: {method} {path} answered {status}: {payload[:300].decode(errors='replace')}")
    try:
        return status, json.loads(payload) if payload else None
    except ValueError:
        return status, None


def well_formed_unknown_key():
    """A key with the shape and checksum of a real one (SecretFormat: vt_ + 32 base62 + base62 CRC32), which no system
    has: the service looks it up once, then its unknown-key cache answers the repeats."""
    alphabet = string.digits + string.ascii_uppercase + string.ascii_lowercase
    body = "vt_" + "".join(random.choice(alphabet) for _ in range(32))
    crc, digits = zlib.crc32(body.encode()), ""
    for _ in range(6):
        crc, digit = divmod(crc, 62)
        digits = alphabet[digit] + digits
    return body + digits


def segment_auth(key):
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def event(valid=True, user=None):
    n = next(sequence)
    properties = {"orderId": f"o-{n}", "total": n % 50 + 0.5} if valid else {"total": "not a number"}
    return {"messageId": f"m-{n}-{RUN}", "eventName": EVENT,
            "userId": user or f"user-{n % 7}", "anonymousId": f"anon-{n % 11}", "properties": properties}


def query(params):
    return "?" + urllib.parse.urlencode(params, doseq=True)


def setup(method, path, body):
    """A management request the traffic cannot do without: stops at once when it fails."""
    status, answer = call("management", method, path, body, ADMIN)
    if status not in (200, 201):
        sys.exit(f"FAIL: {problems[-1]}")
    return answer


def await_job(kind, path):
    """Polls a job until FINISHED (a problem when FAILED or still open after JOB_TIMEOUT); prints its end."""
    job, deadline = None, time.time() + JOB_TIMEOUT
    while time.time() < deadline:
        _, job = call(kind, "GET", path, headers=ADMIN)
        if job and job.get("status") in ("FINISHED", "FAILED"):
            break
        time.sleep(0.5)
    print(f"{kind}: {json.dumps(job)}")
    if not job or job.get("status") != "FINISHED":
        problems.append(f"{kind}: job not FINISHED within {JOB_TIMEOUT} s: {job}")


# --- Setup: a partner, its structure, a system for the traffic and a rate-limited one
partner_id = setup("POST", "/api/partners", {"name": "Observability Partner", "email": f"obs-{RUN}@volcanion.example"})["id"]
system = setup("POST", f"/api/partners/{partner_id}/systems", {"name": "Web", "type": "WEBSITE"})
system_id, key = system["id"], system["apiKey"]
limited = setup("POST", f"/api/partners/{partner_id}/systems", {"name": "Limited", "type": "BACKEND_SERVICE"})
setup("PATCH", f"/api/systems/{limited['id']}", {"rateLimitPerSecond": 1})
structure = f"/api/partners/{partner_id}/event-structures/{urllib.parse.quote(EVENT)}"
schema = {"type": "object", "required": ["orderId"], "properties": {"total": {"type": "number"}}}
setup("PUT", structure, {"schema": schema})
unknown_key = well_formed_unknown_key()
INGEST = {"X-Api-Key": key}

started = time.time()
requested, jobs = False, {}   # jobs: kind -> the path to poll
for n in itertools.count():   # about one round a second
    if time.time() - started >= SECONDS:
        break
    tick = time.time()
    # native ingestion: valid and invalid single events, a batch of both (and one item that is no event)
    for _ in range(2):
        call("ingest valid", "POST", "/api/events/ingest", event(), INGEST)
    _, answer = call("ingest invalid", "POST", "/api/events/ingest", event(valid=False), INGEST)
    if answer and answer.get("valid") is not False:
        problems.append(f"an event breaking its structure was not stored invalid: {answer}")
    call("batch", "POST", "/api/events/batch",
         {"events": [event(valid=i % 4 != 0) for i in range(10)] + [{"properties": {}}]}, INGEST)
    # Segment: a track, an identify (a user profile), a batch of track, page and screen calls
    call("segment track", "POST", "/v1/track",
         {"event": "Product Viewed", "userId": f"user-{n % 7}", "properties": {"sku": f"sku-{n % 5}"}}, segment_auth(key))
    call("segment identify", "POST", "/v1/identify",
         {"userId": f"user-{n % 7}", "anonymousId": f"anon-{n % 11}", "traits": {"plan": "pro"}}, segment_auth(key))
    call("segment batch", "POST", "/v1/batch", {"batch": [
        {"type": "track", "event": EVENT, "userId": f"user-{n % 7}", "properties": {"orderId": f"s-{n}"}},
        {"type": "page", "name": "Home", "anonymousId": f"anon-{n % 11}"},
        {"type": "screen", "name": "Cart", "userId": f"user-{n % 7}"}]}, segment_auth(key))
    # refused keys: the same well-formed unknown key (the unknown-key cache answers), and one with a bad checksum
    for _ in range(3):
        call("unknown key", "POST", "/api/events/ingest", event(), {"X-Api-Key": unknown_key})
    call("malformed key", "POST", "/api/events/ingest", event(), {"X-Api-Key": "vt_not-a-key"})
    # a burst over the limited system's limit (1/s; its bucket holds 1000 events: one full batch, then refusals)
    if n % 5 == 0:
        limited_key = {"X-Api-Key": limited["apiKey"]}
        call("rate limited", "POST", "/api/events/batch",
             {"events": [{"eventName": "Heartbeat", "anonymousId": "device-1"}] * 1000}, limited_key)
        for _ in range(5):
            call("rate limited", "POST", "/api/events/ingest", {"eventName": "Heartbeat"}, limited_key)
    # the read side
    call("query system", "GET", f"/api/events/partner-system/{system_id}" + query({"limit": 20}), headers=ADMIN)
    call("query partner", "GET", f"/api/events/partner/{partner_id}" + query({"eventName": EVENT, "valid": "false"}),
         headers=ADMIN)
    call("statistics partner", "GET", f"/api/statistics/partners/{partner_id}", headers=ADMIN)
    call("statistics system", "GET", f"/api/statistics/partners/{partner_id}" + query({"systemId": system_id}),
         headers=ADMIN)
    analytics = f"/api/analytics/partners/{partner_id}"
    call("funnel", "GET", f"{analytics}/funnel" + query({"step": ["Product Viewed", EVENT]}), headers=ADMIN)
    call("retention", "GET", f"{analytics}/retention" + query(
        {"startEvent": "Product Viewed", "returnEvent": EVENT, "period": "DAY"}), headers=ADMIN)
    call("sessions", "GET", f"{analytics}/sessions" + query({"interval": "HOUR"}), headers=ADMIN)
    call("user profile", "GET", f"/api/partners/{partner_id}/users/user-{n % 7}", headers=ADMIN)
    # a third of the way: a GDPR deletion of one user, and a new version of the structure with a revalidation
    if not requested and time.time() - started > SECONDS / 3:
        requested = True
        call("ingest valid", "POST", "/api/events/ingest", event(user="gdpr-user"), INGEST)
        status, job = call("deletion", "POST", f"/api/partners/{partner_id}/deletions", {"userIds": ["gdpr-user"]},
                           ADMIN)
        if status == 202:
            jobs["deletion"] = f"/api/partners/{partner_id}/deletions/{job['id']}"
        schema["required"] = ["orderId", "total"]
        call("management", "PUT", structure, {"schema": schema}, ADMIN)
        status, job = call("revalidation", "POST", f"{structure}/revalidations", {}, ADMIN)
        if status == 202:
            jobs["revalidation"] = f"{structure}/revalidations/{job['id']}"
    time.sleep(max(0.0, 1 - (time.time() - tick)))

if not requested:
    problems.append("the deletion and the revalidation were not requested (too short a run?)")
for kind, path in jobs.items():
    await_job(kind, path)

print(f"{'kind':<20} {'answers':>7}  statuses")
for kind, (must, _) in EXPECTED.items():
    counts = statuses[kind]
    print(f"{kind:<20} {sum(counts.values()):>7}  {', '.join(f'{s}: {c}' for s, c in sorted(counts.items(), key=str))}")
    problems += [f"{kind}: never answered {status}" for status in sorted(must - set(counts))]
for problem in problems:
    print("FAIL:", problem)
sys.exit(1 if problems else 0)
