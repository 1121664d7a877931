"""Helpers to write table-driven Rhai case files (same format as shared/conformance/rhai-public.json)."""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

def f64(x):
    return {"f64": x}

def ch(c):
    return {"char": c}

def ok(name, script, expect, checks=""):
    return {"name": name, "script": script, "expect": expect, "checks": checks}

def er(name, script, variant, at=None, checks="", wrapped=None, engine=None):
    c = {"name": name, "script": script, "expectError": variant, "at": at, "checks": checks}
    if wrapped:
        c["wrappedIn"] = wrapped
    if engine:
        c["engine"] = engine
    return c

def write(filename, cases):
    names = set()
    for c in cases:
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
    with open(os.path.join(OUT, filename), "w") as fh:
        json.dump(cases, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print(filename, len(cases))
