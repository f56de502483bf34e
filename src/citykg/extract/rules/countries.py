"""Phase ``located-in``: a city in a country the page names elsewhere ("hydrogen buses on
Korea's south coast" above "… in Changwon and … in Ulsan"; "Summer temperatures in
Vietnam's central coastal cities" on a page about Huế and Quy Nhon). The page states the
country it is about; GeoNames says which of its cities lie there. Weaker than a city and
its country told in one sentence (:func:`.topics.city_in_country`), and only for a country
named outside an organisation's name ("Public Utilities Board of Kiribati" places the
board, not the page)."""

from __future__ import annotations

from .context import RuleContext
from .registry import rule


@rule("country-of-the-page", "located-in")
def country_of_the_page(ctx: RuleContext) -> None:
    """Each city of a page naming one country is located in it when GeoNames agrees."""
    named = {
        f.key: f
        for f in ctx.mentions.items
        if f.type == "Country" and not f.nested and not f.modifier
    }
    if len(named) != 1:
        return  # a page naming several countries places each city itself
    for f in ctx.mentions.items:
        if f.type != "City" or f.nested:
            continue
        entry = ctx.gaz.entries.get(f.key)
        country = named.get(f"country:{entry.country}") if entry and entry.country else None
        if country is not None:
            ctx.emit(
                f.key,
                "locatedIn",
                "country-of-the-page",
                sent=country.sent,
                span=country.span,
                obj=country.key,
                fallback=True,
            )
