import json, sys, statistics
def load(p):
    out = {}
    for r in json.load(open(p)):
        name = r['benchmark'].split('.')[-2] + '.' + r['benchmark'].split('.')[-1]
        params = ','.join(f"{k}={v}" for k, v in sorted(r.get('params', {}).items()) if k != 'backend')
        raw = [x for fork in r['primaryMetric']['rawData'] for x in fork]
        out[(name, params)] = (statistics.median(raw), r['primaryMetric']['scoreUnit'], min(raw), max(raw))
    return out
rounds = sys.argv[1:]
rows = {}
for rd in rounds:
    a, b = load(f'base-{rd}.json'), load(f'branch-{rd}.json')
    for k in a:
        if k in b:
            rows.setdefault(k, []).append((a[k], b[k]))
print('| benchmark | params | unit | ' + ' | '.join(f'base {r} (median) | branch {r} (median) | branch/base {r}' for r in rounds) + ' |')
print('|---|---|---|' + '---|---|---|' * len(rounds))
for k in sorted(rows):
    cells = []
    for (ba, br) in rows[k]:
        ratio = br[0] / ba[0]
        cells += [f'{ba[0]:.3f}', f'{br[0]:.3f}', f'{ratio:.2f}']
    print(f'| {k[0]} | {k[1]} | {rows[k][0][0][1]} | ' + ' | '.join(cells) + ' |')
