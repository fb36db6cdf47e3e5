"""The staff area's forms: every one CSRF-protected, every message translated."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from ..catalogue.dictionary import LONGEST_TERM
from ..i18n import lazy_gettext as _l
from ..models import LEVELS, ONLINE_LEVELS, ROLES
from ..text import fold_tokens
from .auth import password_problem

CODE_PATTERN = r"^[A-Za-z0-9._-]+$"
MAX_DAYS = 3650  # as the procedure import accepts


def _clean_text(value):
    """Drop NUL characters (no engine stores them) and write every line break as \\n."""
    if not isinstance(value, str):
        return value
    return value.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class StaffForm(FlaskForm):
    """Base form: cleans text input before any validator sees it."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            options["filters"] = (_clean_text, *options.get("filters", ()))
            return unbound_field.bind(form=form, **options)


class WholeNumberField(IntegerField):
    """An integer field whose message for anything not a number is translated."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        raw = (valuelist[0] or "").strip()
        if not raw:
            self.data = None
            return
        try:
            self.data = int(raw)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a whole number.")) from None


class ChoiceField(SelectField):
    """A select whose message for a value not in the list is translated."""

    def pre_validate(self, form):
        if self.validate_choice and self.data not in {str(v) for v, *_ in self.iter_choices()}:
            raise ValidationError(_l("Choose one of the options in the list."))


def at_most(limit: int):
    return Length(max=limit, message=_l("Enter at most %(max)d characters."))


def text_field(label, limit: int, *, needed=None, area=False):
    """A text input; `needed` is the message shown when it is required and left empty."""
    validators = [DataRequired(message=needed) if needed else Optional(), at_most(limit)]
    cls = TextAreaField if area else StringField
    return cls(label, validators=validators, filters=[_stripped])


LEVEL_CHOICES = [
    ("province", _l("Province")),
    ("district", _l("District")),
    ("commune", _l("Commune")),
]
ONLINE_CHOICES = [
    ("none", _l("Not online")),
    ("partial", _l("Partly online")),
    ("full", _l("Fully online")),
]
ROLE_CHOICES = [
    ("editor", _l("Editor (catalogue)")),
    ("publisher", _l("Publisher (imports and publishing)")),
    ("admin", _l("Administrator (everything, and staff accounts)")),
]
assert [c for c, _ in LEVEL_CHOICES] == list(LEVELS)
assert [c for c, _ in ONLINE_CHOICES] == list(ONLINE_LEVELS)
assert [c for c, _ in ROLE_CHOICES] == list(ROLES)


def code_field(label, needed):
    return StringField(
        label,
        filters=[_stripped],
        validators=[
            DataRequired(message=needed),
            at_most(64),
            Regexp(
                CODE_PATTERN,
                message=_l(
                    "Use only letters, digits, dots, hyphens and underscores, without spaces."
                ),
            ),
        ],
    )


class StrongPassword:
    """Refuses common, breached-list-like and guessable passwords (zxcvbn), in words."""

    def __call__(self, form, field):
        if not field.data or len(field.data) < 12 or len(field.data) > 1024:
            return  # the length check says so already
        owner = getattr(form, "email", None)
        inputs = [owner.data if owner is not None else None, getattr(form, "owner_email", None)]
        problem = password_problem(field.data, inputs)
        if problem is not None:
            raise ValidationError(problem)


def new_password_fields(label, repeat_label) -> tuple[PasswordField, PasswordField]:
    """A new password and its repeat, as every form that sets one asks for them: 12 to 1024
    characters, not guessable (StrongPassword), the same twice, and marked for the browser's
    password manager as new. Write ``password, confirm = new_password_fields(...)``."""
    return (
        PasswordField(
            label,
            validators=[
                DataRequired(message=_l("Enter a password.")),
                Length(
                    min=12, max=1024, message=_l("The password must have 12 to 1024 characters.")
                ),
                StrongPassword(),
            ],
            render_kw={"autocomplete": "new-password"},
        ),
        PasswordField(
            repeat_label,
            validators=[EqualTo("password", message=_l("The two passwords are not the same."))],
            render_kw={"autocomplete": "new-password"},
        ),
    )


class LoginForm(StaffForm):
    email = StringField(
        _l("Email address"),
        filters=[_stripped],
        validators=[DataRequired(message=_l("Enter your email address.")), at_most(254)],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(message=_l("Enter your password.")), at_most(1024)]
    )


class ConfirmForm(StaffForm):
    """A button that changes something: only the CSRF token."""


class VersionForm(StaffForm):
    """A button acting on one version of a procedure (publish, restore)."""

    version = WholeNumberField(
        widget=HiddenInput(),
        validators=[
            InputRequired(message=_l("The form is incomplete. Reload the page and try again."))
        ],
    )


class ProcedureForm(StaffForm):
    code = code_field(_l("Procedure code"), _l("Enter the procedure code."))
    name_vi = text_field(
        _l("Name (Vietnamese)"), 2000, area=True, needed=_l("Enter the name in Vietnamese.")
    )
    name_en = text_field(_l("Name (English)"), 2000, area=True)
    agency_code = ChoiceField(_l("Agency"), choices=[])
    level = ChoiceField(_l("Level"), choices=LEVEL_CHOICES)
    processing_days = WholeNumberField(
        _l("Time limit (working days)"),
        validators=[
            InputRequired(message=_l("Enter the time limit in working days.")),
            NumberRange(
                min=0, max=MAX_DAYS, message=_l("Enter a number of days from %(min)s to %(max)s.")
            ),
        ],
    )
    field_vi = text_field(_l("Field (Vietnamese)"), 500)
    field_en = text_field(_l("Field (English)"), 500)
    online_level = ChoiceField(_l("Online service"), choices=ONLINE_CHOICES)
    postal = BooleanField(_l("Can be filed and returned by post (BCCI)"))
    four_on_site = BooleanField(_l("“4 tại chỗ”: handled entirely on the spot"))
    fee_vi = text_field(_l("Fee"), 100_000, area=True)
    documents_vi = text_field(_l("Documents to bring"), 100_000, area=True)
    steps_vi = text_field(_l("Steps"), 100_000, area=True)
    legal_basis_vi = text_field(_l("Legal basis"), 100_000, area=True)
    result_vi = text_field(_l("Result"), 100_000, area=True)
    version = WholeNumberField(widget=HiddenInput(), validators=[Optional()])


class AgencyForm(StaffForm):
    code = code_field(_l("Agency code"), _l("Enter the agency code."))
    name_vi = text_field(_l("Name (Vietnamese)"), 300, needed=_l("Enter the name in Vietnamese."))
    name_en = text_field(_l("Name (English)"), 300)
    level = ChoiceField(_l("Level"), choices=LEVEL_CHOICES)
    parent_code = ChoiceField(_l("Parent agency"), choices=[])
    fingerprint = StringField(widget=HiddenInput(), validators=[Optional(), at_most(64)])


class SearchTermForm(StaffForm):
    term = text_field(_l("What citizens type"), 200, needed=_l("Enter the words citizens type."))
    meaning = text_field(_l("Words the procedures use"), 500)

    def validate_term(self, field):
        words = fold_tokens(field.data).split()
        if not words or len(words) > LONGEST_TERM:
            raise ValidationError(_l("Enter one to six words."))


class ImportForm(StaffForm):
    kind = ChoiceField(
        _l("What the file holds"),
        choices=[],
        validators=[DataRequired(message=_l("Choose what the file holds."))],
    )
    file = FileField(
        _l("CSV file"), validators=[FileRequired(message=_l("Choose a CSV file to upload."))]
    )
    strict = BooleanField(_l("Import nothing if any row is bad (strict)"))


class PeriodForm(StaffForm):
    period = StringField(
        _l("Period"),
        filters=[_stripped],
        validators=[
            DataRequired(message=_l("Enter a period, for example 2024-07 or 2024-Q3.")),
            at_most(32),
        ],
    )


class PublishForm(PeriodForm):
    note = text_field(_l("Note shown with the figures"), 2000, area=True)


class NewAccountForm(StaffForm):
    email = StringField(
        _l("Email address"),
        filters=[_stripped],
        validators=[
            DataRequired(message=_l("Enter an email address.")),
            at_most(254),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message=_l("Enter an email address like name@example.gov.vn."),
            ),
        ],
    )
    role = ChoiceField(_l("Role"), choices=ROLE_CHOICES)
    password, confirm = new_password_fields(
        _l("Password (at least 12 characters)"), _l("Repeat the password")
    )


class RoleForm(StaffForm):
    role = ChoiceField(_l("Role"), choices=ROLE_CHOICES)


class PasswordForm(StaffForm):
    password, confirm = new_password_fields(
        _l("New password (at least 12 characters)"), _l("Repeat the new password")
    )


class ExplanationForm(StaffForm):
    """An agency's explanation of its late dossiers in a month; empty text removes it."""

    agency = SelectField(
        _l("Agency"), validators=[DataRequired(message=_l("Choose an agency."))], choices=[]
    )
    text_vi = text_field(_l("Explanation (Vietnamese)"), 1000, area=True)
    text_en = text_field(_l("Explanation (English, optional)"), 1000, area=True)


class AttachForm(StaffForm):
    """A blank form (mẫu đơn, tờ khai) to attach to a procedure."""

    title = StringField(
        _l("Title of the form"),
        filters=[_stripped],
        validators=[
            DataRequired(message=_l("Enter the form’s title, e.g. Tờ khai đăng ký khai sinh.")),
            Length(max=300, message=_l("The title is longer than 300 characters.")),
        ],
    )
    file = FileField(
        _l("File (PDF, Word, Excel or .odt)"),
        validators=[FileRequired(message=_l("Choose the form’s file to upload."))],
    )


class CodeForm(StaffForm):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = StringField(
        _l("Code"),
        filters=[_stripped],
        validators=[
            DataRequired(message=_l("Enter the code from your app, or a recovery code.")),
            at_most(32),
        ],
        render_kw={
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
        },
    )


class EnrolForm(StaffForm):
    """Confirms that the app was set up: the 6-digit code it shows now."""

    code = StringField(
        _l("The 6-digit code your app shows"),
        filters=[_stripped],
        validators=[DataRequired(message=_l("Enter the 6-digit code from your app.")), at_most(32)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class ChangePasswordForm(StaffForm):
    """Change one's own password: the current one first."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password.")), at_most(1024)],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = new_password_fields(
        _l("New password (at least 12 characters)"), _l("Repeat the new password")
    )

    def __init__(self, *args, owner_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_email = owner_email


class ReauthForm(StaffForm):
    """Confirm who you are again before changing other people's accounts."""

    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(message=_l("Enter your password.")), at_most(1024)],
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        _l("Code from your app, or a recovery code"),
        filters=[_stripped],
        validators=[Optional(), at_most(32)],
        render_kw={
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
        },
    )
