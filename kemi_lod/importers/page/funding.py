"""One "Rahoitus…:" value: the programme chain it names (programme, priority axis, specific
objective), then each sentence as contributions (a fund's or a funder's share or amount, citing
the line the amount is on; granted where the sentence says an authority "on myöntänyt" it),
funders, grants and the budget. What is not understood is reported and kept as a note, never
half-read."""

from __future__ import annotations

import re
from typing import Any, Callable

from kemi_lod.importers.common import Sourced, plain_number, slug
from kemi_lod.importers.page.draft import LabelValue, PageDraft, PageProject
from kemi_lod.importers.page.lexicon import ORGANISATION_WORD, PROGRAMMES, STATE_AGENCY, fund_in, mend_typos
from kemi_lod.importers.page.lines import excerpt
from kemi_lod.importers.page.notation import AMOUNT, decimal_of, is_percent, nominative, read_amount, read_percent, split_list
from kemi_lod.importers.page.titles import mend_hyphens, normalise_title

_PROGRAMME = re.compile(r"(?P<name>[A-ZÄÖÅ][^.]*?-ohjelma)\.?(?=\s|$)")
_AXIS = re.compile(
    r"(?:(?P<fund>Euroopan \w+rahaston|[A-Z]{2,5}:n)\s+)?[Tt]oimintalinja\s+(?P<num>\d+)\.?\s+"
    r"(?P<name>.+?)(?=,?\s+[Ee]rityistavoite\b|\.\s|\.?$)")
_OBJECTIVE = re.compile(r"[Ee]rityistavoite\s+(?P<num>\d+(?:\.\d+)+)\.?\s+(?P<name>[^.]+?)(?=\.\s|\.?$)")
_SHARE = re.compile(
    r"^Hank(?:e|etta) rahoitetaan (?P<pct>\d+(?:,\d+)?\s*(?:%|prosentin)) osuudella (?P<org>.+?) "
    r"(?P<fund>[\wÄÖÅäöå]+)-rahoituksella", re.I)
_GRANTED = re.compile(r"^(?P<org>[A-ZÄÖÅ].*?) on myöntänyt (?P<rest>.+)$")
_MAX_SHARE = re.compile(r"enintään (?P<pct>\d+(?:,\d+)?\s*(?:%|prosent\w*))", re.I)
_FUNDED_BY = re.compile(r"^(?P<list>[A-ZÄÖÅ].*?) rahoittama$")
_GRANT_OF = re.compile(r"^(?P<org>[A-ZÄÖÅ][\w-]*):n (?P<grant>[\w\s-]*avustus)$")
_GROUP_WORDS = (
    (re.compile(r"\bvaltion rahoitu", re.I), "state"),
    (re.compile(r"\bkuntien rahoitu|\bkunnan rahoitu|\bkuntarahoitu", re.I), "municipal"),
    (re.compile(r"\bmuu\w* julki\w* rahoitu", re.I), "other-public"),
    (re.compile(r"\byksityi\w* rahoitu", re.I), "private"),
    (re.compile(r"omarahoitu", re.I), "own-funding"),
)
_FILLER = re.compile(
    r"\b(ja|valtion|rahoitu\w*|tuensaajan|euroopan|\w+rahaston|kuntien|kunnan|kuntarahoitu\w*|yksityi\w*|muu\w*|"
    r"julki\w*|omarahoitu\w*|EAKR|EARK|ESR|AKKE)\b|:n\b|[-–:()]", re.I)


def read_funding(draft: PageDraft, project: PageProject, value: LabelValue) -> None:
    """Read one funding value into the project: the programme chain, then the sentences."""
    taken = _read_programme_chain(draft, project, value)
    FundingReader(draft, project, value).read(_sentences(value.text, taken))


def _sentences(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """The sentences of the text outside the `taken` spans, with their offsets."""
    chars = list(text)
    for a, b in taken:
        chars[a:b] = [" "] * (b - a)
    text = "".join(chars)
    out = []
    for match in re.finditer(r"[^.]+(?:\.(?!\s|$)[^.]*)*\.?", text):
        sentence = match.group(0).strip(" ,.")
        if re.search(r"\w", sentence):
            out.append((match.start() + len(match.group(0)) - len(match.group(0).lstrip(" ,.")), sentence))
    return out


# --- the programme chain -----------------------------------------------------------------------


def _read_programme_chain(draft: PageDraft, project: PageProject, value: LabelValue) -> list[tuple[int, int]]:
    """The programme, priority axis and specific objective the value names, the most specific
    linked to the project; returns the spans of text they take."""
    where = draft.where(value.first, value.last)
    taken: list[tuple[int, int]] = []
    programme = _programme(draft, value.text, where, taken)
    axis = _axis(draft, value.text, where, programme, taken)
    objective = _objective(draft, value.text, where, axis, taken)
    most_specific = objective or axis or programme
    if most_specific:
        project.add("programmes", [most_specific], where)
    return taken


def _programme(draft: PageDraft, text: str, where: str, taken: list[tuple[int, int]]) -> str | None:
    match = _PROGRAMME.search(text)
    if not match:
        return None
    name = match.group("name")
    ident = next((k for k, v in PROGRAMMES.items() if _catalogue_key(v["name"]) == _catalogue_key(name)), None)
    taken.append(match.span())
    return draft.programme(ident or slug(name), where, name=mend_hyphens(name), level="programme")


def _axis(draft: PageDraft, text: str, where: str, programme: str | None, taken: list[tuple[int, int]]) -> str | None:
    match = _AXIS.search(text)
    if not match:
        return None
    name = mend_hyphens(match.group("name").strip(" ,"))
    fund = fund_in(match.group("fund") or "") or fund_in(name)
    taken.append(match.span())
    return draft.programme(f"toimintalinja-{match.group('num')}", where, name=name, level="priority-axis",
                           notation=match.group("num"), part_of=programme,
                           fund=draft.programme(fund, where) if fund else None)


def _objective(draft: PageDraft, text: str, where: str, axis: str | None, taken: list[tuple[int, int]]) -> str | None:
    match = _OBJECTIVE.search(text)
    if not match:
        return None
    num = match.group("num")
    taken.append(match.span())
    return draft.programme(f"erityistavoite-{num.replace('.', '-')}", where,
                           name=mend_hyphens(match.group("name").strip()), level="specific-objective",
                           notation=num, part_of=axis)


def _catalogue_key(name: Any) -> str:
    return normalise_title(name["fi"] if isinstance(name, dict) else name)


# --- the sentences -------------------------------------------------------------------------------


class FundingReader:
    """The sentences of one funding value: contributions, funders, grants and the budget."""

    def __init__(self, draft: PageDraft, project: PageProject, value: LabelValue) -> None:
        self.r, self.project, self.value = draft, project, value
        self.contributions: list[Sourced] = []
        # the statements a whole sentence may make, tried in this order
        self.statements: tuple[Callable[[str, str], bool], ...] = (
            self.max_share, self.fund_definition, self.funded_by, self.grant_of, self.funder_name)

    def read(self, sentences: list[tuple[int, str]]) -> None:
        for start, sentence in sentences:
            self.sentence(sentence, start)
        self.project.add("funding", self.contributions, self.r.where(self.value.first, self.value.last))

    # sentences ----------------------------------------------------------------------------------
    def sentence(self, sentence: str, start: int) -> None:
        line = self.value.line_at(start)
        where = self.r.where(line)
        share = _SHARE.match(sentence)
        if share and not is_percent(share.group("pct")):
            self.r.problem(line, f"a share of more than 100 % ({share.group('pct')!r}): not read; kept as a note")
            self.project.note(sentence, where)
            return
        if share:
            self.share(share, where)
            sentence = sentence[share.end():].strip(" ,")
            if not sentence:
                return
        granted = _GRANTED.match(sentence)
        if granted:
            self.project.set("granted_by", self.r.org(granted.group("org"), where), where)
            sentence = granted.group("rest")
        before = len(self.contributions)
        if not any(statement(sentence, where) for statement in self.statements):
            self.clauses(sentence, start)
        if granted:  # "X on myöntänyt …": the amounts of the sentence are granted
            for contribution in self.contributions[before:]:
                if "amount" in contribution.value:
                    contribution.value.setdefault("status", "granted")

    def clauses(self, sentence: str, start: int) -> None:
        """The comma-separated clauses of a sentence, each read at the line it is on."""
        cursor = start
        for clause in re.split(r",\s+", sentence):
            clause = clause.strip()
            if not clause:
                continue
            at = self.value.text.find(clause, cursor)
            cursor = at + len(clause) if at >= 0 else cursor
            line = self.value.line_at(max(at, start))
            if not self.clause(clause, self.r.where(line), max(at, start)):
                self.r.problem(line, f"funding not read: {excerpt(clause)!r}; kept as a note")
                self.project.note(clause, self.r.where(line))

    def share(self, share: re.Match, where: str) -> None:
        """"Hanke rahoitetaan 80 % osuudella X:n Y-rahoituksella": a managed fund's share."""
        fund = fund_in(share.group("fund"))
        org = self.r.org(nominative(share.group("org")), where)
        ident = self.r.programme(fund, where, managed_by=org) if fund else self.r.grant(
            f"{share.group('fund')}-rahoitus", where, managed_by=org)
        if fund and "managed_by" not in self.r.draft.records["programme"][ident]:
            self.r.draft.records["programme"][ident]["managed_by"] = Sourced(org, where)
        self.contributions.append(Sourced({"funder": org, "fund": ident,
                                           "share_percent": plain_number(read_percent(share.group("pct")))}, where))
        self.project.add("programmes", [ident], where)

    # what a whole sentence may state ------------------------------------------------------------
    def max_share(self, sentence: str, where: str) -> bool:
        maximum = _MAX_SHARE.search(sentence)
        if not (maximum and is_percent(maximum.group("pct"))):
            return False
        target = next((c for c in reversed(self.contributions) if "fund" in c.value or "group" in c.value), None)
        if target is not None:
            target.value["max_share_percent"] = plain_number(read_percent(maximum.group("pct")))
        self.project.note(sentence.rstrip(".") + ".", where)  # its wording says more than the number
        return True

    def fund_definition(self, sentence: str, where: str) -> bool:
        definition = re.match(r"^(?P<name>[\w-]+)-rahoitus on (?P<desc>.+)$", sentence)
        if not (definition and fund_in(definition.group("name"))):
            return False
        ident = self.r.programme(fund_in(definition.group("name")), where)
        self.r.draft.records["programme"][ident].setdefault("description", Sourced(sentence.rstrip(".") + ".", where))
        return True

    def funded_by(self, sentence: str, where: str) -> bool:
        funded = _FUNDED_BY.match(sentence)
        if not funded:
            return False
        names = [nominative(i) for i in split_list(funded.group("list"))]
        self.project.add("funders", [self.r.org(n, where) for n in names], where)
        return True

    def grant_of(self, sentence: str, where: str) -> bool:
        grant = _GRANT_OF.match(sentence)
        if not grant:
            return False
        org = self.r.org(grant.group("org"), where)
        name, mended = mend_typos(f"{grant.group('org')}:n {grant.group('grant')}")
        contribution = {"funder": org, "fund": self.r.grant(name, where, managed_by=org)}
        if mended:
            contribution["stated"] = sentence
            self.r.problem(where.rpartition(":")[2], f"mended {sentence!r} to {name!r} (stated kept)")
        self.contributions.append(Sourced(contribution, where))
        return True

    def funder_name(self, sentence: str, where: str) -> bool:
        if len(sentence.split()) <= 5 and sentence[:1].isupper() and ORGANISATION_WORD.search(sentence) \
                and not AMOUNT.search(sentence):
            self.project.add("funders", [self.r.org(sentence, where)], where)
            return True
        return False

    # clauses --------------------------------------------------------------------------------------
    def clause(self, clause: str, where: str, at: int) -> bool:
        """A clause (at offset `at` of the value): the budget, or a contribution."""
        budget = re.match(r"^(?:hankkeen )?kokonaisbudjetti on (?P<amount>.+)$", clause, re.I)
        if budget:
            try:
                amount = self.r.amount(read_amount(budget.group("amount")), self.value.first)
            except ValueError:
                return False
            if amount is None:
                self.project.note(clause, where)
            else:
                self.project.set("budget", amount, where)
            return True
        contribution = self.contribution(clause, where, at)
        if contribution is None:
            return False
        self.contributions.append(Sourced(contribution, where))
        return True

    def contribution(self, clause: str, where: str, at: int) -> dict[str, Any] | None:
        amounts = list(AMOUNT.finditer(clause))
        if len(amounts) > 1:
            return None
        words = (clause[: amounts[0].start()] + clause[amounts[0].end():]).strip() if amounts else clause
        groups = [g for pattern, g in _GROUP_WORDS if pattern.search(words)]
        out = self.contributor(words, groups, bool(amounts), where)
        if out is None:
            return None
        if amounts:
            line = self.value.line_at(at + amounts[0].start())  # the line the amount is on
            amount = self.r.amount(decimal_of(amounts[0].group("num")), line)
            if amount is None:
                self.project.note(clause, where)
            else:
                out["amount"] = amount
                out["sources"] = [self.r.cite(line)]
        typo = mend_typos(clause)[1]
        if typo or len(set(groups)) > 1:
            out["stated"] = clause.strip(" ,.")
            what = "a typo mended" if typo else f"read as {out.get('group')}"
            self.r.problem(where.rpartition(":")[2], f"funding {clause.strip(' ,.')!r}: {what} (stated kept)")
        return out

    def contributor(self, words: str, groups: list[str], has_amount: bool, where: str) -> dict[str, Any] | None:
        """Who a clause's contribution is from (its fund, funder group or funder), or None
        where its words are not understood."""
        out: dict[str, Any] = {}
        fund = fund_in(words)
        if (fund or groups) and re.search(r"\w", _FILLER.sub(" ", words)):
            return None  # words the reader does not understand: reported, not half-read
        if fund:
            out["fund"] = self.r.programme(fund, where)
        if fund and re.search(r"\bja valtion\b", words):
            out["group"] = "eu-and-state"
        elif groups:
            out["group"] = groups[-1]
        if not out:
            name = re.sub(r"\s*(rahoitus\w*|myöntämä\w*)$", "", words).strip(" :")
            if not (name[:1].isupper() and len(name.split()) <= 6 and has_amount):
                return None
            out["funder"] = self.r.org(name, where)
            if STATE_AGENCY.search(name):
                out = {"group": "state", **out}
        return out

