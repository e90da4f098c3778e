#!/usr/bin/env python3
"""Small helpers for bench/run.sh (standard library only).

  tool.py free-port                     a free TCP port on 127.0.0.1
  tool.py http-get URL [OUT]            prints the status code (000 if unreachable); writes the body to OUT
  tool.py wrk FILE                      wrk --latency output -> JSON {rps, p50_ms, ..., non_2xx, socket_errors}
  tool.py get FILE PATH                 the value at PATH (a.b.c) of a JSON file; "null" when absent
  tool.py obj KEY=TEXT KEY:=JSON KEY=@FILE @FILE...
                                        a JSON object: a string, a JSON value, a JSON file's value; a bare
                                        @FILE merges that file's object in
"""
import json
import re
import socket
import sys
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def http_get(url, out=None):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy
    try:
        with opener.open(url, timeout=5) as r:
            body, code = r.read(), r.status
    except urllib.error.HTTPError as e:
        body, code = e.read(), e.code
    except Exception:
        print("000")
        return
    if out:
        with open(out, "wb") as f:
            f.write(body)
    print(code)


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def _ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not m:
        raise ValueError(f"unexpected duration {text!r}")
    return round(float(m[1]) * _UNITS_MS[m[2]], 3)


def wrk(path):
    text = open(path).read()
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not m:
        sys.exit(f"tool.py: no Requests/sec in {path}")
    out = {"rps": round(float(m[1]), 1)}
    for p in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{p}(?:\.000)?%\s+(\S+)", text, re.M)
        out[f"p{p}_ms"] = _ms(m[1]) if m else None
    m = re.search(r"(\d+) requests in ([\d.]+\w+)", text)
    out["requests"] = int(m[1]) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out["non_2xx"] = int(m[1]) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = sum(int(g) for g in m.groups()) if m else 0
    print(json.dumps(out))


def get(path, dotted):
    value = json.load(open(path))
    for key in dotted.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    print(value if isinstance(value, str) else json.dumps(value))


def obj(pairs):
    out = {}
    for pair in pairs:
        if pair.startswith("@"):
            with open(pair[1:]) as f:
                out.update(json.load(f))
            continue
        key, _, raw = pair.partition("=")
        if key.endswith(":"):
            out[key[:-1]] = json.loads(raw)
        elif raw.startswith("@"):
            with open(raw[1:]) as f:
                text = f.read().strip()
            out[key] = json.loads(text) if text else None
        else:
            out[key] = raw
    print(json.dumps(out))


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "free-port":
        free_port()
    elif cmd == "http-get" and len(args) in (1, 2):
        http_get(*args)
    elif cmd == "wrk" and len(args) == 1:
        wrk(args[0])
    elif cmd == "get" and len(args) == 2:
        get(*args)
    elif cmd == "obj":
        obj(args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
