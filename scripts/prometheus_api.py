"""Prometheus's HTTP API for the CI scripts (scripts/dashboard_data.py, scripts/observability_check.sh). Standard
library only."""
import json
import urllib.error
import urllib.parse
import urllib.request


def api(prometheus, path, **params):
    """Prometheus's answer to GET /api/v1/PATH: its data, or raises ValueError with Prometheus's error."""
    url = f"{prometheus.rstrip('/')}/api/v1/{path}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as e:   # Prometheus answers a bad query with 400 and a JSON error
        answer = json.load(e)
    if answer["status"] != "success":
        raise ValueError(f"{answer.get('errorType')}: {answer.get('error')}")
    return answer["data"]


def value(prometheus, query):
    """The value of the first series the instant query returns, or None when it returns none."""
    result = api(prometheus, "query", query=query)["result"]
    return float(result[0]["value"][1]) if result else None
