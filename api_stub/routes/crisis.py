"""Crisis resources by country. Public on purpose: an app must be able to show a hotline
even when its key has expired."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from pipeline.crisis_resources import known_countries, resources_for

router = APIRouter(prefix="/v1/crisis", tags=["crisis"])


@router.get("/resources")
def crisis_resources(
    country: str | None = Query(
        default=None, pattern="^[A-Za-z]{2}$", description="ISO 3166 alpha-2"
    ),
) -> dict[str, Any]:
    return {
        "country": country.upper() if country else None,
        "resources": resources_for(country),
        "countries_with_local_resources": known_countries(),
    }
