"""What each dossier status and filing channel means, in plain words (pages and e-mails)."""

from ..i18n import lazy_gettext as _l

# Every status in plain words: a short name, and what it means for the citizen.
STATUS_WORDS = {
    "received": (
        _l("Received at the centre"),
        _l("The centre has received your dossier. It is waiting to be processed."),
    ),
    "processing": (_l("Being processed"), _l("The agency in charge is working on your dossier.")),
    "supplement": (
        _l("Waiting for more documents from you"),
        _l(
            "The agency has asked you to add to or correct your dossier. Follow the written "
            "instructions you were given, or call the centre."
        ),
    ),
    "resolved": (
        _l("Result ready"),
        _l(
            "The result is ready. You receive it the way you chose when filing: at the centre, "
            "online or by post."
        ),
    ),
    "returned": (
        _l("Result returned"),
        _l("The result has been handed over to you. Your dossier is complete."),
    ),
    "rejected": (
        _l("Refused"),
        _l(
            "The agency could not grant what the dossier asked for and has given the reasons "
            "in writing."
        ),
    ),
    "withdrawn": (_l("Withdrawn"), _l("The dossier was withdrawn at the applicant's request.")),
}

CHANNEL_WORDS = {
    "direct": _l("In person at the centre"),
    "online": _l("Online"),
    "postal": _l("By post (BCCI)"),
}
