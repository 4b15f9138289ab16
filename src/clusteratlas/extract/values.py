"""Recognisers for values: sums of money and full dates."""

from __future__ import annotations

import re
from datetime import date

from ..model import GraphValue, Span
from .lexicon import Lexicon


def _alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


class MoneyRecogniser:
    """"141.5 million rubles", "RUB 1.73 bn", "$4.2 billion", "€ 30 million", "90 mln roubles"."""

    name = "money"

    def __init__(self, lex: Lexicon):
        self.lex = lex
        number = r"\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
        scale = _alternation(self.lex.scales)
        currency = _alternation(self.lex.currencies)
        self.after = re.compile(
            rf"(?<![\w.])(?P<num>{number})(?:\s*(?P<scale>{scale})\.?)?\s*(?P<cur>{currency})(?![\w])",
            re.IGNORECASE,
        )
        self.before = re.compile(
            rf"(?<![\w])(?P<cur>{currency})\s*(?P<num>{number})(?:\s*(?P<scale>{scale})(?![\w]))?\.?",
            re.IGNORECASE,
        )

    def __call__(self, text: str) -> list[GraphValue]:
        found: list[GraphValue] = []
        taken: list[tuple[int, int]] = []
        for pattern in (self.before, self.after):
            for m in pattern.finditer(text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                amount = self._amount(m.group("num"), m.group("scale"))
                code = self._currency(m.group("cur"))
                if amount is None or code is None:
                    continue
                end = m.end()
                while end > m.start() and text[end - 1] in " .":
                    end -= 1
                if m.group("cur").endswith(".") or (m.group("scale") or "").endswith("."):
                    end = m.end()
                taken.append((m.start(), end))
                found.append(GraphValue("money", text[m.start():end], Span(m.start(), end), amount=amount, currency=code))
        return sorted(found, key=lambda v: v.span.start)

    def _currency(self, surface: str) -> str | None:
        for form, code in self.lex.currencies.items():
            if form.lower() == surface.lower():
                return code
        return None

    def _amount(self, number: str, scale: str | None) -> float | None:
        digits = number.replace("\u00a0", " ").replace("\u202f", " ")
        if re.fullmatch(r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?", digits):
            digits = digits.replace(" ", "").replace(",", "")
        else:
            digits = digits.replace(" ", "").replace(",", ".")
        try:
            value = float(digits)
        except ValueError:
            return None
        if scale:
            factor = self.lex.scales.get(scale.lower().rstrip("."), self.lex.scales.get(scale.lower()))
            if factor is None:
                return None
            value *= factor
        return round(value, 2)


class DateRecogniser:
    """Dates with day, month and year: "March 6, 2013", "6 March 2013",
    "the 19th of August 2011", "28.08.2012", "2013-03-06"."""

    name = "dates"

    def __init__(self, lex: Lexicon):
        self.lex = lex
        month = _alternation(lex.months)
        day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        year = r"(?P<year>(?:1[89]|20)\d\d)"
        self.patterns = [
            re.compile(rf"(?<![\w])(?P<month>{month})\.?\s+{day},?\s+{year}(?!\d)", re.IGNORECASE),
            re.compile(rf"(?<![\w\d])(?:the\s+)?{day}\s+(?:of\s+)?(?P<month>{month})\.?,?\s+{year}(?!\d)", re.IGNORECASE),
            re.compile(r"(?<![\w.])(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:1[89]|20)\d\d)(?![\d])"),
            re.compile(r"(?<![\w-])(?P<year>(?:1[89]|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?![\d])"),
        ]

    def __call__(self, text: str) -> list[GraphValue]:
        found: list[GraphValue] = []
        taken: list[tuple[int, int]] = []
        for pattern in self.patterns:
            for m in pattern.finditer(text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                groups = m.groupdict()
                month = int(groups["mnum"]) if groups.get("mnum") else self.lex.months.get(groups["month"].lower())
                try:
                    iso = date(int(groups["year"]), int(month), int(groups["day"])).isoformat()
                except (TypeError, ValueError):
                    continue
                taken.append((m.start(), m.end()))
                found.append(GraphValue("date", m.group(0), Span(m.start(), m.end()), value=iso))
        return sorted(found, key=lambda v: v.span.start)
