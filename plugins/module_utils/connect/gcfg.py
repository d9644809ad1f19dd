# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Round-trip model of gcfg files (Go ``gopkg.in/gcfg.v1``, the parser Posit Connect uses).

Standard library only: modules import this on managed hosts.

The parser follows gcfg's scanner and reader rule for rule:

* ``[Name]`` and ``[Name "subsection"]`` headers; names start with a letter and continue with
  letters, digits and ``-``; ``[a.b]``, ``[a ""]``, ``[]`` are errors; a variable before any
  section is an error.
* Section and variable names compare case-insensitively, with ``-`` equal to ``_``; subsection
  names are case-sensitive. A header may appear more than once; its variables accumulate.
* ``name = value``; ``name`` alone is a *blank* variable (``true`` for a bool, and for a
  multi-valued variable it empties the list collected so far). ``name =`` with nothing after it
  is an empty string, not a blank.
* ``;`` and ``#`` start a comment outside double quotes. In a value, quotes may open and close
  anywhere; inside them only ``\\\\ \\" \\n \\t`` are escapes. Outside quotes a backslash may only
  precede a newline (continuation) or ``"``. Values are trimmed of unquoted blanks.
* UTF-8, NUL is an error, CRLF is accepted, one leading BOM is skipped.

The document keeps every byte it does not change: rendering an unmodified document returns the
input unchanged. Malformed input raises :class:`GcfgError` with the line number.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import unicodedata

BOM = u'\ufeff'
_WS = ' \t\r'


class GcfgError(ValueError):
    """A malformed gcfg document; ``lineno`` is 1-based."""

    def __init__(self, lineno, message):
        self.lineno = lineno
        self.message = message
        super(GcfgError, self).__init__('line %d: %s' % (lineno, message))


TRUE_WORDS = ('true', 'yes', 'on', '1')
FALSE_WORDS = ('false', 'no', 'off', '0')


def parse_bool(value):
    """A gcfg boolean: true/yes/on/1, false/no/off/0 (any case); a bare name (``True``) is true.

    Returns ``None`` for anything else (gcfg would refuse the file) and for ``None`` (unset).
    """
    if value is True:
        return True
    if value is None:
        return None
    # No trimming: gcfg compares the decoded value as it is, so a quoted " true " is refused.
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _fold_char(ch):
    # Go's strings.EqualFold uses Unicode simple case folding: the Kelvin sign folds to "k" and
    # the long s to "s", but "\u00df" does not become "ss". A one-character casefold() is the
    # simple folding; a longer one (a full folding) falls back to lower().
    folded = ch.casefold()
    return folded if len(folded) == 1 else ch.lower()


def fold(name):
    """gcfg's name comparison key: case-insensitive (Go's EqualFold), ``-`` equals ``_``."""
    return u''.join(_fold_char(ch) for ch in name).replace('-', '_')


def _is_letter(ch):
    """Go's scanner: ASCII letters, and from U+0080 on ``unicode.IsLetter`` (categories L*)."""
    if ch < u'\x80':
        return 'a' <= ch <= 'z' or 'A' <= ch <= 'Z'
    return unicodedata.category(ch).startswith('L')


def _is_digit(ch):
    """Go's scanner: ASCII digits, and from U+0080 on ``unicode.IsDigit`` (category Nd only:
    a superscript two is not a digit, an Arabic-Indic or fullwidth digit is)."""
    if ch < u'\x80':
        return '0' <= ch <= '9'
    return unicodedata.category(ch) == 'Nd'


def _is_ident_char(ch):
    return _is_letter(ch) or _is_digit(ch) or ch == '-'


_UNESCAPE = {'\\': '\\', '"': '"', 'n': '\n', 't': '\t'}


def unquote(raw):
    """Decode a raw value as gcfg does (quotes removed, escapes and continuations resolved)."""
    out = []
    quoted = escaped = False
    for ch in raw.replace('\r', ''):
        if escaped:
            escaped = False
            if ch in _UNESCAPE:
                out.append(_UNESCAPE[ch])
            # an unquoted backslash-newline is a continuation: both vanish
            continue
        if ch == '"':
            quoted = not quoted
        elif ch == '\\':
            escaped = True
        else:
            out.append(ch)
    return u''.join(out)


def needs_quotes(value):
    return (value != value.strip(' \t') or any(c in value for c in ';#"\\\n\t')
            or value == '')


def quote(value):
    """Render ``value`` so that gcfg reads it back unchanged."""
    if not needs_quotes(value):
        return value
    escaped = (value.replace('\\', '\\\\').replace('"', '\\"')
               .replace('\n', '\\n').replace('\t', '\\t'))
    return u'"%s"' % escaped


def check_value(value):
    """Values gcfg cannot carry at all."""
    if u'\x00' in value:
        raise ValueError('a gcfg value cannot contain a NUL character')
    if '\r' in value:
        raise ValueError('a gcfg value cannot contain a carriage return')


class Line:
    """One logical line (a continuation makes it span several physical ones).

    ``kind`` is ``blank``, ``comment``, ``section`` or ``variable``. Variable lines keep the
    offsets of their value inside ``raw`` so that only the value is rewritten.
    """

    __slots__ = ('raw', 'kind', 'lineno', 'section', 'subsection', 'name', 'value',
                 'value_start', 'value_end', 'eol')

    def __init__(self, raw, kind, lineno, section=None, subsection=None, name=None, value=None,
                 value_start=None, value_end=None):
        self.raw = raw
        self.kind = kind
        self.lineno = lineno
        self.section = section
        self.subsection = subsection
        self.name = name
        self.value = value          # None for a blank variable (a bare name)
        self.value_start = value_start
        self.value_end = value_end
        # The line's own terminator ('' at end of file); a continuation's newline is not one.
        self.eol = '\r\n' if raw.endswith('\r\n') else ('\n' if raw.endswith('\n') else '')

    @property
    def indent(self):
        """The blanks before the line's first token (gcfg's blanks: space, tab and CR)."""
        return self.raw[:len(self.raw) - len(self.raw.lstrip(_WS))]

    def __repr__(self):
        return 'Line(%d, %s, %r)' % (self.lineno, self.kind, self.raw)


class _Scanner:
    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.lineno = 1

    def peek(self):
        return self.text[self.pos] if self.pos < len(self.text) else ''

    def skip_ws(self):
        while self.pos < len(self.text) and self.text[self.pos] in _WS:
            self.pos += 1

    def error(self, message):
        raise GcfgError(self.lineno, message)

    def rest_of_line(self):
        """Consume an optional comment and the newline; error on anything else."""
        self.skip_ws()
        ch = self.peek()
        if ch in (';', '#'):
            while self.pos < len(self.text) and self.text[self.pos] != '\n':
                self.pos += 1
            ch = self.peek()
        if ch == '\n':
            self.pos += 1
            return True
        if ch != '':
            self.error('expected end of line or comment, found %r' % ch)
        return False

    def identifier(self):
        start = self.pos
        while self.pos < len(self.text) and _is_ident_char(self.text[self.pos]):
            self.pos += 1
        return self.text[start:self.pos]

    def subsection(self):
        """A quoted subsection name (only \\\\ and \\" escapes, no newline)."""
        self.pos += 1  # opening quote
        out = []
        while True:
            ch = self.peek()
            if ch in ('', '\n'):
                self.error('subsection name: string not terminated')
            self.pos += 1
            if ch == '"':
                return u''.join(out)
            if ch == '\\':
                esc = self.peek()
                if esc not in ('\\', '"'):
                    self.error('subsection name: unknown escape sequence \\%s' % esc)
                self.pos += 1
                out.append(esc)
            else:
                out.append(ch)

    def value(self):
        """gcfg's scanValString: returns (start, end) of the raw value."""
        start = end = self.pos
        quoted = False
        first_line = self.lineno  # gcfg reports value errors where the value starts
        while True:
            ch = self.peek()
            if not quoted and ch in ('', '\n', ';', '#'):
                break
            if ch == '' or (quoted and ch == '\n'):
                raise GcfgError(first_line, 'value: string not terminated (missing closing ")')
            self.pos += 1
            if quoted and ch == '\\':
                esc = self.peek()
                if esc not in ('\\', '"', 'n', 't'):
                    self.error('value: unknown escape sequence \\%s inside quotes' % esc)
                self.pos += 1
            elif not quoted and ch == '\\':
                if self.peek() == '\r':
                    self.pos += 1
                nxt = self.peek()
                if nxt not in ('\n', '"'):
                    raise GcfgError(first_line, "value: an unquoted '\\' must be followed by a "
                                    'new line or a double quote')
                self.pos += 1
                if nxt == '\n':
                    self.lineno += 1
            elif ch == '"':
                quoted = not quoted
            if quoted or ch not in _WS:
                end = self.pos
        return start, end


# Field types of the struct gcfg reads into, as far as they decide whether a file loads.
BOOL = 'bool'        # bool: a bare name is true; else true/yes/on/1 or false/no/off/0, any case
STRING = 'string'    # string: any value; a bare name is an error ("blank value not supported")
MULTI = 'multi'      # []string: each line appends; a bare name empties the list


def check_types(lines, schema):
    """Raise :class:`GcfgError` for the first variable that gcfg cannot store in its field.

    ``schema`` maps section names to ``{variable name: BOOL | STRING | MULTI}``; names compare as
    gcfg compares them. Only plain sections count: gcfg ignores a subsection of a struct section,
    and unknown sections or variables are warnings (``gcfg.FatalOnly``), not errors.
    """
    folded = dict((fold(sec), dict((fold(k), t) for k, t in fields.items()))
                  for sec, fields in schema.items())
    for line in lines:
        if line.kind != 'variable' or line.subsection is not None:
            continue
        kind = folded.get(fold(line.section), {}).get(fold(line.name))
        if kind == BOOL and line.value is not None and parse_bool(line.value) is None:
            raise GcfgError(line.lineno, '%s.%s = %r is not a boolean gcfg reads: use true/yes/on/1 '
                            'or false/no/off/0 (any case, no blanks inside quotes)'
                            % (line.section, line.name, line.value))
        if kind == STRING and line.value is None:
            raise GcfgError(line.lineno, 'a bare %s.%s line (a name without "= value") is an '
                            'error for gcfg: give it a value or remove the line'
                            % (line.section, line.name))


class Document:
    """A parsed gcfg file that renders back byte for byte."""

    def __init__(self, lines=None, bom=u''):
        self.lines = lines if lines is not None else []
        self.bom = bom

    # ------------------------------------------------------------------ parsing
    @classmethod
    def parse(cls, text, schema=None):
        """Parse ``text`` (str or UTF-8 bytes).

        With a ``schema`` (see :func:`check_types`) the typed variables are checked too, and the
        first error in file order is raised, a type error or a syntax error, as gcfg's reader
        reports it.
        """
        if isinstance(text, bytes):
            try:
                text = text.decode('utf-8')
            except UnicodeDecodeError as exc:
                lineno = text[:exc.start].count(b'\n') + 1
                raise GcfgError(lineno, 'invalid UTF-8 encoding')
        bom = u''
        if text.startswith(BOM):
            bom, text = BOM, text[1:]
        if u'\x00' in text:
            raise GcfgError(text[:text.index(u'\x00')].count('\n') + 1, 'illegal character NUL')
        lines = []
        try:
            cls._scan(text, lines)
        except GcfgError:
            if schema:
                check_types(lines, schema)  # a type error on an earlier line comes first
            raise
        if schema:
            check_types(lines, schema)
        return cls(lines, bom)

    @staticmethod
    def _scan(text, lines):
        sc = _Scanner(text)
        section = subsection = None
        while sc.pos < len(text):
            start, lineno = sc.pos, sc.lineno
            sc.skip_ws()
            ch = sc.peek()
            if ch in ('', '\n', ';', '#'):
                kind = 'blank' if ch in ('', '\n') else 'comment'
                sc.rest_of_line()
                line = Line(text[start:sc.pos], kind, lineno)
            elif ch == '[':
                sc.pos += 1
                sc.skip_ws()
                if not _is_letter(sc.peek()):
                    sc.error('expected section name after "["')
                name = sc.identifier()
                sc.skip_ws()
                sub = None
                if sc.peek() == '"':
                    sub = sc.subsection()
                    if sub == '':
                        sc.error('empty subsection name in section [%s ""]' % name)
                    sc.skip_ws()
                if sc.peek() != ']':
                    found = sc.peek() or 'end of file'
                    sc.error('expected "]" to close section [%s, found %r' % (name, found))
                sc.pos += 1
                sc.rest_of_line()
                section, subsection = name, sub
                line = Line(text[start:sc.pos], 'section', lineno, section=name, subsection=sub)
            elif _is_letter(ch):
                name = sc.identifier()
                if section is None:
                    sc.error('variable %r before any [section] header' % name)
                sc.skip_ws()
                nxt = sc.peek()
                if nxt in ('', '\n', ';', '#'):
                    sc.rest_of_line()
                    line = Line(text[start:sc.pos], 'variable', lineno, section=section,
                                subsection=subsection, name=name)
                else:
                    if nxt != '=':
                        sc.error("expected '=' after variable %r, found %r" % (name, nxt))
                    sc.pos += 1
                    sc.skip_ws()
                    vstart, vend = sc.value()
                    terminated = sc.rest_of_line()
                    line = Line(text[start:sc.pos], 'variable', lineno, section=section,
                                subsection=subsection, name=name,
                                value=unquote(text[vstart:vend]),
                                value_start=vstart - start, value_end=vend - start)
                    if not terminated:
                        line.eol = ''  # ends in a continuation at end of file
            else:
                sc.error('expected a section header or a variable, found illegal character %r'
                         % ch)
            lines.append(line)
            sc.lineno += 1

    def render(self):
        return self.bom + u''.join(line.raw for line in self.lines)

    # ------------------------------------------------------------------ queries
    @property
    def newline(self):
        for line in self.lines:
            if line.eol:
                return line.eol
        return '\n'

    def _matches(self, line, section, subsection):
        return (line.section is not None and fold(line.section) == fold(section)
                and line.subsection == subsection)

    def section_text(self, section, subsection=None):
        """The lines that belong to ``[section "subsection"]`` (headers, variables, comments and
        blanks, wherever it appears), in file order, each ending in a newline."""
        out, inside = [], False
        for line in self.lines:
            if line.kind == 'section':
                inside = self._matches(line, section, subsection)
            if inside:
                out.append(line.raw if line.eol else line.raw + u'\n')
        return u''.join(out)

    def section_headers(self, section, subsection=None):
        return [i for i, line in enumerate(self.lines)
                if line.kind == 'section' and self._matches(line, section, subsection)]

    def variable_lines(self, section, name, subsection=None):
        key = fold(name)
        return [i for i, line in enumerate(self.lines)
                if line.kind == 'variable' and self._matches(line, section, subsection)
                and fold(line.name) == key]

    def get_all(self, section, name, subsection=None):
        """A multi-valued variable with gcfg semantics (a bare name empties the list)."""
        values = []
        for i in self.variable_lines(section, name, subsection):
            value = self.lines[i].value
            if value is None:
                values = []
            else:
                values.append(value)
        return values

    def get(self, section, name, subsection=None, default=None):
        """A single-valued variable: the last occurrence wins. A bare name returns ``True``."""
        idx = self.variable_lines(section, name, subsection)
        if not idx:
            return default
        value = self.lines[idx[-1]].value
        return True if value is None else value

    # ------------------------------------------------------------------ edits
    def _new_line(self, name, value, indent=u''):
        check_value(value)
        indent = indent.replace('\r', '')  # a CR-led line's CR is a blank, not an indent to copy
        rendered = quote(value)
        start = len(indent) + len(name) + 3
        return Line(u'%s%s = %s%s' % (indent, name, rendered, self.newline), 'variable', 0,
                    name=name, value=value, value_start=start, value_end=start + len(rendered))

    def _rewrite(self, index, value):
        line = self.lines[index]
        check_value(value)
        if line.value == value:
            return False
        rendered = quote(value)
        if line.value is None:
            # A bare name: "Executable ; note" becomes "Executable = VALUE ; note".
            body = line.raw.rstrip('\r\n')
            start = len(line.indent) + len(line.name)
            tail = body[start:]
            raw = u'%s = %s%s%s' % (body[:start], rendered, tail if tail.strip(_WS) else '',
                                    line.eol)
            start += 3
        else:
            head = line.raw[:line.value_start]
            if line.value_start == line.value_end and head.endswith('='):
                head += ' '  # "Executable =" had no value: keep the usual spacing
            raw = head + rendered + line.raw[line.value_end:]
            start = len(head)
        line.raw = raw
        line.value = value
        line.value_start, line.value_end = start, start + len(rendered)
        return True

    def _ensure_trailing_newline(self, index):
        if 0 <= index < len(self.lines) and not self.lines[index].eol:
            self.lines[index].raw += self.newline
            self.lines[index].eol = self.newline

    def _insert(self, index, line, section_line):
        line.section, line.subsection = section_line.section, section_line.subsection
        self._ensure_trailing_newline(index - 1)
        self.lines.insert(index, line)

    def _section_end(self, header_index):
        """Index just after the last variable of the section block starting at ``header_index``."""
        end = header_index + 1
        i = header_index + 1
        while i < len(self.lines) and self.lines[i].kind != 'section':
            if self.lines[i].kind == 'variable':
                end = i + 1
            i += 1
        return end

    def _indent_for(self, header_index):
        i = header_index + 1
        while i < len(self.lines) and self.lines[i].kind != 'section':
            if self.lines[i].kind == 'variable':
                return self.lines[i].indent
            i += 1
        return u''

    def ensure_section(self, section, subsection=None):
        """Index of the last header of ``section``; appends ``[section]`` when missing."""
        headers = self.section_headers(section, subsection)
        if headers:
            return headers[-1]
        if self.lines:
            self._ensure_trailing_newline(len(self.lines) - 1)
            if self.lines[-1].kind != 'blank':
                self.lines.append(Line(self.newline, 'blank', 0))
        if subsection is None:
            header = u'[%s]' % section
        else:
            header = u'[%s "%s"]' % (section, subsection.replace('\\', '\\\\').replace('"', '\\"'))
        self.lines.append(Line(header + self.newline, 'section', 0, section=section,
                               subsection=subsection))
        return len(self.lines) - 1

    def set(self, section, name, value, subsection=None):
        """Set a single-valued variable: rewrite its last (winning) occurrence, or add it."""
        idx = self.variable_lines(section, name, subsection)
        if idx:
            return self._rewrite(idx[-1], value)
        header = self.ensure_section(section, subsection)
        self._insert(self._section_end(header), self._new_line(name, value,
                                                               self._indent_for(header)),
                     self.lines[header])
        return True

    def set_all(self, section, name, values, subsection=None):
        """Make a multi-valued variable exactly ``values``, touching as few lines as possible.

        Never writes a bare name. Returns whether anything changed.
        """
        values = list(values)
        for value in values:
            check_value(value)
        if self.get_all(section, name, subsection) == values:
            return False
        idx = self.variable_lines(section, name, subsection)
        if not values:
            for i in reversed(idx):
                del self.lines[i]
            return bool(idx)
        if not idx:
            header = self.ensure_section(section, subsection)
            pos, indent = self._section_end(header), self._indent_for(header)
            for offset, value in enumerate(values):
                self._insert(pos + offset, self._new_line(name, value, indent),
                             self.lines[header])
            return True
        current = [self.lines[i].value for i in idx]
        if any(v is None for v in current):
            # A bare name resets the list: the line-by-line alignment would lie, so rebuild.
            current = [None] * len(idx)
        spelled = self.lines[idx[0]].name
        indent = self.lines[idx[0]].indent
        # Plan edits against the original indexes, then apply from the bottom up.
        plan = []  # (position in idx, action, payload)
        matcher = difflib.SequenceMatcher(a=current, b=values, autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag == 'equal':
                continue
            common = min(a2 - a1, b2 - b1) if tag == 'replace' else 0
            for k in range(common):
                plan.append((a1 + k, 'rewrite', values[b1 + k]))
            for k in range(a1 + common, a2):
                plan.append((k, 'delete', None))
            extra = values[b1 + common:b2]
            if extra:
                plan.append((a1 + common, 'insert', extra))
        section_line = self.lines[idx[0]]
        for pos, action, payload in sorted(plan, key=lambda p: (p[0], p[1] != 'insert'),
                                           reverse=True):
            if action == 'rewrite':
                self._rewrite(idx[pos], payload)
            elif action == 'delete':
                del self.lines[idx[pos]]
            else:
                if pos < len(idx):
                    at = idx[pos]
                    anchor = self.lines[at]
                else:
                    at = idx[-1] + 1
                    anchor = self.lines[idx[-1]]
                for offset, value in enumerate(payload):
                    self._insert(at + offset, self._new_line(spelled, value, anchor.indent or
                                                             indent), section_line)
        return True
