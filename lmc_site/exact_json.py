"""Django's JSON serialisation, with times kept to the microsecond.

Django's JSON encoder cuts times to the millisecond, so a backup made with it would come
back slightly different. Registered as the "exactjson" format (SERIALIZATION_MODULES) for
`make backup`; `loaddata` reads it like JSON.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()


Deserializer = django_json.Deserializer
