"""The catalogue's search form (GET, so no CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional


class SearchForm(FlaskForm):
    q = SearchField(_l("Search procedures"), validators=[Optional(), Length(max=200)])
    agency = SelectField(_l("Agency"), choices=[("", _l("All agencies"))], validate_choice=False)
    level = SelectField(_l("Level"), validate_choice=False, choices=[
        ("", _l("All levels")), ("province", _l("Province")), ("district", _l("District")),
        ("commune", _l("Commune"))])
    online = SelectField(_l("Online service"), validate_choice=False, choices=[
        ("", _l("Any")), ("any", _l("Online (full or partial)")),
        ("full", _l("Fully online")), ("partial", _l("Partly online")),
        ("none", _l("Not online"))])
