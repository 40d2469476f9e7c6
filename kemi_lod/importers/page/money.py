"""The money of a block, placed once the whole block is read: the status its title states
("(haettu 10/2019)") on the amounts of its funding, and the city's own share ("Kaupungin osuus
vuonna 2020: …") among its contributions: one contribution with the municipalities' funding
where both state the same amount, part of it where the share is smaller, else a contribution
of its own. And whether a project's contributions add up to its budget, summed as the data
model sums them (docs/data-model.md, Money)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kemi_lod.importers.common import Sourced, plain
from kemi_lod.importers.page.draft import PageDraft, PageProject

# the funder groups of the funding the city's share may be (part of), in the order preferred
_WHOLES = ("municipal", "own-funding")


def place_money(draft: PageDraft, project: PageProject) -> None:
    """The block's status on its amounts, then the city's share among its contributions."""
    if project.status is not None:
        _status(draft, project, project.status)
    if project.city_share is not None:
        _city_share(draft, project, project.city_share)


def _status(draft: PageDraft, project: PageProject, status: Sourced) -> None:
    """The status the title states goes on every amount of the block's funding that states
    none of its own (the city's share, read from a line of its own, stays planned)."""
    funding = project.fields.get("funding")
    amounts = [c.value for c in (funding.value if funding else []) if "amount" in c.value]
    if not amounts:
        draft.problem(_first_line(status.where), f"the title states the status {status.value['status']} "
                      f"({status.value['status_date']}), but the block states no amount of funding to carry it; "
                      "kept in title_as_stated only")
    for contribution in amounts:
        if "status" not in contribution:
            contribution.update(status.value)


def _city_share(draft: PageDraft, project: PageProject, share: Sourced) -> None:
    funding = project.fields.get("funding")
    wholes = _wholes(draft, funding.value if funding else [])
    amount = share.value["amount"]
    same = [(i, c) for i, c in wholes if c.value["amount"] == amount]
    larger = [(i, c) for i, c in wholes if c.value["amount"] > amount]
    if same:
        _one_contribution(draft, project, same[0][1], share)
        return
    if larger:
        position, whole = larger[0]
        share.value["part_of"] = position
        if "year" not in share.value:
            draft.problem(_first_line(share.where), f"the city's share ({amount} euros, for no year) is less than "
                          f"the {whole.value['amount']} euros of funding[{position}]: read as part of it")
    elif wholes:
        draft.problem(_first_line(share.where), f"the city's share ({amount} euros) is more than the municipalities' "
                      "funding the block states: read as a contribution of its own")
    project.add("funding", [share], share.where)


def _wholes(draft: PageDraft, funding: list[Sourced]) -> list[tuple[int, Sourced]]:
    """The contributions (with their positions from 1) the city's share may be, or be part
    of: the municipalities' funding, then the beneficiary's own funding, stated with an amount,
    part of no other and from no funder but the city."""
    found = [
        (i, c) for i, c in enumerate(funding, start=1)
        if c.value.get("group") in _WHOLES and "amount" in c.value and "part_of" not in c.value
        and c.value.get("funder", draft.city) == draft.city
    ]
    return sorted(found, key=lambda ic: (_WHOLES.index(ic[1].value["group"]), ic[0]))


def _one_contribution(draft: PageDraft, project: PageProject, whole: Sourced, share: Sourced) -> None:
    """The same amount stated as the municipalities' funding and as the city's share: one
    contribution, the city's, citing both lines; with the share's year where the project's
    period lies within that year (else the amount is the whole period's, as the funding says)."""
    contribution, city = whole.value, share.value
    contribution["funder"] = city["funder"]
    year = city.get("year")
    if year and within_year(plain(project.fields.get("period")), year):
        contribution["year"] = year
    elif year:
        draft.problem(_first_line(share.where), f"the city's share for {year} equals the funding of "
                      f"{contribution['amount']} euros for the whole period: read as one contribution, "
                      "of the whole period")
    contribution["sources"] = contribution.get("sources", []) + city["sources"]
    if "stated" in city:
        contribution.setdefault("stated", city["stated"])


def within_year(period: Any, year: str) -> bool:
    """Whether the period starts and ends in that year."""
    if not isinstance(period, dict) or "start" not in period or "end" not in period:
        return False
    return str(period["start"])[:4] == str(period["end"])[:4] == year


def funding_complete(fields: dict[str, Sourced]) -> bool:
    """Whether the contributions add up to the budget: those that are part of no other, with an
    amount for the whole period (no year, or the one year the period lies in)."""
    funding, budget = fields.get("funding"), fields.get("budget")
    if funding is None or budget is None:
        return False
    period = plain(fields.get("period"))
    counted = [c.get("amount") for c in plain(funding)
               if "part_of" not in c and ("year" not in c or within_year(period, c["year"]))]
    if not counted or None in counted:
        return False
    return sum(Decimal(str(a)) for a in counted) == Decimal(str(plain(budget)))


def _first_line(where: str) -> str:
    return where.rpartition(":")[2].split("-")[0]
