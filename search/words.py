"""Query parsing and word forms: what a query's words are, and the spellings and stems each
matches, the same for both databases.

A query matches an item when every one of its words matches the item's text:
- a word matches its other forms (`meetings` finds "Meeting") through the English stemmer of
  each database, with or without accents (`Viet Nam` finds "Việt Nam");
- a word in a script written without spaces (Chinese, Thai, Lao, Myanmar, Khmer, Japanese)
  matches wherever those characters appear;
- a few names have several spellings (Viet Nam, Lao PDR, Mekong-Lancang): any finds the others;
- common English words ("the", "of") are left out, the same list on both databases, and
  characters that mean something to the full-text engines (`"`, `*`, `:`, `-`, `NEAR`) are text.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import snowballstemmer

# Thai, Lao, Myanmar, Khmer, Japanese kana and Chinese characters: scripts written without
# spaces between words, searched as substrings of the text.
SPACELESS_CHARACTERS = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)

MAX_QUERY_LENGTH = 200
# Each word costs a condition on the index, so a query has only so many.
MAX_QUERY_WORDS = 12

# PostgreSQL's English stop words (tsearch_data/english.stop), dropped from every query so that
# both databases ignore the same words.
STOP_WORDS = frozenset(
    """\
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now""".split()  # noqa: SIM905
)

# Each group lists the spellings of one name; the first is the token a query is normalised to.
SYNONYMS = [
    ["vietnam", "viet nam", "việt nam"],
    ["laos", "lao pdr", "lao people's democratic republic"],
    ["lmc", "mlc", "lancang-mekong", "mekong-lancang"],
]

# Multi-word and punctuated spellings, turned into one token before the query is split.
MULTI_WORD_FORMS = [
    (re.compile(r"\bvi[eệ]t\s+nam\b"), "vietnam"),
    (re.compile(r"\blao\s+people'?s\s+democratic\s+republic\b"), "laos"),
    (re.compile(r"\blao\s+pdr\b"), "laos"),
    (re.compile(r"\b(?:lancang\s*-\s*mekong|mekong\s*-\s*lancang)\b"), "lmc"),
]

VARIANTS = {spelling: group for group in SYNONYMS for spelling in group}

TYPOGRAPHY = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u2010": "-", "\u2013": "-", "\u2014": "-", "\x00": " "}
)

# Punctuation around a word ("railway," or "(Laos)") is not part of it.
EDGE_PUNCTUATION = "\"'.,;:!?()[]{}<>\u201c\u201d\u00ab\u00bb"

# Letters that no accent-stripping decomposes, mapped as PostgreSQL's unaccent does.
UNDECOMPOSED = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})

SPACELESS = re.compile(f"[{SPACELESS_CHARACTERS}]")

TOKEN = re.compile(r"\w+")
SHORTEST_TYPO = 4


def cut_query(query):
    """The query as searched: its first MAX_QUERY_LENGTH characters, up to MAX_QUERY_WORDS words."""
    words = (query or "").strip()[:MAX_QUERY_LENGTH].split()
    return " ".join(words[:MAX_QUERY_WORDS])


def query_is_cut(query):
    """Whether `cut_query` leaves out part of `query`, which the page should then say."""
    return cut_query(query) != " ".join((query or "").split())


def fold(text):
    """`text` in lower case without accents, as both indexes store it."""
    text = unicodedata.normalize("NFKD", text.lower().translate(UNDECOMPOSED))
    return "".join(char for char in text if not unicodedata.combining(char))


def _is_searchable(word):
    if SPACELESS.search(word):
        return True
    tokens = TOKEN.findall(fold(word))
    return bool(tokens) and not all(token in STOP_WORDS for token in tokens)


def query_words(query):
    """The distinct normalised words of `query`, lower case, synonyms as one token each.

    Stop words and words of punctuation alone are left out.
    """
    text = unicodedata.normalize("NFC", cut_query(query)).lower().translate(TYPOGRAPHY)
    for pattern, token in MULTI_WORD_FORMS:
        text = pattern.sub(token, text)
    words = []
    for raw in text.split():
        word = raw.strip(EDGE_PUNCTUATION)
        word = VARIANTS[word][0] if word in VARIANTS else word
        if word and word not in words and _is_searchable(word):
            words.append(word)
    return words


def word_variants(word):
    """Every spelling a normalised word matches, with the other letter cases of non-ASCII ones."""
    variants = []
    for spelling in VARIANTS.get(word, [word]):
        variants += [spelling, spelling.replace("'", "\u2019")]
        if not spelling.isascii():
            variants += [spelling.upper(), spelling.title(), spelling.capitalize()]
    return list(dict.fromkeys(variants))


@dataclass
class Word:
    """One word of a query, as the engines look for it."""

    text: str
    phrases: list = field(default_factory=list)  # token lists, one per spelling
    substring: str = ""  # set for a word of a script without spaces
    corrections: list = field(default_factory=list)  # indexed words close to a typo

    @property
    def typo_candidate(self):
        return (
            not self.substring
            and self.phrases == [[self.text]]
            and self.text.isalpha()
            and self.text.isascii()
            and len(self.text) >= SHORTEST_TYPO
        )


def parse(query):
    words = []
    for text in query_words(query):
        if SPACELESS.search(text):
            words.append(Word(text, substring=text))
            continue
        phrases = [TOKEN.findall(fold(spelling)) for spelling in VARIANTS.get(text, [text])]
        words.append(Word(fold(text), phrases=[tokens for tokens in phrases if tokens]))
    return words


@cache
def stemmer(vendor):
    return snowballstemmer.stemmer("english" if vendor == "postgresql" else "porter")


@lru_cache(maxsize=100_000)
def porter_stem(word):
    # Snippets stem every word of every shown text, and the same words recur on every page.
    return stemmer("sqlite").stemWord(word)


@lru_cache(maxsize=100_000)
def folded_stem(token):
    return porter_stem(fold(token))
