"""The look-up and rating forms; every message translated (WTForms ships no Vietnamese)."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, RadioField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ..i18n import lazy_gettext as _l
from ..models import SCORES


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class LookupForm(FlaskForm):
    code = StringField(
        _l("Dossier code"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter the dossier code printed on your receipt.")),
            Regexp(
                r"^[A-Za-z0-9._-]{1,64}$",
                message=_l(
                    "A dossier code has up to 64 letters, digits, dots, hyphens or underscores."
                ),
            ),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )
    verifier = PasswordField(
        _l("Verification number"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter the verification number printed on your receipt.")),
            Regexp(r"^[0-9]{4,6}$", message=_l("The verification number has 4 to 6 digits.")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": "6"},
    )


SCORE_LABELS = {
    "very_satisfied": _l("Very satisfied"),
    "satisfied": _l("Satisfied"),
    "unsatisfied": _l("Not satisfied"),
}

# The aspects the centre asks about when citizens rate a service.
CRITERIA = {
    "attitude": _l("Staff attitude"),
    "timeliness": _l("Time taken to resolve"),
    "guidance": _l("Clear guidance"),
    "paperwork": _l("Simple paperwork"),
    "facilities": _l("Facilities at the centre"),
}


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RatingForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])
    score = RadioField(
        _l("How satisfied are you with how your dossier was handled?"),
        choices=[(key, SCORE_LABELS[key]) for key in SCORES],
        validators=[InputRequired(message=_l("Choose how satisfied you are."))],
    )
    criteria = CheckboxesField(
        _l("Which aspects is your rating about? (optional)"),
        choices=list(CRITERIA.items()),
    )
