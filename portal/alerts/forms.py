"""The alert forms of the look-up result page; every message translated."""

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, IntegerField, RadioField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from ..i18n import lazy_gettext as _l
from .subscriptions import valid_email


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _plain_email(form, field):
    if not valid_email(field.data or ""):
        raise ValidationError(_l("Enter an e-mail address like name@example.com."))


class ProofForm(FlaskForm):
    """A form that acts on the dossier just looked up: it carries the signed proof."""

    proof = HiddenField(validators=[DataRequired()])


class SubscribeForm(ProofForm):
    email = EmailField(
        _l("Your e-mail address"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            _plain_email,
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    lang = RadioField(
        _l("Language of the e-mails"),
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
        validators=[DataRequired(message=_l("Choose the language of the e-mails."))],
    )


class RevokeFeedForm(ProofForm):
    feed = IntegerField(widget=HiddenInput(), validators=[DataRequired()])


class UnsubscribeForm(FlaskForm):
    """The unsubscribe page's button; the token in the address is what authorises it."""
