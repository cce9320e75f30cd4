"""Small helpers for reading querysets."""


def in_order(queryset, ids):
    """The items of `queryset` whose ids are `ids`, as a list in the order of `ids`."""
    position = {pk: index for index, pk in enumerate(ids)}
    # Unordered, the database looks the ids up instead of walking an index in its order.
    items = queryset.filter(pk__in=ids).order_by()
    return sorted(items, key=lambda item: position[item.pk])
