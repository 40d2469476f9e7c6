"""Project titles: the key two spellings of one title share, hyphens the page left hanging,
and a title taken from a summary where a block states none."""

from __future__ import annotations

import re

from kemi_lod.importers.page.lexicon import SMALL_WORDS

_NAME_MARK = re.compile(r"^[-–]?hank(?:e|keen|etta)[.,:;]?$", re.I)
_COMPOUND_MARK = re.compile(r"^(?P<stem>\w{3,}?)hank(?:e|keen|etta)[.,:;]?$")
_ATTRIBUTIVE = re.compile(r"(organisoima|rahoittama|toteuttama|hallinnoima|vuotinen)$", re.I)


def mend_hyphens(text: str) -> str:
    """A hyphen left hanging by the page: "REACT- EU:n" -> "REACT-EU:n" (after an
    abbreviation), "vahvaksi- osallistumalla" -> "vahvaksi – osallistumalla" (a dash)."""

    def mend(m: re.Match) -> str:
        word, nxt = m.group(1), m.group(2)
        if nxt.lower() in SMALL_WORDS:
            return m.group(0)
        return f"{word}-{nxt}" if word.isupper() and len(word) > 1 else f"{word} – {nxt}"

    return re.sub(r"(\w+)- (\w+)", mend, text)


def normalise_title(title: str) -> str:
    """The key that makes two spellings one title: case, spaces, hyphens and dashes do not count."""
    return re.sub(r"[\W_]+", "", title.casefold())


def derive_title(summary: str) -> tuple[str, str] | None:
    """A title the summary itself names ("Koronasta kasvuun hankkeen…", "Vahvax- hanke…",
    "Vahva lukutaito -hanke", "…koordinaatiohankkeen avulla"), with the sentence it is taken from."""
    for sentence in re.split(r"(?<=[.!?:])\s+", " ".join(summary.split())):
        words = sentence.split(" ")
        for k, word in enumerate(words):
            start = max((i + 1 for i, w in enumerate(words[:k]) if _ATTRIBUTIVE.search(w)), default=0)
            if _NAME_MARK.match(word) and k > start:
                name = [w for w in words[start:k] if w not in ("-", "–")]
                name[-1:] = [name[-1].rstrip("-")] if name else []
            elif (compound := _COMPOUND_MARK.match(word)) and not word[0].isupper() and k > start:
                name = [*words[start:k], compound.group("stem") + "hanke"]
            else:
                continue
            if name and name[0][:1].isupper() and len(name) <= 7 and all(name):
                return " ".join(name).strip(" ,"), sentence
    return None


def fallback_title(summary: str) -> str:
    """A title from a summary that names no project: what "Tavoitteena on …" states, or the
    summary's opening words (up to a comma or "yhteistyössä", at most eight)."""
    text = " ".join(summary.split())
    goal = re.search(r"(?:^|[.!?]\s)Tavoitteena on (?P<goal>[^.,:;]+)[.!?]", text)
    if goal and len(goal.group("goal").split()) <= 8:
        return goal.group("goal")
    words = []
    for word in text.split(" ")[:8]:
        if word.lower() in ("yhteistyössä", "jotta", "joka", "jonka"):
            break
        words.append(word)
        if word.endswith((",", ".", ":", ";")):
            break
    return " ".join(words).rstrip(" .,:;")


def sentence_of(title: str, summary: str) -> str:
    """The sentence of the summary a fallback title is taken from."""
    text = " ".join(summary.split())
    at = text.find(title)
    if at < 0:
        return title
    start = max(text.rfind(". ", 0, at) + 2, 0) if text.rfind(". ", 0, at) >= 0 else 0
    end = text.find(". ", at + len(title))
    return text[start: end + 1 if end >= 0 else len(text)]
