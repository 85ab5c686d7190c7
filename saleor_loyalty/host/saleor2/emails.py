"""Member e-mails through Saleor 2.10's own mechanism: django-templated-email with the
shop's sender address and site name (`saleor.core.emails.get_email_context`), sent by
whatever EMAIL_URL the shop configured (the console in the demo)."""
from saleor.core.emails import get_email_context
from templated_email import send_templated_mail


def send_email(template: str, recipient: str, context: dict):
    """Send `templated_email/loyalty/<template>.email` (shipped with the plugin)."""
    send_kwargs, shop_context = get_email_context()
    send_templated_mail(
        template_name=f"loyalty/{template}",
        recipient_list=[recipient],
        context={**shop_context, **context},
        **send_kwargs,
    )
