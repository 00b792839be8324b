"""A synthetic corpus in the genres of the seeds, with the facts it plants as gold.

``write_corpus(folder, n, seed)`` writes ``n`` plain-text documents under ``folder/docs`` and,
for each, a gold file under ``folder/gold`` in the format of tests/gold/README.md (persons,
bodies, meetings, agenda items, decisions, mandates, attendance), plus corpus-wide
``gold/merges.yaml`` (persons spelt more than one way) and ``gold/distinct.yaml`` (different
persons whose names are one small edit apart). Everything is deterministic in ``seed``.

The genres mimic the seeds' layouts, artefacts included:

* KD-Net minutes (and minutes of KD-Net's groups): "Tid og sted", "Afbud: X, Y Kommune, i
  stedet deltog Z", a table of contents, "N. Title v. Presenter", "Det indstilles, at ...",
  "Referat:" with the decision wording, welcome lists, appointments, meeting calendars;
  markdown remnants (``**``, ``<p>``), titles and names split over lines.
* KKR Midtjylland agendas: the KL mission boilerplate, two-level items "3.1." with a
  SAG- case number and staff initials, Baggrund/Indstilling/Sagsfremstilling, every line
  followed by a blank line, words hyphenated across lines, URL footnotes, page footers
  "KKR Midtjylland  | 13-11-2020" and " SIDE  |  9" (and no date at all in some agendas).
* Direktion cases: "Direktionen dd-mm-yyyy", Sagsfremstilling with "" bullets of regional
  fora, Indstilling, "Beslutning i Direktionen den dd-mm-yyyy".
* Evaluation reports of KD-Net's groups: principles, the signature block
  "Name<TAB>Name / Formand for KD-Net<TAB>Næstformand for KD-Net", group sections with chairs,
  secretariat staff lists "• Name, specialkonsulent".

Persons come from benchmarks/names.yaml (given names the loaders know and names they do not);
about one in ten has a misspelt variant (one letter changed, "Pernille"/"Penille") that some
documents use, alone or beside the right spelling. Bodies are the 98 municipalities of
loaders/data/kommuner.csv and the bodies of loaders/data/bodies.yaml.

Gold conventions follow tests/gold/README.md. One difference: ``evidence`` is the sentence as
planted, before line wrapping and hyphenation, so it need not be a substring of the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
LOADER_DATA = HERE.parent / "loaders" / "data"
NAMES_FILE = HERE / "names.yaml"

GENRES = ("minutes", "agenda", "case", "report")
GENRE_WEIGHTS = (0.40, 0.35, 0.18, 0.07)
FIRST_DAY = dt.date(2008, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS = ("Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag")


def long_date(day: dt.date, year: bool = True) -> str:
    text = f"{day.day}. {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def numeric_date(day: dt.date) -> str:
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


# --- reference data ----------------------------------------------------------------------


@dataclass(frozen=True)
class Municipality:
    code: str
    short: str
    name: str
    region: str


def municipalities() -> list[Municipality]:
    with (LOADER_DATA / "kommuner.csv").open(encoding="utf-8", newline="") as handle:
        return [
            Municipality(r["kommunekode"], r["navn"], r["officielt_navn"], r["region"])
            for r in csv.DictReader(handle)
        ]


def known_bodies() -> dict[str, dict[str, Any]]:
    with (LOADER_DATA / "bodies.yaml").open(encoding="utf-8") as handle:
        return {b["name"]: b for b in yaml.safe_load(handle)["bodies"]}


def name_pools() -> tuple[list[str], list[str]]:
    data = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))
    return list(data["first_names"]), list(data["surnames"])


def loader_given_names() -> frozenset[str]:
    with (LOADER_DATA / "names.yaml").open(encoding="utf-8") as handle:
        return frozenset(yaml.safe_load(handle)["given_names"])


# Text without names, bodies or dates, so that it plants no fact. First words are never a
# given name; no two capitalised words follow each other.
FILLER = (
    "Der er fokus på at styrke samarbejdet på tværs af kommunerne, så de fælles ressourcer "
    "udnyttes bedst muligt.",
    "Arbejdet tager afsæt i de erfaringer, som er gjort i den forløbne periode, og i de ønsker, "
    "som kommunerne har meldt ind.",
    "Sekretariatet har udarbejdet et notat, som beskriver de væsentligste udfordringer og mulige "
    "løsninger.",
    "Der lægges op til en trinvis implementering, hvor de kommuner, der er klar, begynder først.",
    "Erfaringerne viser, at en tidlig inddragelse af de faglige miljøer giver bedre resultater.",
    "Økonomien i projektet er fortsat usikker, og der skal findes en langsigtet finansiering.",
    "Det foreslås, at der afholdes halvårlige dialogmøder med deltagelse af alle kommuner.",
    "Målet er et mere sammenhængende tilbud til borgerne og en bedre udnyttelse af kapaciteten.",
    "Der har været et godt og konstruktivt samarbejde om at finde løsninger på konkrete "
    "udfordringer.",
    "Hovedpunkterne i planen er beskrevet i det vedlagte bilag.",
    "Den demografiske udvikling stiller større krav til kommunernes opgaveløsning i de kommende "
    "år.",
    "Der er behov for en fælles erfaringsopsamling med fokus på læringspunkter.",
    "Arbejdsgruppen har afholdt en række møder og indsamlet input fra de faglige netværk.",
    "Sagen er nærmere beskrevet i det vedlagte notat.",
    "Den konkrete udformning af samarbejdet udarbejdes af arbejdsgruppen og forelægges senere.",
    "Tilbagemeldingerne fra kommunerne kan betyde, at der tilføjes nye spor til strategien.",
    "Forslaget indebærer en justering af fordelingsnøglen mellem de deltagende kommuner.",
    "Udgifterne fordeles efter indbyggertal, og der er ikke tale om en samlet meromkostning.",
    "Tidsplanen er stram, og der kan blive behov for en ekstra behandling af sagen.",
    "Rekrutteringen af kvalificeret arbejdskraft er en fælles udfordring for hele området.",
    "Kommunerne står meget forskellige steder, og derfor er erfaringsudveksling vigtig.",
    "Indsatsen evalueres efter to år, og der tages stilling til, om den skal videreføres.",
    "Det skal sikres, at den lokale forankring bevares, samtidig med at der skabes fælles "
    "løsninger.",
    "Oplægget er blevet kvalificeret på en workshop med deltagelse af de faglige chefer.",
    "Derudover arbejdes der på en fælles model for opfølgning og afrapportering.",
    "Analysen viser et stigende behov for pladser på det specialiserede område.",
    "Planen bygger på tilbagemeldinger om, hvornår kommunerne har mulighed for at deltage.",
    "Formålet er at understøtte, koordinere og styrke samarbejdet mellem kommunerne.",
    "Processen for udarbejdelsen er justeret, så der gives mere tid til den lokalpolitiske "
    "inddragelse.",
    "Opgaven løses inden for den eksisterende økonomiske ramme.",
    "Styregruppen har drøftet forslaget og anbefaler, at arbejdet fortsætter som planlagt.",
    "Endelig skal der tages højde for borgere, som går på tværs af kommunegrænserne.",
    "Resultaterne af kortlægningen ventes at foreligge i løbet af efteråret.",
    "Af hensyn til kontinuiteten foreslås den nuværende organisering fastholdt.",
    "Et udkast til kommissorium er vedlagt som bilag.",
    "Hertil kommer en øgning i kontakten til de behandlingsansvarlige på hospitalerne.",
    "Udviklingen kræver nytænkning, både med hensyn til ledelse og rekruttering.",
    "Der er enighed om, at der på længere sigt skal findes en permanent løsning.",
    "Samtidig er der skabt nye rammer for effektive arbejdsgange og fælles kultur.",
    "Vedhæftede oversigt viser et stort engagement i kommunerne på området.",
)
FILLER_WITH_BODIES = (
    ("Der er et tæt samarbejde med {0} om opgaven.", ("Region Midtjylland",)),
    ("{0} har udsendt en vejledning på området.", ("KL",)),
    ("{0} og {1} har indgået en aftale om den videre proces.", ("KL", "Danske Regioner")),
    ("Sagen har været drøftet med {0}.", ("Erhvervshus Midtjylland",)),
    ("Sekretariatsbetjeningen varetages af {0}.", ("KD-Net sekretariatet",)),
    ("{0} bidrager med data til analysen.", ("Socialstyrelsen",)),
)
TOPICS = (
    "Status på den fælles indkøbsstrategi",
    "Drøftelse af rekruttering på ældreområdet",
    "Orientering om dimensionering af pædagoguddannelsen",
    "Opfølgning på budgetaftalen",
    "Fælles digitaliseringsstrategi",
    "Status på klimahandleplanerne",
    "Orientering om sundhedsaftalen",
    "Drøftelse af den fremtidige mobilitetsindsats",
    "Rammeaftale for det specialiserede socialområde",
    "Beskæftigelsesindsatsen for unge",
    "Status på implementering af telemedicin",
    "Fordeling af flygtninge",
    "Fælles strategi for grøn omstilling",
    "Orientering fra sundhedsområdet",
    "Orientering fra uddannelsesområdet",
    "Drøftelse af samarbejdet om velfærdsteknologi",
    "Analyse af behovet for velfærdsuddannede",
    "Praksisplan for almen praksis",
    "Kommunernes rolle i den grønne omstilling",
    "Resultatkontrakt for erhvervsfremme",
    "Evaluering af samarbejdsstrukturen",
    "Udmøntning af puljen til nære sundhedstilbud",
    "Takstudviklingen på det specialiserede område",
    "Fælles indsats mod ensomhed",
    "Opfølgning på kulturaftalen",
    "Sammenlægning af de fælleskommunale sekretariater",
    "Orientering om økonomiforhandlingerne",
    "Drøftelse af ungeindsatsen",
    "Kapacitet på det psykiatriske område",
    "Fremtidens ældrepleje",
    "Fælles retningslinjer for hjælpemidler",
    "Status på bredbåndsudbygningen",
    "Vederlagsfri fysioterapi",
    "Kompetenceudvikling af ledere",
    "Orientering om akutområdet",
    "Tværkommunalt samarbejde om affald",
    "Status på den kollektive trafik",
    "Drøftelse af arbejdskraftsudfordringen",
    "Udvikling af det tværsektorielle samarbejde",
    "Forebyggelse af overvægt hos børn",
)
APPROVAL_OBJECTS = (
    "den videre proces",
    "indstillingen",
    "kommissoriet for arbejdsgruppen",
    "tidsplanen",
    "procesplanen",
    "de to indstillinger",
    "budgettet for indsatsen",
    "forslaget til fordelingsnøgle",
    "oplægget",
)
# (verb phrase, known to loaders/meeting.py SPEECH_VERBS)
SPEECH = (
    ("roste samarbejdet mellem kommunerne", True),
    ("foreslog en fælles evaluering med fokus på læringspunkter", True),
    ("understregede vigtigheden af en tæt koordinering", True),
    ("bemærkede, at tidsplanen er stram", True),
    ("spurgte til finansieringen af indsatsen", True),
    ("pegede på behovet for en fælles tilgang", False),
    ("tilføjede, at erfaringerne skal deles bredt", False),
    ("bakkede op om forslaget", False),
    ("efterlyste mere viden om de økonomiske konsekvenser", False),
    ("redegjorde for baggrunden for sagen", False),
)
GUEST_TITLES = (
    ("direktør", "Director"),
    ("kontorchef", "Employee"),
    ("chefkonsulent", "Consultant"),
    ("afdelingschef", "Employee"),
)
GUEST_ORGS = (
    "KL",
    "Danske Regioner",
    "Erhvervshus Midtjylland",
    "Region Midtjylland",
    "Midttrafik",
    "Realdania",
    "Socialstyrelsen",
    "DEA",
)
DIREKTION_FORA = (
    ("KKR", "KKR Midtjylland", "politiske udvalg for de 19 kommuner i {Region Midtjylland}"),
    (
        "KD-net",
        "KD-Net",
        "netværk for kommunaldirektørerne i de 19 kommuner i {Region Midtjylland}",
    ),
    ("Kontaktudvalg", "Kontaktudvalget", "politisk udvalg bestående af de 19 borgmestre"),
    ("K98", "K98", None),
    ("Business Region Aarhus", "Business Region Aarhus", None),
    ("VisitAarhus", "VisitAarhus", None),
    ("Center for Offentlig Ledelse", "Center for Offentlig Ledelse", None),
    ("DASSOS", "DASSOS", None),
    ("Europæisk Kulturregion", "Europæisk Kulturregion", None),
    ("Midttrafik", "Midttrafik", None),
    ("Arbejdsmarkedsstyregruppen", "Arbejdsmarkedsstyregruppen", None),
    ("Kulturring Østjylland", "Kulturring Østjylland", None),
    ("Rådet for fremtidens kompetencer", "Rådet for Fremtidens Kompetencer", None),
)
CALENDAR_BODIES = (
    ("Kontaktudvalgsmøde", "Kontaktudvalget", "Kontaktudvalg"),
    ("Praksisplanudvalget", "Praksisplanudvalget", "Praksisplanudvalget"),
    (
        "Sundhedskoordinationsudvalget",
        "Sundhedskoordinationsudvalget",
        "Sundhedskoordinationsudvalget",
    ),
    ("Uddannelsesudvalget", "KKR Midtjyllands Uddannelsesudvalg", "Uddannelsesudvalget"),
)
OTHER_MEETING_BODIES = (
    "Kontaktudvalget",
    "Praksisplanudvalget",
    "Sundhedskoordinationsudvalget",
    "Sundhedsstyregruppen",
    "KKR Midtjyllands Uddannelsesudvalg",
)
KKR = "KKR Midtjylland"
KDNET = "KD-Net"


# --- the world the documents describe ------------------------------------------------------


@dataclass
class Person:
    name: str
    variant: str | None = None
    given_known: bool = True


@dataclass
class Tenure:
    person: Person
    municipality: Municipality
    start: dt.date
    end: dt.date


class World:
    """Persons, their offices over time and the bodies, all drawn from one seed."""

    def __init__(self, seed: int, documents: int) -> None:
        self.rng = random.Random(f"world-{seed}")
        rng = self.rng
        self.munis = municipalities()
        self.midt = [m for m in self.munis if m.region == "Region Midtjylland"]
        self.bodies = known_bodies()
        self.groups = [
            n
            for n, b in self.bodies.items()
            if b.get("parent") == KDNET and b.get("kind") == "group"
        ]
        self.secretariats = [
            "Fælleskommunalt Social- og Sundhedssekretariat i Midtjylland",
            "Fælleskommunalt Klimasekretariat i Midtjylland",
            "KD-Net sekretariatet",
        ]
        first, last = name_pools()
        known_given = loader_given_names()
        self.persons: list[Person] = []
        taken: set[str] = set()

        def new_person() -> Person:
            while True:
                given = rng.choice(first)
                middle = rng.choice(last) if rng.random() < 0.35 else None
                surname = rng.choice(last)
                if middle == surname:
                    continue
                name = " ".join(p for p in (given, middle, surname) if p)
                if name not in taken:
                    taken.add(name)
                    person = Person(name, given_known=given in known_given)
                    self.persons.append(person)
                    return person

        # Municipal directors: every municipality has a succession of them.
        self.directors: dict[str, list[Tenure]] = {}
        for muni in self.munis:
            tenures, start = [], dt.date(2000, 1, 1)
            while start < LAST_DAY:
                end = min(start + dt.timedelta(days=rng.randint(3 * 365, 9 * 365)), LAST_DAY)
                tenures.append(Tenure(new_person(), muni, start, end))
                start = end + dt.timedelta(days=1)
            self.directors[muni.name] = tenures
        self.others = [new_person() for _ in range(200 + documents // 8)]
        self.guests = [
            (new_person(), rng.choice(GUEST_TITLES), rng.choice(GUEST_ORGS))
            for _ in range(40 + documents // 50)
        ]
        self.staff = {
            s: [new_person() for _ in range(rng.randint(3, 8))] for s in self.secretariats
        }
        # Misspelt variants: one letter changed in the given name or the surname.
        for person in self.persons:
            if rng.random() < 0.10:
                variant = misspell(person.name, rng)
                if variant and variant not in taken:
                    person.variant = variant
                    taken.add(variant)

    def director(self, muni: Municipality, day: dt.date) -> Person:
        for tenure in self.directors[muni.name]:
            if tenure.start <= day <= tenure.end:
                return tenure.person
        return self.directors[muni.name][-1].person

    def person_of_muni(self, rng: random.Random) -> tuple[Person, Municipality]:
        return rng.choice(self.others), rng.choice(self.munis)


def misspell(name: str, rng: random.Random) -> str | None:
    """One letter changed in the given name or the surname ("Pernille" -> "Penille")."""
    words = name.split()
    index = rng.choice([0, len(words) - 1])
    word = words[index]
    if len(word) < 5 or "-" in word:
        return None
    position = rng.randint(2, len(word) - 2)
    kind = rng.random()
    if kind < 0.4:
        changed = word[:position] + word[position + 1 :]  # a letter dropped
    elif kind < 0.7:
        swaps = {"e": "i", "i": "e", "a": "e", "o": "å", "ø": "ö", "s": "ss", "n": "nn", "d": "t"}
        letter = word[position]
        if letter not in swaps:
            return None
        changed = word[:position] + swaps[letter] + word[position + 1 :]
    else:
        changed = word[:position] + word[position] + word[position:]  # a letter doubled
    if changed == word:
        return None
    words[index] = changed
    return " ".join(words)


# --- one document and its gold ---------------------------------------------------------------


class Doc:
    """Collects the text of one document and every fact the text states."""

    def __init__(self, world: World, rng: random.Random, file_name: str, genre: str) -> None:
        self.world = world
        self.rng = rng
        self.file_name = file_name
        self.genre = genre
        self.spellings: dict[str, list[str]] = {}
        self._mode: dict[str, str] = {}
        self.bodies: dict[str, dict[str, Any]] = {}
        self.meetings: list[dict[str, Any]] = []
        self._meeting_ids: dict[tuple[str, dt.date | None], str] = {}
        self.items: list[dict[str, Any]] = []
        self.decisions: list[dict[str, Any]] = []
        self.mandates: list[dict[str, Any]] = []
        self.attendance: list[dict[str, Any]] = []
        self.comment = ""

    # persons
    def name(self, person: Person) -> str:
        """The spelling of one mention: the right one, or the person's misspelling."""
        used = self.spellings.setdefault(person.name, [])
        mode = self._mode.get(person.name)
        if mode is None:
            roll = self.rng.random()
            mode = (
                "plain"
                if person.variant is None or roll < 0.55
                else ("mixed" if roll < 0.85 else "variant")
            )
            self._mode[person.name] = mode
        if mode == "variant":
            spelling = person.variant
        elif mode == "mixed":
            spelling = person.variant if len(used) == 1 else person.name
        else:
            spelling = person.name
        assert spelling is not None
        used.append(spelling)
        return spelling

    def possessive(self, person: Person) -> str:
        spelt = self.name(person)
        return spelt + ("'" if spelt[-1] in "sxz" else "s")

    # bodies
    def body(self, canonical: str, written: str | None = None) -> str:
        written = written or canonical
        known = self.world.bodies.get(canonical)
        muni = next((m for m in self.world.munis if m.name == canonical), None)
        entry = self.bodies.setdefault(
            canonical,
            {
                "name": canonical,
                "aliases": set(),
                "kind": "municipality" if muni else (known or {}).get("kind", "other"),
                "parent": (known or {}).get("parent"),
            },
        )
        if written != canonical:
            entry["aliases"].add(written)
        return written

    def body_alias(self, canonical: str) -> str:
        """The canonical name mostly, sometimes an alias from bodies.yaml."""
        aliases = [
            a
            for a in (self.world.bodies.get(canonical) or {}).get("aliases") or []
            if len(a) > 3 and not a.endswith("s") and "'" not in a and "’" not in a
        ]
        if aliases and self.rng.random() < 0.2:
            return self.body(canonical, self.rng.choice(aliases))
        return self.body(canonical)

    # facts
    def meeting(
        self,
        body: str | None,
        day: dt.date | None,
        evidence: str,
        *,
        main: bool = False,
        cancelled: bool = False,
        uncertain: bool = False,
        note: str | None = None,
    ) -> str:
        key = (body or "", day)
        if key in self._meeting_ids and not main:
            return self._meeting_ids[key]
        ident = f"m{len(self.meetings) + 1}"
        self._meeting_ids[key] = ident
        entry: dict[str, Any] = {
            "id": ident,
            "body": body,
            "date": day,
            "main": main,
            "cancelled": cancelled,
            "evidence": evidence,
        }
        if uncertain:
            entry["uncertain"] = True
        if note:
            entry["note"] = note
        self.meetings.append(entry)
        return ident

    def item(
        self,
        meeting: str,
        number: str | None,
        title: str,
        case: str | None = None,
        presenters: Iterable[Person] = (),
    ) -> None:
        self.items.append(
            {
                "meeting": meeting,
                "number": number,
                "title": title,
                "case_number": case,
                "presenters": [p.name for p in presenters],
            }
        )

    def decision(self, meeting: str, item: str | None, outcome: str, evidence: str) -> None:
        self.decisions.append(
            {"meeting": meeting, "item": item, "outcome": outcome, "evidence": evidence}
        )

    def mandate(
        self,
        person: Person,
        role: str,
        body: str,
        evidence: str,
        *,
        start: dt.date | None = None,
        left: bool = False,
        established_by: dict[str, str] | None = None,
        title: str | None = None,
        uncertain: bool = False,
        note: str | None = None,
    ) -> None:
        for existing in self.mandates:
            if (existing["person"], existing["role"], existing["body"]) == (
                person.name,
                role,
                body,
            ):
                return
        entry: dict[str, Any] = {
            "person": person.name,
            "role": role,
            "body": body,
            "start": start,
            "end": None,
            "left": left,
            "established_by": established_by,
            "title": title,
            "evidence": evidence,
        }
        if uncertain:
            entry["uncertain"] = True
        if note:
            entry["note"] = note
        self.mandates.append(entry)

    def attend(
        self,
        meeting: str,
        person: Person,
        kind: str,
        evidence: str,
        *,
        substitute_for: Person | None = None,
        uncertain: bool = False,
        note: str | None = None,
    ) -> None:
        for existing in self.attendance:
            if (existing["meeting"], existing["person"]) == (meeting, person.name):
                if existing.get("uncertain") and not uncertain:
                    existing.pop("uncertain")
                return
        entry: dict[str, Any] = {
            "meeting": meeting,
            "person": person.name,
            "kind": kind,
            "substitute_for": substitute_for.name if substitute_for else None,
            "evidence": evidence,
        }
        if uncertain:
            entry["uncertain"] = True
        if note:
            entry["note"] = note
        self.attendance.append(entry)

    def gold(self) -> dict[str, Any]:
        return {
            "document": self.file_name,
            "persons": [
                {"name": n, "variants": sorted(set(s) - {n})} for n, s in self.spellings.items()
            ],
            "bodies": [{**b, "aliases": sorted(b["aliases"])} for b in self.bodies.values()],
            "meetings": self.meetings,
            "agenda_items": self.items,
            "decisions": self.decisions,
            "mandates": self.mandates,
            "attendance": self.attendance,
        }

    def filler(self, low: int, high: int) -> str:
        """Sentences that state nothing, a few of them naming a body (noted in the gold)."""
        count = self.rng.randint(low, high)
        sentences = self.rng.sample(FILLER, min(count, len(FILLER)))
        for index in range(len(sentences)):
            if self.rng.random() < 0.08:
                template, bodies = self.rng.choice(FILLER_WITH_BODIES)
                sentences[index] = template.format(*(self.body(b) for b in bodies))
        return " ".join(sentences)


# --- layout ----------------------------------------------------------------------------------


def wrap(text: str, width: int, rng: random.Random, hyphenate: float) -> list[str]:
    """Greedy line breaking; long words are sometimes hyphenated across the break."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if not line:
            line = word
            continue
        if len(line) + 1 + len(word) <= width:
            line += " " + word
            continue
        room = width - len(line) - 2
        plain = re.fullmatch(r"[A-Za-zÆØÅæøåé]+[.,]?", word) is not None
        if plain and len(word) >= 10 and room >= 4 and rng.random() < hyphenate:
            cut = rng.randint(4, min(room, len(word.rstrip(".,")) - 4))
            lines.append(f"{line} {word[:cut]}-")
            line = word[cut:]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


class PagedText:
    """KKR/Direktion layout: every line followed by a blank line, page footers now and then."""

    def __init__(
        self,
        rng: random.Random,
        width: int,
        footer: str | None,
        hyphenate: float = 0.35,
        page_lines: int = 46,
    ) -> None:
        self.rng = rng
        self.width = width
        self.footer = footer
        self.hyphenate = hyphenate
        self.page_lines = page_lines
        self.out: list[str] = []
        self.on_page = 0
        self.page = 1

    def line(self, text: str) -> None:
        self.out.append(text + " \n\n")
        self.on_page += 1
        if self.on_page >= self.page_lines:
            self.page += 1
            self.on_page = 0
            if self.footer:
                self.out.append(f"{self.footer} \n\n")
            self.out.append(f" SIDE  |  {self.page} \n\n ")

    def para(self, text: str, hyphenate: float | None = None) -> None:
        rate = self.hyphenate if hyphenate is None else hyphenate
        for line in wrap(text, self.width, self.rng, rate):
            self.line(line)

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.line("")

    def raw(self, text: str) -> None:
        self.out.append(text)

    def text(self) -> str:
        return "".join(self.out)


# --- genres ----------------------------------------------------------------------------------


@dataclass
class Calendar:
    """Unique meeting dates per body, so two documents never claim the same main meeting."""

    rng: random.Random
    used: dict[str, set[dt.date]] = field(default_factory=lambda: defaultdict(set))

    def draw(self, body: str, weekday_only: bool = True) -> dt.date:
        span = (LAST_DAY - FIRST_DAY).days
        for _ in range(200):
            day = FIRST_DAY + dt.timedelta(days=self.rng.randint(0, span))
            if weekday_only and day.weekday() >= 5:
                continue
            if day not in self.used[body]:
                self.used[body].add(day)
                return day
        return day  # the body's calendar is full: allow a second document for a date


def _near(day: dt.date, rng: random.Random, low: int, high: int) -> dt.date:
    shifted = day + dt.timedelta(days=rng.randint(low, high))
    while shifted.weekday() >= 5:
        shifted += dt.timedelta(days=1)
    return shifted


def _case_initials(rng: random.Random) -> str:
    letters = "abcdefghijklmnoprstuv"
    parts = [
        "".join(rng.choice(letters) for _ in range(rng.choice((3, 4))))
        for _ in range(rng.choice((1, 2, 2, 3)))
    ]
    return "/".join(parts)


def minutes(doc: Doc, day: dt.date) -> str:
    """Minutes of KD-Net or of one of its groups, in the layout of the KD-Net seed."""
    w, rng = doc.world, doc.rng
    kdnet = rng.random() < 0.6
    body = KDNET if kdnet else rng.choice(w.groups)
    if kdnet:
        header_form = doc.body(
            KDNET,
            rng.choice(
                (
                    "kommunaldirektørenetværket i den midtjyske region",
                    "KD-Net",
                    "kommunaldirektørnetværket i den midtjyske region",
                )
            ),
        )
    else:
        header_form = doc.body(body)
    short = doc.body(body, "KD-Net" if kdnet else body)
    out: list[str] = []
    header = f"Referat af møde i {header_form} den {long_date(day)}"
    main = doc.meeting(body, day, header, main=True)
    out += ["", header, ""]
    start = rng.choice((9, 10, 13))
    out.append(
        f"Tid og sted: {WEEKDAYS[day.weekday()]} den {long_date(day)}, "
        f"kl. {start}.00 – {start + 3}.00,"
    )
    out.append(
        rng.choice(
            (
                "Mødet blev afholdt som Skype-møde.",
                "Mødet blev afholdt som Teams-møde.",
                "Mødet blev afholdt på rådhuset i Silkeborg.",
                "Mødet blev afholdt som fysisk møde.",
            )
        )
    )
    out.append("")
    if kdnet:
        out.append(
            "Deltagere: Kommunaldirektørerne i den midtjyske region eller deres suppleanter,\n"
            f"regionsdirektøren, {doc.body('KKR-sekretariatet', 'KKR sekretariatet')} samt "
            f"{doc.body('KD-Net sekretariatet')}."
        )
    else:
        out.append(f"Deltagere: Gruppens medlemmer samt {doc.body('KD-Net sekretariatet')}.")
    out.append("")

    # Apologies and substitutes.
    substitutions: list[tuple[Person, Person, Municipality]] = []
    roll = rng.random()
    absent_count = 0 if roll < 0.1 else (1 if roll < 0.7 else 2)
    munis = rng.sample(w.midt, 6)
    absences: list[tuple[Person, Municipality, Person | None]] = []
    for muni in munis[:absent_count]:
        person = w.director(muni, day) if kdnet else rng.choice(w.others)
        with_substitute = rng.random() < 0.6
        absences.append((person, muni, rng.choice(w.others) if with_substitute else None))
    if not absences:
        out.append("Afbud: Ingen.")
    else:
        pieces = []
        for person, muni, substitute in absences:
            piece = f"{doc.name(person)}, {doc.body(muni.name)}"
            if substitute is not None:
                piece += f", i stedet deltog {doc.name(substitute)}"
            pieces.append(piece)
        joiner = "; " if any(s for _, _, s in absences) else " og "
        line = "Afbud: " + joiner.join(pieces)
        out.append(line)
        for person, muni, substitute in absences:
            doc.attend(main, person, "absentee", line)
            doc.mandate(person, "Member", body, line, note="implied by the apology")
            if kdnet:
                doc.mandate(
                    person,
                    "MunicipalDirector",
                    muni.name,
                    line,
                    note="implied: participants are the kommunaldirektører",
                )
            else:
                doc.mandate(person, "Employee", muni.name, line, note="affiliation only")
            if substitute is not None:
                doc.attend(main, substitute, "substitute", line, substitute_for=person)
                doc.mandate(substitute, "Substitute", body, line)
                substitutions.append((person, substitute, muni))
    out.append("")

    # Items.
    count = rng.randint(4, 15)
    topics = rng.sample(TOPICS, count)
    special: dict[int, str] = {1: "agenda", 2: "minutes", count: "misc"}
    if count >= 6:
        special[count - 1] = "calendar"
    if kdnet and count >= 8 and rng.random() < 0.6:
        special[count - 3] = "appointment"
    if kdnet and count >= 7 and rng.random() < 0.5:
        special[count - 2] = "kkr"
    previous = _near(day, rng, -70, -28)
    kkr_day = _near(day, rng, 10, 40)
    titles: dict[int, str] = {}
    for number in range(1, count + 1):
        kind = special.get(number, "topic")
        titles[number] = {
            "agenda": "Godkendelse af dagsorden",
            "minutes": f"Godkendelse af referatet fra mødet den {long_date(previous)}",
            "misc": "Eventuelt",
            "calendar": "Kommende møder",
            "appointment": "Udpegninger",
            "kkr": f"Foreløbige punkter til KKR-mødet den {long_date(kkr_day)}",
        }.get(kind, topics[number - 1])
    if rng.random() < 0.5:
        out.append("Punkt\tIndhold\tBilag")
        for number in range(1, count + 1):
            out.append(f"{number}\t{titles[number]}\t{rng.choice(('', './.'))}")
        out += ["", ""]

    out += ["Referat:", ""]
    chair = rng.choice(w.others) if not kdnet else w.director(rng.choice(w.midt), day)
    opening = f"{doc.name(chair)} indledte mødet"
    doc.attend(main, chair, "attendee", opening)
    doc.mandate(
        chair,
        "Chair",
        body,
        opening,
        uncertain=True,
        note="presides; the text never calls him or her formand",
    )
    if kdnet and rng.random() < 0.35:
        new = [m for m in munis[absent_count:]][: rng.randint(1, 3)]
        words = {
            1: "en ny kommunaldirektør",
            2: "to nye kommunaldirektører",
            3: "tre nye kommunaldirektører",
        }
        out.append(f"{opening} med at byde velkommen til {words[len(new)]}:")
        out.append("")
        for muni in new:
            person = w.director(muni, day)
            entry = f"{doc.name(person)} i {doc.body(muni.name)}"
            out.append(f"- {entry}")
            doc.attend(main, person, "attendee", entry, note="welcomed at the meeting")
            doc.mandate(person, "MunicipalDirector", muni.name, entry)
            doc.mandate(
                person,
                "Member",
                KDNET,
                entry,
                note="implied: welcomed as a new member of the directors' network",
            )
        out.append("")
    else:
        out += [f"{opening} og bød velkommen.", ""]
    for person, substitute, muni in substitutions[:1]:
        if rng.random() < 0.5:
            sentence = (
                f"Der blev budt velkommen til {doc.name(substitute)} fra "
                f"{doc.body(muni.name)}, som deltog i {doc.possessive(person)} sted."
            )
            out += [sentence, ""]
            doc.mandate(substitute, "Employee", muni.name, sentence, note="affiliation only")

    for number in range(1, count + 1):
        kind = special.get(number, "topic")
        out += _minutes_item(
            doc,
            main,
            body,
            short,
            day,
            number,
            titles[number],
            kind,
            previous=previous,
            kkr_day=kkr_day,
        )
    return "\n".join(out) + "\n"


def _speaker(doc: Doc, day: dt.date) -> Person:
    w = doc.world
    return (
        w.director(doc.rng.choice(w.midt), day)
        if doc.rng.random() < 0.6
        else doc.rng.choice(w.others)
    )


def _minutes_item(
    doc: Doc,
    main: str,
    body: str,
    short: str,
    day: dt.date,
    number: int,
    title: str,
    kind: str,
    *,
    previous: dt.date,
    kkr_day: dt.date,
) -> list[str]:
    w, rng = doc.world, doc.rng
    out: list[str] = []
    num = str(number)
    presenters: list[Person] = []
    if kind == "topic" and rng.random() < 0.7:
        presenters = [_speaker(doc, day)]
        if rng.random() < 0.15:
            presenters.append(_speaker(doc, day))
    if kind in ("appointment", "kkr") and rng.random() < 0.8:
        presenters = [_speaker(doc, day)]
    heading = f"{number}. {title}"
    if presenters:
        names = [doc.name(p) for p in presenters]
        if len(names) == 1 and len(names[0].split()) == 3 and rng.random() < 0.15:
            first, rest = names[0].split(" ", 1)
            heading += f" v. {first}\n\n{rest}"  # the name split over two lines
        else:
            heading += " v. " + " og ".join(names)
    outcome: list[str] = []
    recommendation = None
    appointed: tuple[Person, str] = (presenters[0] if presenters else w.others[0], KDNET)
    if kind == "agenda":
        recommendation, decided = (
            f"Det indstilles, at {short} godkender dagsordenen",
            f"{short} godkendte dagsordenen",
        )
        outcome = ["Approved"]
    elif kind == "minutes":
        recommendation, decided = (
            f"Det indstilles, at {short} godkender referatet.",
            f"{short} godkendte referatet",
        )
        outcome = ["Approved"]
        doc.meeting(body, previous, title, note="the body's previous meeting")
    elif kind == "misc":
        decided = "Intet at referere."
    elif kind == "calendar":
        recommendation = f"Det indstilles, at {short} tager orienteringen til efterretning."
        decided = f"{short} tog orienteringen til efterretning."
        outcome = ["Noted"]
    elif kind == "kkr":
        recommendation = f"Det indstilles, at {short} tager orienteringen til efterretning."
        decided = f"{short} tog orienteringen til efterretning."
        outcome = ["Noted"]
        doc.body(KKR, "KKR")
        doc.meeting(KKR, kkr_day, title)
    elif kind == "appointment":
        group = rng.choice(w.groups)
        appointee = rng.choice(w.others)
        appointed = (appointee, group)
        group_form = doc.body(group)
        recommendation = (
            f"Det indstilles, at {short} udpeger {doc.name(appointee)} til "
            f"{group_form} og tager orienteringen til efterretning"
        )
        decided = (
            f"{short} udpegede {doc.name(appointee)} til {group_form} og tog orienteringen "
            "til efterretning."
        )
        outcome = ["Appointed", "Noted"]
        doc.mandate(
            appointee,
            "Member",
            group,
            decided,
            start=day,
            established_by={"meeting": main, "item": num},
        )
    else:
        roll = rng.random()
        obj = rng.choice(APPROVAL_OBJECTS)
        if roll < 0.35:
            recommendation = f"Det indstilles, at {short} tager orienteringen til efterretning"
            decided = f"{short} tog orienteringen til efterretning."
            outcome = ["Noted"]
        elif roll < 0.60:
            recommendation = f"Det indstilles, at {short} godkender {obj}"
            decided = rng.choice(
                (f"{short} godkendte {obj}.", f"{short} tilsluttede sig indstillingen.")
            )
            outcome = ["Approved"]
        elif roll < 0.70:
            recommendation = f"Det indstilles, at {short} drøfter sagen"
            decided = f"{short} drøftede sagen."
            outcome = ["Discussed"]
        elif roll < 0.80:
            recommendation = f"Det indstilles, at {short} drøfter sagen"
            decided = "I den efterfølgende drøftelse blev der rejst en række centrale emner."
            outcome = ["Discussed"]
        elif roll < 0.88:
            recommendation = f"Det indstilles, at {short} drøfter sagen"
            writer = rng.choice(w.others)
            decided = (
                f"Det blev besluttet, at {doc.name(writer)} udarbejder et oplæg til næste møde."
            )
            outcome = ["Other"]
        elif roll < 0.95:
            recommendation = f"Det indstilles, at {short} godkender {obj}"
            decided = "Punktet blev udsat til næste møde."
            outcome = ["Postponed"]
        else:
            recommendation = f"Det indstilles, at {short} godkender {obj}"
            decided = f"{short} afviste indstillingen."
            outcome = ["Rejected"]

    # The heading and the recommendation, in one of the seed's layouts.
    style = rng.random()
    if recommendation and style < 0.2 and "\n" not in heading:
        out += [f"{heading} *{recommendation}*", ""]
    elif style < 0.28 and "\n" not in heading:
        out += [f"- {heading}**"] + ([recommendation, ""] if recommendation else [""])
    else:
        out += [heading, ""]
        if recommendation:
            out += [recommendation, ""]
    doc.item(main, num, title, presenters=presenters)

    # The minutes: who spoke, then the verdict.
    said: list[str] = []
    spoke: list[tuple[Person, str]] = []
    if presenters and kind == "topic" and rng.random() < 0.7:
        presenter = presenters[0]
        sentence = f"{doc.name(presenter)} orienterede om {title[0].lower() + title[1:]}."
        said.append(sentence)
        spoke.append((presenter, sentence))
    if kind == "topic":
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            speaker = _speaker(doc, day)
            verb, _known = rng.choice(SPEECH)
            if rng.random() < 0.1 and doc.world.directors:
                muni = rng.choice(w.midt)
                speaker = w.director(muni, day)
                sentence = f"Kommunaldirektør {doc.name(speaker)}, {doc.body(muni.name)}, {verb}."
                doc.mandate(speaker, "MunicipalDirector", muni.name, sentence)
            else:
                sentence = f"{doc.name(speaker)} {verb}."
            said.append(sentence)
            spoke.append((speaker, sentence))
    for person, sentence in spoke:
        doc.attend(main, person, "attendee", sentence, note="recorded as speaking")
    for person in presenters:
        if all(p is not person for p, _ in spoke):
            doc.attend(
                main,
                person,
                "attendee",
                heading,
                uncertain=True,
                note="named presenter whose speech the minutes do not record",
            )
    if kind == "topic" and rng.random() < 0.3:
        said.append(doc.filler(1, 2))
    if rng.random() < 0.15:
        out.append(f"<p>Referat: {' '.join([*said, decided])}</p>")
        out.append("")
    else:
        out += ["Referat:", ""]
        for sentence in [*said, decided]:
            out += [sentence, ""]
    for value in outcome:
        doc.decision(main, num, value, decided)

    # Sagsfremstilling: background text, meetings mentioned in passing, calendars.
    if kind in ("misc", "agenda"):
        return out
    out += [rng.choice(("Sagsfremstilling", "Sagsfremstilling:")), ""]
    if kind == "calendar":
        out += [f"Mødekalender for KKR {day.year}:", ""]
        doc.body(KKR, "KKR")
        for when in sorted({_near(day, rng, 20, 200) for _ in range(rng.randint(2, 4))}):
            if when.year != day.year:
                continue
            out.append(f"- {long_date(when, year=False)}")
            doc.meeting(KKR, when, long_date(when, year=False), note="from the KKR calendar")
        out += ["", f"Mødekalender for {short} {day.year}:", ""]
        for when in sorted({_near(day, rng, 20, 200) for _ in range(rng.randint(2, 4))}):
            if when.year != day.year:
                continue
            out.append(f"- {long_date(when, year=False)}")
            doc.meeting(body, when, long_date(when, year=False), note="from the body's calendar")
        extra = rng.sample(CALENDAR_BODIES, rng.randint(0, 3))
        if extra:
            out += ["", "Desuden:", ""]
            for label, canonical, alias in extra:
                when = _near(day, rng, 5, 90)
                if when.year != day.year:
                    continue
                doc.body(canonical, alias)
                out.append(f"- {label} {long_date(when, year=False)}")
                doc.meeting(canonical, when, f"{label} {long_date(when, year=False)}")
        out.append("")
        return out
    if kind == "appointment":
        appointee, group = appointed
        muni = rng.choice(w.munis)
        sentence = (
            f"{doc.name(appointee)}, {doc.body(muni.name)} indstilles til "
            f"{doc.body(group)} for {doc.body(muni.name)}."
        )
        doc.mandate(appointee, "Employee", muni.name, sentence, note="affiliation only")
        out += [sentence, ""]
        if rng.random() < 0.6:
            leaver = rng.choice(w.others)
            left = (
                f"Baggrunden er, at {doc.name(leaver)} fra {doc.body(muni.name)} er udtrådt af "
                "gruppen i forbindelse med jobskifte."
            )
            doc.mandate(leaver, "Member", group, left, left=True)
            doc.mandate(leaver, "Employee", muni.name, left, note="affiliation only")
            out += [left, ""]
        return out
    paragraphs = [doc.filler(2, 6) for _ in range(rng.randint(1, 4))]
    for index in range(len(paragraphs)):
        if rng.random() < 0.25:
            paragraphs[index] += " " + _mentioned_meeting(doc, body, short, day)
    for paragraph in paragraphs:
        out += [paragraph, ""]
    if rng.random() < 0.4:
        out += ["./.", "", f"Notat om {title[0].lower() + title[1:]}.", ""]
    return out


def _mentioned_meeting(doc: Doc, body: str, short: str, day: dt.date) -> str:
    """One sentence that mentions another dated meeting of a named body."""
    rng = doc.rng
    roll = rng.random()
    if roll < 0.3:
        when = _near(day, rng, 20, 120)
        sentence = f"Punktet behandles på møde i {short} den {long_date(when)}."
        doc.meeting(body, when, sentence)
    elif roll < 0.55:
        other = rng.choice(OTHER_MEETING_BODIES)
        when = _near(day, rng, 5, 80)
        sentence = f"{doc.body(other)} behandler sagen på sit møde den {long_date(when)}."
        doc.meeting(other, when, sentence)
    elif roll < 0.75:
        when = _near(day, rng, -120, -10)
        doc.body(KKR)
        sentence = (
            f"På møde i KKR Midtjylland den {long_date(when)} blev det besluttet at "
            "igangsætte arbejdet."
        )
        doc.meeting(KKR, when, sentence)
    else:
        when = _near(day, rng, -60, -5)
        if when.year == day.year and when.month < day.month:
            sentence = f"Møde i {short} den {long_date(when, year=False)} blev aflyst."
            doc.meeting(
                body, when, sentence, cancelled=True, note="year not printed; the document's year"
            )
        else:
            sentence = f"Sagen blev senest drøftet på møde i {short} den {long_date(when)}."
            doc.meeting(body, when, sentence)
    return sentence


KL_BOILERPLATE = (
    "Mission",
    "KL bidrager til at udvikle og fastholde et stærkt lokalt demokrati. KL varetager "
    "kommunernes fælles interesser og er kommunernes samlede forhandlingsorganisation, "
    "videnscenter og forum for fælles initiativer og beslutninger.",
    "Vision",
    "KL opnår, med et helhedsperspektiv på opgaveløsningen, indflydelse og resultater på "
    "kommunernes vegne, til gavn for borgerne og samfundet.",
)
SECTIONS = (
    "Godkendelse af referat",
    "Siden sidst",
    "Regionalpolitiske sager",
    "Udpegninger",
    "KKR",
    "Punkter til næste møde",
    "Eventuelt",
)


def agenda(doc: Doc, day: dt.date) -> str:
    """A KKR Midtjylland agenda in the layout of the KKR seeds."""
    w, rng = doc.world, doc.rng
    dated = rng.random() < 0.8
    case = f"SAG-{day.year}-{rng.randint(1000, 99999):05d}"
    footer = f"KKR Midtjylland  | {numeric_date(day)}" if dated else None
    page = PagedText(rng, rng.randint(70, 80), footer)
    doc.body(KKR)
    main = doc.meeting(
        KKR,
        day if dated else None,
        footer or "Det indstilles, at KKR Midtjylland",
        main=True,
        note=None if dated else "the text states no meeting date",
    )
    page.raw("\n \n\n")
    doc.body("KL")
    for block in KL_BOILERPLATE:
        page.para(block, hyphenate=0)
        page.blank()
    initials = _case_initials(rng)

    def item_head(number: str, title: str) -> None:
        lines = wrap(f"{number}. {title}", page.width - 10, rng, 0.5)
        for line in lines:
            page.line(line)
        page.line(f"{case} {_case_initials(rng) if rng.random() < 0.5 else initials}")
        page.blank()

    def section(number: int) -> None:
        page.raw(f" {number}. {SECTIONS[number - 1]} \n\n")
        page.blank(2)

    def labelled(label: str, text: str) -> None:
        page.line(label)
        page.para(text)
        page.blank()

    # 1.1 previous minutes
    previous = _near(day, rng, -80, -30)
    section(1)
    title = f"Godkendelse af referat fra møde i KKR Midtjylland den {long_date(previous)}"
    item_head("1.1", title)
    doc.item(main, "1.1", title, case)
    doc.meeting(KKR, previous, f"KKR Midtjylland holdt møde den {long_date(previous)}.")
    labelled(
        "Baggrund",
        f"KKR Midtjylland holdt møde den {long_date(previous)}. Referatet blev "
        f"udsendt den {long_date(previous + dt.timedelta(days=7))} og kan ses her.",
    )
    labelled("Indstilling", "Det indstilles, at KKR Midtjylland godkender referatet.")
    page.blank(2)
    page.raw(
        "https://www.kl.dk/politik/kkr/kkr-midtjylland/moededatoer-dagsordener-og-referater/\n"
    )

    # 2.1 since last time
    section(2)
    item_head("2.1", "Orientering")
    doc.item(main, "2.1", "Orientering", case)
    bullets = []
    for canonical in rng.sample(OTHER_MEETING_BODIES, rng.randint(1, 3)):
        when = _near(day, rng, -40, -3)
        form = doc.body_alias(canonical)
        doc.meeting(canonical, when, f"Møde i {form} den {long_date(when)}")
        bullets.append((form, when))
    page.line("Baggrund")
    page.para(f"{doc.body('KKR Midtjyllands formandskab')} orienterer bl.a. om:")
    for form, when in bullets:
        page.para(f"– Møde i {form} den {long_date(when)}")
    page.blank()
    labelled(
        "Indstilling", "Det indstilles, at KKR Midtjylland tager orienteringen til efterretning."
    )
    page.line("Sagsfremstilling")
    for form, when in bullets:
        page.line(f"Møde i {form} den {long_date(when)}")
        page.para(doc.filler(2, 5))
        page.blank()

    # 3.x regional cases
    section(3)
    for index in range(1, rng.randint(2, 7)):
        number = f"3.{index}"
        title = rng.choice(TOPICS)
        item_head(number, title)
        presenters: list[Person] = []
        background = doc.filler(1, 3)
        if rng.random() < 0.45:
            guest, (title_word, role), org = rng.choice(w.guests)
            org_form = doc.body(org)
            if rng.random() < 0.5:
                sentence = (
                    f"{doc.name(guest)}, {title_word} i {org_form}, deltager på mødet og "
                    "orienterer om sagen."
                )
            else:
                sentence = (
                    f"{title_word.capitalize()} for {org_form}, {doc.name(guest)}, deltager "
                    "på mødet med et indledende oplæg."
                )
            background += " " + sentence
            presenters.append(guest)
            doc.mandate(guest, role, org, sentence, title=title_word)
            doc.attend(main, guest, "attendee", sentence, note="planned: takes part in the meeting")
        doc.item(main, number, title, case, presenters)
        labelled("Baggrund", background)
        verb = rng.choice(
            (
                "tager orienteringen til efterretning",
                "drøfter sagen",
                f"godkender {rng.choice(APPROVAL_OBJECTS)}",
            )
        )
        labelled("Indstilling", f"Det indstilles, at KKR Midtjylland {verb}.")
        page.line("Sagsfremstilling")
        for _ in range(rng.randint(1, 5)):
            text = doc.filler(3, 7)
            if rng.random() < 0.2:
                when = _near(day, rng, -150, -20)
                sentence = (
                    f"{doc.body('Kontaktudvalget')} godkendte på mødet den "
                    f"{long_date(when)}, at der skulle tages initiativ til at styrke "
                    "samarbejdet."
                )
                doc.meeting("Kontaktudvalget", when, sentence)
                text += " " + sentence
            page.para(text)
            page.blank()
        if rng.random() < 0.3:
            page.raw("https://www.kl.dk/kommunale-opgaver/\n")

    # 4 appointments (sometimes with an item), 5 KKR
    section(4)
    if rng.random() < 0.3:
        group = rng.choice(w.groups)
        nominee, muni = w.person_of_muni(rng)
        title = f"Udpegning til {doc.body(group)}"
        item_head("4.1", title)
        doc.item(main, "4.1", title, case)
        sentence = (
            f"Det indstilles, at KKR Midtjylland udpeger {doc.name(nominee)}, "
            f"{doc.body(muni.name)}, til {doc.body(group)}."
        )
        labelled("Baggrund", doc.filler(1, 2))
        labelled("Indstilling", sentence)
        doc.mandate(
            nominee,
            "Member",
            group,
            sentence,
            uncertain=True,
            note="proposed in an agenda, not yet decided",
        )
        doc.mandate(nominee, "Employee", muni.name, sentence, note="affiliation only")
    section(5)

    # 6.1 next meeting, 7.1 any other business
    section(6)
    following = _near(day, rng, 30, 90)
    title = "Foreløbig oversigt over sager til KKR Midtjyllands næste møde"
    item_head("6.1", title)
    doc.item(main, "6.1", title, case)
    doc.meeting(KKR, following, f"KKR Midtjylland har møde den {long_date(following)}")
    labelled(
        "Baggrund",
        f"KKR Midtjylland har møde den {long_date(following)}, og der "
        "præsenteres en foreløbig oversigt over sager til mødet.",
    )
    labelled("Indstilling", "Det indstilles, at KKR Midtjylland godkender sagsoversigten.")
    page.line("Sagsfremstilling")
    page.para("Der er foreløbigt følgende punkter til sagsoversigten:")
    for topic in rng.sample(TOPICS, 3):
        page.line(f"– {topic}")
    page.blank()
    section(7)
    item_head("7.1", "Eventuelt")
    doc.item(main, "7.1", "Eventuelt", case)
    page.blank(4)
    return page.text()


def case(doc: Doc, day: dt.date) -> str:
    """One open case before a municipality's executive board (Direktionen)."""
    rng = doc.rng
    title = rng.choice(TOPICS)
    page = PagedText(rng, 100, None, hyphenate=0.0, page_lines=10**6)
    doc.body("Direktionen")
    header = f"Direktionen {numeric_date(day)}"
    main = doc.meeting("Direktionen", day, header, main=True)
    page.raw("\n" + header + "\n\n")
    page.line(title)
    page.line(" Åben Sag")
    page.line("Sagsgang")
    page.line("DIR")
    page.line("Sagsfremstilling")
    page.para(doc.filler(2, 5))
    page.line("")
    page.line("Generelle emneområder")
    for written, canonical, gloss in rng.sample(DIREKTION_FORA, rng.randint(3, 8)):
        form = doc.body(canonical, written)
        text = f"\uf0b7 {form}"
        if gloss:
            text += " (" + re.sub(r"\{([^}]+)\}", lambda m: doc.body(m.group(1)), gloss) + ")"
        page.para(text)
        if canonical == "K98" and rng.random() < 0.7:
            when = _near(day, rng, -20, -1)
            if when.year == day.year:
                sentence = f"Der har været afholdt møde i K98 d. {long_date(when, year=False)}."
                doc.meeting("K98", when, sentence, note="year not printed; the document's year")
                page.para(f"o {sentence} På dagsordenen var følgende:")
                page.para("1) Den faseopdelte budgetlægning. 2) Arbejdskraftsudfordringen.")
    page.line("Økonomiske konsekvenser")
    page.line("Ingen.")
    page.line("Indstilling")
    roll = rng.random()
    if roll < 0.3:
        page.para("Kommunaldirektøren indstiller, at orienteringen tages til efterretning.")
        verdict, outcome = rng.choice(
            (
                ("Taget til efterretning.", "Noted"),
                ("Direktionen tog orienteringen til efterretning.", "Noted"),
            )
        )
    elif roll < 0.6:
        page.para("Kommunaldirektøren indstiller, at indstillingen godkendes.")
        verdict, outcome = rng.choice(
            (("Godkendt.", "Approved"), ("Direktionen godkendte indstillingen.", "Approved"))
        )
    else:
        page.para(
            "Kommunaldirektøren indstiller, at informationer om kommende og afholdte møder "
            "gennemgås."
        )
        verdict, outcome = rng.choice(
            (("Drøftet.", "Discussed"), ("Direktionen drøftede sagen.", "Discussed"))
        )
    decision_head = f"Beslutning i Direktionen den {numeric_date(day)}"
    page.line(decision_head)
    said = []
    if rng.random() < 0.3:
        speaker = rng.choice(doc.world.others)
        sentence = f"{doc.name(speaker)} orienterede om status på sagen."
        said.append(sentence)
        doc.attend(main, speaker, "attendee", sentence, note="recorded as speaking")
    page.para(" ".join([verdict, *said, doc.filler(0, 2)]))
    doc.item(main, None, title)
    doc.decision(main, None, outcome, verdict)
    page.line("")
    page.line("Bilag:")
    return page.text()


def report(doc: Doc, day: dt.date) -> str:
    """KD-Net's chairmanship's evaluation of its groups, in the layout of the evaluation seed."""
    w, rng = doc.world, doc.rng
    period_end = day.year if day.month > 6 else day.year - 1
    period_start = period_end - 3
    width = rng.randint(100, 112)
    lines: list[str] = []

    def para(text: str) -> None:
        lines.extend(line + " " for line in wrap(text, width, rng, 0.0))
        lines.append("")

    kd = doc.body(KDNET)
    doc.meeting(
        KDNET,
        day,
        f"På møde i KD-Net den {long_date(day)}",
        main=True,
        note="the meeting that takes a position on the chairmanship's proposals",
    )
    following = _near(day, rng, 50, 90)
    doc.meeting(KDNET, following, f"behandles af KD-Net på møde den {long_date(following)}")
    lines.append(" Indledning ved formandskabet ")
    para(
        f"Oplægget til evalueringen for valgperioden {period_start} – {period_end} foreligger i "
        "denne skriftlige version. De skriftlige evalueringer fra de administrative grupper er "
        "vedlagt som bilag."
    )
    para(
        f"På møde i {kd} den {long_date(day)}, tager {kd} stilling til formandskabets "
        f"indstillinger. Beslutningerne på mødet den {long_date(day)} udgør således grundlaget "
        f"for konstitueringen for valgperioden {period_end + 1}- {period_end + 4}, som behandles "
        f"af {kd} på møde den {long_date(following)}."
    )
    para(doc.filler(2, 4))
    para(
        f"{doc.body('KD-Nets formandskab')} indstiller, at nedenstående principper for "
        f"organisering og samarbejde i {kd} fortsættes:"
    )
    lines.append(
        f"1. {kd} udpeger formandskabet for de administrative grupper, og formanden for "
        "grupperne er altid "
    )
    lines.append("kommunaldirektør. Næstformanden kan være direktør. ")
    lines.append("2. Grupperne sammensættes efter spejlingsprincippet. ")
    lines.append("3. Grupperne består af kommunaldirektører og direktører. ")
    lines += ["", "", ""]
    chair_muni, vice_muni = rng.sample(w.midt, 2)
    chair, vice = w.director(chair_muni, day), w.director(vice_muni, day)
    gap = rng.choice(("\t", "  ", "   "))
    lines.append(f"{doc.name(chair)}{gap}{doc.name(vice)} ")
    lines.append(f"Formand for KD-Net{gap}Næstformand for KD-Net ")
    doc.mandate(chair, "Chair", KDNET, "Formand for KD-Net", title="Formand for KD-Net")
    doc.mandate(vice, "ViceChair", KDNET, "Næstformand for KD-Net", title="Næstformand for KD-Net")
    section = 1
    lines.append(f" {section}. Det praktiske vedrørende KD-Nets møder ")
    para(doc.filler(3, 6))
    for group in rng.sample(w.groups, rng.randint(3, min(8, len(w.groups)))):
        section += 1
        lines.append(f" {section}. {doc.body(group)} ")
        para(
            "Formandskabet indstiller, at KD-Net tager evalueringen til efterretning og fastholder "
            "den nuværende organisering."
        )
        lines += ["Baggrund ", ""]
        muni = rng.choice(w.midt)
        head = w.director(muni, day)
        if rng.random() < 0.5:
            sentence = (
                f"Formand for gruppen er {doc.name(head)}, kommunaldirektør i "
                f"{doc.body(muni.name)}."
            )
        else:
            sentence = (
                f"Gruppen har i perioden haft kommunaldirektør {doc.name(head)}, "
                f"{doc.body(muni.name)}, som formand."
            )
        doc.mandate(head, "Chair", group, sentence)
        doc.mandate(head, "MunicipalDirector", muni.name, sentence, title="kommunaldirektør")
        text = f"Gruppen består af {rng.randint(5, 12)} medlemmer. {sentence}"
        if rng.random() < 0.5:
            vmuni = rng.choice(w.midt)
            deputy = rng.choice(w.others)
            vsentence = f"Næstformand er {doc.name(deputy)}, direktør i {doc.body(vmuni.name)}."
            doc.mandate(deputy, "ViceChair", group, vsentence)
            doc.mandate(deputy, "Director", vmuni.name, vsentence, title="direktør")
            text += " " + vsentence
        if rng.random() < 0.3:
            leaver = rng.choice(w.others)
            lsentence = (
                f"Senest er {doc.name(leaver)} dog udtrådt af gruppen i forbindelse med jobskifte."
            )
            doc.mandate(leaver, "Member", group, lsentence, left=True)
            text += " " + lsentence
        para(text)
        lines += ["Resumé ", ""]
        para(doc.filler(2, 6))
    section += 1
    lines.append(f" {section}. Sekretariaterne ")
    para("Formandskabet indstiller, at den nuværende organisering af sekretariaterne fastholdes.")
    for secretariat in w.secretariats:
        lines += ["", f"{doc.body(secretariat)} "]
        staff = w.staff[secretariat]
        if secretariat == "KD-Net sekretariatet":
            person = staff[0]
            sentence = f"KD-Net konsulent: Chefkonsulent {doc.name(person)}."
            lines.append(f"{doc.body(secretariat)} er bemandet med ét årsværk. ")
            lines += ["", sentence + " ", ""]
            doc.mandate(person, "Consultant", secretariat, sentence, title="Chefkonsulent")
        else:
            lines.append(f"Sekretariatet er bemandet med {len(staff)} årsværk. ")
            lines.append("")
            for index, person in enumerate(staff):
                title, role = (
                    ("teamleder", "TeamLeader")
                    if index == 0
                    else rng.choice(
                        (("specialkonsulent", "Consultant"), ("konsulent", "Consultant"))
                    )
                )
                suffix = " (deltidsstilling)" if rng.random() < 0.15 else ""
                entry = f"• {doc.name(person)}, {title}{suffix} "
                lines.append(entry)
                doc.mandate(person, role, secretariat, entry.strip(), title=title)
            lines.append("")
        para(doc.filler(2, 5))
    return "\n".join(lines) + "\n"


GENERATORS = {"minutes": minutes, "agenda": agenda, "case": case, "report": report}
MAIN_BODY = {"minutes": "minutes-body", "agenda": KKR, "case": "Direktionen", "report": KDNET}


# --- the corpus ------------------------------------------------------------------------------


@dataclass
class Corpus:
    folder: Path
    documents: list[Path]
    gold: list[Path]
    manifest: dict[str, Any]


def write_corpus(folder: Path, documents: int, seed: int = 1) -> Corpus:
    """Write ``documents`` documents and their gold under ``folder`` (reused if already there)."""
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (
            manifest.get("documents") == documents
            and manifest.get("seed") == seed
            and manifest.get("generator") == _generator_hash()
        ):
            return _corpus(folder, manifest)
    docs_dir, gold_dir = folder / "docs", folder / "gold"
    for sub in (docs_dir, gold_dir):
        sub.mkdir(parents=True, exist_ok=True)
        for old in sub.iterdir():
            old.unlink()
    world = World(seed, documents)
    calendar = Calendar(random.Random(f"calendar-{seed}"))
    picker = random.Random(f"genres-{seed}")
    genres = picker.choices(GENRES, weights=GENRE_WEIGHTS, k=documents)
    kd_dates: set[dt.date] = set()
    spellings: dict[str, dict[str, Any]] = {}
    total = 0
    counts: dict[str, int] = defaultdict(int)
    files = []
    for index, genre in enumerate(genres):
        rng = random.Random(f"doc-{seed}-{index}")
        stem = f"{index:05d}-{genre}"
        doc = Doc(world, rng, stem + ".txt", genre)
        # Main meetings never share (body, date) between documents: minutes and reports share
        # KD-Net's calendar, the other genres have their own.
        calendar_body = {"minutes": KDNET, "report": KDNET}.get(genre, MAIN_BODY[genre])
        day = calendar.draw(calendar_body)
        kd_dates.add(day)
        text = GENERATORS[genre](doc, day)
        data = text.encode("utf-8")
        total += len(data)
        counts[genre] += 1
        (docs_dir / doc.file_name).write_bytes(data)
        gold = doc.gold()
        (gold_dir / f"{stem}.yaml").write_text(
            f"# synthetic ({genre}); evidence is the sentence as planted, before layout noise\n"
            + yaml.safe_dump(gold, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8",
        )
        files.append(doc.file_name)
        for person, used in doc.spellings.items():
            entry = spellings.setdefault(person, {"spellings": set(), "documents": []})
            entry["spellings"].update(used)
            entry["documents"].append(doc.file_name)
    merges = [
        {"name": name, "spellings": sorted(e["spellings"]), "documents": e["documents"]}
        for name, e in spellings.items()
        if e["spellings"] != {name}
    ]
    (gold_dir / "merges.yaml").write_text(
        yaml.safe_dump({"merges": merges}, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    (gold_dir / "distinct.yaml").write_text(
        yaml.safe_dump({"distinct": near_names(sorted(spellings))}, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    known = loader_given_names()
    manifest = {
        "documents": documents,
        "seed": seed,
        "generator": _generator_hash(),
        "bytes": total,
        "genres": dict(counts),
        "files": files,
        "persons": len(spellings),
        "persons_with_unknown_given_name": sum(1 for n in spellings if n.split()[0] not in known),
        "misspelt_persons": len(merges),
    }
    manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return _corpus(folder, manifest)


def _corpus(folder: Path, manifest: dict[str, Any]) -> Corpus:
    docs = [folder / "docs" / f for f in manifest["files"]]
    gold = [folder / "gold" / (Path(f).stem + ".yaml") for f in manifest["files"]]
    return Corpus(folder, docs, gold, manifest)


def _generator_hash() -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(NAMES_FILE.read_bytes())
    return digest.hexdigest()[:16]


def near_names(names: list[str]) -> list[list[str]]:
    """Pairs of different planted persons whose names differ in one word by one or two edits."""
    by_shape: dict[tuple[int, str], list[str]] = defaultdict(list)
    for name in names:
        words = name.split()
        for index in range(len(words)):
            key = " ".join([*words[:index], "*", *words[index + 1 :]])
            by_shape[(len(words), key)].append(name)
    pairs: set[tuple[str, str]] = set()
    for group in by_shape.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if _edits(a, b) <= 2:
                    pairs.add((min(a, b), max(a, b)))
    return [list(p) for p in sorted(pairs)]


def _edits(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def load_gold(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
