"""The server's CPU by thread kind between two `threads` snapshots of bench/connect-flood.sh, and how
long its event loops waited for a core (schedstat run-queue time), per measured run:

    python3 bench/threads.py OUT CLK_TCK RUN START END [RUN START END ...]

reads OUT/RUN0.threads (taken at START, epoch seconds) and OUT/RUN1.threads (at END), lines of
"name CPU-ticks nanoseconds-waited"."""
import collections
import sys

KINDS = (('vert.x-eventloo', 'event loops'), ('vert.x-acceptor', 'acceptor'), ('C1_Compiler', 'JIT'),
         ('C2_Compiler', 'JIT'), ('GC_Thread', 'GC'), ('G1_', 'GC'))


def kind(name):
    return next((k for prefix, k in KINDS if name.startswith(prefix)), 'other')


def snapshot(path):
    by_name = collections.defaultdict(list)
    for line in open(path):
        name, ticks, waited = line.split()
        by_name[name].append((int(ticks), int(waited)))
    return by_name


def run(out, hz, name, seconds):
    before, after = snapshot(f'{out}/{name}0.threads'), snapshot(f'{out}/{name}1.threads')
    cpu, wait = collections.Counter(), collections.Counter()
    for thread, readings in after.items():
        # Threads of one name are matched in /proc's order (by id); one started since counts from zero.
        earlier = before.get(thread, [])
        for i, (ticks, waited) in enumerate(readings):
            t0, w0 = earlier[i] if i < len(earlier) else (0, 0)
            cpu[kind(thread)] += ticks - t0
            wait[kind(thread)] += waited - w0
    rest = ', '.join('%s %.2f' % (k, cpu[k] / hz / seconds) for k in ('acceptor', 'JIT', 'GC', 'other'))
    return '%s: event loops %.2f cores, waited for a core %.0f ms a second (all loops summed); %s' % (
        name, cpu['event loops'] / hz / seconds, wait['event loops'] / 1e6 / seconds, rest)


out, hz, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print('\n                        '.join(run(out, hz, runs[i], float(runs[i + 2]) - float(runs[i + 1]))
                                     for i in range(0, len(runs), 3)))
