"""Member e-mails on Saleor 3, which has neither django-templated-email nor
`get_email_context`: the plugin's own `templated_email/loyalty/<template>.email` files
(blocks `subject`, `plain` and optionally `html`, as django-templated-email reads them)
rendered by Django's template engine and sent through Django's mail, from the shop's
sender (Saleor 3's site settings, else DEFAULT_FROM_EMAIL) by whatever EMAIL_URL the
shop configured."""
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode


def send_email(template: str, recipient: str, context: dict):
    """Send `templated_email/loyalty/<template>.email` (shipped with the plugin)."""
    if not settings.EMAIL_BACKEND:
        # Saleor 3 leaves Django's mail unset without EMAIL_URL (its own e-mails go
        # through its e-mail plugins' SMTP settings).
        raise ImproperlyConfigured("Member e-mails need Django's mail: set EMAIL_URL.")
    site = Site.objects.get_current()
    parts = _render_blocks(
        f"templated_email/loyalty/{template}.email",
        {"domain": site.domain, "site_name": site.name, **context},
    )
    message = EmailMultiAlternatives(
        subject=" ".join(parts["subject"].split()),
        body=parts["plain"].strip() + "\n",
        from_email=site.settings.default_from_email,
        to=[recipient],
    )
    if parts.get("html", "").strip():
        message.attach_alternative(parts["html"], "text/html")
    message.send()


def _render_blocks(name: str, context: dict) -> dict:
    """{block name: rendered text} of a template's top-level blocks. Text parts are not
    HTML-escaped (as django-templated-email renders them); the html part is."""
    template = get_template(name).template
    rendered = {}
    for block in template.nodelist.get_nodes_by_type(BlockNode):
        block_context = Context(context, autoescape=block.name == "html")
        with block_context.render_context.push_state(template), \
                block_context.bind_template(template):
            rendered[block.name] = block.nodelist.render(block_context)
    return rendered
