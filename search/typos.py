"""Typo correction: a word the index has never seen also matches the indexed words one or two
letters away from it (`Cambodai` finds "Cambodia"), when they share its first two letters."""

from django.db import connection

from search.words import stemmer


def _within_typo_distance(a, b):
    """Whether `a` turns into `b` by at most one edit (two for long words), swaps counting one."""
    limit = 1 if len(a) <= 6 else 2
    if abs(len(a) - len(b)) > limit:
        return False
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


def _vocabulary(words, specs):
    """Indexed words sharing the first two letters of any of `words`: one query.

    In SQLite, a word the index holds as it is, or as its stem, needs no neighbours: its range
    is then made empty before the scan, which reads every listed term's whole entry and so is
    slow where common words share the two letters.
    """
    ranges = [(word.text[:2], word.text[:2] + "\uffff") for word in words]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            condition = " OR ".join(["(word >= %s AND word < %s)"] * len(ranges))
            cursor.execute(f"SELECT word FROM lmc_search_word WHERE {condition}", sum(ranges, ()))
        else:
            selects, params = [], []
            for spec in specs:
                for word, (low, high) in zip(words, ranges, strict=True):
                    held = f"EXISTS (SELECT 1 FROM {spec.vocab_table} WHERE term = %s)"
                    known = f"{held} OR {held}"
                    selects.append(
                        f"SELECT term FROM {spec.vocab_table} "
                        f"WHERE term >= (CASE WHEN {known} THEN %s ELSE %s END) AND term < %s"
                    )
                    params += [stemmer("sqlite").stemWord(word.text), word.text, high, low, high]
            cursor.execute(" UNION ".join(selects), params)
        return {row[0] for row in cursor.fetchall()}


def correct_typos(words, specs):
    """Give each word the index has never seen the indexed words close to it."""
    candidates = [word for word in words if word.typo_candidate]
    if not candidates:
        return
    vocabulary = _vocabulary(candidates, specs)
    vendor_stemmer = stemmer(connection.vendor)
    for word in candidates:
        stem = vendor_stemmer.stemWord(word.text)
        if stem in vocabulary or word.text in vocabulary:
            continue
        word.corrections = sorted(
            term
            for term in vocabulary
            if term.isalpha() and term[:2] == stem[:2] and _within_typo_distance(stem, term)
        )
