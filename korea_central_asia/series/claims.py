"""Every numeric claim of the three texts the project examines (Kwak's Korea Foundation essay, Lee's Korea Times
column and Nishonova's paper), each checked against the project's tables from other sources.

    from korea_central_asia.series import claims
    claims.verdicts()                      # one row per claim: claimed, computed, verdict, explanation, source_id
    claims.check("trade-ca5-2019")         # the same row for one claim
    claims.readings()                      # every computed number beside its claim, with computed ÷ claimed
    claims.tally()                         # claims per text and verdict

Rules kept here and nowhere else:

- a text's own row never supports its own claim; stricter still, no row of any of the three texts is used, so
  every verdict rests on other sources (`independent`), and `verdicts` refuses a check that returns a text's id;
- dates: supported if the claimed date (at its stated precision) is among the dates the other sources give, partly
  if only the year agrees, not supported otherwise (`date_verdict`);
- numbers: the rules of each qualifier (`exact`, `more_than`, `nearly`, `about`) in `numeric_verdict`;
- readings of one fact (rows sharing a `fact_id`): the verdict is judged on the preferred reading; a claim that
  matches only a non-preferred reading is partly supported, and the explanation names the reading it matches and
  lists the other readings (`weigh`, the one place this rule is written);
- a claimed year of "established" relations that is the year relations were *restored* after a break is partly
  supported: the year is right, the event is not (as a right number in the wrong unit is);
- two readings (Korea- and partner-reported trade, two counts of one thing): the better verdict, but never more
  than partly supported when they differ (`combine`);
- trade totals come from `series.trade` (IMF DOTS, full years, both flows of one reporter); a missing total is a
  gap, which makes the verdict "no data", never a guess;
- "no data" is not "false": it says the tables lack the independent figures the check needs.

Each claim's check is one function registered for its claim ids; `unmatched()` lists claims without a check and
checks without a claim. `data={"events": frame, ...}` replaces any table (for tests on hand-made tables).
"""
from __future__ import annotations

import functools
from collections import namedtuple

import pandas as pd

from ..data import load
from . import FIVE, register, successor_code
from . import people, relations
from . import trade as trade_series

SUPPORTED, PARTLY, NOT, NO_DATA = "supported", "partly supported", "not supported", "no data"
VERDICTS = (SUPPORTED, PARTLY, NOT, NO_DATA)  # best first
QUALIFIER_WORDS = {"exact": "", "more_than": "more than ", "nearly": "almost ", "about": "about "}
# The three texts as the verdict table names them, and by author.
TEXT_LABELS = {"kwak-2021": "Kwak (2021), Korea Foundation", "lee-2019": "Lee (2019), Korea Times",
               "nishonova-nd": "Nishonova (n.d.), paper"}
SHORT_LABELS = {"kwak-2021": "Kwak 2021", "lee-2019": "Lee 2019", "nishonova-nd": "Nishonova n.d."}
AUTHORS = {"kwak-2021": "Kwak", "lee-2019": "Lee", "nishonova-nd": "Nishonova"}
READERS = (("KOR", "Korea-reported"), ("partner", "partner-reported"))
TABLES = ("claims", "events", "trade", "diaspora", "partnerships", "policy_stages", "sources")
PAPER_COLUMNS = ["claim_id", "text", "claim", "claimed", "computed", "verdict", "explanation", "sources"]

Finding = namedtuple("Finding", "computed verdict explanation source_ids")
CHECKS: dict = {}  # claim_id -> check function(claim, tables) -> Finding


def checks(*claim_ids):
    """Register the decorated function as the check of the given claims (one check per claim)."""
    def mark(function):
        for claim_id in claim_ids:
            if claim_id in CHECKS:
                raise ValueError(f"two checks for {claim_id}")
            CHECKS[claim_id] = function
        return function
    return mark


class Tables:
    """The tables the checks read: loaded on first use, or the frames given in `data` (for tests)."""

    def __init__(self, data=None):
        self._frames = dict(data or {})
        unknown = set(self._frames) - set(TABLES)
        if unknown:
            raise ValueError(f"unknown table(s) {', '.join(sorted(unknown))}; tables are: {', '.join(TABLES)}")

    def __getattr__(self, name):
        if name.startswith("_") or name not in TABLES:
            raise AttributeError(name)
        if name not in self._frames:
            self._frames[name] = load(name)
        return self._frames[name]

    @property
    def texts(self) -> set:
        """The source ids of the texts whose claims are checked."""
        return set(self.claims["source_id"])


# --- verdict rules -------------------------------------------------------------------------------------------

def at_stated_precision(computed, claimed):
    """`computed` rounded to the precision the claimed figure is stated in (6.8e9 → nearest 1e8).

        at_stated_precision(6_727_800_000, 6.8e9)  # -> 6700000000
    """
    text = str(int(round(claimed)))
    step = 10 ** (len(text) - len(text.rstrip("0")))
    return round(computed / step) * step


def numeric_verdict(computed, claimed, qualifier) -> str:
    """The verdict on a number: `exact` (equal at the stated precision; partly within 5%), `more_than` (above;
    partly if at most 10% short), `nearly` (at most the claim and no more than 10% below; partly 10–25% below or up
    to 10% above), `about` (within 5%; partly within 10%).

        numeric_verdict(4.9, 6, "nearly")  # -> 'partly supported'
    """
    gap = (computed - claimed) / claimed
    if qualifier == "more_than":
        return SUPPORTED if computed > claimed else PARTLY if gap >= -0.10 else NOT
    if qualifier == "nearly":
        if -0.10 <= gap <= 0:
            return SUPPORTED
        return PARTLY if -0.25 <= gap <= 0.10 else NOT
    if qualifier == "about":
        return SUPPORTED if abs(gap) <= 0.05 else PARTLY if abs(gap) <= 0.10 else NOT
    if qualifier == "exact":
        if at_stated_precision(computed, claimed) == claimed:
            return SUPPORTED
        return PARTLY if abs(gap) <= 0.05 else NOT
    raise ValueError(f"no rule for qualifier {qualifier}")


def date_verdict(claimed: str, found) -> str:
    """The verdict on a date (ISO text at any precision) against the dates other sources give.

        date_verdict("1992-01-28", ["1992-01-28"])  # -> 'supported'
        date_verdict("1992-02", ["1992-03-01"])     # -> 'partly supported' (only the year agrees)
    """
    found = list(found)
    if not found:
        return NO_DATA
    if any(len(f) >= len(claimed) and f[:len(claimed)] == claimed for f in found):
        return SUPPORTED
    return PARTLY if any(f[:4] == claimed[:4] for f in found) else NOT


def combine(verdicts) -> str:
    """One verdict from several readings (Korea- and partner-reported): the better one, but at most partly
    supported when they differ; "no data" readings are left out unless all are.

        combine(["supported", "not supported"])  # -> 'partly supported'
    """
    known = [v for v in verdicts if v != NO_DATA] or [NO_DATA]
    if len(set(known)) == 1:
        return known[0]
    best = min(known, key=VERDICTS.index)
    return PARTLY if best == SUPPORTED else best


Weighed = namedtuple("Weighed", "verdict preferred alternatives matched note")


def reading_text(row, value="date_iso") -> str:
    """One reading as an explanation names it: its value and its source, e.g. '1973-12 (d-yonhap-...)'."""
    return f"{row[value]} ({row['source_id']})"


def weigh(rows: pd.DataFrame, judge, value="date_iso") -> Weighed:
    """The verdict of a claim on the readings of one fact (`rows`, with a boolean `preferred` column): `judge(row)`
    gives each reading's verdict. The preferred reading decides; if it does not support the claim but a
    non-preferred reading does, the claim is partly supported and `note` says which reading it matches. `note`
    also lists the readings not preferred. `value` is the column an explanation quotes.

        weigh(rows, lambda r: date_verdict("1992-01-28", [r["date_iso"]]))

    No rows: "no data". No preferred row among `rows` (e.g. the preferred reading is the text's own): the
    alternatives alone can make the claim at most partly supported.
    """
    if rows.empty:
        return Weighed(NO_DATA, rows, rows, rows, "")
    is_preferred = rows["preferred"].fillna(False).astype(bool)
    preferred, alternatives = rows[is_preferred], rows[~is_preferred]
    verdicts = pd.Series([judge(r) for _, r in rows.iterrows()], index=rows.index, dtype="object")
    best = min(verdicts[is_preferred], key=VERDICTS.index) if len(preferred) else NO_DATA
    matched = alternatives[verdicts[~is_preferred] == SUPPORTED]
    others = ("Other readings, not preferred: " + "; ".join(reading_text(r, value) for _, r in alternatives.iterrows())
              + ".") if len(alternatives) else ""
    if best == SUPPORTED:
        return Weighed(SUPPORTED, preferred, alternatives, preferred[verdicts[is_preferred] == SUPPORTED], others)
    shown = "; ".join(reading_text(r, value) for _, r in preferred.iterrows()) or "none independent of the texts"
    if len(matched):
        note = (f"The claim matches only a reading that is not preferred: "
                f"{'; '.join(reading_text(r, value) for _, r in matched.iterrows())}; the preferred reading is "
                f"{shown}. " + others)
        return Weighed(PARTLY, preferred, alternatives, matched, note.strip())
    if not len(preferred):
        best = min(verdicts, key=VERDICTS.index)
        best = PARTLY if best == SUPPORTED else best
    return Weighed(best, preferred, alternatives, matched, others)


def fmt(value, unit) -> str:
    """A computed number as text in the claim's unit: 'USD 6.73 bn', '25.7x', '1926', '103,315'.

        fmt(6.73e9, "USD")  # -> 'USD 6.73 bn'
    """
    if unit == "USD":
        return f"USD {value / 1e9:.2f} bn"
    if unit == "times":
        return f"{value:.1f}x"
    if unit in ("year", "decade"):
        return f"{value:.0f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def claimed_text(claim) -> str:
    """A claim's value as the verdict table writes it: 'USD 6.8 bn', 'more than 21 times', '1992-01-28'.

        claimed_text(next(stated().itertuples()))
    """
    word = QUALIFIER_WORDS[claim.qualifier]
    if not pd.isna(claim.claimed_date):
        return word + claim.claimed_date
    if claim.unit == "USD":
        return f"{word}USD {claim.value / 1e9:g} bn"
    if claim.unit in ("year", "decade"):
        return f"{word}{claim.value:.0f}" + ("s" if claim.unit == "decade" else "")
    if claim.unit == "rank":
        return f"rank {claim.value:.0f}"
    return f"{word}{claim.value:,.0f} {claim.unit}"


def computed_text(computed, unit) -> str:
    """A check's computed value (a number, a text, or readings by label) as the verdict table writes it."""
    if isinstance(computed, dict):
        return "; ".join(f"{k}: {fmt(v, unit)}" for k, v in computed.items())
    if isinstance(computed, (int, float)):
        return fmt(computed, unit)
    return str(computed)


# --- shared pieces of the checks -----------------------------------------------------------------------------

def independent(rows: pd.DataFrame, claim, tables: Tables) -> pd.DataFrame:
    """`rows` without any row of the three texts: the claim's own text never supports it, nor do the other two.

        independent(load("events"), claims.stated().iloc[0], Tables())
    """
    if claim.source_id not in tables.texts:
        raise ValueError(f"{claim.claim_id}: {claim.source_id} is not one of the texts in the claims table")
    return rows[~rows["source_id"].isin(tables.texts)]


def used(*frames) -> list[str]:
    """The sorted source ids of the rows a check used.

        used(pd.DataFrame({"source_id": ["b", "a"]}))  # -> ['a', 'b']
    """
    return sorted(set().union(*(set(f["source_id"].dropna()) for f in frames)))


def only_text(rows, claim, what) -> str:
    """The explanation for a fact that no independent row records, as the check of e.g.
    check("afg-interest-1988") writes it (rows: the table rows on the fact; what: the fact in words)."""
    own = rows[rows["source_id"] == claim.source_id]
    if len(own):
        return f"Only the text itself reports this ({claim.source_id}); no other source in the tables has {what}."
    return f"The tables have no row with {what}."


def two_way_total(year: int, countries, reporter: str, tables: Tables):
    """(exports + imports of `countries` in `year` from IMF DOTS as `reporter` states them, source ids); the total
    is NaN when any country lacks either flow (a gap is never filled)."""
    frame = trade_series.totals(list(countries), (year, year), reporter, data=tables.trade)
    total = frame["total"].sum(skipna=False)
    return float(total), used(frame[frame["exports"].notna() | frame["imports"].notna()])


def rows_per_stage(rows: pd.DataFrame, stages: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """Rows per policy stage and per year of the stage; an open last stage runs to `last_year`.

        rows_per_stage(load("events"), load("policy_stages"), 2026)
    """
    out = []
    for stage in stages.itertuples():
        end = stage.end_year if not pd.isna(stage.end_year) else last_year + 1
        inside = rows[(rows["date"].dt.year >= stage.start_year) & (rows["date"].dt.year < end)]
        out.append({"stage": stage.stage, "years": f"{stage.start_year}–{end - 1}", "rows": len(inside),
                    "per_year": len(inside) / (end - stage.start_year)})
    return pd.DataFrame(out).set_index("stage")


def stage_rate_verdict(table: pd.DataFrame, stage) -> str:
    """Supported if `stage` has the highest rate of rows a year, partly if it has some, not supported if none.

        stage_rate_verdict(pd.DataFrame({"rows": [1, 4], "per_year": [0.1, 0.4]}, index=[1, 2]), 2)
    """
    if table.loc[stage, "rows"] == 0:
        return NOT
    return SUPPORTED if table["per_year"].idxmax() == stage else PARTLY


def _rate_text(table):
    return "; ".join(f"stage {s} ({r.years}): {r.rows} row{'s' if r.rows != 1 else ''}, {r.per_year:.2f} a year"
                     for s, r in table.iterrows())


def _rate_computed(table, what):
    return f"{what} a year: " + "; ".join(f"stage {s} {r:.2f}" for s, r in table["per_year"].items())


def _names():
    from ..style import country_labels

    return country_labels()


def _events_of(tables, countries, types=None, years=None):
    """Event rows of these states (a Soviet republic's rows with its successor's), via `series.relations`."""
    return relations.events(list(countries), years, types, data=tables.events)


def _dated(tables, iso3, month, types):
    rows = _events_of(tables, [iso3], types)
    return rows[rows["date_iso"].str.startswith(month)]


def _openings(tables, types, claim):
    """Independent rows of these event types, one per fact (the preferred reading), in date order: a count of
    openings or visits counts a visit that sources date to two years once."""
    events = tables.events
    events = events[relations.preferred_flag(events) & events["event_type"].isin(list(types))]
    return independent(events, claim, tables).sort_values("date")


def _deportation(tables, measure):
    return people.deportation(years=(1937, 1937), measures=[measure], data=tables.diaspora)


# --- Kwak: relations, trade, people ---------------------------------------------------------------------------

@checks("relations-kaz-1992", "relations-uzb-1992", "relations-kgz-1992", "relations-tkm-1992",
        "relations-tjk-1992")
def relation_date(claim, tables):
    """The claimed date of relations among the dates other sources give for that country.

        check("relations-kaz-1992")  # the verdict row of this claim
    """
    iso3 = claim.claim_id.split("-")[1].upper()
    rows = independent(relations.established([iso3], data=tables.events), claim, tables)
    weighed = weigh(rows, lambda r: date_verdict(claim.claimed_date, [r["date_iso"]]))
    dates = sorted(weighed.preferred["date_iso"].unique())
    return Finding(", ".join(dates), weighed.verdict,
                   f"The preferred dating of relations with {_names()[iso3]} is {', '.join(dates) or 'missing'} "
                   f"({'; '.join(weighed.preferred['source_id'])}). {weighed.note}".strip(), used(rows))


@checks("stage1-relations-1992")
def relations_year_order(claim, tables):
    """All five republics' first relations dates in the claimed year, Kazakhstan and Uzbekistan first.

        check("stage1-relations-1992")  # the verdict row of this claim
    """
    rows = independent(relations.established(list(FIVE), data=tables.events), claim, tables)
    first = rows.groupby("successor_iso3")["date_iso"].min().sort_values()
    years = sorted({d[:4] for d in first})
    kaz_uzb_first = set(first.index[:2]) == {"KAZ", "UZB"}
    verdict = SUPPORTED if years == [str(claim.year)] and kaz_uzb_first and len(first) == len(FIVE) else PARTLY
    order = ", ".join(f"{c} {d}" for c, d in first.items())
    return Finding(order, verdict,
                   f"All {len(first)} countries' earliest relations dates fall in {', '.join(years)}; Kazakhstan and "
                   f"Uzbekistan {'come' if kaz_uzb_first else 'do not come'} first.", used(rows))


@checks("trade-ca5-2019")
def trade_total(claim, tables):
    """The five republics' two-way trade in one year, Korea-reported and partner-reported (IMF DOTS)."""
    year = int(claim.year)
    (kor, kor_ids), (partner, partner_ids) = (two_way_total(year, FIVE, r, tables) for r, _ in READERS)
    trade = tables.trade
    stated = trade[(trade["period"] == "year") & (trade["country_iso3"] == "CA5") & (trade["year"] == year)]
    verdicts = [NO_DATA if pd.isna(v) else numeric_verdict(v, claim.value, claim.qualifier) for v in (kor, partner)]
    missing = f"no full-year total for all five in {year}"
    kor_text = (missing if pd.isna(kor) else f"{fmt(kor, 'USD')}, which rounds to USD {kor / 1e9:.1f} bn, "
                f"{(kor - claim.value) / claim.value:+.1%} from the claim")
    partner_text = (missing if pd.isna(partner) else
                    f"{fmt(partner, 'USD')} ({(partner - claim.value) / claim.value:+.0%}, {verdicts[1]})")
    return Finding({label: value for (_, label), value in zip(READERS, (kor, partner)) if not pd.isna(value)}
                   or missing, combine(verdicts),
                   f"Korea-reported DOTS: {kor_text} ({verdicts[0]}); partner-reported: {partner_text}. "
                   + (f"The tables hold no stated five-country total for {year}." if stated.empty
                      else f"Stated five-country totals for {year}: "
                           f"{', '.join(fmt(v, 'USD') for v in stated['value_usd'])}."),
                   sorted(set(kor_ids) | set(partner_ids)))


@checks("trade-growth-kaz-2001-2019", "trade-growth-uzb-2001-2019")
def trade_growth(claim, tables):
    """Two-way trade in the last year of the claim ÷ the first, on each side's IMF DOTS figures.

        check("trade-growth-kaz-2001-2019")  # the verdict row of this claim
    """
    _, _, country, first, last = claim.claim_id.split("-")
    iso3, first, last = country.upper(), int(first), int(last)
    computed, parts, ids = {}, [], set()
    for reporter, label in READERS:
        (start, start_ids), (end, end_ids) = (two_way_total(y, [iso3], reporter, tables) for y in (first, last))
        ids |= set(start_ids) | set(end_ids)
        if pd.isna(start) or pd.isna(end):
            parts.append((NO_DATA, f"{label}: no full-year total for {first} or {last}"))
            continue
        computed[label] = end / start
        verdict = numeric_verdict(end / start, claim.value, claim.qualifier)
        parts.append((verdict, f"{label}: USD {start / 1e6:,.1f} mn ({first}) to {end / 1e6:,.1f} mn ({last}), "
                               f"x{end / start:.1f} ({verdict})"))
    return Finding(computed, combine([p[0] for p in parts]),
                   f"{_names()[iso3]}, exports + imports. " + "; ".join(p[1] for p in parts) + ".", sorted(ids))


@checks("residents-ca5-2019")
def residents(claim, tables):
    """Nationals of the five republics living in Korea in the claimed year, summed only if all five have a count.

        check("residents-ca5-2019")  # the verdict row of this claim
    """
    names, diaspora = _names(), tables.diaspora
    rows = independent(diaspora[(diaspora["measure"] == "nationals_residing_in_korea")
                                & (diaspora["year"] == claim.year) & diaspora["place"].isin(FIVE)], claim, tables)
    have = {c: int(rows.loc[rows["place"] == c, "value"].sum()) for c in FIVE if (rows["place"] == c).any()}
    missing = [c for c in FIVE if c not in have]
    figures = "; ".join(f"{names[c]} {v:,}" for c, v in have.items())
    verdict = NO_DATA if missing else numeric_verdict(sum(have.values()), claim.value, claim.qualifier)
    return Finding(f"{figures}; no {claim.year} figure for {', '.join(missing)}", verdict,
                   f"Only {len(have)} of 5 countries have a {claim.year} count of nationals living in Korea "
                   f"({figures}); {', '.join(names[c] for c in missing)} have none, so the five-country sum cannot "
                   "be formed.", used(rows))


VISITS = ("visitors_to_korea", "visitors_from_korea")
DIRECTION = {"visitors_to_korea": "visitors to Korea", "visitors_from_korea": "visitors from Korea"}


@checks("people-flows-annual")
def people_flows(claim, tables):
    """Visitors both ways between Korea and the five, in years where all ten full-year flows are counted.

        check("people-flows-annual")  # the verdict row of this claim
    """
    names, diaspora = _names(), tables.diaspora
    rows = independent(diaspora[diaspora["measure"].isin(VISITS) & (diaspora["period"] == "year")
                                & diaspora["place"].isin(FIVE)], claim, tables)
    flows = rows.groupby("year")[["place", "measure"]].apply(lambda g: len(g.drop_duplicates()))
    complete = flows[flows == 2 * len(FIVE)]
    in_year = rows[rows["year"] == claim.year]
    text = "; ".join(f"{y}: {n} of {2 * len(FIVE)}" for y, n in flows.items())
    verdict = NO_DATA if complete.empty else numeric_verdict(
        rows[rows["year"].isin(complete.index)].groupby("year")["value"].sum().min(), claim.value, claim.qualifier)
    counted = ", ".join(f"{names[p]}, {DIRECTION[m]}: {v:,.0f}"
                        for p, m, v in in_year[["place", "measure", "value"]].itertuples(index=False))
    return Finding(f"full-year flows present per year: {text}", verdict,
                   f"No year has full-year visitor counts for all {2 * len(FIVE)} flows (5 countries x 2 "
                   f"directions); {claim.year} has {len(in_year)} ({counted}).", used(rows))


@checks("koryo-saram-kaz-1990", "koryo-saram-uzb-1990")
def koryo_saram_1990(claim, tables):
    """A number believed in 1990 against the Soviet census of 1989, read as 'about' (a belief is a round figure)."""
    iso3 = claim.claim_id.split("-")[2].upper()
    ssr = f"SU-{iso3}"
    rows = independent(people.census([iso3], (1989, 1989), data=tables.diaspora), claim, tables)
    if rows.empty:
        return Finding("no 1989 census row", NO_DATA, f"The tables have no 1989 census count for the {ssr}.", [])
    counts = [int(v) for v in rows["value"]]
    verdicts = [numeric_verdict(count, claim.value, "about") for count in counts]
    if len(counts) > 1:  # conflicting census readings stay visible, each with its source
        return Finding(dict(zip(rows["source_id"], counts)), combine(verdicts),
                       f"{len(counts)} readings of the 1989 census for the {_names()[ssr]}.", used(rows))
    count = counts[0]
    direction = "above" if count > claim.value else "below"
    return Finding(count, verdicts[0],
                   f"The 1989 census counted {count:,} Koreans in the {_names()[ssr]}, "
                   f"{abs(count - claim.value) / claim.value:.1%} {direction} the believed {claim.value:,.0f}. Read "
                   "as 'about'; that the government held this belief in 1990 is reported only by Kwak (2021).",
                   used(rows))


# --- Kwak: before 1992, Afghanistan, Karimov, partnerships ----------------------------------------------------

PRE1992 = ("pre1992_contact", "pre1992_visit")


@checks("afg-interest-1988")
def afg_interest(claim, tables):
    """Afghan approaches to Korea before 1992, from sources other than the texts.

        check("afg-interest-1988")  # the verdict row of this claim
    """
    all_rows = _events_of(tables, ["AFG"], ["pre1992_contact"])
    rows = independent(all_rows, claim, tables)
    if rows.empty:
        return Finding("no independent row", NO_DATA, only_text(all_rows, claim, "Afghan approaches before 1992"),
                       [])
    return Finding(", ".join(rows["date_iso"]), date_verdict(claim.claimed_date, rows["date_iso"]), "", used(rows))


@checks("nazarbayev-sf-1990-07", "karimov-moscow-1990-10")
def text_only_contact(claim, tables):
    """A contact before 1992 in the claimed month, from sources other than the texts.

        check("nazarbayev-sf-1990-07")  # the verdict row of this claim
    """
    iso3 = "KAZ" if "nazarbayev" in claim.claim_id else "UZB"
    all_rows = _dated(tables, iso3, claim.claimed_date, PRE1992)
    rows = independent(all_rows, claim, tables)
    if rows.empty:
        return Finding("no independent row", NO_DATA,
                       only_text(all_rows, claim, f"a {_names()[iso3]} contact dated {claim.claimed_date}"), [])
    return Finding(", ".join(rows["date_iso"]), SUPPORTED, "", used(rows))


@checks("nazarbayev-visit-1990-11")
def nazarbayev_visit(claim, tables):
    """The visit in the claimed month, and whether the row records the meeting with Roh Tae-woo.

        check("nazarbayev-visit-1990-11")  # the verdict row of this claim
    """
    rows = independent(_dated(tables, "KAZ", claim.claimed_date, ["pre1992_visit"]), claim, tables)
    text = rows["label"].fillna("") + " " + rows["notes"].fillna("")
    roh = text.str.contains("Roh").any()
    verdict = date_verdict(claim.claimed_date, rows["date_iso"])
    if verdict == SUPPORTED and not roh:
        verdict = PARTLY
    return Finding(", ".join(rows["date_iso"]), verdict,
                   f"Hankyung dates the official visit to {', '.join(rows['date_iso'])}; the meeting with Roh Tae-woo "
                   f"is {'recorded' if roh else 'not recorded in the row'}, so only the visit itself is borne out.",
                   used(rows))


@checks("moscow-delegation-1990-08")
def moscow_delegation(claim, tables):
    """An Uzbek contact with Korea's delegation in Moscow in the claimed month.

        check("moscow-delegation-1990-08")  # the verdict row of this claim
    """
    rows = independent(_dated(tables, "UZB", claim.claimed_date, ["pre1992_contact"]), claim, tables)
    return Finding(", ".join(rows["date_iso"]), date_verdict(claim.claimed_date, rows["date_iso"]),
                   f"{len(rows)} independent row: {'; '.join(rows['label'])}. The delegation head's name is not in "
                   "the row.", used(rows))


@checks("ussr-relations-1990")
def ussr_relations(claim, tables):
    """Korea–USSR relations in the claimed year, and the days from them to Nazarbayev's visit.

        check("ussr-relations-1990")  # the verdict row of this claim
    """
    rows = independent(_events_of(tables, ["SUN"], ["relations_established"]), claim, tables)
    visit = independent(_dated(tables, "KAZ", "1990-11", ["pre1992_visit"]), claim, tables)
    if rows.empty:
        return Finding("no independent row", NO_DATA, "No independent row dates Korea–USSR relations.", [])
    days = (visit["date"].min() - rows["date"].min()).days
    return Finding(", ".join(rows["date_iso"]), date_verdict(claim.claimed_date, rows["date_iso"]),
                   f"Korea–USSR ties dated {rows['date_iso'].iloc[0]}; Nazarbayev's visit began {days} days later.",
                   used(rows, visit))


TO_KOREA = r"(?:to|in|visits) (?:South )?(?:Korea|Seoul)\b"


@checks("karimov-second-visitor")
def second_visitor(claim, tables):
    """Uzbekistan's place in the order of each state's first leader visit to Korea (SSR rows count for the state)."""
    events = tables.events
    rows = independent(events[events["event_type"].isin(["pre1992_visit", "state_visit"])
                              & events["label"].str.contains(TO_KOREA, regex=True)
                              & relations.preferred_flag(events)], claim, tables)
    rows = rows.assign(state=rows["country_iso3"].astype("object").map(successor_code))
    first = rows.sort_values("date").groupby("state").head(1).sort_values("date").reset_index(drop=True)
    if not (first["state"] == "UZB").any():
        return Finding("no Uzbek visit", NO_DATA, "No independent row records a visit by Uzbekistan's leader.",
                       used(first))
    rank = int(first.index[first["state"] == "UZB"][0]) + 1
    order = ", ".join(f"{s} {d}" for s, d in zip(first["state"], first["date_iso"]))
    return Finding(rank, SUPPORTED if rank == claim.value else NOT,
                   f"First leader visits to Korea per country, in order: {order}.", used(first))


@checks("karimov-summits")
def karimov_summits(claim, tables):
    """Summits by 2017 (Karimov's last year) from counts other sources give; visits both ways as a second reading."""
    events = tables.events
    rows = independent(events[(events["event_type"] == "summit_count") & (events["country_iso3"] == "UZB")], claim,
                       tables)
    summits = rows[rows["unit"] == "summits"].sort_values("date")
    by_2017 = summits[summits["date"].dt.year <= 2017].iloc[-1]
    visits = rows[rows["unit"] == "visits"]
    karimov_visits = visits[visits["label"].str.contains("Karimov’s May 2015")]
    rok_visits = visits[visits["label"].str.startswith("Visits by ROK presidents")]
    both_ways = int(karimov_visits["value"].iloc[0] + rok_visits["value"].iloc[0])
    computed = {f"summits by {by_2017['date_iso']}": int(by_2017["value"]),
                "visits both ways under Karimov": both_ways}
    verdicts = [numeric_verdict(v, claim.value, claim.qualifier) for v in computed.values()]
    counts = ", ".join(f"{int(v)} by {d}" for d, v in zip(summits["date_iso"], summits["value"]))
    return Finding(computed, combine(verdicts),
                   f"Summit counts from other sources: {counts}. Counting visits instead: Karimov's May 2015 trip "
                   f"was his {int(karimov_visits['value'].iloc[0])}th to Korea and ROK presidents had visited "
                   f"Uzbekistan {int(rok_visits['value'].iloc[0])} times by Feb 2010, {both_ways} meetings in all.",
                   used(summits, karimov_visits, rok_visits))


@checks("afg-relations-2002")
def afg_relations(claim, tables):
    """The claimed year of Korea–Afghanistan relations against the preferred dating of their establishment; a
    claimed year that is the year relations were restored after a break is partly supported.

        check("afg-relations-2002")  # the verdict row of this claim
    """
    rows = independent(_events_of(tables, ["AFG"], ["relations_established", "relations_severed",
                                                    "relations_restored", "embassy_opened",
                                                    "embassy_opening_announced"]), claim, tables)

    def of(kind):
        return rows[rows["event_type"] == kind]

    def preferred(kind):
        found = of(kind)
        return ", ".join(found.loc[found["preferred"].fillna(False).astype(bool), "date_iso"]) or "none"

    weighed = weigh(of("relations_established"), lambda r: date_verdict(claim.claimed_date, [r["date_iso"]]))
    restored = weigh(of("relations_restored"), lambda r: date_verdict(claim.claimed_date, [r["date_iso"]]))
    verdict, why = weighed.verdict, ""
    if verdict in (NOT, NO_DATA) and restored.verdict == SUPPORTED:
        verdict = PARTLY
        why = (f" {claim.claimed_date} is the year relations were restored after the break "
               f"({'; '.join(restored.matched['source_id'])}), not the year they were "
               "established: the year is right for today's relations, the word 'established' is not.")
    embassy = of("embassy_opening_announced")
    return Finding(f"established {preferred('relations_established')}; severed {preferred('relations_severed')}; "
                   f"restored {preferred('relations_restored')}", verdict,
                   f"The preferred dating of the establishment is {preferred('relations_established')} "
                   f"({'; '.join(weighed.preferred['source_id']) or 'none'}); relations were cut in "
                   f"{preferred('relations_severed')} and restored in {preferred('relations_restored')}.{why} "
                   f"{weighed.note} The ROK's embassy in Kabul was announced to open on "
                   f"{', '.join(embassy['date_iso']) or 'no date in the tables'} (no report made after the opening "
                   f"is held); Afghanistan's embassy in Seoul opened in {preferred('embassy_opened')}.",
                   used(rows))


@checks("partnership-kaz-strategic", "partnership-uzb-special", "partnership-tkm-mutual")
def partnership_rank(claim, tables):
    """The rank of the latest partnership level by the claim's year against the claimed rank.

        check("partnership-kaz-strategic")  # the verdict row of this claim
    """
    iso3 = claim.claim_id.split("-")[1].upper()
    partnerships = tables.partnerships
    rows = independent(partnerships[(partnerships["country_iso3"] == iso3)
                                    & (partnerships["date"].dt.year <= claim.year)], claim, tables).sort_values("date")
    drawn = rows[relations.preferred_flag(rows)]
    if drawn.empty:
        return Finding("no independent row", NO_DATA, f"No independent partnership level for {iso3}.", [])
    latest = drawn.iloc[-1]
    rank = int(latest["rank"])
    others = rows[~relations.preferred_flag(rows)]
    listed = (" Other datings, not preferred: " + "; ".join(f"{r.level} {r.date_iso} ({r.source_id})"
                                                            for r in others.itertuples()) + ".") if len(others) else ""
    return Finding(rank, SUPPORTED if rank == claim.value else NOT,
                   f"Latest level for {_names()[iso3]} by {claim.year}, on the preferred datings: {latest['level']} "
                   f"(rank {rank}) from {latest['date_iso']}.{listed}", used(rows))


# --- Lee: the deportation, the first families, Nam Il, cultural centres ---------------------------------------

@checks("deportation-persons-1937", "deportation-families-1937")
def deportation_count(claim, tables):
    """Supported if the preferred reading of a fact states exactly the claimed count, partly if only a reading
    that is not preferred does (`weigh`); every other figure is listed.

        check("deportation-persons-1937")  # the verdict row of this claim
    """
    measure = "deportation_persons" if claim.unit == "persons" else "deportation_families"
    rows = independent(_deportation(tables, measure), claim, tables).sort_values("value")
    weighed = weigh(rows, lambda r: SUPPORTED if r["qualifier"] == "exact" and r["value"] == claim.value else NOT,
                    value="value")
    exact = weighed.matched
    computed = {sid: float(v) for sid, v in zip(rows["source_id"], rows["value"])}
    text = "; ".join(f"{QUALIFIER_WORDS.get(q, '')}{v:,.0f} ({s}{'' if p else ', not preferred'})"
                     for q, v, s, p in rows[["qualifier", "value", "source_id", "preferred"]].itertuples(index=False))
    return Finding(computed, weighed.verdict,
                   f"Stated exactly by {', '.join(exact['source_id']) or 'no independent source'}"
                   f"{'' if weighed.verdict != PARTLY else ', a reading that is not preferred'}; all independent "
                   f"figures: {text}.", used(rows))


@checks("deportation-train-cars-1937")
def train_cars(claim, tables):
    """Trains against 'train cars': the right number in the wrong unit is partly supported.

        check("deportation-train-cars-1937")  # the verdict row of this claim
    """
    trains = independent(_deportation(tables, "deportation_trains"), claim, tables)
    per_train = independent(_deportation(tables, "deportation_carriages_per_train"), claim, tables)
    if trains.empty or per_train.empty:
        return Finding("no independent row", NO_DATA, "The tables lack trains or carriages per train.",
                       used(trains, per_train))
    n_trains, carriages = int(trains["value"].iloc[0]), int(per_train["value"].iloc[0])
    verdict = PARTLY if n_trains == claim.value else NOT
    return Finding({"trains": n_trains, "carriages (trains x carriages per train)": n_trains * carriages}, verdict,
                   f"The table has {n_trains} trains of {QUALIFIER_WORDS[per_train['qualifier'].iloc[0]]}{carriages} "
                   f"carriages each, i.e. about {n_trains * carriages:,} carriages: the number is right, the unit is "
                   "not.", used(trains, per_train))


@checks("deportation-year")
def deportation_year(claim, tables):
    """Every deportation row's year and destinations; months that fall after the claimed season make it partly.

        check("deportation-year")  # the verdict row of this claim
    """
    names = _names()
    rows = independent(people.deportation(data=tables.diaspora), claim, tables)
    years = sorted(rows["year"].unique())
    places = sorted(rows.loc[rows["measure"] == "deportation_persons_by_destination", "place"].unique())
    months = sorted(set(rows["notes"].dropna().str.extract(r"(\w{3}–\w{3} 1937)")[0].dropna()))
    verdict = SUPPORTED if years == [claim.value] and places == ["SU-KAZ", "SU-UZB"] else NOT
    if verdict == SUPPORTED and months:
        verdict = PARTLY
    return Finding(f"{', '.join(map(str, years))}; to {', '.join(names[p] for p in places)}; notes: "
                   f"{', '.join(months)}", verdict,
                   f"Every deportation row is dated {', '.join(map(str, years))} and the destinations are "
                   f"{' and '.join(names[p] for p in places)}; the rows that give months put the transports in "
                   f"{', '.join(months)}, after the summer.", used(rows))


@checks("first-families-1920s")
def first_families(claim, tables):
    """The first census before 1937 that counts more than a handful of Koreans in Kazakhstan or Uzbekistan.

        check("first-families-1920s")  # the verdict row of this claim
    """
    names = _names()
    rows = independent(people.census(["KAZ", "UZB"], (people.ALL_YEARS[0], 1936), data=tables.diaspora), claim,
                       tables)
    rows = rows[relations.preferred_flag(rows)].sort_values(["year", "place"])
    by_year = rows.groupby("year")["value"].sum()
    if not (by_year >= 10).any():
        return Finding("no census above a handful", NO_DATA, "No census before 1937 counts ten or more.", used(rows))
    first = int(by_year[by_year >= 10].index.min())
    text = "; ".join(f"{y}: {QUALIFIER_WORDS.get(q, '')}{v:,.0f} in {names[p]}"
                     for y, p, q, v in rows[["year", "place", "qualifier", "value"]].itertuples(index=False))
    return Finding(first, SUPPORTED if abs(first - claim.value) <= 2 else NOT,
                   f"Census counts before 1937: {text}. The first census with more than a handful is {first}.",
                   used(rows))


@checks("nam-il-1946", "mirziyoyev-2016")
def not_in_tables(claim, tables):
    """Facts the tables hold nothing on; stops with an error once they do, so that a real check gets written.

        check("nam-il-1946")  # the verdict row of this claim
    """
    events = tables.events
    pattern = "Nam Il" if claim.claim_id.startswith("nam") else "succe"
    text = events["label"].fillna("") + " " + events["notes"].fillna("")
    rows = independent(events[text.str.contains(pattern)], claim, tables)
    if not rows.empty:
        raise ValueError(f"{claim.claim_id}: the tables now have rows on this; write a real check")
    extra = ""
    if claim.claim_id.startswith("mirziyoyev"):
        visits = events[(events["country_iso3"] == "UZB") & (events["event_type"] == "state_visit")
                        & events["label"].str.contains("Mirziyoyev")]
        extra = (f" The first Mirziyoyev visit to Korea in the table is {visits['date_iso'].min()}; it does not "
                 "date the succession.")
    return Finding("no row", NO_DATA, f"No row in the tables records this (check: {claim.check_computation}).{extra}",
                   [])


@checks("cultural-centres-early-1990s")
def cultural_centres_1990s(claim, tables):
    """Korean education centres before 1995 make it partly supported; cultural centres came much later.

        check("cultural-centres-early-1990s")  # the verdict row of this claim
    """
    names = _names()
    culture = _openings(tables, ["cultural_centre_opened"], claim)
    education = _openings(tables, ["education_centre_opened"], claim)
    kcc = culture[culture["label"].str.contains("Korean Cultural Center")]
    if culture.empty or education.empty or kcc.empty:
        return Finding("no independent row", NO_DATA, "The tables lack centre openings.", used(education, culture))
    first_edu, first_cul, first_kcc = (f.iloc[0] for f in (education, culture, kcc))
    early = education[education["date"].dt.year < 1995]
    opened = " and ".join(early["date_iso"] + " (" + early["country_iso3"].map(names) + ")")
    return Finding({"first education centre": first_edu["date"].year, "first cultural centre": first_cul["date"].year,
                    "first Korean Cultural Center": first_kcc["date"].year}, PARTLY if len(early) else NOT,
                   f"Korean education centres opened in {opened}, but the first cultural-centre row is "
                   f"{first_cul['date_iso']} and the first Korean Cultural Center in the region opened "
                   f"{first_kcc['date_iso']}.", used(education, culture))


# --- Nishonova: the three stages ------------------------------------------------------------------------------

def _last_event_year(tables) -> int:
    return int(tables.events["date"].dt.year.max())


@checks("stage1-high-level-visits")
def stage1_visits(claim, tables):
    """State visits and summits per year of each stage (one row per fact, the preferred reading): supported if the
    first stage has the highest rate.

        check("stage1-high-level-visits")  # the verdict row of this claim
    """
    rows = _openings(tables, ["state_visit", "summit"], claim)
    table = rows_per_stage(rows, tables.policy_stages, _last_event_year(tables))
    events = tables.events
    all_rows = rows_per_stage(independent(events[relations.preferred_flag(events)], claim, tables),
                              tables.policy_stages, _last_event_year(tables))
    share = table["rows"] / all_rows["rows"]
    return Finding(_rate_computed(table, "visits"), stage_rate_verdict(table, 1),
                   f"State visits and summits: {_rate_text(table)}. They are {share[1]:.0%} of all stage-1 events "
                   f"({share[2]:.0%} in stage 2, {share[3]:.0%} in stage 3): visits did happen, but no more often "
                   "than later.", used(rows))


@checks("stage2-cultural-centres")
def stage2_centres(claim, tables):
    """Cultural-centre openings inside the second stage, and when the first Korean Cultural Center opened.

        check("stage2-cultural-centres")  # the verdict row of this claim
    """
    stage = tables.policy_stages.set_index("stage").loc[2]
    start, end = int(stage["start_year"]), int(stage["end_year"])

    def inside(rows):
        return rows[(rows["date"].dt.year >= start) & (rows["date"].dt.year < end)]

    culture = _openings(tables, ["cultural_centre_opened"], claim)
    culture_in, language_in = inside(culture), inside(
        _openings(tables, ["education_centre_opened", "sejong_institute_opened"], claim))
    kcc = culture[culture["label"].str.contains("Korean Cultural Center")]
    if kcc.empty:
        verdict = NOT if culture_in.empty else PARTLY
        later = "No Korean Cultural Center opening is in the tables."
    else:
        kcc = kcc.iloc[0]
        verdict = NOT if culture_in.empty else (SUPPORTED if kcc["date"].year < end else PARTLY)
        later = f"The first Korean Cultural Center opened {kcc['date_iso']}, which falls in stage 3."
    return Finding({f"cultural-centre rows {start}–{end - 1}": len(culture_in),
                    f"language-centre rows {start}–{end - 1}": len(language_in)}, verdict,
                   f"{len(culture_in)} cultural-centre row in [{start}, {end}): "
                   f"{'; '.join(culture_in['date_iso'] + ' ' + culture_in['label'])} "
                   f"({'; '.join(culture_in['notes'].fillna(''))}), and {len(language_in)} language-centre rows. "
                   + later, used(culture_in, language_in))


@checks("stage3-soft-power-2010")
def stage3_soft_power(claim, tables):
    """King Sejong Institute, cultural and education centre openings per year: supported if stage 3 leads.

        check("stage3-soft-power-2010")  # the verdict row of this claim
    """
    rows = _openings(tables, ["sejong_institute_opened", "cultural_centre_opened", "education_centre_opened"], claim)
    table = rows_per_stage(rows, tables.policy_stages, _last_event_year(tables))
    return Finding(_rate_computed(table, "openings"), stage_rate_verdict(table, 3),
                   f"King Sejong Institute, cultural and education centre openings: {_rate_text(table)}.", used(rows))


# --- the public series ----------------------------------------------------------------------------------------

def stated(data=None) -> pd.DataFrame:
    """The claims as the texts state them, with each text's label and author.

        stated()[["claim_id", "author", "claim", "qualifier", "value", "unit"]]
    """
    frame = Tables(data).claims
    return frame.assign(text=frame["source_id"].map(TEXT_LABELS), author=frame["source_id"].map(AUTHORS))


def unmatched(data=None) -> list[str]:
    """Claims without a check and checks without a claim, as messages; empty when every claim has one check.

        unmatched()  # -> []
    """
    ids = set(Tables(data).claims["claim_id"])
    missing, extra = sorted(ids - set(CHECKS)), sorted(set(CHECKS) - ids)
    return [f"claim without a check: {c}" for c in missing] + [f"check without a claim: {c}" for c in extra]


def _run(claim, tables: Tables):
    finding = Finding(*CHECKS[claim.claim_id](claim, tables))
    if finding.verdict not in VERDICTS:
        raise ValueError(f"{claim.claim_id}: unknown verdict {finding.verdict!r}")
    own = tables.texts & set(finding.source_ids)
    if own:
        raise ValueError(f"{claim.claim_id} is checked against {', '.join(sorted(own))}, one of the texts itself")
    return finding


def _results(claim_ids=None, data=None):
    problems = [p for p in unmatched(data) if p.startswith("claim without")]
    if problems:
        raise ValueError("; ".join(problems))
    if claim_ids is None and data is None:
        from ..data import _fingerprint
        from ..paths import DATA_DIR

        return _all_results(_fingerprint(DATA_DIR))
    return _compute(claim_ids, data)


@functools.lru_cache(maxsize=2)
def _all_results(fingerprint):
    """Every claim's results on the project's tables, computed once per state of the data folder."""
    rows, numbers = _compute(None, None)
    return tuple(rows), tuple(numbers)


def _compute(claim_ids=None, data=None):
    tables = Tables(data)
    weak = dict(zip(tables.sources["source_id"], tables.sources["weak"]))
    claims = tables.claims
    if claim_ids is not None:
        unknown = sorted(set(claim_ids) - set(claims["claim_id"]))
        if unknown:
            raise KeyError(f"no claim {', '.join(unknown)}; claims are: {', '.join(sorted(claims['claim_id']))}")
        claims = claims[claims["claim_id"].isin(list(claim_ids))]
    rows, numbers = [], []
    for claim in claims.itertuples(index=False):
        computed, verdict, explanation, source_ids = _run(claim, tables)
        weak_ids = [s for s in source_ids if weak[s]]
        if weak_ids:
            explanation += f" Weak source(s) among those used: {', '.join(weak_ids)}."
        label = TEXT_LABELS.get(claim.source_id, claim.source_id)
        rows.append({"claim_id": claim.claim_id, "text": label, "author": AUTHORS.get(claim.source_id),
                     "text_id": claim.source_id, "claim": claim.claim, "claimed": claimed_text(claim),
                     "computed": computed_text(computed, claim.unit), "verdict": verdict,
                     "explanation": explanation, "source_id": "; ".join(source_ids)})
        values = computed if isinstance(computed, dict) else {"": computed}
        for reading, value in values.items():
            if isinstance(value, (int, float)) and claim.unit not in ("year", "decade") and verdict != NO_DATA:
                numbers.append({"claim_id": claim.claim_id, "text": label, "claim": claim.claim,
                                "label": reading or "computed", "value": value,
                                "computed": computed_text(value, claim.unit), "claimed_value": claim.value,
                                "claimed": claimed_text(claim), "ratio": value / claim.value, "verdict": verdict,
                                "source_id": "; ".join(source_ids)})
    return rows, numbers


@register("claims-verdicts")
def verdicts(claim_ids=None, countries=None, years=None, data=None) -> pd.DataFrame:
    """One row per claim, sorted by claim_id: the text (label, author, id), the claim, the claimed and computed
    values as text, the verdict, the explanation, and the ids of the sources the check used (`source_id`,
    '; '-joined, never one of the texts).

        verdicts()                                        # all 36 claims
        verdicts(["trade-ca5-2019", "afg-relations-2002"])

    The claims are fixed sentences, so the verdicts do not follow countries or years; those two keywords exist for
    the command line and must stay None.
    """
    _no_selection(countries, years)
    rows, _ = _results(claim_ids, data)
    return pd.DataFrame(list(rows)).sort_values("claim_id").reset_index(drop=True)


def check(claim_id: str, data=None) -> pd.Series:
    """The verdict row of one claim (see `verdicts`).

        check("trade-growth-uzb-2001-2019")["verdict"]  # -> 'partly supported'
    """
    return verdicts([claim_id], data=data).iloc[0]


@register("claims-readings")
def readings(countries=None, years=None, data=None) -> pd.DataFrame:
    """Every computed number beside its claim, one row per reading (Korea- and partner-reported trade, each source's
    count), with `ratio` = computed ÷ claimed; dates, years and "no data" verdicts are left out. In claims-table
    order.

        readings().sort_values("ratio")[["claim_id", "label", "ratio", "verdict"]]
    """
    _no_selection(countries, years)
    return pd.DataFrame(list(_results(None, data)[1]))


def tally(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims per text and verdict (every verdict a column, best first), with a row "all" for the three together.

        tally().loc["all", "supported"]
    """
    frame = verdicts() if frame is None else frame
    table = frame.groupby("text")["verdict"].value_counts().unstack(fill_value=0)
    table = table.reindex(columns=list(VERDICTS), fill_value=0)
    table.loc["all"] = table.sum()
    table.columns.name = None
    return table


@register("claims-relation-dates")
def relation_dates(countries=None, years=None, data=None) -> pd.DataFrame:
    """Per country, the dates of diplomatic relations that sources other than the three texts give (the evidence
    Kwak's five dates are checked on): first date, every distinct date, how many sources, their ids.

        relation_dates(countries=["KGZ", "TJK"])

    Same columns as `relations.relation_dates`; a country no independent source dates is left out.
    """
    tables = Tables(data)
    events = tables.events
    return relations.relation_dates(countries, years, data=events[~events["source_id"].isin(tables.texts)])


def for_papers(frame: pd.DataFrame) -> pd.DataFrame:
    """The verdict table as `figures/05-claims-check-verdicts.csv` has it: claim_id, text, claim, claimed, computed,
    verdict, explanation, sources.

        for_papers(verdicts()).to_csv("verdicts.csv", index=False)
    """
    return frame.rename(columns={"source_id": "sources"})[PAPER_COLUMNS]


def sources_used(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per source id any verdict (or reading) used, sorted, for a list of sources.

        sources_used(verdicts())
    """
    ids = sorted({s for value in frame["source_id"] for s in str(value).split("; ") if s})
    return pd.DataFrame({"source_id": ids})


def _no_selection(countries, years):
    if countries is not None or years is not None:
        raise ValueError("the claims are fixed sentences of the three texts: their verdicts do not follow "
                         "countries or years (see claims.relation_dates and series.trade for country series)")
