import re,collections,sys
txt=open(sys.argv[1]).read()
evs=txt.split('jdk.ExecutionSample')
top=collections.Counter(); incl=collections.Counter()
for e in evs[1:]:
    fr=re.findall(r'^\s+([\w.$<>]+)\(.*?\)\s+line:',e,re.M)
    if not fr: continue
    top[fr[0]]+=1
    for f in set(fr):
        incl[f]+=1
n=sum(top.values())
print(n)
for f,c in top.most_common(int(sys.argv[2]) if len(sys.argv)>2 else 25): print(f"{c/n*100:5.1f} {f}")
print('--incl')
for f,c in incl.most_common(45): print(f"{c/n*100:5.1f} {f}")
