"""What the content apps index: each registers a model from its AppConfig.ready().

An indexed model has `title`, `summary` and `body` text fields, `publication_status` and
`published_at`; its document is the title (weight A), the summary (B), its "places" (C: the
place field, then each related text in the order registered) and the body (D).

    search.register(Project, kind="projects", place="place_name", public=published_projects,
                    related=[Rows("results", ["label", "value", "unit"]),
                             Names("countries", ["name", "official_name"])])
"""

from dataclasses import dataclass, field

from search.index import IndexSpec, Named, Related


@dataclass(frozen=True)
class Rows:
    """Rows of another model pointing at the item (`accessor` is the reverse relation, e.g. a
    project's "results"): their `fields` join the item's places."""

    accessor: str
    fields: list


@dataclass(frozen=True)
class Names:
    """Items linked through the many-to-many field `field` (e.g. "countries"): their `fields`
    join the item's places, and a change of them refreshes every linked item."""

    field: str
    fields: list


@dataclass
class Kind:
    """One registered model: its index, and how the site-wide search shows it."""

    name: str  # the search page's name of the results, e.g. "projects"
    model: type
    spec: IndexSpec
    public: object  # a function giving the queryset of the public rows
    shown_with: list = field(default_factory=list)  # relations the search page prefetches
    list_url: str = ""  # the URL name of the list that searches this kind alone, if any

    def public_rows(self):
        return self.public()


_kinds = {}


def register(model, *, kind, place, public, related=(), shown_with=(), list_url=""):
    """Index `model`: its title, summary and body, the text of the field `place` and of each
    `Rows` or `Names` in `related`. `public` gives the rows anyone may find (e.g. the manager's
    `published`); the search page shows them as `kind`, prefetching `shown_with`."""
    _kinds[model._meta.label_lower] = Kind(
        name=kind,
        model=model,
        spec=index_spec(model, place, related),
        public=public,
        shown_with=list(shown_with),
        list_url=list_url,
    )


def kinds():
    return list(_kinds.values())


def specs():
    return [kind.spec for kind in _kinds.values()]


def spec_for(model):
    """The index of `model`, or of the registered model it is a proxy of."""
    return _kinds[model._meta.concrete_model._meta.label_lower].spec


def index_spec(model, place, related):
    parts, refreshed_by, named = [], [], []
    for text in related:
        if isinstance(text, Rows):
            relation = model._meta.get_field(text.accessor)
            rows = relation.related_model._meta
            link = relation.field.column
            alias = _alias(text.accessor)
            columns = [rows.get_field(name).column for name in text.fields]
            parts.append(
                (
                    f"FROM {rows.db_table} {alias} WHERE {alias}.{link} = p.id",
                    " || ' ' || ".join(f"{alias}.{column}" for column in columns),
                )
            )
            refreshed_by.append(Related(rows.db_table, link, [*columns, link]))
        else:
            relation = model._meta.get_field(text.field)
            names = relation.related_model._meta
            through = relation.remote_field.through._meta.db_table
            item, name_link = relation.m2m_column_name(), relation.m2m_reverse_name()
            alias = _alias(text.field)
            columns = [names.get_field(name).column for name in text.fields]
            parts.append(
                (
                    f"FROM {through} x JOIN {names.db_table} {alias} "
                    f"ON {alias}.{names.pk.column} = x.{name_link} WHERE x.{item} = p.id",
                    " || ' ' || ".join(f"{alias}.{column}" for column in columns),
                )
            )
            refreshed_by.append(Related(through, item))
            named.append(Named(names.db_table, columns, through, name_link, item))
    place_column = model._meta.get_field(place).column
    return IndexSpec(
        table=model._meta.db_table,
        place_column=place_column,
        places_sqlite=_places("group_concat", place_column, parts),
        places_postgres=_places("string_agg", place_column, parts),
        related=refreshed_by,
        named=named,
    )


def _alias(name):
    # The item is `p` and a link table `x` in the same statement.
    return name[0] if name[0] not in "px" else f"{name[0]}_"


def _places(aggregate, place_column, parts):
    concatenated = [
        f"coalesce((SELECT {aggregate}({column}, ' ') {select}), '')" for select, column in parts
    ]
    return " || ' ' || ".join([f"p.{place_column}", *concatenated])
