"""Payloads from the OWASP XSS Filter Evasion Cheat Sheet, through every field an editor
or a data file can fill: the pages that show them must carry no executable markup and no
script URL. The payloads are in tests/data/xss_payloads.json, each with its section."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.http import urlencode

from core.markdown import render_markdown
from projects.models import Country, Project, Source
from tests.factories import (
    make_area,
    make_country,
    make_event,
    make_key_figure,
    make_pillar,
    make_project,
    make_result,
    make_source,
)

DATA = json.loads((Path(__file__).parents[1] / "data" / "xss_payloads.json").read_text())
PAYLOADS = [entry["payload"] for entry in DATA["payloads"]]
CONTENT_FILE = Path(__file__).resolve().parents[2] / "content" / "lmc_content.yaml"

EXECUTABLE_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
    "svg", "math", "bgsound", "xml", "xss", "img", "t:set", "body",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "background", "dynsrc", "lowsrc", "data",
    "poster", "xlink:href", "cite", "longdesc", "srcset", "datasrc",
}  # fmt: skip
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
# What a browser ignores in a URL: leading and trailing controls and spaces, and any
# tab or newline inside. Spaces inside are removed too, to err on the safe side.
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


class PageSafety(HTMLParser):
    """Collects every executable construct a parsed page holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.body_tags = 0

    def handle_starttag(self, tag, attrs):
        self.check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.check(tag, attrs)

    def check(self, tag, attrs):
        if tag == "body":
            self.body_tags += 1
            if self.body_tags == 1 and not attrs:
                return
        if tag in EXECUTABLE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name == "style":
                self.problems.append(f"<{tag} style>")
            if name == "http-equiv":
                self.problems.append(f"<{tag} http-equiv>")
            if tag == "input" and name == "type" and value.lower() == "image":
                self.problems.append("<input type=image>")
            if name in URL_ATTRIBUTES:
                url = IGNORED_IN_URL.sub("", value).lower()
                if url.startswith(SCRIPT_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}>")
            if (
                tag == "link"
                and name == "href"
                and not value.startswith(("/", "http://testserver"))
            ):
                self.problems.append(f"<link href={value!r}>")


def executable_parts(html):
    parser = PageSafety()
    parser.feed(html)
    parser.close()
    return parser.problems


def test_the_payload_file_names_its_cheat_sheet_and_holds_at_least_50_payloads():
    assert "OWASP" in DATA["source"]
    assert "XSS Filter Evasion Cheat Sheet" in DATA["source"]
    assert len(set(PAYLOADS)) >= 50
    assert all(entry["section"] for entry in DATA["payloads"])


def test_the_safety_check_finds_what_it_looks_for():
    assert executable_parts("<p><script>alert(1)</script></p>") == ["<script>"]
    assert executable_parts('<a href="jav&#x09;ascript:alert(1)">x</a>')
    assert executable_parts('<a href=" JaVaScRiPt:alert(1)">x</a>')
    assert executable_parts('<p onclick="x()">x</p>')
    assert executable_parts('<a href="https://example.org/">x</a>') == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_rendering_neutralises_the_payload(payload):
    assert executable_parts(str(render_markdown(payload))) == []


def test_external_links_get_noopener_nofollow():
    html = str(render_markdown("[a](https://example.org/page)"))

    assert html == ('<p><a href="https://example.org/page" rel="noopener nofollow">a</a></p>')


def fit(model, field, text):
    """The payload, cut to what the column holds (PostgreSQL enforces lengths)."""
    max_length = model._meta.get_field(field).max_length
    return text[:max_length] if max_length else text


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_public_page_neutralises_the_payload_in_every_field(client, payload):
    # PostgreSQL stores no NUL character (forms refuse it); Markdown tests above keep it.
    payload = payload.replace("\x00", "")
    source = make_source(
        title=fit(Source, "title", payload),
        publisher=fit(Source, "publisher", payload),
        quote=payload,
    )
    country = make_country(profile=payload, official_name=fit(Country, "official_name", payload))
    area = make_area(pillar=make_pillar(description=payload), description=payload)
    project = make_project(
        title=fit(Project, "title", payload),
        summary=payload,
        body=payload,
        place_name=fit(Project, "place_name", payload),
        sourcing_note=fit(Project, "sourcing_note", payload),
        countries=[country],
        areas=[area],
        sources=[source],
    )
    make_result(project, label=payload[:200], value=payload[:100], unit=payload[:50], source=source)
    event = make_event(
        summary=payload, body=payload, place=payload[:200], countries=[country], projects=[project]
    )
    make_key_figure(value=payload[:100], label=payload[:200], context=payload, sources=[source])

    pages = [
        "/",
        "/outcomes/",
        "/about/",
        "/projects/",
        project.get_absolute_url(),
        "/timeline/",
        event.get_absolute_url(),
        country.get_absolute_url(),
        "/search/?" + urlencode({"q": payload[:100]}),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert executable_parts(response.content.decode()) == [], path


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_source_address_must_be_an_http_url(payload):
    with pytest.raises(ValidationError):
        make_source(url=payload)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "jav\tascript:alert(1)",
        " javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ],
)
def test_no_script_url_can_be_saved_as_a_source_address(url):
    with pytest.raises(ValidationError):
        make_source(url=url)
    assert not Source.objects.filter(url=url).exists()


def starter_content_with(change):
    data = yaml.safe_load(CONTENT_FILE.read_text(encoding="utf-8"))
    change(data)
    return data


@pytest.mark.django_db
def test_imported_rows_are_neutralised(client, tmp_path):
    every_payload = "\n\n".join(PAYLOADS).replace("\x00", "")

    def poison(data):
        project = data["projects"][0]
        project["body"] = every_payload
        project["summary"] = every_payload[:600]
        data["countries"][0]["profile"] = every_payload
        data["events"][0]["body"] = every_payload

    data_file = tmp_path / "content.yaml"
    data_file.write_text(yaml.safe_dump(starter_content_with(poison)), encoding="utf-8")
    call_command("load_lmc_content", file=str(data_file))

    project = Project.objects.get(slug=yaml.safe_load(data_file.read_text())["projects"][0]["slug"])
    assert project.body == every_payload
    for path in [
        project.get_absolute_url(),
        "/countries/",
        Country.objects.first().get_absolute_url(),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert executable_parts(response.content.decode()) == [], path


@pytest.mark.django_db
def test_an_imported_source_with_a_script_address_is_refused(tmp_path):
    def poison(data):
        first = next(iter(data["sources"]))
        data["sources"][first]["url"] = "javascript:alert(document.cookie)"

    data_file = tmp_path / "content.yaml"
    data_file.write_text(yaml.safe_dump(starter_content_with(poison)), encoding="utf-8")

    with pytest.raises(CommandError, match="url"):
        call_command("load_lmc_content", file=str(data_file))
    assert not Source.objects.filter(url__startswith="javascript").exists()
