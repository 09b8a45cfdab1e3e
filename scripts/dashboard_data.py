"""Checks that every panel of a Grafana dashboard shows data: evaluates each panel's queries through Prometheus's
HTTP API, as Grafana would now with the given time range, and the dashboard's label_values(...) variables; and that
every metric named by the alert rules Prometheus has loaded exists.
Usage: python3 scripts/dashboard_data.py PROMETHEUS_URL DASHBOARD.json LOOKBACK (e.g. 5m)
A query has data when it returns a series (or scalar) whose value is not NaN; a panel passes when every one of its
queries has data. A query of EMPTY_ALLOWED may be empty when every metric it names exists (the series are there,
nothing happened). Prints a line per panel; exits 1 on a query without data, a query Prometheus refuses, a
variable that finds no scraped target, or a missing metric of an alert rule. Standard library only."""
import json
import math
import re
import sys

import prometheus_api

# Queries that may be empty after traffic that went well: panel title -> refId ("*": all of them) -> the reason.
# Counters whose label values are known are registered at zero, so their queries have data (0) with nothing happening.
EMPTY_ALLOWED = {
    "Server errors (5xx) per second, all endpoints": {"*": "no request answered a 5xx"},
}

KEYWORDS = {"by", "without", "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "bool", "offset"}


def metric_names(expr):
    """The metric names a PromQL expression selects (what is left once strings, label matchers, ranges, grouping
    labels, keywords, functions and variables are taken out)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)                         # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)                                 # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)                                # ranges
    expr = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)   # grouping labels
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", expr):
        following = expr[match.end():].lstrip()[:1]
        if following != "(" and match.group() not in KEYWORDS and not match.group().startswith("$"):
            names.add(match.group())
    return names


def api(path, **params):
    return prometheus_api.api(prometheus, path, **params)


def series_with_data(expr):
    """The label sets of the series (or the scalar, as {}) the query returns with a value that is not NaN."""
    data = api("query", query=expr)
    results = [{"value": data["result"]}] if data["resultType"] == "scalar" else data["result"]
    return [r.get("metric", {}) for r in results if not math.isnan(float(r["value"][1]))]


def exists(metric):
    return bool(series_with_data(f'count({{__name__="{metric}"}})'))


def panels(node):
    """Every panel but rows, those inside collapsed rows too."""
    for panel in node.get("panels", []):
        if panel.get("type") == "row":
            yield from panels(panel)
        else:
            yield panel


prometheus, dashboard_path, lookback = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
dashboard = json.load(open(dashboard_path))
variables = [v["name"] for v in dashboard.get("templating", {}).get("list", [])]


def resolve(expr):
    """The query as Grafana sends it with every variable at "All" (multi-value regexes: .*) and the time range."""
    for name in variables:
        expr = re.sub(r"\$\{" + name + r"\}|\$" + name + r"\b", ".*", expr)
    for name in ("$__rate_interval", "$__interval", "$__range"):
        expr = expr.replace(name, lookback)
    return expr


failures = errors = 0   # failed checks (panels without data first), queries Prometheus refuses
every_panel = list(panels(dashboard))
for panel in every_panel:
    title = panel.get("title", "(untitled)")
    allowed = EMPTY_ALLOWED.get(title, {})
    targets = [(t.get("refId", "?"), resolve(t["expr"])) for t in panel.get("targets", []) if t.get("expr")]
    try:
        found = {ref: series_with_data(expr) for ref, expr in targets}
    except ValueError as e:
        errors += 1
        print(f"FAIL           {title}: Prometheus refuses a query: {e}")
        continue
    notes, empty = [], []
    for ref, expr in targets:
        if found[ref]:
            if allowed:   # an error panel with data names what happened
                notes.append(f"{ref}: " + " ".join("{" + ", ".join(f'{k}="{v}"' for k, v in s.items()) + "}"
                                                   for s in found[ref]))
            continue
        missing = [name for name in sorted(metric_names(expr)) if not exists(name)]
        reason = allowed.get(ref) or allowed.get("*")
        if reason and not missing:
            notes.append(f"{ref} empty: {reason} (its metrics exist)")
        else:
            why = f"metrics not in Prometheus: {', '.join(missing)}" if missing else "its metrics exist, the query is empty"
            empty.append(f"{ref}: no data; {why}: {expr}")
    if empty:
        failures += 1
        print(f"FAIL           {title}")
        for line in empty:
            print(f"                 {line}")
    else:
        print(f"ok             {title} ({len(targets)} queries){': ' + '; '.join(notes) if notes else ''}")

print(f"{len(every_panel)} panels: {len(every_panel) - failures - errors} with data in every query (or allowed empty), "
      f"{failures} with a query without data, {errors} with a query Prometheus refuses")

for variable in dashboard.get("templating", {}).get("list", []):
    query = variable.get("query")
    query = query.get("query") if isinstance(query, dict) else query
    match = re.fullmatch(r"\s*label_values\(\s*([^,]+?)\s*,\s*(\w+)\s*\)\s*", query or "")
    if not match:
        continue
    selector, label = match.groups()
    found = {series.get(label) for series in api("series", **{"match[]": selector})} - {None}
    scraped = {t["labels"].get(label) for t in api("targets")["activeTargets"]}
    if found & scraped:
        print(f"ok             variable ${variable['name']}: {query.strip()} finds {', '.join(sorted(found))}")
    else:
        failures += 1
        print(f"FAIL           variable ${variable['name']}: {query.strip()} finds {sorted(found)}, "
              f"not a scraped target's {label} ({sorted(scraped - {None})})")

# The alert rules Prometheus evaluates: a rule on a metric that does not exist would never fire
rule_metrics = {name for group in api("rules")["groups"] for rule in group["rules"] for name in metric_names(rule["query"])}
missing = sorted(name for name in rule_metrics if not exists(name))
failures += bool(missing)
print(f"FAIL           alert rules name metrics not in Prometheus: {', '.join(missing)}" if missing else
      f"ok             the {len(rule_metrics)} metrics the alert rules name exist")
sys.exit(1 if failures or errors else 0)
