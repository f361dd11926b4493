#!/usr/bin/env python3
"""Evaluates every query of the Grafana dashboards and every alert and recording rule against a
live server, and fails if one errors or finds nothing.

- PromQL panel targets go through Prometheus' HTTP API (/api/v1/query) with Grafana's variables
  replaced ($__rate_interval by a window the check's scrapes fill, a dashboard variable by its
  "All" value, as when all is chosen); each must return at least one series.
- A dashboard variable read from Prometheus (label_values(metric, label)) must offer values.
- Alert expressions compare a signal with a threshold, so while nothing is wrong they rightly
  return nothing: each must evaluate without error, and every metric selector in it must return
  series (no misspelt metric or label can hide behind a quiet alert).
- PostgreSQL panel queries run through psql on the check's database, dashboard variables replaced
  the same way, and must not fail.

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
# $name, ${name} or ${name:format}
DASHBOARD_VARIABLE = re.compile(r"\$(?:\{([A-Za-z_]\w*)(?::\w+)?\}|([A-Za-z_]\w*))")
LABEL_VALUES = re.compile(r"^\s*label_values\(\s*(.+?)\s*,\s*(\w+)\s*\)\s*$")


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


def with_variables(query, variables):
    """The query with each dashboard variable replaced by its value when "All" is chosen."""
    def value(m):
        name = m.group(1) or m.group(2)
        return variables.get(name, m.group(0))
    return DASHBOARD_VARIABLE.sub(value, query)


def grafana_to_promql(expr, variables):
    return with_variables(expr.replace("$__rate_interval", RATE_WINDOW).replace("$__interval", RATE_WINDOW)
                          .replace("$__range", RATE_WINDOW), variables)


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


def dashboards(directory):
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        yield os.path.basename(path), json.load(open(path, encoding="utf-8"))


def all_values(dashboard):
    """name -> what Grafana puts in a query for the variable when "All" is chosen."""
    return {v["name"]: v.get("allValue") or ".*" for v in dashboard.get("templating", {}).get("list", [])}


def dashboard_targets(dashboard):
    for panel in dashboard.get("panels", []):
        for inner in [panel] + panel.get("panels", []):
            for target in inner.get("targets", []):
                yield inner["title"], target


def variable_queries(dashboard):
    """(name, metric selector, label) of each variable read from Prometheus with label_values."""
    for v in dashboard.get("templating", {}).get("list", []):
        query = v.get("query")
        text = query.get("query") if isinstance(query, dict) else query
        m = LABEL_VALUES.match(text or "")
        if v.get("type") == "query" and m:
            yield v["name"], m.group(1), m.group(2)


def rules(directory):
    """(group, name, kind, expr) of every rule of every rule file."""
    for path in sorted(glob.glob(os.path.join(directory, "*.yml"))):
        for group in yaml.safe_load(open(path, encoding="utf-8"))["groups"]:
            for rule in group["rules"]:
                kind = "alert" if "alert" in rule else "record"
                yield group["name"], rule.get("alert") or rule.get("record"), kind, rule["expr"]


def main():
    prometheus, dashboards_dir, rules_dir = sys.argv[1:4]
    psql = sys.argv[4:]
    failures = []
    checked = 0

    for board, dashboard in dashboards(dashboards_dir):
        variables = all_values(dashboard)
        for name, selector, label in variable_queries(dashboard):
            checked += 1
            expr = f"count by ({label}) ({selector})"
            try:
                if not [s for s in query(prometheus, expr) if s["metric"].get(label)]:
                    failures.append(f"{board} / variable {name}: no values of {label} in {selector}")
            except ValueError as e:
                failures.append(f"{board} / variable {name}: {e} in {expr}")
        for title, target in dashboard_targets(dashboard):
            where = f"{board} / {title} / {target['refId']}"
            checked += 1
            if "expr" in target:
                expr = grafana_to_promql(target["expr"], variables)
                try:
                    if not query(prometheus, expr):
                        failures.append(f"{where}: no series for {expr}")
                except ValueError as e:
                    failures.append(f"{where}: {e} in {expr}")
                continue
            # Grafana's time macros, as a dashboard's default range would give them.
            sql = with_variables(target["rawSql"], variables) \
                .replace("$__timeFrom()", "(now() - interval '6 hours')").replace("$__timeTo()", "now()")
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
