#!/usr/bin/env python3
"""Evaluates every query of the Grafana dashboards and every alert and recording rule against a
live server, and fails if one errors or finds nothing.

- PromQL panel targets go through Prometheus' HTTP API (/api/v1/query) with Grafana's variables
  replaced ($__rate_interval by a window the check's scrapes fill, $district by '.*'); each must
  return at least one series.
- Alert expressions compare a signal with a threshold, so while nothing is wrong they rightly
  return nothing: each must evaluate without error, and every metric selector in it must return
  series (no misspelt metric or label can hide behind a quiet alert).
- PostgreSQL panel queries run through psql on the check's database and must not fail.

Usage: check_expressions.py PROMETHEUS_URL GRAFANA_DASHBOARDS_DIR RULES_DIR PSQL_ARGS..."""
import glob
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request

import yaml

RATE_WINDOW = "30s"
KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "offset", "inf", "nan"}
GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
SELECTOR = re.compile(r"(?<![\w:.\"])([A-Za-z_:][\w:]*)\s*(\{[^}]*\})?")


def query(prometheus, expr):
    """The result list of an instant query, or raises with Prometheus' error."""
    url = prometheus + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = json.load(response)
    except urllib.error.HTTPError as e:
        body = json.load(e)
    if body.get("status") != "success":
        raise ValueError(f"{body.get('errorType')}: {body.get('error')}")
    return body["data"]["result"]


def grafana_to_promql(expr):
    return (expr.replace("$__rate_interval", RATE_WINDOW).replace("$__interval", RATE_WINDOW)
            .replace("$__range", RATE_WINDOW).replace("$district", ".*"))


def selectors(expr):
    """The vector selectors of a PromQL expression: names not called as functions, not keywords."""
    found = []
    text = GROUPING.sub(" ", expr)
    for m in SELECTOR.finditer(text):
        name, matchers = m.group(1), m.group(2) or ""
        rest = text[m.end():].lstrip()
        if name.lower() in KEYWORDS or (rest.startswith("(") and not matchers):
            continue
        found.append(name + matchers)
    return found


def dashboard_targets(directory):
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        dashboard = json.load(open(path, encoding="utf-8"))
        for panel in dashboard.get("panels", []):
            for target in panel.get("targets", []):
                yield os.path.basename(path), panel["title"], target


def rules(directory):
    """(group, name, kind, expr) of every rule of every rule file."""
    for path in sorted(glob.glob(os.path.join(directory, "*.yml"))):
        for group in yaml.safe_load(open(path, encoding="utf-8"))["groups"]:
            for rule in group["rules"]:
                kind = "alert" if "alert" in rule else "record"
                yield group["name"], rule.get("alert") or rule.get("record"), kind, rule["expr"]


def main():
    prometheus, dashboards, rules_dir = sys.argv[1:4]
    psql = sys.argv[4:]
    failures = []
    checked = 0

    for board, title, target in dashboard_targets(dashboards):
        where = f"{board} / {title} / {target['refId']}"
        checked += 1
        if "expr" in target:
            expr = grafana_to_promql(target["expr"])
            try:
                if not query(prometheus, expr):
                    failures.append(f"{where}: no series for {expr}")
            except ValueError as e:
                failures.append(f"{where}: {e} in {expr}")
        else:
            sql = target["rawSql"]
            out = subprocess.run(psql + ["-v", "ON_ERROR_STOP=1", "-Atc", sql], capture_output=True, text=True)
            if out.returncode != 0:
                failures.append(f"{where}: SQL failed: {out.stderr.strip()}")

    for group, name, kind, expr in rules(rules_dir):
        where = f"rule {group} / {name}"
        checked += 1
        try:
            result = query(prometheus, expr)
            if kind == "record" and not result:
                failures.append(f"{where}: no series for {expr}")
            for selector in selectors(expr) if kind == "alert" else []:
                if not query(prometheus, selector):
                    failures.append(f"{where}: no series for its selector {selector}")
        except ValueError as e:
            failures.append(f"{where}: {e}")

    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{checked} queries checked, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
