"""A procedure described for search engines (schema.org JSON-LD), and its online filing link."""

from urllib.parse import quote

from flask import current_app

from ..i18n import localized
from ..links import absolute_url


def online_filing_url(procedure) -> str | None:
    """The configured public-service portal's page for filing this procedure online."""
    template = current_app.config.get("ONLINE_FILING_URL") or ""
    if procedure.online_level == "none" or not template:
        return None
    return template.replace("{code}", quote(procedure.code, safe=""))


def government_service(procedure) -> dict:
    """Describe a procedure as a schema.org GovernmentService for search engines."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "identifier": procedure.code,
        "name": localized(procedure, "name"),
        "url": absolute_url("catalogue.detail", code=procedure.code),
        "serviceType": procedure.field_vi or "",
        "provider": {
            "@type": "GovernmentOrganization",
            "name": localized(procedure.agency, "name"),
        },
        "areaServed": {"@type": "AdministrativeArea", "name": current_app.config["CENTRE_NAME_VI"]},
        "availableChannel": {
            "@type": "ServiceChannel",
            "serviceLocation": {"@type": "Place", "address": current_app.config["CENTRE_ADDRESS"]},
            "processingTime": f"P{procedure.processing_days}D",
        },
    }
    if procedure.online_level != "none":
        data["availableChannel"]["serviceUrl"] = online_filing_url(procedure) or data["url"]
    return data
