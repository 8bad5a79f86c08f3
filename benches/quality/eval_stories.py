#!/usr/bin/env python3
"""B-cubed precision, recall and F1 of `newsdesk stories` against the hand-labelled stories
(benches/quality/stories.json), beside a plain TF-IDF cosine baseline computed in the same run.
Standard library only.

    python3 benches/quality/eval_stories.py CORPUS.jsonl [--split heldout|tuning]
        [--newsdesk target/release/newsdesk] [--join X --cohesion Y --days D]

The articles scored are those of the split's stories and their near misses; a near miss in no
labelled story is a story of its own. The baseline groups the same articles (and only them,
which favours it: it meets no distractors) by single link over the cosine of TF-IDF vectors
of title and text, at the threshold best on the tuning split."""
import argparse, collections, json, math, os, re, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def bcubed(gold, pred, items):
    p = r = 0.0
    for i in items:
        g = {j for j in items if gold[j] == gold[i]}
        c = {j for j in items if pred[j] == pred[i]}
        both = len(g & c)
        p += both / len(c)
        r += both / len(g)
    p, r = p / len(items), r / len(items)
    return p, r, 2 * p * r / (p + r)


def labelled(split):
    stories = json.load(open(os.path.join(HERE, "stories.json")))["stories"]
    gold = {}
    for s in stories:
        for a in s["articles"]:
            gold[a] = s["key"]
    items = set()
    for s in stories:
        if s["split"] == split:
            items.update(s["articles"])
            items.update(m["id"] for m in s["near_misses"])
    for i in items:
        gold.setdefault(i, "alone:" + i)
    return gold, sorted(items)


def ours(binary, corpus, extra):
    out = subprocess.run([binary, "stories", corpus, "--format", "json"] + extra, capture_output=True, text=True, check=True)
    ids = [json.loads(line)["id"] for line in open(corpus)]
    pred = {}
    for n, story in enumerate(json.loads(out.stdout)):
        for a in story["articles"]:
            pred[ids[int(a["path"].rsplit(":", 1)[1]) - 1]] = n
    return pred


def baseline(corpus, items, threshold):
    recs = {json.loads(l)["id"]: json.loads(l) for l in open(corpus)}
    docs = {i: re.findall(r"[a-z0-9]{3,}", ((recs[i]["title"] or "") + " " + (recs[i]["text"] or "")).lower()) for i in items}
    df = collections.Counter(w for d in docs.values() for w in set(d))
    n = len(docs)
    vec = {}
    for i, d in docs.items():
        tf = collections.Counter(d)
        v = {w: (1 + math.log(c)) * math.log(n / df[w]) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vec[i] = {w: x / norm for w, x in v.items()}
    parent = {i: i for i in items}
    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]; i = parent[i]
        return i
    for x in range(len(items)):
        for y in range(x + 1, len(items)):
            a, b = vec[items[x]], vec[items[y]]
            if len(a) > len(b):
                a, b = b, a
            if sum(w * b.get(t, 0.0) for t, w in a.items()) >= threshold:
                parent[find(items[x])] = find(items[y])
    return {i: find(i) for i in items}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus"); ap.add_argument("--split", default="heldout")
    ap.add_argument("--newsdesk", default="target/release/newsdesk")
    ap.add_argument("--join"); ap.add_argument("--cohesion"); ap.add_argument("--days")
    args = ap.parse_args()
    extra = sum(([f"--{k}", str(getattr(args, k))] for k in ("join", "cohesion", "days") if getattr(args, k)), [])
    gold, items = labelled(args.split)
    pred = ours(args.newsdesk, args.corpus, extra)
    print(f"{args.split}: {len(items)} articles, {len(set(gold[i] for i in items))} gold groups")
    print("| system | B³ precision | B³ recall | B³ F1 |\n|---|---:|---:|---:|")
    p, r, f = bcubed(gold, pred, items)
    print(f"| newsdesk | {p:.3f} | {r:.3f} | {f:.3f} |")
    tgold, titems = labelled("tuning")
    best = max((bcubed(tgold, baseline(args.corpus, titems, t / 20), titems)[2], t / 20) for t in range(2, 18))[1]
    p, r, f = bcubed(gold, baseline(args.corpus, items, best), items)
    print(f"| TF-IDF cosine, single link ≥ {best:.2f} (best on tuning) | {p:.3f} | {r:.3f} | {f:.3f} |")


if __name__ == "__main__":
    main()
