"""Checks that every metric a Grafana dashboard or a Prometheus rule file queries appears in a scrape.
Usage: python3 scripts/queried_metrics.py SCRAPE_FILE DASHBOARD.json|RULES.yml ...
Prints each queried metric name with whether the scrape has it; exits 1 if any is missing."""
import json
import re
import sys

import yaml

KEYWORDS = {"by", "without", "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "bool", "offset"}
SYNTHETIC = {"up"}  # written by Prometheus itself, never by the service


def expressions(path):
    if path.endswith(".json"):
        def walk(node):
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "expr" and isinstance(value, str):
                        yield value
                    else:
                        yield from walk(value)
            elif isinstance(node, list):
                for item in node:
                    yield from walk(item)
        yield from walk(json.load(open(path)))
    else:
        for group in yaml.safe_load(open(path))["groups"]:
            for rule in group["rules"]:
                yield rule["expr"]


def metric_names(expr):
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)                         # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)                                 # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)                                # ranges
    expr = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)   # grouping labels
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", expr):
        following = expr[match.end():].lstrip()[:1]
        if following != "(" and match.group() not in KEYWORDS and not match.group().startswith("$"):
            names.add(match.group())
    return names - SYNTHETIC


scrape = {line.split("{")[0].split(" ")[0] for line in open(sys.argv[1]) if line.strip() and not line.startswith("#")}
missing = 0
for path in sys.argv[2:]:
    queried = set().union(*(metric_names(e) for e in expressions(path)))
    for name in sorted(queried):
        present = name in scrape
        missing += not present
        print(f"{'ok     ' if present else 'MISSING'} {name}  ({path})")
sys.exit(1 if missing else 0)
