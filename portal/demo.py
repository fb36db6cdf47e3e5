"""Demo data for a fresh installation (placeholder until the demo generator lands)."""


def seed_demo(dossiers=None, echo=print):
    echo("no demo data yet")
