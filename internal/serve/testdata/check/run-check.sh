#!/bin/bash
# Issue 23's check on a real weekly serve: 50 scripted x/crypto clients
# (hostile/: garbage, a 10000x10000 window, a 500/s resize storm, the huge
# window's storm, one that never reads, 45 honest 120x32 readers) beside Ann
# and Bob on OpenSSH in tmux (120x32), who write blurbs and send their cards
# to a section, 15 times each. It prints the server's peak resident size,
# what a login after the run sees, and which of the editors' blurbs are in
# the draft after the server stopped (SIGTERM).
#
#   WEEKLY=/path/to/weekly HOSTILE=/path/to/hostile ./run-check.sh WORKDIR [hostile flags, e.g. -c1=false]
set -e
W=${WEEKLY:?weekly binary}; H=${HOSTILE:?hostile binary}
mkdir -p "$1" && cd "$1"; shift
rm -rf drafts keys && mkdir -p drafts/.weekly keys && chmod 700 drafts/.weekly
$W --dir drafts new 9 --newsletter "Test Weekly" --date 2024-03-24 >/dev/null 2>&1
for i in $(seq 0 199); do echo "https://example.com/post/$i"; done | $W --dir drafts add 9 --no-fetch - >/dev/null
ssh-keygen -q -t ed25519 -N "" -f keys/ann && ssh-keygen -q -t ed25519 -N "" -f keys/bob
$H -keys hostile.keys -seed hostile.seed -n 50
{ echo "$(cut -d' ' -f1,2 keys/ann.pub) Ann"; echo "$(cut -d' ' -f1,2 keys/bob.pub) Bob"; cat hostile.keys; } > drafts/.weekly/authorized_keys
chmod 600 drafts/.weekly/authorized_keys
set +e
$W --dir drafts serve 9 --listen 127.0.0.1:23299 --max-sessions 64 > serve.log 2>&1 &
SERVER=$!
sleep 1
SSHO="-F /dev/null -p 23299 -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
tmux new-session -d -s ann -x 120 -y 32 "ssh -t $SSHO -i keys/ann ann@127.0.0.1"
tmux new-session -d -s bob -x 120 -y 32 "ssh -t $SSHO -i keys/bob bob@127.0.0.1"
sleep 3
tmux send-keys -t bob -l "$(printf 'j%.0s' $(seq 1 100))"   # Bob works from the 101st card down
$H -addr 127.0.0.1:23299 -seed hostile.seed -n 50 -for 120s "$@" > hostile.log 2>&1 &
CLIENTS=$!
sleep 15
for i in $(seq 1 15); do   # enter: the blurb's editor; esc (and a person's pause): done; 1 or 2: to News or Tools
  for who in ann bob; do
    col=1; [ $who = bob ] && col=2
    tmux send-keys -t $who Enter; sleep 0.4
    tmux send-keys -t $who -l "$who blurb $i"; sleep 0.4
    tmux send-keys -t $who Escape; sleep 1.0
    tmux send-keys -t $who $col; sleep 0.4
  done
done
wait $CLIENTS
echo "peak after the run: $(grep VmHWM /proc/$SERVER/status)"
tmux new-session -d -s late -x 100 -y 30 "ssh -t $SSHO -i keys/ann ann@127.0.0.1"
sleep 4
echo "a login after the run sees: $(tmux capture-pane -p -t late | head -1)"
echo "https://late.example/one" | ssh $SSHO -i keys/bob bob@127.0.0.1 add -
for t in late ann bob; do tmux send-keys -t $t Escape; done; sleep 1.5
for t in late ann bob; do tmux send-keys -t $t q; done; sleep 3
echo "peak at the end: $(grep VmHWM /proc/$SERVER/status)"
kill -TERM $SERVER; wait $SERVER
python3 - <<'PY'
import json, re
d = json.load(open('drafts/9.json'))
cols = [('Inbox', d.get('inbox', []))] + [(s['name'], s.get('items', [])) for s in d['sections']]
blurbs = ' | '.join(it.get('blurb', '') for c, its in cols for it in its)
for who in ['ann', 'bob']:
    print(who, 'typed and in the draft:', sorted(set(int(m.group(1)) for m in re.finditer(who + r' blurb (\d+)', blurbs))))
print('cards per column', [(c, len(its)) for c, its in cols])
PY
echo "late link in the draft: $(grep -c late.example drafts/9.json)"
