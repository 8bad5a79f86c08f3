# Draws the entity held-out and tuning samples from news-articles (seeded, reproducible).
import json, random, collections
from urllib.parse import urlparse
import sys
recs = [json.loads(l) for l in open(sys.argv[1] if len(sys.argv) > 1 else '/work/corpora/news-articles/articles.jsonl')]
ok = [r for r in recs if r['text'] and r['title'] and 120 <= len(r['text'].split()) <= 600]
by = collections.defaultdict(list)
for r in ok: by[urlparse(r['url']).netloc].append(r)
rng = random.Random(20261205)
held, tune = [], []
for host in sorted(by):
    pool = by[host][:]; rng.shuffle(pool)
    held += pool[:3] if host not in ('europe.chinadaily.com.cn', 'www.cnn.com') else pool[:1]
    tune += pool[5:9]
held = held[:20]
for name, s in (('heldout', held), ('tuning', tune)):
    with open(f'{name}.jsonl', 'w') as f:
        for r in s: f.write(json.dumps(r, ensure_ascii=False) + '\n')
    print(name, len(s), collections.Counter(urlparse(r['url']).netloc for r in s))
