#!/usr/bin/env python3
"""Fills {{ name }} placeholders in a template (the Jinja2 subset our templates use).

usage: render_template.py TEMPLATE OUTPUT name=value [name=value ...]
Fails, naming them, when the template uses a placeholder without a value or a value is never used.
"""
import re
import sys

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def render(text, values):
    used, missing = set(), set()

    def fill(match):
        name = match.group(1)
        if name not in values:
            missing.add(name)
            return match.group(0)
        used.add(name)
        return values[name]

    out = PLACEHOLDER.sub(fill, text)
    unused = set(values) - used
    if missing or unused:
        raise ValueError("missing values: %s; unused values: %s"
                         % (sorted(missing) or "none", sorted(unused) or "none"))
    return out


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.strip())
    template, output = argv[1], argv[2]
    values = {}
    for pair in argv[3:]:
        name, sep, value = pair.partition("=")
        if not sep:
            sys.exit("render_template.py: expected name=value, got %r" % pair)
        values[name] = value
    with open(template) as f:
        text = f.read()
    try:
        out = render(text, values)
    except ValueError as e:
        sys.exit("render_template.py: %s: %s" % (template, e))
    with open(output, "w") as f:
        f.write(out)


if __name__ == "__main__":
    main(sys.argv)
