"""Agencies as units that change: successor chains, current units, the agency pages."""
