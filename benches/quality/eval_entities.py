#!/usr/bin/env python3
"""Typed, entity-level precision and recall of newsdesk's entities (and spaCy's, if given)
against a hand-annotated sample (benches/quality/entities-*.json). Standard library only.

    python3 benches/quality/eval_entities.py GOLD.json SAMPLE.jsonl [--spacy SPACY.json]
        [--newsdesk target/release/newsdesk] [--errors]

SAMPLE.jsonl holds the sample's articles (see docs/entities.md for how to rebuild it). An entity
of one article is found when a predicted entity of the same kind shares a surface form with it
(ignoring case, a leading "the" and a possessive 's). Only persons, organisations, places and
events are scored: other kinds are left out on both sides."""
import argparse, collections, json, subprocess, sys

KINDS = ("person", "organisation", "place", "event")
SPACY = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place", "EVENT": "event"}


def norm(s):
    s = " ".join(s.replace("’", "'").split()).strip(" .,;:'\"()")
    if s.lower().startswith("the "):
        s = s[4:]
    for suffix in ("'s", "'"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    return s.lower()


def ours(binary, sample):
    out = subprocess.run([binary, "list", sample, "--format", "jsonl"], capture_output=True, text=True, check=True)
    ids = [json.loads(line)["id"] for line in open(sample)]
    found = {}
    for line in out.stdout.splitlines():
        a = json.loads(line)
        # The record's own id, by its line in the sample ("sample.jsonl:12").
        found[ids[int(a["path"].rsplit(":", 1)[1]) - 1]] = [(e["kind"], {norm(f) for f in e.get("forms", []) + [e["name"]]}, e["name"]) for e in a["entities"] if e["kind"] in KINDS]
    return found


def spacy(path):
    found = {}
    for a in json.load(open(path))["articles"]:
        groups = collections.OrderedDict()
        for e in a["entities"]:
            kind = SPACY.get(e["label"])
            if kind:
                groups.setdefault((kind, norm(e["text"])), e["text"])
        found[a["id"]] = [(k, {n}, text) for (k, n), text in groups.items()]
    return found


def score(gold, found, typed=True, errors=False):
    tp_pred = collections.Counter(); n_pred = collections.Counter()
    tp_gold = collections.Counter(); n_gold = collections.Counter()
    for a in gold["articles"]:
        golds = [(e["kind"], {norm(s) for s in e["surfaces"] + [e["name"]]}, e["name"]) for e in a["entities"]]
        preds = found.get(a["id"], [])
        same = lambda p, g: (p[0] == g[0] or not typed) and p[1] & g[1]
        for p in preds:
            n_pred[p[0]] += 1
            if any(same(p, g) for g in golds):
                tp_pred[p[0]] += 1
            elif errors:
                print(f"  FP {a['id']}: {p[2]} ({p[0]})")
        for g in golds:
            n_gold[g[0]] += 1
            if any(same(p, g) for p in preds):
                tp_gold[g[0]] += 1
            elif errors:
                print(f"  FN {a['id']}: {g[2]} ({g[0]})")
    rows = {}
    for k in KINDS + ("all",):
        pick = (lambda c: sum(c.values())) if k == "all" else (lambda c: c[k])
        p = pick(tp_pred) / pick(n_pred) if pick(n_pred) else float("nan")
        r = pick(tp_gold) / pick(n_gold) if pick(n_gold) else float("nan")
        rows[k] = (pick(n_gold), pick(n_pred), p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold"); ap.add_argument("sample")
    ap.add_argument("--spacy"); ap.add_argument("--newsdesk", default="target/release/newsdesk")
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    gold = json.load(open(args.gold))
    systems = [("newsdesk", ours(args.newsdesk, args.sample))]
    if args.spacy:
        systems.append((f"spaCy {json.load(open(args.spacy))['model']}", spacy(args.spacy)))
    print(f"{len(gold['articles'])} articles")
    print("| system | kind | gold | found | precision | recall | F1 |\n|---|---|---:|---:|---:|---:|---:|")
    for name, found in systems:
        for k, (g, f, p, r, f1) in score(gold, found).items():
            print(f"| {name} | {k} | {g} | {f} | {p:.2f} | {r:.2f} | {f1:.2f} |")
        g, f, p, r, f1 = score(gold, found, typed=False)["all"]
        print(f"| {name} | all, kind ignored | {g} | {f} | {p:.2f} | {r:.2f} | {f1:.2f} |")
    if args.errors:
        print("errors of newsdesk:")
        score(gold, systems[0][1], errors=True)


if __name__ == "__main__":
    sys.exit(main())
