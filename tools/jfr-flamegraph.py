#!/usr/bin/env python3
"""Draws a flame graph (SVG) of a JFR recording's CPU samples, and prints the methods with the
largest inclusive share. Needs the JDK's `jfr` tool (JAVA_HOME/bin/jfr or on the PATH).

  tools/jfr-flamegraph.py recording.jfr out.svg [--title T] [--top N] [--only PREFIX,...]

Samples of threads whose name starts with `main` or `background-preinit` are left out: they are
the start of the JVM, not its work under load.
"""
import argparse, collections, html, json, os, shutil, subprocess, sys

def samples(jfr_file):
    jfr = os.path.join(os.environ.get('JAVA_HOME', ''), 'bin', 'jfr')
    jfr = jfr if os.path.exists(jfr) else shutil.which('jfr')
    out = subprocess.run([jfr, 'print', '--json', '--stack-depth', '128', '--events', 'jdk.ExecutionSample',
                          jfr_file], capture_output=True, text=True, check=True).stdout
    for event in json.loads(out)['recording']['events']:
        values = event['values']
        thread = (values.get('sampledThread') or {}).get('javaName') or ''
        if thread.startswith(('main', 'background-preinit')) or not values.get('stackTrace'):
            continue
        frames = [f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name']
                  for f in values['stackTrace']['frames']]
        yield list(reversed(frames))

def tree(stacks):
    root = {'n': 0, 'c': {}}
    for stack in stacks:
        node = root
        node['n'] += 1
        for frame in stack:
            node = node['c'].setdefault(frame, {'n': 0, 'c': {}})
            node['n'] += 1
    return root

def svg(root, title, width=1600, row=16):
    rects = []
    def walk(node, name, x, depth):
        w = node['n'] / root['n'] * width
        if w < 4:
            return
        rects.append((x, depth, w, name, node['n']))
        cx = x
        for child, sub in sorted(node['c'].items(), key=lambda kv: -kv[1]['n']):
            walk(sub, child, cx, depth + 1)
            cx += sub['n'] / root['n'] * width
    walk(root, 'all', 0, 0)
    depth = max(r[1] for r in rects) + 1
    height = (depth + 2) * row
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="monospace" font-size="11">',
           f'<text x="4" y="12">{html.escape(title)} ({root["n"]} samples)</text>']
    for x, d, w, name, n in rects:
        y = height - (d + 1) * row
        short = '.'.join(name.split('.')[-2:])
        hue = 10 + (40 if name.startswith('dev.conveyor') else 0) + (sum(map(ord, short)) % 20)
        label = html.escape(short) if w > 60 else ''
        out.append(f'<g><title>{html.escape(short)}: {n} samples, {100 * n / root["n"]:.1f}%</title>'
                   f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 1}" fill="hsl({hue},85%,60%)"/>'
                   f'<text x="{x + 2:.1f}" y="{y + 11}" clip-path="inset(0)">{label[: int(w / 7)]}</text></g>')
    out.append('</svg>')
    return '\n'.join(out)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('recording'); parser.add_argument('svg')
    parser.add_argument('--title', default=''); parser.add_argument('--top', type=int, default=25)
    parser.add_argument('--only', default='dev.conveyor,org.h2,org.apache.kafka.clients.producer.KafkaProducer.send,'
                        'tools.jackson.databind.ObjectMapper.read,tools.jackson.databind.ObjectMapper.write',
                        help='comma-separated prefixes of the methods the top list shows')
    args = parser.parse_args()
    stacks = list(samples(args.recording))
    root = tree(stacks)
    with open(args.svg, 'w') as f:
        f.write(svg(root, args.title or os.path.basename(args.recording)))
    inclusive = collections.Counter()
    for stack in stacks:
        for frame in set(stack):
            inclusive[frame] += 1
    print(f'{len(stacks)} samples')
    prefixes = tuple(args.only.split(','))
    shown = [(frame, n) for frame, n in inclusive.most_common() if frame.startswith(prefixes)]
    for frame, n in shown[: args.top]:
        print(f'{100 * n / len(stacks):5.1f}%  {frame}')

if __name__ == '__main__':
    sys.exit(main())
