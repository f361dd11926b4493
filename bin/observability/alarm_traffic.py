#!/usr/bin/env python3
"""The alarm half of bin/check-observability's traffic, run after the simulator's demo city has
raised cover alarms from its readings: it makes every alarm series exist through the real paths.

- Runs a webhook receiver on 127.0.0.1:PORT that checks each delivery's signature (API.md,
  "Delivery to the responsible unit") and answers 200, except for one unit, whose receiver
  answers 500: deliveries succeed for some units and fail and wait for that one.
- Gives every unit a webhook to that receiver (a catalogue import of the units as they are, plus
  the webhook), and adds a cover that never reports, with a 5 s report interval, so the silent
  sweep raises an alarm within a sweep or two.
- As an operator, acknowledges and resolves (alternately) an open alarm of each of up to four
  units, the failing unit first, so acknowledged and resolved events exist and are sent.
- Waits until PostgreSQL shows a delivery made, a failed attempt for the failing unit and the
  silent alarm, then until Prometheus has scraped their metrics; fails loudly past --timeout.

Gas alarms are left alone (the gas panel and alert need one open), and the demo must have raised
one: the check runs it with a raised gas rate.

Usage: alarm_traffic.py --api URL --admin-token T --operator-token T --prometheus URL --port P
                        [--timeout SECONDS] -- PSQL_ARGS..."""
import argparse
import hashlib
import hmac
import json
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SILENT_COVER = "C-obscheck-silent"
NOTE = "bin/check-observability"

OPEN_ALARM_PER_UNIT = """
SELECT alarm, unit FROM (
  SELECT DISTINCT ON (c.unit_id) prefixed_id('A', a.id) AS alarm, c.unit_id AS unit
  FROM cover_alarms a JOIN covers c ON c.id = a.cover_id
  WHERE a.status = 'open' AND a.type <> 'gas'
  ORDER BY c.unit_id, a.id) per_unit
ORDER BY unit LIMIT 4"""
OPEN_GAS_ALARMS = "SELECT count(*) FROM cover_alarms WHERE type = 'gas' AND status = 'open'"
UNITS = "SELECT id, name, coalesce(district_code, '') FROM units ORDER BY id"
A_COVER_OF = "SELECT district_code, lat, lon FROM covers WHERE unit_id = '{unit}' ORDER BY id LIMIT 1"
DELIVERED = "SELECT count(*) FROM alarm_deliveries WHERE status = 'delivered'"
# Tried and still waiting: a failed attempt (one the demo's own receivers took counts no failure).
FAILED_FOR = "SELECT count(*) FROM alarm_deliveries WHERE unit_id = '{unit}' AND status = 'pending' AND attempts > 0"
SILENT_RAISED = f"SELECT count(*) FROM cover_alarms WHERE cover_id = '{SILENT_COVER}' AND type = 'silent'"
DELIVERY_STATE = "SELECT unit_id, status, count(*), max(attempts), max(last_result) FROM alarm_deliveries GROUP BY 1, 2 ORDER BY 1, 2"


class Receiver:
    """A unit's webhook endpoint: /ok/<unit> answers 200 to a well-signed delivery, /fail/<unit> 500."""

    def __init__(self, port, secret):
        self.secret = secret.encode()
        self.lock = threading.Lock()
        self.tally = {"delivered": 0, "answered_500": 0, "bad_signature": 0}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.answer(self, body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def signed(self, headers, body):
        timestamp = headers.get("X-SmartParking-Timestamp", "")
        expected = "sha256=" + hmac.new(self.secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, headers.get("X-SmartParking-Signature", ""))

    def answer(self, request, body):
        ok = self.signed(request.headers, body)
        failing = request.path.startswith("/fail/")
        status = 500 if failing else 200 if ok else 401
        with self.lock:
            if not ok:
                self.tally["bad_signature"] += 1
            elif failing:
                self.tally["answered_500"] += 1
            else:
                self.tally["delivered"] += 1
        request.send_response(status)
        request.send_header("Content-Length", "0")
        request.end_headers()

    def counts(self):
        with self.lock:
            return dict(self.tally)

    def stop(self):
        self.server.shutdown()


def sql(psql, statement):
    out = subprocess.run(psql + ["-v", "ON_ERROR_STOP=1", "-AtF", "\t", "-c", statement], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"alarm traffic: SQL failed: {out.stderr.strip()}\n{statement}")
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def count(psql, statement):
    return int(sql(psql, statement)[0][0])


def call(url, token, body):
    """POSTs JSON with a bearer token; the status and the answer's text."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def prometheus_shows(prometheus, expr):
    url = prometheus + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=10) as response:
        return bool(json.load(response)["data"]["result"])


def wait_for(what, condition, deadline, report):
    """Polls condition until it holds; past the deadline, says what never happened and exits."""
    while not condition():
        if time.monotonic() > deadline:
            report()
            sys.exit(f"alarm traffic: gave up waiting for {what}")
        time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--admin-token", required=True)
    parser.add_argument("--operator-token", required=True)
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=120)
    if "--" not in sys.argv:
        parser.error("the psql command line follows --")
    split = sys.argv.index("--")
    args, psql = parser.parse_args(sys.argv[1:split]), sys.argv[split + 1:]

    acted = sql(psql, OPEN_ALARM_PER_UNIT)
    if len(acted) < 2:
        sys.exit(f"alarm traffic: the demo left open alarms (other than gas) on {len(acted)} unit(s); two are needed")
    if count(psql, OPEN_GAS_ALARMS) == 0:
        sys.exit("alarm traffic: the demo raised no gas alarm that is still open (raise its --gas-rate)")
    failing_unit, silent_unit = acted[0][1], acted[1][1]

    secret = secrets.token_urlsafe(24)
    receiver = Receiver(args.port, secret)
    try:
        units = []
        for unit_id, name, district in sql(psql, UNITS):
            kind = "fail" if unit_id == failing_unit else "ok"
            unit = {"id": unit_id, "name": name,
                    "webhook": {"url": f"http://127.0.0.1:{args.port}/{kind}/{unit_id}", "secret": secret}}
            if district:
                unit["district"] = district
            units.append(unit)
        district, lat, lon = sql(psql, A_COVER_OF.format(unit=silent_unit))[0]
        cover = {"id": SILENT_COVER, "unit": silent_unit, "district": district, "lat": float(lat), "lon": float(lon),
                 "report_interval_s": 5}
        status, text = call(args.api + "/api/v1/admin/catalogue", args.admin_token, {"units": units, "covers": [cover]})
        if status != 200:
            sys.exit(f"alarm traffic: the catalogue import of webhooks and the silent cover answered {status}: {text}")

        for (alarm, unit), action in zip(acted, ["ack", "resolve", "ack", "resolve"]):
            status, text = call(f"{args.api}/api/v1/covers/alarms/{alarm}/{action}", args.operator_token, {"note": NOTE})
            if status != 200:
                sys.exit(f"alarm traffic: {action} of {alarm} (unit {unit}) answered {status}: {text}")

        def report():
            print(f"alarm traffic: receiver {receiver.counts()}; deliveries (unit, status, count, most attempts, a last result):",
                  file=sys.stderr)
            for row in sql(psql, DELIVERY_STATE):
                print("  " + " ".join(row), file=sys.stderr)

        deadline = time.monotonic() + args.timeout
        wait_for("a delivered event", lambda: count(psql, DELIVERED) > 0, deadline, report)
        wait_for(f"a failed attempt for unit {failing_unit}",
                 lambda: count(psql, FAILED_FOR.format(unit=failing_unit)) > 0, deadline, report)
        wait_for(f"the silent sweep to raise an alarm for {SILENT_COVER}",
                 lambda: count(psql, SILENT_RAISED) > 0, deadline, report)
        # The gauges are refreshed from PostgreSQL every few seconds, then scraped.
        for expr in ['max(smartparking_covers_silent) > 0',
                     'max(smartparking_cover_alarms_open{status="acknowledged"}) > 0',
                     'sum(smartparking_alarm_deliveries_total{result="delivered"}) > 0',
                     f'sum(smartparking_alarm_deliveries_total{{unit="{failing_unit}", result!="delivered"}}) > 0',
                     f'max(smartparking_alarm_deliveries_pending{{unit="{failing_unit}"}}) > 0']:
            wait_for(f"Prometheus to show {expr}", lambda e=expr: prometheus_shows(args.prometheus, e), deadline, report)

        tally = receiver.counts()
        if tally["bad_signature"]:
            report()
            sys.exit(f"alarm traffic: {tally['bad_signature']} deliveries carried a signature that does not verify")
        print(f"alarm traffic: acted on {', '.join(a + ' (' + u + ')' for a, u in acted)}; unit {failing_unit}'s "
              f"webhook answers 500; {SILENT_COVER} went silent; receiver: {tally['delivered']} delivered, "
              f"{tally['answered_500']} answered 500")
    finally:
        receiver.stop()


if __name__ == "__main__":
    main()
