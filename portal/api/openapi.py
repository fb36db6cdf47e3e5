"""GET /api/v1/openapi.json: the JSON API described by hand in OpenAPI 3.1 (CONTRACT §3–4).

Written out rather than generated, so that it states the contract: a change to an answer
that is not also made here fails the schema-driven tests (tests/test_openapi.py).
"""

from __future__ import annotations

from flask import jsonify

from ..alerts.subscriptions import EMAIL_PATTERN
from ..links import public_origin
from .blueprint import bp

LEVELS = ["province", "district", "commune"]
ONLINE_LEVELS = ["none", "partial", "full"]
CHANNELS = ["direct", "online", "postal"]
STATUSES = ["received", "processing", "supplement", "resolved", "returned", "rejected", "withdrawn"]
# CONTRACT §4: the counts of `totals`, and the rates in per cent (null when nothing to divide).
COUNT_FIELDS = [
    "received_new",
    "carried_over",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "closed_without_result",
    "pending",
    "pending_overdue",
    "returned_by_postal",
    "four_on_site",
    "time_saved_hours",
    "working_hours_saved",
]
RATE_FIELDS = [
    "direct_pct",
    "online_pct",
    "postal_pct",
    "early_pct",
    "on_time_pct",
    "late_pct",
    "timely_pct",
    "postal_return_pct",
    "satisfied_pct",
]
_YEAR = "(199[0-9]|20[0-9]{2}|2100)"
_MONTH = rf"{_YEAR}-(0[1-9]|1[0-2])"
PERIOD_PATTERN = rf"^({_MONTH}(\.\.{_MONTH})?|{_YEAR}(-[Qq][1-4])?)$"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **more) -> dict:
    return {"type": [kind, "null"], **more}


def _object(properties: dict, required: list[str] | None = None, **more) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        **more,
    }


COUNT = {"type": "integer", "minimum": 0}
PERCENT = _nullable(
    "number",
    minimum=0,
    maximum=100,
    description="Per cent, rounded half-up to 2 decimals; null when the denominator is 0.",
)
TIME = _nullable(
    "string", format="date-time", description="ISO 8601 with the local offset (+07:00)."
)
LOCAL_TIME = _nullable(
    "string",
    pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}",
    description="ISO 8601 local time (Asia/Ho_Chi_Minh), without offset.",
)


def _totals() -> dict:
    properties = {name: COUNT for name in COUNT_FIELDS}
    properties["received_by_channel"] = _object({c: COUNT for c in CHANNELS})
    properties["ratings"] = _object(
        {s: COUNT for s in ("very_satisfied", "satisfied", "unsatisfied")}
    )
    return _object(properties)


def _agency_figures() -> dict:
    schema = _totals()
    schema["properties"] = {
        "code": {"type": "string"},
        "name_vi": {"type": "string"},
        "name_en": _nullable("string"),
        "level": {"type": "string", "enum": LEVELS},
        **schema["properties"],
        **{name: PERCENT for name in RATE_FIELDS},
    }
    schema["required"] = [k for k in schema["properties"] if k != "name_en"]
    return schema


PROCEDURE_SUMMARY = {
    "code": {"type": "string", "examples": ["1.001234"]},
    "name_vi": {"type": "string"},
    "name_en": _nullable("string"),
    "agency_code": {"type": "string"},
    "level": {"type": "string", "enum": LEVELS},
    "processing_days": {"type": "integer", "minimum": 0},
    "online_level": {"type": "string", "enum": ONLINE_LEVELS},
    "postal": {"type": "boolean"},
    "four_on_site": {"type": "boolean"},
}
PROCEDURE_TEXTS = [
    "field_vi",
    "field_en",
    "fee_vi",
    "documents_vi",
    "steps_vi",
    "legal_basis_vi",
    "result_vi",
]

DAY = _nullable("string", format="date", description="A local calendar date; null: no bound.")
AGENCY_FIELDS = {
    "code": {"type": "string"},
    "name_vi": {"type": "string"},
    "name_en": _nullable("string"),
    "level": {"type": "string", "enum": LEVELS},
    "parent_code": _nullable("string"),
    "active_from": DAY,
    "active_to": {**DAY, "description": "Its last active day (inclusive); null: still active."},
    "successor_code": _nullable("string", description="The unit that took over its work."),
}

SCHEMAS = {
    "Error": _object(
        {
            "error": {
                "type": "string",
                "examples": ["not_found"],
                "description": "A stable code: bad_request, not_found, not_published, "
                "rate_limited, method_not_allowed, server_error …",
            },
            "message": {"type": "string"},
        }
    ),
    "Agency": _object(AGENCY_FIELDS),
    "AgencyUnit": _object(
        {
            **AGENCY_FIELDS,
            "current_code": {
                "type": "string",
                "description": "The end of its successor chain: itself when it has no successor.",
            },
            "predecessors": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The codes of the agencies whose successor_code is this one.",
            },
        }
    ),
    "ProcedureSummary": _object(PROCEDURE_SUMMARY),
    "Procedure": _object(
        {
            **PROCEDURE_SUMMARY,
            **{name: _nullable("string") for name in PROCEDURE_TEXTS},
            "agency_name_vi": {"type": "string"},
            "updated_at": LOCAL_TIME,
        },
        required=list(PROCEDURE_SUMMARY),
    ),
    "Dossier": _object(
        {
            "code": {"type": "string"},
            "procedure_code": {"type": "string"},
            "procedure_name": {"type": "string"},
            "agency_code": {"type": "string"},
            "agency_name": {"type": "string"},
            "channel": {"type": "string", "enum": CHANNELS},
            "status": {"type": "string", "enum": STATUSES},
            "received_at": {"type": "string", "format": "date-time"},
            "due_at": TIME,
            "resolved_at": TIME,
            "returned_at": TIME,
            "overdue": {"type": "boolean"},
            "timeline": {
                "type": "array",
                "items": _object(
                    {
                        "at": {"type": "string", "format": "date-time"},
                        "step": {"type": "string"},
                        "agency_code": _nullable("string"),
                    }
                ),
            },
        }
    ),
    "Totals": _totals(),
    "Rates": _object({name: PERCENT for name in RATE_FIELDS}),
    "AgencyFigures": _agency_figures(),
    "Report": _object(
        {
            "period": {"type": "string", "examples": ["2022-07"]},
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date", "description": "The period's last day."},
            "level": {"type": "string", "enum": ["all", *LEVELS]},
            "agency": _nullable("string"),
            "units": {"type": "string", "enum": ["recorded", "current"]},
            "totals": _ref("Totals"),
            "rates": _ref("Rates"),
            "agencies": {"type": "array", "items": _ref("AgencyFigures")},
            "corrections": {
                "type": "array",
                "items": _object(
                    {
                        "month": {"type": "string"},
                        "published_at": {"type": "string"},
                        "note": _nullable("string"),
                        "changed": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "minItems": 2, "maxItems": 2},
                        },
                    },
                    required=["month", "published_at", "changed"],
                ),
            },
        }
    ),
    "LateAgencies": _object(
        {
            "period": {"type": "string"},
            "units": {"type": "string", "enum": ["recorded", "current"]},
            "items": {
                "type": "array",
                "items": _object(
                    {
                        "code": {"type": "string"},
                        "name_vi": {"type": "string"},
                        "level": {"type": "string", "enum": LEVELS},
                        "resolved": COUNT,
                        "resolved_late": COUNT,
                        "late_pct": PERCENT,
                        "pending_overdue": COUNT,
                    }
                ),
            },
        }
    ),
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _ok(description: str, schema: dict, media: str = "application/json") -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


def _query(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


PERIOD = {
    "name": "period",
    "in": "path",
    "required": True,
    "description": "YYYY-MM, YYYY-Qn, YYYY, or a range of months YYYY-MM..YYYY-MM "
    "(years 1990 to 2100; a range ends no earlier than it starts and "
    "covers at most 120 months, else 400).",
    "schema": {
        "type": "string",
        "pattern": PERIOD_PATTERN,
        "examples": ["2022-07", "2022-Q3", "2022", "2022-01..2022-06"],
    },
}
LEVEL = _query(
    "level",
    "Only agencies of this level (default: all).",
    {"type": "string", "enum": ["all", *LEVELS]},
)
AGENCY = _query(
    "agency",
    "Only this agency (its code); with units=current, this unit and every unit whose "
    "current unit it is.",
    {"type": "string"},
)
UNITS = _query(
    "units",
    "`recorded` (default): each dossier under the agency that recorded it; `current`: under "
    "that agency's current unit (the end of its successor chain today), the published rows "
    "regrouped, totals unchanged (CONTRACT §5).",
    {"type": "string", "enum": ["recorded", "current"]},
)
BAD = _error("Badly written parameters: the message says what is expected.")
STATS_MISSING = _error(
    "`not_published` when a month of the period is not published; "
    "`not_found` for an unknown agency."
)

ACTIVE = "all, current (today, local date) or a date YYYY-MM-DD; else 400."
DATE_OR_WORD = {
    "type": "string",
    "pattern": "^(|all|current|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$",
    "examples": ["current", "2025-06-30"],
}

PATHS = {
    "/api/v1/agencies": {
        "get": {
            "summary": "The agencies, with their active dates and successors",
            "operationId": "listAgencies",
            "tags": ["catalogue"],
            "parameters": [
                _query("active", "Which agencies (default all): " + ACTIVE, DATE_OR_WORD)
            ],
            "responses": {
                "200": _ok(
                    "The agencies.", _object({"items": {"type": "array", "items": _ref("Agency")}})
                ),
                "400": BAD,
            },
        }
    },
    "/api/v1/agencies/{code}": {
        "get": {
            "summary": "One agency, its current unit and its predecessors",
            "operationId": "getAgency",
            "tags": ["catalogue"],
            "parameters": [
                {
                    "name": "code",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "examples": ["STP"]},
                }
            ],
            "responses": {
                "200": _ok("The agency.", _ref("AgencyUnit")),
                "404": _error("No agency has this code."),
            },
        }
    },
    "/api/v1/procedures": {
        "get": {
            "summary": "Search the procedure catalogue",
            "operationId": "searchProcedures",
            "tags": ["catalogue"],
            "description": "Best match first when `q` is given. "
            "Search ignores tone marks and case.",
            "parameters": [
                _query(
                    "q",
                    "Words to search for, with or without tone marks; only the first "
                    "200 characters count.",
                    {"type": "string"},
                ),
                _query("agency", "An agency code.", {"type": "string"}),
                _query(
                    "level",
                    "A level (empty, as a form sends it: every level).",
                    {"type": "string", "enum": ["", *LEVELS]},
                ),
                _query(
                    "active",
                    "Procedures of the agencies active when (default current, today's "
                    "units): " + ACTIVE,
                    DATE_OR_WORD,
                ),
                _query(
                    "online",
                    "Online service level; `any` is partial or full (empty: no filter).",
                    {"type": "string", "enum": ["", *ONLINE_LEVELS, "any"]},
                ),
                _query(
                    "page",
                    "Page number, from 1.",
                    {"type": "integer", "minimum": 1, "maximum": 100_000},
                ),
                _query(
                    "per_page",
                    "Results per page.",
                    {"type": "integer", "minimum": 1, "maximum": 100},
                ),
            ],
            "responses": {
                "200": _ok(
                    "One page of results.",
                    _object(
                        {
                            "total": COUNT,
                            "page": {"type": "integer", "minimum": 1},
                            "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
                            "items": {"type": "array", "items": _ref("ProcedureSummary")},
                        }
                    ),
                ),
                "400": BAD,
            },
        }
    },
    "/api/v1/procedures/{code}": {
        "get": {
            "summary": "One procedure, whole",
            "operationId": "getProcedure",
            "tags": ["catalogue"],
            "parameters": [
                {
                    "name": "code",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "examples": ["1.001234"]},
                }
            ],
            "responses": {
                "200": _ok("The procedure.", _ref("Procedure")),
                "404": _error("No procedure has this code."),
            },
        }
    },
    "/api/v1/lookup": {
        "post": {
            "summary": "A dossier's status and timeline",
            "operationId": "lookUpDossier",
            "tags": ["dossiers"],
            "description": "The same answer, 404 `not_found`, for an unknown code and for a wrong "
            "verifier. Look-ups are limited per client address, shared with the "
            "look-up page.",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": _object(
                            {
                                "code": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"},
                                "verifier": {
                                    "type": "string",
                                    "pattern": "^[0-9]{4,6}$",
                                    "description": "The 4 to 6 digits printed on the receipt.",
                                },
                            }
                        )
                    }
                },
            },
            "responses": {
                "200": _ok("The dossier.", _ref("Dossier")),
                "400": BAD,
                "404": _error("No dossier matches this code and verifier."),
                "429": _error("Too many look-ups from this address: wait a minute."),
            },
        }
    },
    "/api/v1/subscriptions": {
        "post": {
            "summary": "Ask for e-mail alerts about a dossier",
            "operationId": "subscribeToDossier",
            "tags": ["dossiers"],
            "description": "The same 202 for every well-formed request: only a matching code and "
            "verifier queue a confirmation e-mail (double opt-in), so the answer reveals "
            "nothing. Shares the look-up's rate limit.",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": _object(
                            {
                                "code": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"},
                                "verifier": {"type": "string", "pattern": "^[0-9]{4,6}$"},
                                "email": {
                                    "type": "string",
                                    "pattern": EMAIL_PATTERN,
                                    "maxLength": 254,
                                },
                                "lang": {"type": "string", "enum": ["vi", "en"]},
                            },
                            required=["code", "verifier", "email"],
                        )
                    }
                },
            },
            "responses": {
                "202": _ok(
                    "Received: a confirmation e-mail is sent if the code and verifier match.",
                    _object({"status": {"type": "string", "enum": ["pending_confirmation"]}}),
                ),
                "400": _error("`invalid_email` for a malformed address; else `bad_request`."),
                "429": _error("Too many look-ups from this address: wait a minute."),
            },
        }
    },
    "/api/v1/periods": {
        "get": {
            "summary": "The published months",
            "operationId": "listPeriods",
            "tags": ["statistics"],
            "responses": {
                "200": _ok(
                    "Newest first.",
                    _object(
                        {
                            "items": {
                                "type": "array",
                                "items": _object(
                                    {
                                        "period": {
                                            "type": "string",
                                            "pattern": r"^[0-9]{4}-[0-9]{2}$",
                                        },
                                        "published_at": LOCAL_TIME,
                                    },
                                    required=["period", "published_at"],
                                ),
                            }
                        }
                    ),
                )
            },
        }
    },
    "/api/v1/stats/{period}": {
        "get": {
            "summary": "A period's published figures (CONTRACT §4)",
            "operationId": "getStats",
            "tags": ["statistics"],
            "parameters": [PERIOD, LEVEL, AGENCY, UNITS],
            "responses": {
                "200": _ok("The figures.", _ref("Report")),
                "400": BAD,
                "404": STATS_MISSING,
            },
        }
    },
    "/api/v1/stats/{period}.csv": {
        "get": {
            "summary": "A period's published figures as CSV",
            "operationId": "getStatsCsv",
            "tags": ["statistics"],
            "description": "One row per agency: period, code, name_vi, name_en, level, then every "
            "`totals` field (nested ones joined by a dot, e.g. "
            "`received_by_channel.direct`) and every rate. UTF-8 with a BOM.",
            "parameters": [PERIOD, LEVEL, AGENCY, UNITS],
            "responses": {
                "200": _ok("The figures.", {"type": "string"}, "text/csv"),
                "400": BAD,
                "404": STATS_MISSING,
            },
        }
    },
    "/api/v1/late-agencies/{period}": {
        "get": {
            "summary": "Agencies with late or overdue dossiers",
            "operationId": "getLateAgencies",
            "tags": ["statistics"],
            "description": "Ordered by late_pct (highest first), then resolved_late, then code.",
            "parameters": [PERIOD, LEVEL, UNITS],
            "responses": {
                "200": _ok("The list.", _ref("LateAgencies")),
                "400": BAD,
                "404": STATS_MISSING,
            },
        }
    },
    "/api/v1/late-agencies/{period}.csv": {
        "get": {
            "summary": "Agencies with late or overdue dossiers, as CSV",
            "operationId": "getLateAgenciesCsv",
            "tags": ["statistics"],
            "description": "The same rows in the same order: period, code, name_vi, name_en, "
            "level, "
            "resolved, resolved_late, late_pct, pending_overdue. UTF-8 with a BOM.",
            "parameters": [PERIOD, LEVEL, UNITS],
            "responses": {
                "200": _ok("The list.", {"type": "string"}, "text/csv"),
                "400": BAD,
                "404": STATS_MISSING,
            },
        }
    },
}

# Answers every operation may give, whatever the input.
for _item in PATHS.values():
    for _operation in _item.values():
        _operation["responses"].setdefault("405", _error("This method is not allowed here."))

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Public Administrative Service Centre portal — open data API",
        "version": "1",
        "description": "Read-only JSON over the procedure catalogue and the published "
        "statistics, and the dossier look-up. UTF-8; no cookies, no tokens; "
        'errors are {"error": CODE, "message": TEXT}.',
        "license": {"name": "Open data"},
    },
    "paths": PATHS,
    "components": {"schemas": SCHEMAS},
}


@bp.get("/openapi.json")
def openapi():
    """Describe this API in OpenAPI 3.1."""
    document = dict(DOCUMENT, servers=[{"url": public_origin()}])
    response = jsonify(document)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
