"""What a browser sends when a rendered form is submitted unchanged.

`submitted_data(html, form_id)` reads the form with the standard library's HTML parser and
returns its fields as a browser would post them: every enabled input, hidden ones included;
checkboxes and radio buttons only when checked; a select's chosen options (the first option
of a single select when none is chosen); a textarea's text, without the one line break that
follows its opening tag and with line breaks sent as CR LF; and the pressed submit button.
"""

from html.parser import HTMLParser

UNSENT_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


class _FormReader(HTMLParser):
    def __init__(self, form_id, submit_name):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.submit_name = submit_name
        self.found = False
        self.inside = False
        self.pairs = []
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.found = self.inside = True
            return
        if not self.inside:
            return
        if tag == "input":
            self._input(attrs)
        elif tag == "select":
            self._select = {"attrs": attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"attrs": attrs, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"attrs": attrs, "text": ""}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "form":
            self.inside = False
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            self._end_select(self._select)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._end_textarea(self._textarea)
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data

    def _input(self, attrs):
        name = attrs.get("name")
        kind = attrs.get("type", "text").lower()
        if kind == "submit" and name == self.submit_name:
            self.pairs.append((name, attrs.get("value", "")))
            return
        if not name or "disabled" in attrs or kind in UNSENT_INPUT_TYPES:
            return
        if kind in ("checkbox", "radio"):
            if "checked" in attrs:
                self.pairs.append((name, attrs.get("value", "on")))
            return
        self.pairs.append((name, attrs.get("value", "")))

    def _end_select(self, select):
        name = select["attrs"].get("name")
        if not name or "disabled" in select["attrs"]:
            return
        options = [o for o in select["options"] if "disabled" not in o["attrs"]]
        chosen = [o for o in options if "selected" in o["attrs"]]
        if not chosen and "multiple" not in select["attrs"] and options:
            chosen = options[:1]
        if "multiple" not in select["attrs"]:
            chosen = chosen[-1:]
        for option in chosen:
            value = option["attrs"].get("value", option["text"].strip())
            self.pairs.append((name, value))

    def _end_textarea(self, textarea):
        name = textarea["attrs"].get("name")
        if not name or "disabled" in textarea["attrs"]:
            return
        text = textarea["text"]
        # The HTML parser of a browser drops a line break right after <textarea>.
        if text.startswith("\r\n"):
            text = text[2:]
        elif text.startswith("\n"):
            text = text[1:]
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
        self.pairs.append((name, text))


def submitted_pairs(html, form_id, submit_name="_save"):
    """The (name, value) pairs, in document order, of the form with id `form_id`."""
    reader = _FormReader(form_id, submit_name)
    reader.feed(html)
    reader.close()
    if not reader.found:
        raise ValueError(f"No form with id {form_id!r} in the page.")
    return reader.pairs


def submitted_data(html, form_id, submit_name="_save"):
    """The same pairs as {name: [values]}, as the test client posts them."""
    data = {}
    for name, value in submitted_pairs(html, form_id, submit_name):
        data.setdefault(name, []).append(value)
    return data
