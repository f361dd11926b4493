#!/usr/bin/env python3
"""Checks what Grafana's provisioning needs of grafana/dashboards, since Grafana itself is not
installed where this runs: valid JSON, a schemaVersion, a unique uid, unique panel ids, every
data source uid defined in grafana/provisioning/datasources, every target with a query, and every
$variable used defined in the dashboard's templating (or one of Grafana's own).

It also holds PromQL targets to how processes combine: a counter is each process's own, so it is
read through rate() or increase() and summed; a gauge that every process reads alike from
PostgreSQL (SHARED_GAUGES) is combined with max(), as a sum would count it once per process.

Usage: check_dashboards.py GRAFANA_DIR"""
import glob
import json
import os
import re
import sys

# Grafana's built-in variables a query may use.
BUILTIN = {"__rate_interval", "__interval", "__interval_ms", "__range", "__range_s", "__range_ms",
           "__all", "__timeFilter", "__timeFrom", "__timeTo", "__name", "__dashboard"}
VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")

# Every process reports the same figure: the alarm gauges are read from PostgreSQL by the alarm
# module of each, the district gauges from the city view each API process keeps.
SHARED_GAUGES = ("smartparking_cover_alarms_open", "smartparking_cover_alarms_oldest_open_seconds",
                 "smartparking_covers_silent", "smartparking_alarm_deliveries_pending",
                 "smartparking_alarm_sweep_last_run_seconds",
                 "smartparking_district_spaces_free", "smartparking_district_spaces",
                 "smartparking_district_lots_registered", "smartparking_district_lots_reporting")
# A name that is not called as a function: a metric (or a label of a grouping, which no rule here names).
METRIC = re.compile(r"(?<![\w:.\"])([a-z_:][\w:]*)(?![\w:])(?!\s*\()")
COUNTER = re.compile(r"_(total|bucket|sum|count)$")
GROUPED = r"(?:\s+(?:by|without)\s*\([^)]*\))?\s*\(\s*$"
MAX_AROUND = re.compile(r"\bmax" + GROUPED)
RATE_AROUND = re.compile(r"\b(?:rate|increase)\(\s*$")
SUM_AROUND = re.compile(r"\bsum" + GROUPED)


def datasource_uids(grafana_dir):
    """uid -> type of every provisioned data source (a flat YAML list, read without a YAML library)."""
    uids = {}
    for path in glob.glob(os.path.join(grafana_dir, "provisioning", "datasources", "*.y*ml")):
        uid = None
        for line in open(path, encoding="utf-8"):
            m = re.match(r"\s*(?:- )?\s*(uid|type):\s*(\S+)", line)
            if m and m.group(1) == "uid":
                uid = m.group(2)
            elif m and uid is not None:
                uids[uid] = m.group(2)
                uid = None
    return uids


def combination_errors(expr):
    """How the expression fails to combine the series of several processes, if it does."""
    errors = []
    for m in METRIC.finditer(expr):
        name, before = m.group(1), expr[:m.start()]
        if name in SHARED_GAUGES and not MAX_AROUND.search(before):
            errors.append(f"{name} is reported alike by every process: combine it with max()")
        elif COUNTER.search(name) and not name.startswith("__"):
            rate = RATE_AROUND.search(before)
            if not rate or not SUM_AROUND.search(before[:rate.start()]):
                errors.append(f"{name} is counted per process: read it as sum(rate()) or sum(increase())")
    return errors


def panels_of(dashboard):
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])


def check(path, sources, seen_uids):
    errors = []
    try:
        dashboard = json.load(open(path, encoding="utf-8"))
    except ValueError as e:
        return [f"not valid JSON: {e}"]
    if not isinstance(dashboard.get("schemaVersion"), int) or dashboard["schemaVersion"] < 36:
        errors.append("schemaVersion missing or older than 36")
    uid = dashboard.get("uid")
    if not uid or len(uid) > 40:
        errors.append("uid missing or longer than 40 characters")
    elif uid in seen_uids:
        errors.append(f"uid {uid} also used by {seen_uids[uid]}")
    seen_uids[uid] = path
    if not dashboard.get("title"):
        errors.append("no title")
    variables = {v["name"] for v in dashboard.get("templating", {}).get("list", [])}
    for v in dashboard.get("templating", {}).get("list", []):
        ds = v.get("datasource")
        if ds and ds.get("uid") not in sources:
            errors.append(f"variable {v['name']}: data source uid {ds.get('uid')} is not provisioned")
    ids = set()
    for panel in panels_of(dashboard):
        where = f"panel {panel.get('id')} '{panel.get('title')}'"
        if not isinstance(panel.get("id"), int):
            errors.append(f"{where}: no integer id")
        elif panel["id"] in ids:
            errors.append(f"{where}: id used twice")
        ids.add(panel.get("id"))
        if "gridPos" not in panel:
            errors.append(f"{where}: no gridPos")
        if panel.get("type") == "row":
            continue
        for ds in [panel.get("datasource")] + [t.get("datasource") for t in panel.get("targets", [])]:
            if not ds or ds.get("uid") not in sources:
                errors.append(f"{where}: data source {ds} is not provisioned")
            elif ds.get("type") != sources[ds["uid"]]:
                errors.append(f"{where}: data source {ds['uid']} has type {sources[ds['uid']]}, not {ds.get('type')}")
        if not panel.get("targets"):
            errors.append(f"{where}: no targets")
        for target in panel.get("targets", []):
            query = target.get("expr") or target.get("rawSql")
            if not query:
                errors.append(f"{where}: target {target.get('refId')} has no expr or rawSql")
                continue
            for name in VARIABLE.findall(query):
                if name not in variables and name not in BUILTIN:
                    errors.append(f"{where}: uses ${name}, which the dashboard does not define")
            if target.get("expr"):
                errors.extend(f"{where}: {e}" for e in combination_errors(query))
    return errors


def main():
    grafana_dir = sys.argv[1]
    sources = datasource_uids(grafana_dir)
    if not sources:
        sys.exit("no data sources provisioned in " + grafana_dir)
    failed = False
    seen_uids = {}
    paths = sorted(glob.glob(os.path.join(grafana_dir, "dashboards", "*.json")))
    if not paths:
        sys.exit("no dashboards in " + grafana_dir)
    for path in paths:
        errors = check(path, sources, seen_uids)
        for error in errors:
            print(f"{path}: {error}", file=sys.stderr)
        failed |= bool(errors)
        if not errors:
            print(f"{path}: ok")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
