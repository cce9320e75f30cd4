"""Every number in the data file must come from the facts file or the interview's text."""

import datetime
import re

import pytest
import yaml

from starter_content.content_loader import DATA_FILE
from tests.shared_facts import facts_file, read_shared, seed_file

# "1,035" is one number; "2018, 2019" is two. Decimals keep their point: "193.9".
NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
URL = re.compile(r"https?://[^\s\"'<>]+")


def number_tokens(text):
    return {token.replace(",", "") for token in NUMBER.findall(text)}


def texts(value):
    """Every key and value of the parsed data file, as text."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from texts(key)
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, datetime.date):
        yield value.isoformat()
    elif value is not None:
        yield str(value)


@pytest.fixture(scope="module")
def facts():
    return read_shared(facts_file())


@pytest.fixture(scope="module")
def known_numbers(facts):
    return number_tokens(facts) | number_tokens(read_shared(seed_file()))


@pytest.fixture(scope="module")
def data_texts():
    with open(DATA_FILE, encoding="utf-8") as file:
        return list(texts(yaml.safe_load(file)))


def test_number_tokens_join_thousands_and_keep_decimals():
    assert number_tokens("1,035-km line; US$193.9 bn; 2016-03-23; 2018, 2019") == {
        "1035",
        "193.9",
        "2016",
        "03",
        "23",
        "2018",
        "2019",
    }


def test_every_address_in_the_data_file_is_in_the_facts_file(data_texts, facts):
    urls = [url for text in data_texts for url in URL.findall(text)]
    assert urls
    assert [url for url in urls if url not in facts] == []


def test_every_number_in_the_data_file_is_in_the_facts_or_the_interview(data_texts, known_numbers):
    unknown = {
        (token, text)
        for text in data_texts
        for token in number_tokens(URL.sub(" ", text))
        if token not in known_numbers
    }
    assert sorted(unknown) == []
