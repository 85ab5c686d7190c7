"""Model fields whose Django class differs between the hosts' Django versions.

`JSONField` is `django.contrib.postgres`'s on Django 3.0 (Saleor 2.10.1) and Django's own
on 3.1 and later (Saleor 3, where the former fails the system checks, fields.E904). Both
store `jsonb`; migrations name this class, so they read the same on both hosts.
"""
try:
    from django.db.models import JSONField as _HostJSONField
except ImportError:  # Django 3.0
    from django.contrib.postgres.fields import JSONField as _HostJSONField


class JSONField(_HostJSONField):
    pass
